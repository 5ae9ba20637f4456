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
