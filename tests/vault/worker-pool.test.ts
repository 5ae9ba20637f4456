// The worker pool behind parsing (and the site's rendering): every job is done exactly once however
// batches are spread, workers started ahead are taken over or terminated, and nothing is left running.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { loadVault } from '../../vault/load.ts';
import { startParseWorkers } from '../../vault/parse-pool.ts';
import { runOnWorkers, startWorkers } from '../../vault/worker-pool.ts';
import { generateVault, removeVault } from '../helpers/vault-fixture.ts';

const ECHO = new URL('../helpers/echo-worker.ts', import.meta.url);

async function doubled(jobs: number[], options: { workers: number; batchSize: number; started?: ReturnType<typeof startWorkers> }): Promise<number[]> {
  const replies: number[] = [];
  await runOnWorkers<number, number[]>(ECHO, jobs, options, (reply) => replies.push(...reply));
  return replies.sort((a, b) => a - b);
}

for (const count of [0, 1, 3, 7, 200]) {
  test(`worker pool: ${count} jobs in batches of 3 are each done exactly once`, { timeout: 20_000 }, async () => {
    const jobs = Array.from({ length: count }, (_, i) => i);
    assert.deepEqual(await doubled(jobs, { workers: 2, batchSize: 3 }), jobs.map((n) => n * 2));
  });
}

test('worker pool: workers started ahead are used, and spares beyond the batches terminated', { timeout: 20_000 }, async () => {
  const started = startWorkers(ECHO, 3);
  const exits = started.map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
  assert.deepEqual(await doubled([1, 2], { workers: 3, batchSize: 1, started }), [2, 4]);
  // Two batches need two workers; all three are gone once the pool is done.
  assert.equal((await Promise.all(exits)).length, 3);
});

test('loadVault: parse workers started ahead read the vault exactly as workers started on demand', async (t) => {
  const { dir } = generateVault(300, 3, true);
  t.after(() => removeVault(dirname(dir)));
  const plain = await loadVault(dir, { cache: false });
  const ahead = await loadVault(dir, { cache: false, parseWorkers: startParseWorkers(dir, 'topic') });
  assert.deepEqual([...ahead.pages.values()], [...plain.pages.values()]);
  assert.deepEqual(ahead.diagnostics, plain.diagnostics);
});

test('loadVault: parse workers started for another folder are terminated, not used', { timeout: 60_000 }, async (t) => {
  const { dir } = generateVault(300, 4, false);
  t.after(() => removeVault(dirname(dir)));
  const other = startParseWorkers(dirname(dir), 'topic');
  const exits = other.workers.map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
  const vault = await loadVault(dir, { cache: false, parseWorkers: other });
  assert.equal(vault.pages.size > 250, true);
  assert.equal((await Promise.all(exits)).length, other.workers.length);
});

test('loadVault: parse workers started ahead are terminated when loading fails', { timeout: 20_000 }, async () => {
  const missing = '/nonexistent/kb-vault';
  const ahead = startParseWorkers(missing, 'topic');
  const exits = ahead.workers.map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
  await assert.rejects(loadVault(missing, { cache: false, parseWorkers: ahead }));
  assert.equal((await Promise.all(exits)).length, ahead.workers.length);
});
