// `kb run` performance: writing and re-checking a generated vault of small blocks, the warm
// per-block overhead of the process pool, and matMul throughput on every available backend
// (against numpy+OpenBLAS when python3 has numpy).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableBackends } from '../runner/backends.ts';
import { compileBlock } from '../runner/compile.ts';
import { Pool } from '../runner/pool.ts';
import type { BackendName } from '../runner/protocol.ts';
import { measureNode } from './measure.ts';
import type { BenchRow } from './types.ts';

const KB = fileURLToPath(new URL('../cli/kb.mjs', import.meta.url));

/** `pages` pages of `perPage` distinct small blocks (each prints a little tensor arithmetic). */
function writeVault(dir: string, pages: number, perPage: number): void {
  mkdirSync(dir, { recursive: true });
  for (let p = 0; p < pages; p++) {
    const blocks = Array.from({ length: perPage }, (_, b) => {
      const k = p * perPage + b;
      return ['```ts', `const t = tf.tidy(() => tf.range(0, 4).mul(${k + 1}).add(tf.scalar(${k % 7})));`, 't.print();', `console.log('block ${k}', t.shape);`, 't.dispose();', '```'].join('\n');
    });
    writeFileSync(join(dir, `page-${String(p).padStart(3, '0')}.md`), `---\ntitle: Page ${p}\n---\n# Page ${p}\n\n${blocks.join('\n\n')}\n`);
  }
}

async function vaultRows(quick: boolean): Promise<BenchRow[]> {
  const blocks = quick ? 40 : 200;
  const root = mkdtempSync(join(tmpdir(), 'kb-run-bench-'));
  const env = { ...process.env, KB_RUN_CACHE: join(root, 'cache.json') };
  try {
    writeVault(join(root, 'vault'), blocks / 10, 10);
    const args = [KB, 'run', 'vault', '--backend', 'cpu'];
    const write = await measureNode([...args, '--write'], { cwd: root, env });
    const check = await measureNode([...args, '--check'], { cwd: root, env });
    const cachedOk = check.code === 0 && /\((\d+) cached\)/.exec(check.stderr)?.[1] === String(blocks);
    return [
      { name: `kb run --write, ${blocks} new blocks (cpu, 2 executions each)`, wallS: write.wallS, rate: blocks / write.wallS, rateUnit: 'blocks/s', peakRssMB: write.peakRssMB, ok: write.code === 0, note: write.code === 0 ? '' : write.stderr.slice(-200) },
      { name: `kb run --check, ${blocks} blocks all cached`, wallS: check.wallS, rate: blocks / check.wallS, rateUnit: 'blocks/s', peakRssMB: check.peakRssMB, target: quick ? '' : '≤ 1 s', ok: cachedOk && (quick || check.wallS <= 1), note: cachedOk ? 'no block executed' : `not all cached: ${check.stderr.slice(-200)}` },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Dispatch → result for a trivial block on an already-warm child (job over the pipe, run, result
 * checked against the schema, bounds applied, process killed), inside bubblewrap and without it.
 */
async function overheadRows(backend: BackendName, quick: boolean, sandbox: 'required' | 'off'): Promise<BenchRow[]> {
  const pool = new Pool({ backends: [backend], size: 1, memoryMB: 2048, sandbox, layers: sandbox === 'off' ? 'permission-only' : 'all' });
  try {
    pool.isolation();
  } catch (error) {
    return [{ name: `warm per-block overhead (${backend}, bubblewrap): not measured`, note: (error as Error).message }];
  }
  // The block times itself (kb no longer takes the child's word for it), so its own compute is left out.
  const compiled = compileBlock([{ code: 'const t0 = performance.now(); tf.scalar(1).dispose(); console.log(performance.now() - t0);', line: 1 }], 'ts');
  const samples: number[] = [];
  const n = quick ? 5 : 15;
  try {
    for (let i = 0; i < n; i++) {
      pool.expect(1);
      await pool.warmed();
      const t0 = performance.now();
      const outcome = await pool.run({ js: compiled.js, filename: 'bench', seed: 1, timeoutMs: 30_000 });
      if (outcome.kind !== 'done') throw new Error(`trivial block ended with ${outcome.kind}`);
      samples.push(performance.now() - t0 - Number(outcome.result.stdout));
    }
  } finally {
    pool.close();
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const label = sandbox === 'required' ? 'bubblewrap + permission model' : 'permission model only';
  return [{ name: `warm per-block overhead (${backend}, ${label}, median of ${n})`, wallS: median / 1000, rate: median, rateUnit: 'ms/block', target: '≤ 50 ms', ok: median <= 50, note: 'dispatch to checked result on a pre-warmed process (pipe, run, schema, bounds, kill); a trivial block' }];
}

/** Throughput of pages of trivial blocks through the whole pool: what a cold process per block costs in bulk. */
async function bulkRow(backend: BackendName, quick: boolean): Promise<BenchRow> {
  const size = availableParallelism();
  const pool = new Pool({ backends: [backend], size, memoryMB: 2048 });
  const compiled = compileBlock([{ code: 'tf.scalar(1).dispose();', line: 1 }], 'ts');
  const n = quick ? 10 : 40;
  pool.expect(n);
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: n }, () => pool.run({ js: compiled.js, filename: 'bench', seed: 1, timeoutMs: 30_000 })));
  } finally {
    pool.close();
  }
  const per = (performance.now() - t0) / n;
  return { name: `bulk per-block cost (${backend}, ${n} trivial blocks, ${size} at once)`, wallS: (per * n) / 1000, rate: per, rateUnit: 'ms/block', note: 'includes each block\'s own process start (single-use processes)' };
}

const MATMUL_N = 1024;

function matmulBlock(reps: number): string {
  return [
    `const a = tf.randomNormal([${MATMUL_N}, ${MATMUL_N}]);`,
    `const b = tf.randomNormal([${MATMUL_N}, ${MATMUL_N}]);`,
    'tf.tidy(() => a.matMul(b)).dataSync();',
    'const t0 = performance.now();',
    `for (let i = 0; i < ${reps}; i++) { const c = a.matMul(b); c.dataSync(); c.dispose(); }`,
    'const s = (performance.now() - t0) / 1000;',
    `console.log(JSON.stringify({ gflops: ${2 * MATMUL_N ** 3 * reps} / s / 1e9 }));`,
    'tf.dispose([a, b]);',
  ].join('\n');
}

async function matmulRow(backend: BackendName, reference: number | null): Promise<BenchRow> {
  const reps = backend === 'cpu' ? 1 : backend === 'wasm' ? 4 : 20;
  const pool = new Pool({ backends: [backend], size: 1, memoryMB: 4096 });
  pool.expect(1);
  try {
    const outcome = await pool.run({ js: compileBlock([{ code: matmulBlock(reps), line: 1 }], 'ts').js, filename: 'bench', seed: 1, timeoutMs: 120_000 });
    if (outcome.kind !== 'done' || outcome.result.error) throw new Error(`matMul block failed: ${outcome.kind === 'done' ? outcome.result.error?.message : outcome.kind}`);
    const { gflops } = JSON.parse(outcome.result.stdout) as { gflops: number };
    const ratio = reference ? gflops / reference : null;
    const row: BenchRow = { name: `matMul ${MATMUL_N}² float32 (${backend}, via kb run)`, rate: gflops, rateUnit: 'GFLOP/s', note: ratio === null ? '' : `${ratio.toFixed(2)} × numpy+OpenBLAS` };
    if (backend === 'tensorflow' && ratio !== null) {
      row.target = '≥ 0.7 × numpy';
      row.ok = ratio >= 0.7;
    }
    return row;
  } finally {
    pool.close();
  }
}

function numpyGflops(): { gflops: number } | { reason: string } {
  const script = [
    'import json, time, numpy as np',
    `n = ${MATMUL_N}`,
    'rng = np.random.default_rng(1)',
    'a = rng.standard_normal((n, n), dtype=np.float32); b = rng.standard_normal((n, n), dtype=np.float32)',
    'a @ b',
    't0 = time.perf_counter()',
    'for _ in range(20): a @ b',
    's = time.perf_counter() - t0',
    'print(json.dumps({"gflops": 2 * n**3 * 20 / s / 1e9}))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  if (r.error) return { reason: 'python3 not found' };
  if (r.status !== 0) return { reason: /No module named/.test(r.stderr) ? 'numpy is not installed for python3' : r.stderr.trim().split('\n').at(-1) ?? 'python3 failed' };
  return JSON.parse(r.stdout) as { gflops: number };
}

export default async function bench({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const { backends, skipped } = availableBackends();
  for (const s of skipped) rows.push({ name: `backend ${s.backend}: not measured`, note: s.reason });
  rows.push(...(await vaultRows(quick)));
  for (const backend of backends) rows.push(...(await overheadRows(backend, quick, 'required')));
  rows.push(...(await overheadRows(backends[0]!, quick, 'off')));
  rows.push(await bulkRow(backends[0]!, quick));
  const numpy = numpyGflops();
  if ('gflops' in numpy) rows.push({ name: `matMul ${MATMUL_N}² float32 (numpy+OpenBLAS)`, rate: numpy.gflops, rateUnit: 'GFLOP/s', note: 'reference' });
  else rows.push({ name: 'matMul numpy+OpenBLAS: not measured', note: numpy.reason });
  for (const backend of backends) rows.push(await matmulRow(backend, 'gflops' in numpy ? numpy.gflops : null));
  return rows;
}
