import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { tempVault } from './helpers.ts';

const KB = fileURLToPath(new URL('../../cli/kb.mjs', import.meta.url));
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

test('--jobs 0, --jobs abc, --memory abc and a timeout beyond 2^31-1 ms are usage errors (exit 2), named in one line', () => {
  const vault = tempVault('simple.md');
  try {
    for (const [args, pattern] of [[['--jobs', '0'], /--jobs expects a whole number/], [['--jobs', 'abc'], /--jobs expects/], [['--memory', 'abc'], /--memory expects/]] as const) {
      const r = kb(['simple.md', '--check', '--no-cache', ...args], vault.dir);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, pattern);
    }
    writeFileSync(join(vault.dir, 'long.md'), '# Long\n\n```ts timeout=2147483648\nconsole.log(1);\n```\n');
    const r = kb(['long.md', '--check', '--no-cache', '--backend', 'cpu'], vault.dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /long\.md\n3:7 +error +`timeout` needs a number of milliseconds between 1 and 2147483647/);
  } finally {
    vault.remove();
  }
});

test('a tolerance looser than the vault\'s cap is an error; kb.config.json can raise the cap', () => {
  const vault = tempVault();
  try {
    writeFileSync(join(vault.dir, 'loose.md'), '# Loose\n\n```ts rtol=0.05\nconsole.log(Math.PI);\n```\n');
    const capped = kb(['.', '--check', '--no-cache', '--json'], vault.dir);
    assert.equal(capped.status, 1);
    assert.deepEqual((JSON.parse(capped.stdout) as { blocks: { status: string }[] }).blocks.map((b) => b.status), ['error']);
    writeFileSync(join(vault.dir, 'kb.config.json'), '{ "run": { "maxRtol": 0.1 } }');
    const raised = kb(['.', '--check', '--no-cache', '--json'], vault.dir);
    assert.deepEqual((JSON.parse(raised.stdout) as { blocks: { status: string }[] }).blocks.map((b) => b.status), ['stale'], 'within the raised cap: only not written yet');
  } finally {
    vault.remove();
  }
});

test('under the obsidian profile no block runs unless kb.config.json sets run.execute: true, and kb run says so in one line', () => {
  const vault = tempVault('simple.md');
  try {
    mkdirSync(join(vault.dir, '.obsidian'));
    const r = kb(['.', '--write', '--no-cache', '--backend', 'cpu'], vault.dir);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^kb run: no code block executed: an obsidian-profile vault \(\.obsidian\/ folder\) runs no code unless kb\.config\.json sets run\.execute: true\n$/);
    assert.doesNotMatch(vault.read('simple.md'), /```output/);
    writeFileSync(join(vault.dir, 'kb.config.json'), '{ "run": { "execute": true } }');
    const json = kb(['.', '--check', '--no-cache', '--json', '--backend', 'cpu'], vault.dir);
    assert.deepEqual((JSON.parse(json.stdout) as { blocks: { status: string }[] }).blocks.map((b) => b.status), ['stale', 'stale', 'skipped']);
  } finally {
    vault.remove();
  }
});

test('where bubblewrap cannot run, --require-sandbox (the default when CI is set) refuses to execute, with one line; without it blocks run and a line says there is no sandbox', () => {
  const vault = tempVault('simple.md');
  try {
    const env = { ...process.env, KB_BWRAP: '/nonexistent/bwrap', CI: '1' };
    const refused = spawnSync(process.execPath, [KB, 'run', 'simple.md', '--write', '--no-cache', '--backend', 'cpu'], { cwd: vault.dir, encoding: 'utf8', env });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^kb run: no code block executed: bubblewrap \(bwrap\) is not installed.*--require-sandbox/m);
    assert.doesNotMatch(vault.read('simple.md'), /```output/);
    const ran = spawnSync(process.execPath, [KB, 'run', 'simple.md', '--write', '--no-cache', '--backend', 'cpu', '--no-require-sandbox'], { cwd: vault.dir, encoding: 'utf8', env });
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stderr, /kb run: no OS sandbox \(bubblewrap \(bwrap\) is not installed.*\): blocks run with Node's permission model only/);
    assert.match(vault.read('simple.md'), /```output/);
  } finally {
    vault.remove();
  }
});
