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
  /** What runner/bounds.ts cut, one line each. */
  notes?: string[];
}

/**
 * Characters that must not reach a page or a terminal as they are: C0 controls but tab and newline
 * (a NUL makes the page "binary"; ESC drives terminals), DEL, C1 controls, and the bidirectional
 * overrides that make text read differently from what it is. Shown as `\xHH` / `\u{HHHH}`.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
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

/** The output block's body: stdout first, then labelled sections for what else the block produced, then what was cut; control characters escaped. */
export function outputBody(c: Captured): string {
  const sections = [normaliseText(c.stdout)];
  if (normaliseText(c.stderr)) sections.push(`[stderr]\n${normaliseText(c.stderr)}`);
  if (c.value !== null) sections.push(`[return]\n${normaliseText(c.value)}`);
  if (c.error !== null) sections.push(`[throws]\n${normaliseText(c.error)}`);
  for (const note of c.notes ?? []) sections.push(`[cut] ${note}`);
  const body = sections.filter((s) => s !== '').join('\n');
  return body === '' ? '(no output)' : escapeControls(body);
}

/** Numbers in charts keep float32 precision: more digits only add churn between backends. Controls JSON leaves raw are escaped too. */
export function chartJson(chart: Chart): string {
  const json = JSON.stringify(chart, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(7)) : value));
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function fenceFor(body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function fenced(info: string, body: string): string[] {
  const fence = fenceFor(body);
  return [`${fence}${info}`, ...body.split('\n'), fence];
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

/**
 * The output block and its chart blocks, separated by blank lines, in the file's line ending. Every
 * line after the first starts with `prefix` (the block's blockquote or list container); the first
 * is placed by the caller.
 */
export function renderEmbedded(c: Captured, meta: OutputMeta, eol: '\n' | '\r\n', prefix = ''): string {
  const { output, charts } = embeddedText(c, meta);
  const lines = fenced(`${OUTPUT_LANG} ${output.meta}`, output.text);
  for (const chart of charts) lines.push('', ...fenced(`${CHART_LANG} ${chart.meta}`, chart.text));
  return lines.map((line, i) => (i === 0 ? line : line === '' ? prefix.trimEnd() : prefix + line)).join(eol);
}
