// The one applier every writer shares (fix, moc, run --write): writes stay inside the vault's real
// path, links are never followed out nor replaced, modes are kept, and every planned change is checked
// against the disk before the first byte is written.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyChanges, ApplyConflictError, type FileChange, type VaultPath } from '../../vault/index.ts';
import { removeVault, writeVault } from '../helpers/vault-fixture.ts';

const p = (s: string) => s as VaultPath;

/** A vault in `<tmp>/vault` with a sibling `<tmp>/outside`, so escapes have somewhere to land. */
function sandbox(files: Record<string, string>) {
  const base = mkdtempSync(join(tmpdir(), 'kb-guard-'));
  const vault = join(base, 'vault');
  const outside = join(base, 'outside');
  mkdirSync(outside);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(vault, path, '..'), { recursive: true });
    writeFileSync(join(vault, path), text);
  }
  mkdirSync(vault, { recursive: true });
  return { base, vault, outside };
}

/** Every file under `dir`, hidden ones included, with its bytes: to show nothing changed. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = join(dir, entry);
    const info = lstatSync(full);
    if (info.isSymbolicLink()) out[entry] = `-> ${readlinkSync(full)}`;
    else if (info.isFile()) out[entry] = readFileSync(full, 'utf8');
  }
  return out;
}

async function refused(vault: string, changes: FileChange[], pattern: RegExp, expectedText?: (path: VaultPath) => string | undefined) {
  await assert.rejects(applyChanges(vault, changes, { expectedText }), (error: unknown) => {
    assert.ok(error instanceof ApplyConflictError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

test('a path naming a place outside the vault is refused and nothing is written', async () => {
  const { base, vault, outside } = sandbox({ 'A.md': 'a' });
  for (const path of ['../outside/Notes MOC.md', 'x/../../outside/y.md', '/etc/kb.md', 'a\\..\\..\\target\\Report MOC.md', 'new\nline.md', '.git/hooks/x.md']) {
    await refused(vault, [{ kind: 'edit', path: p('A.md'), edits: [{ start: 0, end: 1, newText: 'b' }] }, { kind: 'create', path: p(path), text: 'x' }], /cannot be made safely/);
  }
  assert.deepEqual(tree(vault), { 'A.md': 'a' });
  assert.deepEqual(readdirSync(outside), []);
  removeVault(base);
});

test('a .trash symlinked out of the vault is not used: the stub stays and nothing leaves the vault', async () => {
  const { base, vault, outside } = sandbox({ 'Stub.md': 'stub', 'Keep.md': 'k' });
  symlinkSync('../outside', join(vault, '.trash'));
  await refused(vault, [{ kind: 'edit', path: p('Keep.md'), edits: [{ start: 0, end: 1, newText: 'K' }] }, { kind: 'delete', path: p('Stub.md') }], /Stub\.md: .*\.trash is a symbolic link out of the vault/);
  assert.deepEqual(readdirSync(outside), []);
  assert.equal(readFileSync(join(vault, 'Stub.md'), 'utf8'), 'stub');
  assert.equal(readFileSync(join(vault, 'Keep.md'), 'utf8'), 'k');
  removeVault(base);
});

test('a category folder symlinked out of the vault gets no MOC written through it', async () => {
  const { base, vault, outside } = sandbox({});
  symlinkSync('../outside', join(vault, 'Cat'));
  await refused(vault, [{ kind: 'create', path: p('Cat/Cat MOC.md'), text: 'moc' }], /Cat is a symbolic link out of the vault/);
  assert.deepEqual(readdirSync(outside), []);
  removeVault(base);
});

test('an edit to a symlinked note is applied to its target inside the vault, and the link stays a link', async () => {
  const { base, vault } = sandbox({ 'real/Note.md': 'x [[Old]]' });
  symlinkSync('real/Note.md', join(vault, 'Alias.md'));
  const result = await applyChanges(vault, [{ kind: 'edit', path: p('Alias.md'), edits: [{ start: 4, end: 7, newText: 'New' }] }]);
  assert.deepEqual(result.written, ['Alias.md']);
  assert.ok(lstatSync(join(vault, 'Alias.md')).isSymbolicLink());
  assert.equal(readFileSync(join(vault, 'real/Note.md'), 'utf8'), 'x [[New]]');
  removeVault(base);
});

test('an edit to a note symlinked out of the vault is refused, and the outside file is untouched', async () => {
  const { base, vault, outside } = sandbox({});
  writeFileSync(join(outside, 'Secret.md'), 'x [[Old]]');
  symlinkSync('../outside/Secret.md', join(vault, 'Secret.md'));
  await refused(vault, [{ kind: 'edit', path: p('Secret.md'), edits: [{ start: 4, end: 7, newText: 'New' }] }], /Secret\.md is a symbolic link out of the vault/);
  assert.equal(readFileSync(join(outside, 'Secret.md'), 'utf8'), 'x [[Old]]');
  assert.ok(lstatSync(join(vault, 'Secret.md')).isSymbolicLink());
  removeVault(base);
});

test('a symlinked stub is not moved to .trash (it would dangle there)', async () => {
  const { base, vault } = sandbox({ 'real/Stub.md': 'stub' });
  symlinkSync('real/Stub.md', join(vault, 'Link.md'));
  await refused(vault, [{ kind: 'delete', path: p('Link.md') }], /Link\.md: the file is a symbolic link/);
  assert.ok(lstatSync(join(vault, 'Link.md')).isSymbolicLink());
  assert.ok(!existsSync(join(vault, '.trash')));
  removeVault(base);
});

test('a link and its target both planned for edits are refused: one file is never changed twice', async () => {
  const { base, vault } = sandbox({ 'Note.md': 'abc' });
  symlinkSync('Note.md', join(vault, 'Alias.md'));
  const edit = (path: string): FileChange => ({ kind: 'edit', path: p(path), edits: [{ start: 0, end: 1, newText: 'X' }] });
  await refused(vault, [edit('Note.md'), edit('Alias.md')], /Alias\.md: lands on the same file as Note\.md/);
  assert.equal(readFileSync(join(vault, 'Note.md'), 'utf8'), 'abc');
  removeVault(base);
});

test('an edited read-only page keeps its mode', async () => {
  const dir = writeVault({ 'RO.md': 'x [[Old]]', 'RW.md': 'y [[Old]]' });
  chmodSync(join(dir, 'RO.md'), 0o444);
  chmodSync(join(dir, 'RW.md'), 0o640);
  await applyChanges(dir, ['RO.md', 'RW.md'].map((path): FileChange => ({ kind: 'edit', path: p(path), edits: [{ start: 4, end: 7, newText: 'New' }] })));
  assert.equal(readFileSync(join(dir, 'RO.md'), 'utf8'), 'x [[New]]');
  assert.equal(statSync(join(dir, 'RO.md')).mode & 0o777, 0o444);
  assert.equal(statSync(join(dir, 'RW.md')).mode & 0o777, 0o640);
  removeVault(dir);
});

test('a stub that grew into a real note after planning is not trashed, and nothing else is written', async () => {
  const dir = writeVault({ 'Stub.md': 'stub', 'Keep.md': 'x [[Stub]]' });
  const planned = new Map([['Stub.md', 'stub'], ['Keep.md', 'x [[Stub]]']]);
  writeFileSync(join(dir, 'Stub.md'), 'stub, now a real note with a paragraph the user just wrote');
  await refused(dir, [{ kind: 'edit', path: p('Keep.md'), edits: [{ start: 0, end: 1, newText: 'y' }] }, { kind: 'delete', path: p('Stub.md') }], /Stub\.md: the file changed since the vault was read/, (path) => planned.get(path));
  assert.deepEqual(tree(dir), { 'Stub.md': 'stub, now a real note with a paragraph the user just wrote', 'Keep.md': 'x [[Stub]]' });
  removeVault(dir);
});

test('a MOC created by hand after planning is not overwritten', async () => {
  const dir = writeVault({ 'A.md': 'a' });
  writeFileSync(join(dir, 'Cat MOC.md'), 'my own MOC');
  await refused(dir, [{ kind: 'edit', path: p('A.md'), edits: [{ start: 0, end: 1, newText: 'b' }] }, { kind: 'create', path: p('Cat MOC.md'), text: 'generated' }], /Cat MOC\.md: a file was created there/);
  assert.deepEqual(tree(dir), { 'A.md': 'a', 'Cat MOC.md': 'my own MOC' });
  removeVault(dir);
});

test('.trash/sub2 existing as a file stops the run before any file is moved', async () => {
  const dir = writeVault({ 'sub1/S.md': 's1', 'sub2/S.md': 's2', '.trash/sub2': 'a file, not a folder' });
  await refused(dir, [{ kind: 'delete', path: p('sub1/S.md') }, { kind: 'delete', path: p('sub2/S.md') }], /sub2\/S\.md: cannot be moved to \.trash\/sub2\/S\.md: \.trash\/sub2 exists and is not a folder/);
  assert.deepEqual(tree(dir), { 'sub1/S.md': 's1', 'sub2/S.md': 's2', '.trash/sub2': 'a file, not a folder' });
  removeVault(dir);
});

test('in per-file mode a conflicting page is left alone and reported, the others are written', async () => {
  const dir = writeVault({ 'A.md': 'a', 'B.md': 'b' });
  writeFileSync(join(dir, 'B.md'), 'b edited meanwhile');
  const result = await applyChanges(
    dir,
    ['A.md', 'B.md'].map((path): FileChange => ({ kind: 'edit', path: p(path), edits: [{ start: 0, end: 1, newText: 'Z' }] })),
    { mode: 'each', expectedText: (path) => (path === 'A.md' ? 'a' : 'b') },
  );
  assert.deepEqual(result.written, ['A.md']);
  assert.deepEqual(result.conflicts.map((c) => c.path), ['B.md']);
  assert.deepEqual(tree(dir), { 'A.md': 'Z', 'B.md': 'b edited meanwhile' });
  removeVault(dir);
});

test('two deletions with the same trash name get Obsidian numbers, a dangling link in .trash counts as taken', async () => {
  const dir = writeVault({ 'a/S.md': 'new' });
  mkdirSync(join(dir, '.trash/a'), { recursive: true });
  symlinkSync('nowhere', join(dir, '.trash/a/S.md'));
  const result = await applyChanges(dir, [{ kind: 'delete', path: p('a/S.md') }]);
  assert.deepEqual(result.deleted, [{ path: 'a/S.md', trashedTo: '.trash/a/S 1.md' }]);
  assert.equal(readFileSync(join(dir, '.trash/a/S 1.md'), 'utf8'), 'new');
  assert.ok(lstatSync(join(dir, '.trash/a/S.md')).isSymbolicLink());
  removeVault(dir);
});
