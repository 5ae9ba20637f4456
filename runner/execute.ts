// One execution of one example: compile, run in a pooled process, and turn what came back into a
// result with positions in the Markdown file.
import type { ExampleBlock } from './blocks.ts';
import { CompileError, compileBlock, mapToMarkdown } from './compile.ts';
import type { Pool } from './pool.ts';
import type { BackendName, DoneMessage } from './protocol.ts';
import type { Captured } from './render.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_SEED = 42;

export type Execution =
  | { kind: 'ok'; backend: BackendName; captured: Captured; leakedTensors: number; leakedBytes: number; ms: number }
  /** The block threw when it should not have, or did not throw when flagged `throws`. */
  | { kind: 'error'; backend: BackendName | null; message: string; line: number; column: number; ms: number; captured: Captured | null }
  | { kind: 'timeout'; backend: BackendName; message: string; line: number; column: number; ms: number };

function captured(done: DoneMessage, error: string | null): Captured {
  return { stdout: done.stdout, stderr: done.stderr, value: done.value, error, charts: done.charts };
}

export async function execute(pool: Pool, file: string, example: ExampleBlock): Promise<Execution> {
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
    case 'crashed': {
      const last = outcome.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ');
      const how = outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.code}`;
      return { kind: 'error', backend: outcome.backend, message: `the block's process ended unexpectedly (${how})${last ? `: ${last}` : ''}`, ...at, ms: 0, captured: null };
    }
    case 'done':
      break;
  }
  const done = outcome.result;
  const leakedTensors = done.tensorsAfter - done.tensorsBefore;
  const leakedBytes = done.bytesAfter - done.bytesBefore;
  if (done.error) {
    const where = (done.error.generated && mapToMarkdown(compiled, done.error.generated.line, done.error.generated.column)) ?? at;
    const text = `${done.error.name}: ${done.error.message}`;
    if (options.throws) return { kind: 'ok', backend: outcome.backend, captured: captured(done, text), leakedTensors, leakedBytes, ms: done.ms };
    return { kind: 'error', backend: outcome.backend, message: text, line: where.line, column: where.column, ms: done.ms, captured: captured(done, text) };
  }
  if (options.throws) {
    return { kind: 'error', backend: outcome.backend, message: 'the block is flagged `throws` but completed without an error', ...at, ms: done.ms, captured: captured(done, null) };
  }
  return { kind: 'ok', backend: outcome.backend, captured: captured(done, null), leakedTensors, leakedBytes, ms: done.ms };
}
