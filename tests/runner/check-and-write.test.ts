import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runVault } from '../../runner/run.ts';
import { tempVault } from './helpers.ts';

const statuses = (r: { blocks: { status: string }[] }) => r.blocks.map((b) => b.status);

test('--check fails after one digit of an embedded output changes, and passes again after --write', async () => {
  const vault = tempVault('simple.md');
  try {
    const options = { backend: 'cpu' as const, cacheFile: null };
    assert.deepEqual(statuses(await runVault(vault.dir, ['simple.md'], { ...options, mode: 'check' })), ['stale', 'stale'], 'no outputs yet: stale');
    assert.deepEqual(statuses(await runVault(vault.dir, ['simple.md'], { ...options, mode: 'write' })), ['written', 'written']);
    assert.deepEqual(statuses(await runVault(vault.dir, ['simple.md'], { ...options, mode: 'check' })), ['verified', 'verified']);

    const file = join(vault.dir, 'simple.md');
    const written = readFileSync(file, 'utf8');
    // 2.3333333 → 9.3333333: one digit of the first output.
    const tampered = written.replace(/\[\[2\.3333333/, '[[9.3333333');
    assert.notEqual(tampered, written);
    writeFileSync(file, tampered);
    const drift = await runVault(vault.dir, ['simple.md'], { ...options, mode: 'check' });
    assert.deepEqual(statuses(drift), ['failed', 'verified']);
    assert.match(drift.blocks[0]!.diff!.expected, /9\.3333333/);
    assert.match(drift.blocks[0]!.diff!.actual, /2\.3333333/);

    assert.deepEqual(statuses(await runVault(vault.dir, ['simple.md'], { ...options, mode: 'write' })), ['written', 'verified']);
    assert.equal(readFileSync(file, 'utf8'), written, '--write restores exactly the original output');
    assert.deepEqual(statuses(await runVault(vault.dir, ['simple.md'], { ...options, mode: 'check' })), ['verified', 'verified']);
  } finally {
    vault.remove();
  }
});

test('two --write runs from the same page give byte-identical pages', async () => {
  const a = tempVault('simple.md');
  const b = tempVault('simple.md');
  try {
    await runVault(a.dir, ['simple.md'], { mode: 'write', backend: 'cpu', cacheFile: null });
    await runVault(b.dir, ['simple.md'], { mode: 'write', backend: 'cpu', cacheFile: null });
    assert.equal(a.read('simple.md'), b.read('simple.md'));
    assert.match(a.read('simple.md'), /```output-chart hash=[0-9a-f]{16}\n\{"kind":"bar"/);
  } finally {
    a.remove();
    b.remove();
  }
});

test('a second --write changes nothing, and CRLF line endings are kept', async () => {
  const vault = tempVault('simple.md');
  try {
    const file = join(vault.dir, 'simple.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    const first = await runVault(vault.dir, ['simple.md'], { mode: 'write', backend: 'cpu', cacheFile: null });
    assert.deepEqual(first.written, ['simple.md']);
    const text = vault.read('simple.md');
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF was introduced');
    const second = await runVault(vault.dir, ['simple.md'], { mode: 'write', backend: 'cpu', cacheFile: null });
    assert.deepEqual(second.written, []);
    assert.deepEqual(statuses(second), ['verified', 'verified']);
  } finally {
    vault.remove();
  }
});

test('a page edited during --write is reported and left as it is, while the other pages are written', async () => {
  const vault = tempVault('simple.md');
  try {
    const other = join(vault.dir, 'other.md');
    writeFileSync(other, readFileSync(join(vault.dir, 'simple.md'), 'utf8'));
    let edited = false;
    const report = await runVault(vault.dir, ['simple.md', 'other.md'], {
      mode: 'write',
      backend: 'cpu',
      cacheFile: null,
      // Someone saves simple.md in their editor while the blocks run.
      onBlock: () => {
        if (edited) return;
        edited = true;
        writeFileSync(join(vault.dir, 'simple.md'), `${readFileSync(join(vault.dir, 'simple.md'), 'utf8')}\nA line typed meanwhile.\n`);
      },
    });
    assert.deepEqual(report.conflicts, ['simple.md']);
    assert.deepEqual(report.written, ['other.md']);
    const simple = readFileSync(join(vault.dir, 'simple.md'), 'utf8');
    assert.match(simple, /A line typed meanwhile\.\n$/);
    assert.doesNotMatch(simple, /```output/, 'the edited page got no outputs');
    assert.match(readFileSync(other, 'utf8'), /```output/);
  } finally {
    vault.remove();
  }
});

test('a code fence left open at the end of a file is an error, and nothing is appended after it', async () => {
  const vault = tempVault();
  try {
    const page = '# Open\n\n```ts\nconsole.log(1);\n';
    writeFileSync(join(vault.dir, 'open.md'), page);
    const report = await runVault(vault.dir, ['open.md'], { mode: 'write', backend: 'cpu', cacheFile: null });
    assert.deepEqual(report.blocks.map((b) => [b.status, b.line]), [['error', 3]]);
    assert.match(report.blocks[0]!.message!, /never closed/);
    assert.equal(readFileSync(join(vault.dir, 'open.md'), 'utf8'), page);
  } finally {
    vault.remove();
  }
});

test('the hash covers the flags: adding a tolerance, seed, timeout, throws or norun to a written block makes its output stale', async () => {
  const { parsePage } = await import('../../vault/parse-page.ts');
  const { pageBlocks } = await import('../../runner/blocks.ts');
  const hash = (info: string) => pageBlocks(parsePage('p.md', `# P\n\n\`\`\`ts ${info}\nconsole.log(1);\n\`\`\`\n`)).examples[0]!.hash;
  const plain = hash('');
  for (const info of ['rtol=0.005', 'atol=1e-7', 'seed=3', 'timeout=100', 'throws', 'allow-leak', 'norun']) assert.notEqual(hash(info), plain, info);
  assert.equal(hash('seed=3 rtol=0.005'), hash('rtol=0.005   seed=3'), 'order and spacing do not matter');
});
