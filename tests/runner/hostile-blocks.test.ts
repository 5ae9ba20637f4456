import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nativeUnavailableReason } from '../../runner/backends.ts';
import { probeSandbox } from '../../runner/isolation.ts';
import { runVault, type BlockReport, type RunReport } from '../../runner/run.ts';
import { tempVault } from './helpers.ts';

const MARKERS = ['/tmp/kb-runner-hostile-written.txt', '/tmp/kb-runner-hostile.db'];
const SECRET = 'kb-hostile-secret-token-8c1f';

const probe = probeSandbox(['cpu']);
const noSandbox = probe.ok ? false : `bubblewrap cannot run here: ${probe.reason}`;
if (noSandbox) console.log(`# skipping the sandbox tests: ${noSandbox}`);

/** The first block after `## heading` in the fixture page. */
function blockAt(report: RunReport, original: string, heading: string): BlockReport {
  const line = original.split('\n').indexOf(`## ${heading}`) + 1;
  assert.ok(line > 0, `heading "${heading}"`);
  const block = report.blocks.filter((b) => b.line > line).sort((a, b) => a.line - b.line)[0];
  assert.ok(block, `a block after "## ${heading}"`);
  return block;
}

function assertNothingLeaked(text: string): void {
  assert.ok(!text.includes(SECRET), 'the parent\'s environment did not reach the page');
  assert.ok(!/root:x?:0:0/.test(text), '/etc/passwd did not reach the page');
  assert.ok(!text.includes('\0'), 'no NUL byte in the page');
  assert.ok(!text.includes('\x1b'), 'no escape character in the page');
  for (const m of MARKERS) assert.equal(existsSync(m), false, `${m} was not written`);
}

test('a page of hostile blocks under --write and --check with the sandbox: each is contained and reported, nothing leaks or is written outside, and the innocent blocks verify', { skip: noSandbox }, async () => {
  const vault = tempVault('hostile.md');
  const original = vault.read('hostile.md');
  process.env.KB_HOSTILE_SECRET = SECRET;
  try {
    const options = { backend: 'cpu' as const, memoryMB: 512, cacheFile: null, sandbox: 'required' as const, jobs: 2 };
    const report = await runVault(vault.dir, ['hostile.md'], { ...options, mode: 'write' });
    assert.equal(report.isolation?.sandboxed, true);
    const at = (heading: string) => blockAt(report, original, heading);
    const status = (heading: string) => at(heading).status;

    assert.equal(status('Passes'), 'written');
    assert.equal(status('Still passes'), 'written');
    const thrown = at('Throws');
    assert.equal(thrown.status, 'error');
    assert.match(thrown.message!, /unexpected failure for shape 2,2/);
    assert.deepEqual([thrown.line, thrown.column], [original.split('\n').indexOf('throw new Error(`unexpected failure for shape ${shape}`);') + 1, 7], 'the error is reported at the Markdown line of the throw');
    assert.equal(status('Loops forever'), 'timeout');
    assert.match(at('Allocates without bound').message!, /memory cap/);
    assert.match(at('Calls process.exit').message!, /process\.exit\(3\) is not allowed/);
    assert.match(at('Writes a file').message!, /allow-fs-write|restricted|read-only/);
    assert.match(at('Calls fetch').message!, /fetch\(\) is not allowed/);
    assert.equal(at('Leaks tensors').status, 'failed');
    assert.equal(at('Throws as expected').status, 'written');

    assert.equal(status('Prints the environment'), 'written');
    assert.match(at('Reads files outside').message!, /restricted|ENOENT/);
    assert.match(at("Reads its parent's environment").message!, /restricted|ENOENT/);
    assert.match(at('Writes through sqlite').message!, /undefined|not a constructor|restricted/);
    assert.match(at('Queries DNS servers').message!, /DNS query is not allowed/);
    assert.match(at('Kills its parent').message!, /Signalling another process is not allowed/);
    assert.match(at('Stops its parent').message!, /Signalling another process is not allowed/);
    assert.match(at('Forges a broken result').message!, /invalid message \(stdout/);
    assert.equal(status('Forges a result'), 'written', 'a forged result counts as what the block printed, no more');
    assert.equal(status('Prints control characters'), 'written');
    assert.equal(status('Returns 20 MB'), 'written');
    const big = at('Throws 20 MB');
    assert.equal(big.status, 'error');
    assert.ok(big.message!.length < 2100, 'the error message in the report is bounded');
    assert.match(at('Throws after returning').message!, /late failure/);
    assert.equal(status('Draws too many charts'), 'written');
    assert.match(at('Loosens its check').message!, /rtol=1000000000 is looser than the vault's cap run\.maxRtol=0\.01/);
    assert.match(at('Claims an output without running').message!, /output is embedded under a `norun` block/);
    assert.equal(status('In a blockquote'), 'written');
    assert.equal(status('In a list'), 'written');

    const text = vault.read('hostile.md');
    assertNothingLeaked(text);
    assert.deepEqual(readdirSync(vault.dir), ['hostile.md'], 'nothing else appeared in the vault');
    assert.match(text, /```output backend=cpu hash=[0-9a-f]{16}\nLANG PWD TF_CPP_MIN_LOG_LEVEL TZ\n```/, 'the environment is the bare one');
    assert.match(text, /nul\\x00byte, escape \\x1b\[2J and a bell\\x07/, 'control characters are escaped in the page');
    assert.match(text, /\nforged\n\[cut\] chart 1 left out: more than 10000 points \(run\.maxChartPoints\)\n/);
    assert.match(text, /\n\[cut\] output cut at 65536 bytes \(run\.maxOutputBytes; stdout, stderr, return value and error together\)\n/);
    assert.ok(text.length < original.length + 100_000, 'the 20 MB return value left at most 64 KB in the page');
    assert.equal(text.match(/```output-chart /g)?.length, 20, 'at most 20 charts');
    assert.match(text, /\[cut\] 5 chart\(s\) after the first 20 left out \(run\.maxCharts\)/);
    assert.match(text, /> ```ts\n> console\.log\('quoted', 1 \+ 1\);\n> ```\n>\n> ```output backend=cpu hash=[0-9a-f]{16}\n> quoted 2\n> ```\n/, 'the quoted output stays in the blockquote');
    assert.match(text, /\n {2}```\n\n {2}```output backend=cpu hash=[0-9a-f]{16}\n {2}listed 4\n {2}```\n/, 'the listed output stays in the list item');
    assert.match(text, /\[throws\]\nError: Size\(2\) must match the product of shape 3/);

    // The same page checked: the blocks written verify, the hostile ones fail the same way, the run ends with a report.
    const check = await runVault(vault.dir, ['hostile.md'], { ...options, mode: 'check' });
    const headings = original.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    const written = headings.filter((h) => status(h) === 'written');
    assert.ok(written.includes('Passes') && written.includes('Still passes'));
    assert.deepEqual(written.map((h) => blockAt(check, text, h).status), written.map(() => 'verified'), 'every written block verifies');
    assert.deepEqual(headings.filter((h) => !written.includes(h)).map((h) => blockAt(check, text, h).status === 'verified'), headings.filter((h) => !written.includes(h)).map(() => false), 'no hostile block verifies');
    assert.equal(check.blocks.length, report.blocks.length, 'every block is in the check\'s report: the page was not taken for binary');
    assertNothingLeaked(vault.read('hostile.md'));
  } finally {
    delete process.env.KB_HOSTILE_SECRET;
    vault.remove();
  }
});

/** kb's caches beside the packages a block may import (parsed notes of every vault checked from here): never readable. */
const MODULE_CACHE = fileURLToPath(new URL('../../node_modules/.cache', import.meta.url));
mkdirSync(join(MODULE_CACHE, 'kb-hostile-probe'), { recursive: true });

/** Blocks that try to reach outside, for the single-layer tests (without the in-process refusals where noted). */
const REACHING_OUT = (vaultDir: string) =>
  [
    '# Reaching out',
    '',
    '```ts',
    "const fs = process.getBuiltinModule('node:fs');",
    "let passwd = 'unreadable'; try { passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\\n')[0]!; } catch (e) { passwd = (e as NodeJS.ErrnoException).code ?? 'error'; }",
    `let written = 'refused'; try { fs.writeFileSync(${JSON.stringify(join(vaultDir, 'escaped.txt'))}, 'x'); written = 'WRITTEN'; } catch (e) { written = (e as NodeJS.ErrnoException).code ?? 'error'; }`,
    "let root = 'refused'; try { fs.writeFileSync('/escaped.txt', 'x'); root = 'WRITTEN'; } catch (e) { root = (e as NodeJS.ErrnoException).code ?? 'error'; }",
    "let home = 'none'; try { home = fs.readdirSync('/root').join(',') || 'empty'; } catch (e) { home = (e as NodeJS.ErrnoException).code ?? 'error'; }",
    `let cache = 'none'; try { cache = fs.readdirSync(${JSON.stringify(MODULE_CACHE)}).join(',') || 'empty'; } catch (e) { cache = (e as NodeJS.ErrnoException).code ?? 'error'; }`,
    'console.log(JSON.stringify({ passwd, written, root, home, cache, env: Object.keys(process.env).sort() }));',
    '```',
    '',
  ].join('\n');

function reachedOut(text: string): { passwd: string; written: string; root: string; home: string; cache: string; env: string[] } {
  const m = /```output[^\n]*\n(\{.*\})\n```/.exec(text);
  assert.ok(m, `an output in:\n${text}`);
  return JSON.parse(m[1]!) as { passwd: string; written: string; root: string; home: string; cache: string; env: string[] };
}

test('bubblewrap alone (no permission model, no in-process refusals): /etc and $HOME are absent, the vault is not there to write, the environment is bare', { skip: noSandbox }, async () => {
  const vault = tempVault();
  process.env.KB_HOSTILE_SECRET = SECRET;
  try {
    writeFileSync(join(vault.dir, 'out.md'), REACHING_OUT(vault.dir));
    const report = await runVault(vault.dir, ['out.md'], { mode: 'write', backend: 'cpu', cacheFile: null, layers: 'sandbox-only' });
    assert.deepEqual(report.blocks.map((b) => b.status), ['written'], report.blocks[0]?.message ?? '');
    const seen = reachedOut(vault.read('out.md'));
    assert.equal(seen.passwd, 'ENOENT');
    assert.match(seen.written, /ENOENT|EROFS|EACCES/);
    assert.equal(seen.root, 'EROFS', 'the sandbox\'s own root is read-only: /tmp (size-capped) is the only place to write');
    assert.equal(seen.home, 'ENOENT');
    assert.equal(seen.cache, 'ENOENT', 'node_modules/.cache is not in the sandbox');
    assert.ok(!seen.env.includes('KB_HOSTILE_SECRET'));
    assert.equal(existsSync(join(vault.dir, 'escaped.txt')), false);
  } finally {
    delete process.env.KB_HOSTILE_SECRET;
    vault.remove();
  }
});

test('Node\'s permission model alone (no bubblewrap): reads outside kb and every write are refused, the environment is bare', async () => {
  const vault = tempVault();
  process.env.KB_HOSTILE_SECRET = SECRET;
  try {
    writeFileSync(join(vault.dir, 'out.md'), REACHING_OUT(vault.dir));
    const report = await runVault(vault.dir, ['out.md'], { mode: 'write', backend: 'cpu', cacheFile: null, layers: 'permission-only' });
    assert.equal(report.isolation?.sandboxed, false);
    assert.deepEqual(report.blocks.map((b) => b.status), ['written'], report.blocks[0]?.message ?? '');
    const seen = reachedOut(vault.read('out.md'));
    assert.equal(seen.passwd, 'ERR_ACCESS_DENIED');
    assert.equal(seen.written, 'ERR_ACCESS_DENIED');
    assert.equal(seen.root, 'ERR_ACCESS_DENIED');
    assert.equal(seen.home, 'ERR_ACCESS_DENIED');
    assert.equal(seen.cache, 'ERR_ACCESS_DENIED', 'node_modules/.cache is not readable');
    assert.deepEqual(seen.env, ['LANG', 'TF_CPP_MIN_LOG_LEVEL', 'TZ']);
    assert.equal(existsSync(join(vault.dir, 'escaped.txt')), false);
  } finally {
    delete process.env.KB_HOSTILE_SECRET;
    vault.remove();
  }
});

const nativeMissing = nativeUnavailableReason();

test('the native backend\'s file writes (an addon, past Node\'s permission model) land nowhere outside the sandbox', { skip: noSandbox || nativeMissing || false }, async () => {
  const vault = tempVault();
  try {
    const logs = join(vault.dir, 'logs');
    writeFileSync(join(vault.dir, 'native.md'), ['# Native', '', '```ts', `const writer = tf.node.summaryFileWriter(${JSON.stringify(logs)});`, "writer.scalar('loss', 1, 0);", 'writer.flush();', "console.log('flushed');", '```', ''].join('\n'));
    const report = await runVault(vault.dir, ['native.md'], { mode: 'write', backend: 'tensorflow', cacheFile: null, sandbox: 'required' });
    assert.equal(report.isolation?.sandboxed, true);
    assert.equal(report.blocks.length, 1);
    assert.equal(existsSync(logs), false, 'no summary folder appeared in the vault');
    assert.deepEqual(readdirSync(vault.dir), ['native.md']);
  } finally {
    vault.remove();
  }
});
