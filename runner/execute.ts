// One execution of one example: compile, run in a pooled process, and turn what came back into a
// result with positions in the Markdown file. What came back is bounded again here (runner/bounds.ts):
// the process is not trusted to have done it.
import type { ExampleBlock } from './blocks.ts';
import { boundCharts, boundText } from './bounds.ts';
import { CompileError, compileBlock, mapToMarkdown } from './compile.ts';
import type { Pool } from './pool.ts';
import type { BackendName, OutputLimits } from './protocol.ts';
import type { Captured } from './render.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout's ceiling: a longer `timeout=` would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export const DEFAULT_SEED = 42;

export type Execution =
  | { kind: 'ok'; backend: BackendName; captured: Captured; leakedTensors: number; leakedBytes: number; ms: number; cpuMs: number | null }
  /** The block threw when it should not have, or did not throw when flagged `throws`. */
  | { kind: 'error'; backend: BackendName | null; message: string; line: number; column: number; ms: number; captured: Captured | null }
  | { kind: 'timeout'; backend: BackendName; message: string; line: number; column: number; ms: number };

export async function execute(pool: Pool, file: string, example: ExampleBlock, limits: OutputLimits): Promise<Execution> {
  const { block, options } = example;
  const at = { line: block.contentLine, column: 1 };
  let compiled;
  try {
    compiled = compileBlock([...example.setup.map((s) => ({ code: s.value, line: s.contentLine })), { code: block.value, line: block.contentLine }], example.lang);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    return { kind: 'error', backend: null, message: `syntax error: ${error.message}`, line: error.markdownLine, column: error.column, ms: 0, captured: null };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outcome = await pool.run({ js: compiled.js, filename: `kb-block/${file}@${block.line}`, seed: options.seed ?? DEFAULT_SEED, timeoutMs });
  switch (outcome.kind) {
    case 'timeout':
      return { kind: 'timeout', backend: outcome.backend, message: `timed out after ${timeoutMs} ms (killed); raise it with \`timeout=<ms>\` in the info string`, ...at, ms: outcome.ms };
    case 'memory':
      return { kind: 'error', backend: outcome.backend, message: `exceeded the memory cap (${outcome.rssMB} MB resident; killed)`, ...at, ms: 0, captured: null };
    case 'protocol':
      return { kind: 'error', backend: outcome.backend, message: `${outcome.reason} (killed)`, ...at, ms: 0, captured: null };
    case 'crashed': {
      const last = outcome.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 500);
      const how = outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.code}`;
      return { kind: 'error', backend: outcome.backend, message: `the block's process ended unexpectedly (${how})${last ? `: ${last}` : ''}`, ...at, ms: 0, captured: null };
    }
    case 'done':
      break;
  }
  const done = outcome.result;
  const { ms, cpuMs } = outcome;
  // Counts from the block's own process: a block can misreport them, which only hides its own leak.
  const leakedTensors = Math.max(0, done.tensorsAfter - done.tensorsBefore);
  const leakedBytes = Math.max(0, done.bytesAfter - done.bytesBefore);
  const errorText = done.error ? `${done.error.name}: ${done.error.message}` : null;
  const text = boundText({ stdout: done.stdout, stderr: done.stderr, value: done.value, error: errorText }, limits);
  const charts = boundCharts(done.charts, limits);
  const notes = [...new Set([...done.notes, ...(text.note ? [text.note] : []), ...charts.notes])];
  const captured = (error: string | null): Captured => ({ stdout: text.text.stdout, stderr: text.text.stderr, value: text.text.value, error, charts: charts.charts, notes });
  if (done.error) {
    const where = (done.error.generated && mapToMarkdown(compiled, done.error.generated.line, done.error.generated.column)) ?? at;
    if (options.throws) return { kind: 'ok', backend: outcome.backend, captured: captured(text.text.error), leakedTensors, leakedBytes, ms, cpuMs };
    return { kind: 'error', backend: outcome.backend, message: text.text.error!, line: where.line, column: where.column, ms, captured: captured(text.text.error) };
  }
  if (options.throws) {
    return { kind: 'error', backend: outcome.backend, message: 'the block is flagged `throws` but completed without an error', ...at, ms, captured: captured(null) };
  }
  return { kind: 'ok', backend: outcome.backend, captured: captured(null), leakedTensors, leakedBytes, ms, cpuMs };
}
