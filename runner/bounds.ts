// What one block may leave in a page: at most `maxOutputBytes` of text (stdout, stderr, return value
// and error message together) and `maxCharts` charts of at most `maxChartPoints` points. Applied by
// the block's process (so an honest block sends little) and again by the parent (which trusts
// nothing it receives); applying it twice changes nothing. Whatever is cut says so in one line.
import { chartPoints, chartSchema, type Chart } from '../schemas/chart.ts';
import type { OutputLimits } from './protocol.ts';

export interface BoundedText {
  stdout: string;
  stderr: string;
  value: string | null;
  error: string | null;
}

const encoder = new TextEncoder();

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes, never splitting a character. */
export function cutUtf8(text: string, bytes: number): string {
  if (text.length <= bytes / 3) return text;
  const encoded = encoder.encode(text);
  if (encoded.length <= bytes) return text;
  let end = Math.max(0, bytes);
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(encoded.subarray(0, end));
}

const byteLength = (text: string) => encoder.encode(text).length;

export function textNote(limits: OutputLimits): string {
  return `output cut at ${limits.maxOutputBytes} bytes (run.maxOutputBytes; stdout, stderr, return value and error together)`;
}

/** Cuts the text fields, in order, to the byte budget; returns the note when anything was cut. */
export function boundText(text: BoundedText, limits: OutputLimits): { text: BoundedText; note: string | null } {
  let budget = limits.maxOutputBytes;
  let cut = false;
  const take = (s: string): string => {
    const kept = cutUtf8(s, budget);
    if (kept.length < s.length) cut = true;
    budget -= byteLength(kept);
    return kept;
  };
  const out: BoundedText = { stdout: take(text.stdout), stderr: take(text.stderr), value: text.value === null ? null : take(text.value), error: text.error === null ? null : take(text.error) };
  return { text: out, note: cut ? textNote(limits) : null };
}

/** Keeps the charts that are charts and within the point cap, at most `maxCharts` of them. */
export function boundCharts(charts: readonly unknown[], limits: OutputLimits): { charts: Chart[]; notes: string[] } {
  const kept: Chart[] = [];
  const notes: string[] = [];
  charts.forEach((raw, i) => {
    const parsed = chartSchema.safeParse(raw);
    if (!parsed.success) {
      notes.push(`chart ${i + 1} left out: it is not a chart (${parsed.error.issues[0]?.path.join('.') || 'root'}: ${parsed.error.issues[0]?.message ?? ''})`);
      return;
    }
    const points = chartPoints(parsed.data);
    if (points > limits.maxChartPoints) notes.push(`chart ${i + 1} left out: more than ${limits.maxChartPoints} points (run.maxChartPoints)`);
    else kept.push(parsed.data);
  });
  if (kept.length > limits.maxCharts) {
    notes.push(`${kept.length - limits.maxCharts} chart(s) after the first ${limits.maxCharts} left out (run.maxCharts)`);
    kept.length = limits.maxCharts;
  }
  return { charts: kept, notes };
}
