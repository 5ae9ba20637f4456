// The chart API a block sees as `plot`. Each call converts what it was given (typed arrays, iterables)
// to plain arrays and checks the result against the one chart schema (schemas/chart.ts), so a
// mistake is reported at the block's line; the runner checks what arrives again, because the
// block's process is not trusted to have run this code.
import { chartSchema, chartProblem, type BarChart, type Chart, type XYChart } from '../schemas/chart.ts';

export type { BarChart, Chart } from '../schemas/chart.ts';
export type LineChart = XYChart & { kind: 'line' };
export type ScatterChart = XYChart & { kind: 'scatter' };

type NumberList = ArrayLike<number> | Iterable<number>;
export interface XYSpec {
  title: string;
  x: string;
  y: string;
  series: { name: string; x: NumberList; y: NumberList }[];
}
export interface LineSpec extends XYSpec {
  logX?: boolean;
  logY?: boolean;
}
export interface BarSpec {
  title: string;
  x: string;
  y: string;
  categories: string[];
  series: { name: string; values: NumberList }[];
}

export interface PlotApi {
  line(spec: LineSpec): void;
  scatter(spec: XYSpec): void;
  bar(spec: BarSpec): void;
}

class ChartError extends TypeError {
  override name = 'ChartError';
}

/** Array-likes and iterables of numbers become arrays; a tensor gets a hint instead. */
function list(value: unknown, what: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('dataSync' in value) throw new ChartError(`${what} is a tensor: pass \`await t.data()\` or \`t.arraySync()\` instead`);
  return Array.from(value as ArrayLike<unknown>);
}

function series(spec: { series?: unknown }, kind: string, keys: readonly string[]): unknown {
  if (!Array.isArray(spec.series)) return spec.series;
  return spec.series.map((s: Record<string, unknown>, i) => {
    if (!s || typeof s !== 'object') return s;
    const out: Record<string, unknown> = { ...s };
    for (const key of keys) out[key] = list(s[key], `plot.${kind}: series[${i}].${key}`);
    return out;
  });
}

function checked(kind: string, candidate: Record<string, unknown>): Chart {
  const problem = chartProblem(candidate);
  if (problem) throw new ChartError(`plot.${kind}: ${problem}`);
  return chartSchema.parse(candidate);
}

/** A `plot` object that appends each chart to `sink`. */
export function createPlot(sink: Chart[]): PlotApi {
  const xy = (kind: 'line' | 'scatter', spec: LineSpec) => {
    const chart: Record<string, unknown> = { kind, title: spec.title, x: spec.x, y: spec.y, series: series(spec, kind, ['x', 'y']) };
    if (kind === 'line' && spec.logX) chart.logX = true;
    if (kind === 'line' && spec.logY) chart.logY = true;
    sink.push(checked(kind, chart));
  };
  return {
    line: (spec) => xy('line', spec),
    scatter: (spec) => xy('scatter', spec),
    bar(spec) {
      sink.push(checked('bar', { kind: 'bar', title: spec.title, x: spec.x, y: spec.y, categories: list(spec.categories, 'plot.bar: categories'), series: series(spec, 'bar', ['values']) }));
    },
  };
}
