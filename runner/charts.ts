// The chart API a block sees as `plot`, and the plain data each call records. The site renders
// exactly this JSON (one object per `output-chart` block), so validation happens here, at the call,
// where a mistake can be reported at the block's line.

export interface Series {
  name: string;
  x: number[];
  y: number[];
}

export interface LineChart {
  kind: 'line';
  title: string;
  x: string;
  y: string;
  series: Series[];
  logX?: boolean;
  logY?: boolean;
}

export interface ScatterChart {
  kind: 'scatter';
  title: string;
  x: string;
  y: string;
  series: Series[];
}

export interface BarChart {
  kind: 'bar';
  title: string;
  x: string;
  y: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}

export type Chart = LineChart | ScatterChart | BarChart;

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

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ChartError(`${what} must be a string, got ${typeof value}`);
  return value;
}

function numbers(value: unknown, what: string): number[] {
  if (value === null || typeof value !== 'object') throw new ChartError(`${what} must be an array of numbers`);
  if ('dataSync' in value) throw new ChartError(`${what} is a tensor: pass \`await t.data()\` or \`t.arraySync()\` instead`);
  const list = Array.from(value as ArrayLike<unknown>);
  list.forEach((n, i) => {
    if (typeof n !== 'number') throw new ChartError(`${what}[${i}] must be a number, got ${typeof n}`);
  });
  return list as number[];
}

function xySeries(spec: XYSpec, kind: string): Series[] {
  if (!Array.isArray(spec.series) || spec.series.length === 0) throw new ChartError(`plot.${kind}: series must be a non-empty array`);
  return spec.series.map((s, i) => {
    const x = numbers(s.x, `plot.${kind}: series[${i}].x`);
    const y = numbers(s.y, `plot.${kind}: series[${i}].y`);
    if (x.length !== y.length) throw new ChartError(`plot.${kind}: series[${i}] has ${x.length} x values but ${y.length} y values`);
    return { name: text(s.name, `plot.${kind}: series[${i}].name`), x, y };
  });
}

/** A `plot` object that appends each chart to `sink`. */
export function createPlot(sink: Chart[]): PlotApi {
  return {
    line(spec) {
      const chart: LineChart = { kind: 'line', title: text(spec.title, 'plot.line: title'), x: text(spec.x, 'plot.line: x'), y: text(spec.y, 'plot.line: y'), series: xySeries(spec, 'line') };
      if (spec.logX) chart.logX = true;
      if (spec.logY) chart.logY = true;
      sink.push(chart);
    },
    scatter(spec) {
      sink.push({ kind: 'scatter', title: text(spec.title, 'plot.scatter: title'), x: text(spec.x, 'plot.scatter: x'), y: text(spec.y, 'plot.scatter: y'), series: xySeries(spec, 'scatter') });
    },
    bar(spec) {
      const categories = Array.isArray(spec.categories) ? spec.categories.map((c, i) => text(c, `plot.bar: categories[${i}]`)) : [];
      if (categories.length === 0) throw new ChartError('plot.bar: categories must be a non-empty array of strings');
      const series = (Array.isArray(spec.series) ? spec.series : []).map((s, i) => {
        const values = numbers(s.values, `plot.bar: series[${i}].values`);
        if (values.length !== categories.length) throw new ChartError(`plot.bar: series[${i}] has ${values.length} values for ${categories.length} categories`);
        return { name: text(s.name, `plot.bar: series[${i}].name`), values };
      });
      if (series.length === 0) throw new ChartError('plot.bar: series must be a non-empty array');
      sink.push({ kind: 'bar', title: text(spec.title, 'plot.bar: title'), x: text(spec.x, 'plot.bar: x'), y: text(spec.y, 'plot.bar: y'), categories, series });
    },
  };
}
