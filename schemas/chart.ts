// The chart a code block draws with `plot.line|scatter|bar`, as embedded in an ```output-chart block:
// one schema for the block's process (its `plot` calls), the runner (which treats what the process
// sends as untrusted input) and the site (which renders the embedded JSON to SVG).
import { z } from 'zod';

const numbers = z.array(z.number().finite());

const xySeries = z.object({ name: z.string(), x: numbers, y: numbers }).refine((s) => s.x.length === s.y.length, {
  message: 'x and y must have the same length',
});

export const xyChart = z.object({
  kind: z.enum(['line', 'scatter']),
  title: z.string().default(''),
  x: z.string().default(''),
  y: z.string().default(''),
  series: z.array(xySeries).min(1),
  logX: z.boolean().optional(),
  logY: z.boolean().optional(),
});

export const barChart = z
  .object({
    kind: z.literal('bar'),
    title: z.string().default(''),
    x: z.string().default(''),
    y: z.string().default(''),
    categories: z.array(z.string()).min(1),
    series: z.array(z.object({ name: z.string(), values: numbers })).min(1),
  })
  .refine((c) => c.series.every((s) => s.values.length === c.categories.length), {
    message: 'every bar series needs one value per category',
  });

export const chartSchema = z.union([xyChart, barChart]);

export type Chart = z.infer<typeof chartSchema>;
export type XYChart = z.infer<typeof xyChart>;
export type BarChart = z.infer<typeof barChart>;

/** Data points of a chart (what `run.maxChartPoints` caps): every x/y pair, or every bar. */
export function chartPoints(chart: Chart): number {
  return chart.kind === 'bar' ? chart.series.reduce((n, s) => n + s.values.length, 0) : chart.series.reduce((n, s) => n + s.x.length, 0);
}

/** The first problem of a value that is not a chart, as `path message`, or null for a chart. */
export function chartProblem(value: unknown): string | null {
  const parsed = chartSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim();
}
