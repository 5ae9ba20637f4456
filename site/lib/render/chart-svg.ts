// Renders a runner chart (the JSON body of an ```output-chart block) to an inline SVG string at build
// time, so a reader sees it with JavaScript off. Colours come from CSS variables so dark mode applies.
import { chartSchema, type Chart } from '../../../schemas/chart.ts';

/** The one chart schema (schemas/chart.ts), shared with the runner. */
export const chartSpec = chartSchema;
export type ChartSpec = Chart;

const W = 640;
const H = 360;
const M = { top: 36, right: 16, bottom: 48, left: 64 };
const PALETTE = 8;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Round tick steps (1, 2, 5 × 10^k) so axes read like a person drew them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.floor(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

function fmt(n: number): string {
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 1e5 || a < 1e-3) return n.toExponential(1);
  return String(Number(n.toPrecision(4)));
}

function frame(spec: ChartSpec, body: string, yTicks: number[], yScale: (v: number) => number, xAxis: string, label: (t: number) => string = fmt): string {
  const parts: string[] = [];
  for (const t of yTicks) {
    const y = yScale(t).toFixed(1);
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(label(t))}</text>`);
  }
  const legend = spec.series
    .map((s, i) => {
      const x = M.left + i * 120;
      return `<g class="legend s${i % PALETTE}"><rect x="${x}" y="${H - 14}" width="10" height="10"/><text x="${x + 14}" y="${H - 5}">${escapeXml(truncate(s.name, 16))}</text></g>`;
    })
    .join('');
  const title = spec.title ? `<title>${escapeXml(spec.title)}</title>` : '';
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(spec.title || `${spec.kind} chart`)}" xmlns="http://www.w3.org/2000/svg">`,
    title,
    spec.title ? `<text class="chart-title" x="${W / 2}" y="20" text-anchor="middle">${escapeXml(spec.title)}</text>` : '',
    parts.join(''),
    `<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}"/>`,
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`,
    xAxis,
    spec.x ? `<text class="axis-label" x="${(M.left + W - M.right) / 2}" y="${H - M.bottom + 32}" text-anchor="middle">${escapeXml(spec.x)}</text>` : '',
    spec.y ? `<text class="axis-label" transform="translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.y)}</text>` : '',
    body,
    legend,
    '</svg>',
  ].join('');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Log axes: values are drawn as log10 and ticks are labelled with the value itself. */
function axis(values: number[], log: boolean) {
  const map = log ? Math.log10 : (v: number) => v;
  const [lo, hi] = extent(values.map(map));
  const ticks = log ? niceTicks(Math.floor(lo), Math.ceil(hi)).filter(Number.isInteger) : niceTicks(lo, hi);
  return { map, ticks, label: (t: number) => fmt(log ? 10 ** t : t) };
}

function xyChart(spec: Extract<ChartSpec, { kind: 'line' | 'scatter' }>): string {
  const ax = axis(spec.series.flatMap((s) => s.x), spec.kind === 'line' && spec.logX === true);
  const ay = axis(spec.series.flatMap((s) => s.y), spec.kind === 'line' && spec.logY === true);
  const xTicks = ax.ticks;
  const yTicks = ay.ticks;
  const lx = linear(xTicks[0]!, xTicks[xTicks.length - 1]!, M.left, W - M.right);
  const ly = linear(yTicks[0]!, yTicks[yTicks.length - 1]!, H - M.bottom, M.top);
  const sx = (v: number) => lx(ax.map(v));
  const sy = (v: number) => ly(ay.map(v));
  const xAxis = xTicks
    .map((t) => `<text class="tick" x="${lx(t).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeXml(ax.label(t))}</text>`)
    .join('');
  const body = spec.series
    .map((s, i) => {
      const pts = s.x.map((x, j) => [sx(x), sy(s.y[j]!)] as const);
      if (spec.kind === 'line') {
        const d = pts.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
        return `<path class="series line s${i % PALETTE}" d="${d}"/>`;
      }
      return `<g class="series dots s${i % PALETTE}">${pts.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3"/>`).join('')}</g>`;
    })
    .join('');
  return frame(spec, body, yTicks, ly, xAxis, ay.label);
}

function barChart(spec: Extract<ChartSpec, { kind: 'bar' }>): string {
  const [lo, hi] = extent(spec.series.flatMap((s) => s.values));
  const yTicks = niceTicks(Math.min(0, lo), Math.max(0, hi));
  const sy = linear(yTicks[0]!, yTicks[yTicks.length - 1]!, H - M.bottom, M.top);
  const band = (W - M.left - M.right) / spec.categories.length;
  const barW = (band * 0.8) / spec.series.length;
  const xAxis = spec.categories
    .map((c, i) => `<text class="tick" x="${(M.left + band * (i + 0.5)).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeXml(truncate(c, 14))}</text>`)
    .join('');
  const body = spec.series
    .map((s, k) => {
      const rects = s.values.map((v, i) => {
        const x = M.left + band * i + band * 0.1 + barW * k;
        const y0 = sy(0);
        const y1 = sy(v);
        return `<rect x="${x.toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.abs(y1 - y0).toFixed(1)}"><title>${escapeXml(`${s.name} · ${spec.categories[i]}: ${fmt(v)}`)}</title></rect>`;
      });
      return `<g class="series bars s${k % PALETTE}">${rects.join('')}</g>`;
    })
    .join('');
  return frame(spec, body, yTicks, sy, xAxis);
}

export type ChartResult = { ok: true; svg: string } | { ok: false; message: string };

/** Parses and renders one chart block body; a malformed body is reported, never thrown. */
export function renderChart(json: string): ChartResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, message: `chart is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = chartSpec.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `chart does not match the chart format: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim() };
  }
  const spec = parsed.data;
  const hasPoints = spec.kind === 'bar' ? true : spec.series.some((s) => s.x.length > 0);
  if (!hasPoints) return { ok: false, message: 'chart has no data points' };
  if (spec.kind === 'line') {
    const bad = (on: boolean | undefined, values: number[]) => on === true && values.some((v) => v <= 0);
    if (bad(spec.logX, spec.series.flatMap((s) => s.x)) || bad(spec.logY, spec.series.flatMap((s) => s.y))) return { ok: false, message: 'a log axis needs positive values' };
  }
  return { ok: true, svg: spec.kind === 'bar' ? barChart(spec) : xyChart(spec) };
}
