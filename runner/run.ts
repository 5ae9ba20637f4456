// `kb run`'s engine: load pages → pair examples with embedded outputs → decide per block (cached,
// stale, run once to verify, run twice to write) → execute in the pool → report, and with `write`
// embed outputs through the shared edit applier.
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { CONFIG_DEFAULTS } from '../schemas/config-constants.ts';
import type { TextEdit } from '../vault/edits.ts';
import { parsePage } from '../vault/parse-page.ts';
import { applyChanges } from '../vault/write.ts';
import type { ParsedPage } from '../vault/types.ts';
import type { VaultPath } from '../vault/paths.ts';
import { availableBackends, tfjsVersion } from './backends.ts';
import { pageBlocks } from './blocks.ts';
import { RunCache, cacheKey, digestOf, embeddedDigest } from './cache.ts';
import { compareOutputs, DEFAULT_ATOL, DEFAULT_RTOL } from './compare.ts';
import { embeddedOutputs, type ExampleWithOutput } from './embedded.ts';
import { DEFAULT_TIMEOUT_MS, execute, type Execution } from './execute.ts';
import { containerPrefix, isClosed } from './placement.ts';
import type { Layers } from './isolation.ts';
import { Pool, type Isolation, type SandboxMode } from './pool.ts';
import type { BackendName, OutputLimits, ReadyMessage } from './protocol.ts';
import { embeddedText, renderEmbedded, type Captured } from './render.ts';

export type BlockStatus = 'verified' | 'written' | 'failed' | 'stale' | 'error' | 'timeout' | 'skipped';

export interface BlockReport {
  file: string;
  line: number;
  column: number;
  status: BlockStatus;
  ms: number;
  backend: string | null;
  leakedTensors: number;
  /** Verified from the cache, without executing. */
  cached: boolean;
  message: string | null;
  /** `info-string` for a flag that cannot be read (a usage error: `kb run` exits 2). */
  rule?: string;
  /** CPU time of the block's process while it ran the block (all threads), measured by the parent. */
  cpuMs?: number | null;
  /** For an output that no longer matches: the embedded text and what the block printed now. */
  diff: { expected: string; actual: string } | null;
}

/** The vault's `run` settings (kb.config.json, schemas/config.ts). */
export interface RunLimits extends OutputLimits {
  maxRtol: number;
  maxAtol: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { ...CONFIG_DEFAULTS.run };

export interface RunOptions {
  mode: 'check' | 'write';
  /** Force one backend instead of the best available. */
  backend?: BackendName;
  /** Execute even blocks the cache says are verified. */
  force?: boolean;
  /** 1-based shard index and count: this run takes every count-th page, starting at index. */
  shard?: { index: number; count: number };
  /** Blocks executing at once (default: the number of cores). */
  jobs?: number;
  memoryMB?: number;
  /** Cache file, or null for no cache. */
  cacheFile?: string | null;
  /** The vault's caps on tolerances and outputs (default CONFIG_DEFAULTS.run). */
  limits?: RunLimits;
  /** Bubblewrap around each block: `required` makes its absence an error (default `auto`). */
  sandbox?: SandboxMode;
  /** Tests of one isolation layer alone (runner/isolation.ts). */
  layers?: Layers;
  onPlan?: (blocks: number) => void;
  /** Called once, before the first block's process starts: whether it runs in the OS sandbox. */
  onIsolation?: (isolation: Isolation) => void;
  onBlock?: (report: BlockReport) => void;
  onBackend?: (ready: ReadyMessage, skipped: { backend: string; reason: string }[]) => void;
}

export interface RunReport {
  backend: string | null;
  blocks: BlockReport[];
  /** Blocks in languages the runner does not execute (listed, never passed silently). */
  notExecutable: { file: string; line: number; lang: string; reason: string }[];
  /** Output blocks that follow no example. */
  orphans: { file: string; line: number }[];
  written: string[];
  /** Pages edited by someone else while the run went on: left as they are, their new outputs not written. */
  conflicts: string[];
  /** Whether executed blocks ran in the OS sandbox; null when nothing was executed. */
  isolation: Isolation | null;
}

export const DEFAULT_MEMORY_MB = 2048;

/** The shard's share of the files, in sorted order, so every shard of a matrix sees the same split. */
export function shardOf<T extends string>(files: readonly T[], shard?: { index: number; count: number }): T[] {
  const sorted = [...files].sort();
  if (!shard || shard.count <= 1) return sorted;
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

function agree(a: Captured, b: Captured, tol: { rtol: number | null; atol: number | null }, meta: { backend: string; hash: string }): boolean {
  const x = embeddedText(a, meta);
  const y = embeddedText(b, meta);
  return (
    compareOutputs(x.output.text, y.output.text, tol).equal &&
    x.charts.length === y.charts.length &&
    x.charts.every((c, i) => compareOutputs(c.text, y.charts[i]!.text, tol).equal)
  );
}

function matchesEmbedded(entry: ExampleWithOutput, captured: Captured, backend: string): { equal: boolean; expected: string; actual: string } {
  const now = embeddedText(captured, { backend, hash: entry.example.hash });
  const tol = { rtol: entry.example.options.rtol, atol: entry.example.options.atol };
  const expected = [entry.output?.text ?? '', ...entry.charts.map((c) => c.block.value)].join('\n');
  const actual = [now.output.text, ...now.charts.map((c) => c.text)].join('\n');
  const equal =
    entry.output !== null &&
    compareOutputs(entry.output.text, now.output.text, tol).equal &&
    entry.charts.length === now.charts.length &&
    entry.charts.every((c, i) => compareOutputs(c.block.value, now.charts[i]!.text, tol).equal);
  return { equal, expected, actual };
}

export async function runVault(root: string, files: readonly string[], options: RunOptions): Promise<RunReport> {
  const cache = options.cacheFile === null ? null : new RunCache(options.cacheFile);
  const { backends, skipped } = options.backend ? { backends: [options.backend], skipped: [] } : availableBackends();
  const predicted = backends[0]!;
  const tfjs = tfjsVersion();
  const limits = options.limits ?? DEFAULT_RUN_LIMITS;
  const report: RunReport = { backend: null, blocks: [], notExecutable: [], orphans: [], written: [], conflicts: [], isolation: null };

  const pages: { page: ParsedPage; text: string }[] = [];
  for (const path of shardOf(files, options.shard)) {
    const text = await readFile(`${root}/${path}`, 'utf8');
    pages.push({ page: parsePage(path, text), text });
  }
  const longestTimeoutMs = Math.max(DEFAULT_TIMEOUT_MS, ...pages.flatMap(({ page }) => pageBlocks(page).examples.map((e) => e.options.timeoutMs ?? 0)));
  const pool = new Pool({
    backends,
    size: options.jobs ?? availableParallelism(),
    memoryMB: options.memoryMB ?? DEFAULT_MEMORY_MB,
    outputs: limits,
    longestTimeoutMs,
    sandbox: options.sandbox,
    layers: options.layers,
    onBackend: (ready) => {
      report.backend = ready.backend;
      options.onBackend?.(ready, [...skipped, ...ready.fellBack]);
    },
  });

  type Task = () => Promise<void>;
  const tasks: Task[] = [];
  const edits = new Map<VaultPath, TextEdit[]>();
  let executions = 0;

  const finish = (r: BlockReport) => {
    report.blocks.push(r);
    options.onBlock?.(r);
  };

  for (const { page, text } of pages) {
    const file = page.path;
    const eol = page.eol;
    const { notExecutable } = pageBlocks(page);
    for (const n of notExecutable) report.notExecutable.push({ file, line: n.block.line, lang: n.block.lang ?? '', reason: n.reason });
    const { examples, orphans } = embeddedOutputs(page);
    for (const o of orphans) report.orphans.push({ file, line: o.line });

    for (const entry of examples) {
      const { example } = entry;
      const base = { file, line: example.block.line, column: 1, ms: 0, backend: entry.output?.backend ?? null, leakedTensors: 0, cached: false, message: null, diff: null };
      if (example.problems.length > 0) {
        const first = example.problems[0]!;
        const lineStart = text.lastIndexOf('\n', example.block.start - 1) + 1;
        const opening = text.slice(lineStart, text.indexOf('\n', example.block.start) >>> 0);
        const column = Math.max(0, opening.indexOf(example.block.meta ?? '', example.block.start - lineStart)) + first.column + 1;
        finish({ ...base, status: 'error', rule: 'info-string', column, message: example.problems.map((p) => p.message).join('; ') });
        continue;
      }
      // An output under a block that is never run cannot have come from it.
      if (example.options.norun) {
        if (entry.output || entry.charts.length > 0) finish({ ...base, line: (entry.output?.block ?? entry.charts[0]!.block).line, status: 'error', message: 'an output is embedded under a `norun` block, which is never run: remove the output or the flag' });
        else finish({ ...base, status: 'skipped', message: 'norun' });
        continue;
      }
      const loose = [
        example.options.rtol !== null && example.options.rtol > limits.maxRtol ? `rtol=${example.options.rtol} is looser than the vault's cap run.maxRtol=${limits.maxRtol}` : null,
        example.options.atol !== null && example.options.atol > limits.maxAtol ? `atol=${example.options.atol} is looser than the vault's cap run.maxAtol=${limits.maxAtol}` : null,
      ].filter((m): m is string => m !== null);
      if (loose.length > 0) {
        finish({ ...base, status: 'error', message: `${loose.join('; ')} (kb.config.json sets the caps; defaults rtol ${DEFAULT_RTOL}, atol ${DEFAULT_ATOL})` });
        continue;
      }
      if (!isClosed(text, example.block)) {
        finish({ ...base, status: 'error', message: 'the code fence is never closed (it runs to the end of the file); close it with a matching fence' });
        continue;
      }
      const digest = digestOf(entry);
      if (!options.force && entry.state === 'verified' && cache?.verified(cacheKey(example, predicted, tfjs), digest ?? null)) {
        finish({ ...base, status: 'verified', cached: true });
        continue;
      }
      if (options.mode === 'check' && entry.state !== 'verified') {
        const message = entry.state === 'missing' ? 'no output is embedded yet (run `kb run --write`)' : `the code, its setup or its flags changed since its output was recorded (hash ${entry.output?.hash} ≠ ${example.hash}; run \`kb run --write\`)`;
        finish({ ...base, status: 'stale', message });
        continue;
      }

      // A report line, not the whole 64 KB an error message may hold.
      const clip = (m: string) => (m.length > 2000 ? `${m.slice(0, 2000)}… (${m.length - 2000} more characters)` : m);
      const fromExecution = (x: Exclude<Execution, { kind: 'ok' }>): BlockReport => ({ ...base, status: x.kind === 'timeout' ? 'timeout' : 'error', line: x.line, column: x.column, ms: x.ms, backend: x.backend, message: clip(x.message) });
      const leakReport = (x: Extract<Execution, { kind: 'ok' }>): BlockReport | null =>
        // A block flagged `throws` is cut short by its error, so what it allocated before is not a leak it could avoid.
        x.leakedTensors > 0 && !example.options.allowLeak && !example.options.throws
          ? { ...base, status: 'failed', ms: x.ms, backend: x.backend, leakedTensors: x.leakedTensors, message: `leaked ${x.leakedTensors} tensor(s) (${x.leakedBytes} bytes): dispose them (tf.tidy, .dispose()) or flag the block \`allow-leak\`` }
          : null;
      const embed = (x: Extract<Execution, { kind: 'ok' }>) => {
        const meta = { backend: x.backend, hash: example.hash };
        const prefix = containerPrefix(text, example.block);
        const newText = renderEmbedded(x.captured, meta, eol, prefix);
        const list = edits.get(file) ?? [];
        list.push(entry.span ? { start: entry.span.start, end: entry.span.end, newText } : { start: example.block.end, end: example.block.end, newText: eol + prefix.trimEnd() + eol + prefix + newText });
        edits.set(file, list);
        cache?.remember(cacheKey(example, x.backend, tfjs), embeddedDigest(embeddedText(x.captured, meta)));
      };
      const tol = { rtol: example.options.rtol, atol: example.options.atol };

      // A block whose hash matches is run once: if it still prints what is embedded it is verified;
      // otherwise (write mode) it needs a second run to show the new output is reproducible.
      const verifying = entry.state === 'verified';
      executions += verifying ? 1 : 2;
      tasks.push(async () => {
        const run = () => execute(pool, file, example, limits);
        const first = verifying ? [await run()] : await Promise.all([run(), run()]);
        const a = first[0]!;
        if (a.kind !== 'ok') return finish(fromExecution(a));
        const leak = leakReport(a);
        if (leak) return finish(leak);
        const done = { ...base, ms: a.ms, cpuMs: a.cpuMs, backend: a.backend, leakedTensors: a.leakedTensors };
        if (verifying) {
          const match = matchesEmbedded(entry, a.captured, a.backend);
          if (match.equal) {
            if (digest) cache?.remember(cacheKey(example, a.backend, tfjs), digest);
            return finish({ ...done, status: 'verified' });
          }
          if (options.mode === 'check') return finish({ ...done, status: 'failed', message: 'the output differs from the embedded one', diff: { expected: match.expected, actual: match.actual } });
          pool.expect(1);
          first.push(await run());
        }
        const b = first[1]!;
        if (b.kind !== 'ok') return finish(fromExecution(b));
        if (!agree(a.captured, b.captured, tol, { backend: a.backend, hash: example.hash })) {
          const x = embeddedText(a.captured, { backend: a.backend, hash: example.hash });
          const y = embeddedText(b.captured, { backend: b.backend, hash: example.hash });
          return finish({ ...done, status: 'failed', message: 'two executions disagree (nondeterministic output; seed it or print less precision)', diff: { expected: x.output.text, actual: y.output.text } });
        }
        embed(a);
        finish({ ...done, status: 'written' });
      });
    }
  }

  options.onPlan?.(report.blocks.length + tasks.length);
  if (tasks.length > 0) {
    // Decided (and said) before any process starts; throws when the sandbox is required and missing.
    report.isolation = pool.isolation();
    options.onIsolation?.(report.isolation);
  }
  pool.expect(executions);
  try {
    await Promise.all(tasks.map((t) => t()));
  } finally {
    pool.close();
  }

  // One page at a time, each checked against the text the run read: a page edited meanwhile is
  // reported and left alone, and the other pages are still written.
  const readText = new Map(pages.map(({ page, text }) => [page.path, text]));
  const result = await applyChanges(root, [...edits].map(([path, list]) => ({ kind: 'edit' as const, path, edits: list })), { expectedText: (p) => readText.get(p), mode: 'each' });
  report.written.push(...result.written);
  report.conflicts.push(...result.conflicts.map((c) => c.path));
  report.written.sort();
  await cache?.save();
  report.blocks.sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line);
  return report;
}
