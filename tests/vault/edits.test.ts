// The one edit applier that fix, moc and run --write share.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyChanges, applyEdits, EditConflictError, type VaultPath } from '../../vault/index.ts';
import { removeVault, writeVault } from '../helpers/vault-fixture.ts';

test('edits replace only their spans, in offset order, keeping BOM and CRLF', () => {
  const text = '\ufeffa [[Old]]\r\nb [[Old#x]]\r\n';
  const second = text.indexOf('Old#x');
  const first = text.indexOf('Old');
  const out = applyEdits(text, [
    { start: second, end: second + 5, newText: 'New#x|Old > x' },
    { start: first, end: first + 3, newText: 'New|Old' },
  ]);
  assert.equal(out, '\ufeffa [[New|Old]]\r\nb [[New#x|Old > x]]\r\n');
});

test('overlapping edits are refused rather than corrupting the file', () => {
  assert.throws(() => applyEdits('abcdef', [{ start: 1, end: 4, newText: '' }, { start: 3, end: 5, newText: 'x' }]), EditConflictError);
});

test('insertions at one offset keep their order', () => {
  assert.equal(applyEdits('ab', [{ start: 1, end: 1, newText: '1' }, { start: 1, end: 1, newText: '2' }]), 'a12b');
});

test('applyChanges writes atomically, creates, and moves deletions to .trash with Obsidian numbering', async () => {
  const dir = writeVault({ 'a/Keep.md': 'x [[Old]]', 'a/Stub.md': 'stub', '.trash/a/Stub.md': 'older stub' });
  const result = await applyChanges(dir, [
    { kind: 'edit', path: 'a/Keep.md' as VaultPath, edits: [{ start: 4, end: 7, newText: 'New' }] },
    { kind: 'create', path: 'b/New MOC.md' as VaultPath, text: 'moc' },
    { kind: 'delete', path: 'a/Stub.md' as VaultPath },
  ]);
  assert.equal(readFileSync(join(dir, 'a/Keep.md'), 'utf8'), 'x [[New]]');
  assert.equal(readFileSync(join(dir, 'b/New MOC.md'), 'utf8'), 'moc');
  assert.equal(readFileSync(join(dir, '.trash/a/Stub 1.md'), 'utf8'), 'stub');
  assert.equal(readFileSync(join(dir, '.trash/a/Stub.md'), 'utf8'), 'older stub');
  assert.deepEqual(readdirSync(join(dir, 'a')), ['Keep.md']); // no temp files left behind
  assert.deepEqual(result.deleted.map((d) => d.path), ['a/Stub.md']);
  removeVault(dir);
});
