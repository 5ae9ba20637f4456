// An execution's result → the text of its `output` block and `output-chart` blocks. Everything
// here is deterministic: no timings, no line numbers (moving a block must not change its output).
import type { Chart } from './charts.ts';
import { CHART_LANG, OUTPUT_LANG } from './blocks.ts';

export interface Captured {
  stdout: string;
  stderr: string;
  value: string | null;
  /** `Name: message` of an error the block was expected to throw. */
  error: string | null;
  charts: Chart[];
}

/** CRLF → LF, trailing whitespace off every line, no leading or trailing blank lines. */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** The output block's body: stdout first, then labelled sections for what else the block produced. */
export function outputBody(c: Captured): string {
  const sections = [normaliseText(c.stdout)];
  if (normaliseText(c.stderr)) sections.push(`[stderr]\n${normaliseText(c.stderr)}`);
  if (c.value !== null) sections.push(`[return]\n${normaliseText(c.value)}`);
  if (c.error !== null) sections.push(`[throws]\n${normaliseText(c.error)}`);
  const body = sections.filter((s) => s !== '').join('\n');
  return body === '' ? '(no output)' : body;
}

/** Numbers in charts keep float32 precision: more digits only add churn between backends. */
export function chartJson(chart: Chart): string {
  return JSON.stringify(chart, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(7)) : value));
}

function fenceFor(body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function fenced(info: string, body: string, eol: string): string {
  const fence = fenceFor(body);
  return [`${fence}${info}`, ...body.split('\n'), fence].join(eol);
}

export interface OutputMeta {
  backend: string;
  hash: string;
}

/** Metadata and bodies of the blocks to embed (the same shape the cache digests). */
export function embeddedText(c: Captured, meta: OutputMeta): { output: { meta: string; text: string }; charts: { meta: string; text: string }[] } {
  return {
    output: { meta: `backend=${meta.backend} hash=${meta.hash}`, text: outputBody(c) },
    charts: c.charts.map((chart) => ({ meta: `hash=${meta.hash}`, text: chartJson(chart) })),
  };
}

/** The output block and its chart blocks, separated by blank lines, in the file's line ending. */
export function renderEmbedded(c: Captured, meta: OutputMeta, eol: '\n' | '\r\n'): string {
  const { output, charts } = embeddedText(c, meta);
  const blocks = [fenced(`${OUTPUT_LANG} ${output.meta}`, output.text, eol)];
  for (const chart of charts) blocks.push(fenced(`${CHART_LANG} ${chart.meta}`, chart.text, eol));
  return blocks.join(eol + eol);
}
