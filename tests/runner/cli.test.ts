import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { tempVault } from './helpers.ts';

const KB = fileURLToPath(new URL('../../cli/kb.ts', import.meta.url));
const kb = (args: string[], cwd: string) => spawnSync(process.execPath, [KB, 'run', ...args], { cwd, encoding: 'utf8' });

test('kb run --help lists the options', () => {
  const r = kb(['--help'], process.cwd());
  assert.equal(r.status, 0);
  for (const option of ['--write', '--check', '--backend', '--force', '--shard', '--json', '--typecheck']) assert.ok(r.stdout.includes(option), option);
});

test('kb run --json prints one entry per block, and --check exits 1 on stale outputs and 0 once written', () => {
  const vault = tempVault('simple.md');
  try {
    const stale = kb(['simple.md', '--check', '--json', '--backend', 'cpu', '--no-cache'], vault.dir);
    assert.equal(stale.status, 1);
    const report = JSON.parse(stale.stdout) as { blocks: Record<string, unknown>[] };
    assert.deepEqual(report.blocks.map((b) => Object.keys(b).sort()), Array(3).fill(['backend', 'file', 'leakedTensors', 'line', 'ms', 'status']));
    assert.deepEqual(report.blocks.map((b) => b.status), ['stale', 'stale', 'skipped'], 'the python block is listed as skipped');

    assert.equal(kb(['simple.md', '--write', '--backend', 'cpu', '--no-cache'], vault.dir).status, 0);
    const check = kb(['simple.md', '--check', '--backend', 'cpu', '--no-cache'], vault.dir);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stderr, /2 verified/);
  } finally {
    vault.remove();
  }
});

test('--shard splits pages so that the shards together cover each page once', () => {
  const vault = tempVault('simple.md', 'hostile.md');
  try {
    const pages = (shard: string) => (JSON.parse(kb(['.', '--check', '--json', '--no-cache', '--backend', 'cpu', '--shard', shard], vault.dir).stdout) as { blocks: { file: string }[] }).blocks.map((b) => b.file);
    const one = new Set(pages('1/2'));
    const two = new Set(pages('2/2'));
    assert.deepEqual([...one, ...two].sort(), ['hostile.md', 'simple.md']);
  } finally {
    vault.remove();
  }
});
