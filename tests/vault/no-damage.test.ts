// kb never damages a vault, as a careless user or an attacker would try it with the `kb` command:
// categories naming places outside the vault, symlinks out of it, caches inside it or planted in
// it, twin and unprintable file names, and notes too large or too deep to parse.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { test } from 'node:test';
import { vaultCacheDir } from '../../vault/cache-store.ts';
import { checkReport, loadVault, type CheckReport, type Diagnostic } from '../../vault/index.ts';
import { kb, REPO, removeVault } from '../helpers/vault-fixture.ts';

const prose = 'Generalization is measured on data the model never saw during training, and the gap between the two errors is what regularization tries to close. '.repeat(2);
const page = (id: string, extra = '', body = prose) => `---\nid: wiki-2026-0101-${id}\ntitle: ${id}\ncategory: Topics\nstatus: draft\n${extra}---\n# ${id}\n\n${body}\n`;
const withCategory = (id: string, category: string) => page(id).replace('category: Topics', `category: ${category}`);

/** `<tmp>/vault` (written from `files`) beside `<tmp>/sibling`, so an escape has somewhere to land. */
function sandbox(files: Record<string, string | Uint8Array>) {
  const base = mkdtempSync(join(tmpdir(), 'kb-nodamage-'));
  const vault = join(base, 'vault');
  mkdirSync(join(base, 'sibling/Notes'), { recursive: true });
  mkdirSync(vault);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(vault, path, '..'), { recursive: true });
    writeFileSync(join(vault, path), content);
  }
  return { base, vault };
}

/** Every entry under `dir`, hidden ones included: bytes (as a hash), links and modes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = join(dir, entry);
    const info = lstatSync(full);
    const mode = (info.mode & 0o7777).toString(8);
    if (info.isSymbolicLink()) out[entry] = `link ${readlinkSync(full)}`;
    else if (info.isFile()) out[entry] = `${mode} ${createHash('sha1').update(readFileSync(full)).digest('hex')}`;
    else out[entry] = `${mode} dir`;
  }
  return out;
}

const json = (result: { stdout: string }) => JSON.parse(result.stdout) as CheckReport & { diagnostics: Diagnostic[] };
const rulesOf = (report: { diagnostics: Diagnostic[] }, file: string) => report.diagnostics.filter((d) => d.file === file).map((d) => `${d.severity} ${d.rule}`);

test('a category naming a place outside the vault is a front-matter error under topic and no fix writes follow it', () => {
  const { base, vault } = sandbox({
    'a/Up.md': withCategory('up', '../sibling/Notes'),
    'a/UpTwo.md': withCategory('uptwo', '../../escaped'),
    'a/Slash.md': withCategory('slash', '"a\\\\..\\\\..\\\\target\\\\Report"'),
    'a/Control.md': withCategory('control', '"Tab\\tbed"'),
    'a/Hidden.md': withCategory('hidden', '.git/hooks'),
    'a/Fine.md': withCategory('fine', 'Good/Sub'),
  });
  const report = json(kb(['check', vault, '--json', '--no-cache']));
  for (const file of ['a/Up.md', 'a/UpTwo.md', 'a/Slash.md', 'a/Control.md', 'a/Hidden.md']) {
    assert.deepEqual(rulesOf(report, file), ['error frontmatter-category-path'], file);
    assert.ok(report.invalidFrontMatter.includes(file));
  }
  assert.deepEqual(rulesOf(report, 'a/Fine.md'), []);
  const fix = kb(['fix', vault, '--write', '--only', 'moc', '--profile', 'topic']);
  assert.equal(fix.status, 0, fix.stderr);
  assert.deepEqual(readdirSync(join(base, 'sibling/Notes')), []);
  assert.ok(!existsSync(join(base, '..', 'escaped')) && !existsSync(join(base, 'escaped')));
  assert.deepEqual(readdirSync(vault).sort(), ['Good', 'a']);
  assert.ok(existsSync(join(vault, 'Good/Sub/Sub MOC.md')));
  removeVault(base);
});

test('under the obsidian profile an unsafe category is a warning, and still joins no MOC', () => {
  const { base, vault } = sandbox({ 'Up.md': '---\ncategory: ../sibling/Notes\n---\nSome text.\n' });
  const report = json(kb(['check', vault, '--json', '--no-cache', '--profile', 'obsidian']));
  assert.deepEqual(rulesOf(report, 'Up.md'), ['warning frontmatter-category-path']);
  kb(['moc', vault, '--write', '--profile', 'obsidian']);
  assert.deepEqual(readdirSync(join(base, 'sibling/Notes')), []);
  removeVault(base);
});

test('kb fix --write refuses a .trash symlinked out of the vault with exit 2, and writes nothing', () => {
  const { base, vault } = sandbox({ 'Stub.md': page('stub', '', 'tiny'), 'A.md': page('a', '', `${prose} [[B]]`), 'B.md': page('b') });
  mkdirSync(join(base, 'outside'));
  symlinkSync('../outside', join(vault, '.trash'));
  const before = snapshot(vault);
  for (const args of [['fix', vault, '--write'], ['fix', vault]]) {
    const result = kb(args);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /Stub\.md: cannot be moved to \.trash\/Stub\.md: \.trash is a symbolic link out of the vault/);
  }
  assert.deepEqual(snapshot(vault), before);
  assert.deepEqual(readdirSync(join(base, 'outside')), []);
  removeVault(base);
});

test('kb check and a dry-run kb fix leave the vault byte-identical, hidden files included', () => {
  const { base, vault } = sandbox({
    'Stub.md': page('stub', '', 'tiny'),
    'A.md': page('a', '', `${prose} [[B]] [[b]] [[Missing]]`),
    'B.md': page('b'),
    '.obsidian/app.json': '{}',
    '.trash/Old.md': 'old',
    '.hidden': 'x',
    'img/pic.png': new Uint8Array([1, 2, 3]),
  });
  chmodSync(join(vault, 'B.md'), 0o444);
  const before = snapshot(vault);
  // From the repository (a project with node_modules) and from inside the vault itself.
  for (const cwd of [REPO, vault]) {
    assert.equal(kb(['check', vault, '--json'], { cwd }).status, 0);
    assert.equal(kb(['check', vault, '--json'], { cwd }).status, 0);
    assert.equal(kb(['fix', vault, '--profile', 'topic'], { cwd }).status, 1);
    assert.equal(kb(['moc', vault, '--json', '--profile', 'topic'], { cwd }).status, 1);
    assert.deepEqual(snapshot(vault), before);
  }
  removeVault(base);
});

test('the cache folder is outside the vault, even when the vault is itself a project with node_modules', () => {
  const { base, vault } = sandbox({ 'package.json': '{}', 'node_modules/.keep': '' });
  const dir = vaultCacheDir(vault, {}, vault);
  assert.ok(!dir.startsWith(`${vault}/`), dir);
  assert.ok(dir.startsWith(join(REPO, 'node_modules/.cache/kb/vaults/')) || !dir.startsWith(REPO), dir);
  assert.ok(vaultCacheDir(vault, {}, REPO).startsWith(join(REPO, 'node_modules/.cache/kb/vaults/vault-')));
  assert.ok(vaultCacheDir(vault, { KB_CACHE_DIR: '/tmp/kbc' }, REPO).startsWith('/tmp/kbc/vaults/'));
  // Keyed by the real path: a symlink to the vault shares its cache.
  symlinkSync(vault, join(base, 'alias'));
  assert.equal(vaultCacheDir(join(base, 'alias'), {}, REPO), vaultCacheDir(vault, {}, REPO));
  removeVault(base);
});

type Shard = { entries: Record<string, { size: number; mtimeMs: number; hash: string; stored: { page: Record<string, unknown> } }> };

/** Rewrites the cache shard holding `path`, with its digest recomputed (planted) or not (damaged). */
function forge(vault: string, path: string, edit: (entry: Shard['entries'][string]) => void, digest: boolean) {
  const shards = join(vaultCacheDir(vault), 'pages-topic');
  for (const name of readdirSync(shards)) {
    const file = join(shards, name);
    const bytes = readFileSync(file);
    const data = deserialize(bytes.subarray(0, bytes.length - 20)) as Shard;
    if (!data.entries[path]) continue;
    edit(data.entries[path]);
    const payload = serialize(data);
    writeFileSync(file, Buffer.concat([payload, digest ? createHash('sha1').update(payload).digest() : Buffer.alloc(20)]));
    return;
  }
  throw new Error(`no cache entry for ${path}`);
}

/** Runs `body` with kb's caches in a fresh folder (the CLI it starts inherits it). */
async function withCacheDir(body: () => Promise<void>) {
  const cacheRoot = mkdtempSync(join(tmpdir(), 'kb-cache-'));
  process.env.KB_CACHE_DIR = cacheRoot;
  try {
    await body();
  } finally {
    delete process.env.KB_CACHE_DIR;
    removeVault(cacheRoot);
  }
}

test('a re-stamped (damaged) parse-cache entry is ignored: an invalid status is still reported', () =>
  withCacheDir(async () => {
    const { base, vault } = sandbox({ 'Real.md': page('real'), 'A.md': page('a') });
    await loadVault(vault);
    // Same size, new status; the entry is re-stamped to the file's new mtime, as in the report.
    writeFileSync(join(vault, 'Real.md'), page('real').replace('status: draft', 'status: bogus'));
    const { mtimeMs } = statSync(join(vault, 'Real.md'));
    forge(vault, 'Real.md', (entry) => (entry.mtimeMs = mtimeMs), false);
    const report = checkReport(await loadVault(vault));
    assert.ok(report.invalidFrontMatter.includes('Real.md' as never), JSON.stringify(report.diagnostics));
    removeVault(base);
  }));

test('a planted parse-cache entry calling a real note a stub never gets it trashed', () =>
  withCacheDir(async () => {
    const { base, vault } = sandbox({ 'Real.md': page('real'), 'A.md': page('a', '', `${prose} [[Real]]`) });
    await loadVault(vault);
    forge(vault, 'Real.md', (entry) => (entry.stored.page.bodyTextLength = 3), true);
    const fix = kb(['fix', vault, '--write', '--only', 'stubs']);
    assert.equal(fix.status, 0, fix.stderr);
    assert.match(fix.stderr, /parse cache disagrees/);
    assert.ok(existsSync(join(vault, 'Real.md')));
    assert.ok(!existsSync(join(vault, '.trash')));
    removeVault(base);
  }));

test('two notes named Café.md in NFC and NFD are both named in an error; case-only twins in a warning', async () => {
  const nfc = 'Caf\u00e9.md';
  const nfd = 'Cafe\u0301.md';
  const { base, vault } = sandbox({ [nfc]: page('nfc'), [nfd]: page('nfd'), 'Note.md': page('upper'), 'note.md': page('lower') });
  const report = checkReport(await loadVault(vault, { cache: false }));
  const twin = report.diagnostics.find((d) => d.rule === 'name-unicode-twin')!;
  assert.equal(twin.severity, 'error');
  assert.equal(twin.file, nfc);
  assert.ok(twin.message.includes(`\`${nfc}\` (NFC`) && twin.message.includes(`\`${nfd}\` (NFD`), twin.message);
  const cases = report.diagnostics.filter((d) => d.rule === 'name-case-twin');
  assert.deepEqual(cases.map((d) => `${d.severity} ${d.file}`), ['warning Note.md', 'warning note.md']);
  assert.match(cases[0]!.message, /`Note\.md` and `note\.md` differ only in case/);
  removeVault(base);
});

test('names with a backslash or a control character are reported and never written into a MOC link', async () => {
  const { base, vault } = sandbox({ 'Topics/back\\slash.md': page('back'), 'Topics/new\nline.md': page('newline'), 'Topics/Plain.md': page('plain'), 'Topics/Topics MOC.md': '---\ntype: moc\ncategory: Topics\n---\n<!-- moc:begin -->\n<!-- moc:end -->\n' });
  const report = checkReport(await loadVault(vault, { cache: false }));
  assert.deepEqual(
    report.diagnostics.filter((d) => d.rule === 'name-unreadable').map((d) => d.file),
    ['Topics/back\\slash.md', 'Topics/new\\u000aline.md'],
  );
  assert.equal(kb(['moc', vault, '--write']).status, 0);
  const moc = readFileSync(join(vault, 'Topics/Topics MOC.md'), 'utf8');
  assert.match(moc, /\[\[Plain\]\]/);
  assert.doesNotMatch(moc, /slash|line/);
  assert.equal(readFileSync(join(vault, 'Topics/new\nline.md'), 'utf8'), page('newline'));
  removeVault(base);
});

test('a note over limits.maxNoteBytes or limits.maxLinksPerNote is reported, not parsed, never a stub, never trashed', async () => {
  const { base, vault } = sandbox({
    'kb.config.json': '{ "limits": { "maxNoteBytes": 4000, "maxLinksPerNote": 5 } }',
    'Big.md': page('big', '', 'tiny').replace('status: draft', 'status: stub') + ' '.repeat(5000),
    'Linky.md': page('linky', '', 'tiny [[A]] [[A]] [[A]] [[A]] [[A]] [[A]]').replace('status: draft', 'status: stub'),
    'A.md': page('a'),
  });
  const report = json(kb(['check', vault, '--json']));
  assert.deepEqual(rulesOf(report, 'Big.md'), ['warning note-too-large']);
  assert.deepEqual(rulesOf(report, 'Linky.md'), ['warning note-too-large']);
  assert.match(report.diagnostics.find((d) => d.file === 'Linky.md')!.message, /more than 5 wikilinks/);
  assert.deepEqual(report.stubs, []);
  assert.equal(report.links.total, 0);
  const fix = kb(['fix', vault, '--write', '--profile', 'topic']);
  assert.equal(fix.status, 0, fix.stderr);
  assert.ok(existsSync(join(vault, 'Big.md')) && existsSync(join(vault, 'Linky.md')));
  // Raising the limit in the config takes effect at once (the caches are keyed by it).
  writeFileSync(join(vault, 'kb.config.json'), '{ "limits": { "maxNoteBytes": 400000, "maxLinksPerNote": 50 } }');
  const raised = json(kb(['check', vault, '--json']));
  assert.deepEqual(raised.stubs, ['Big.md', 'Linky.md']);
  removeVault(base);
});

test('a note over the default 5 MB is skipped without reading it whole', async () => {
  const { base, vault } = sandbox({ 'Huge.md': page('huge', '', '[[A]] '.repeat(1_000_000)), 'A.md': page('a') });
  const report = checkReport(await loadVault(vault, { cache: false }));
  assert.deepEqual(report.diagnostics.filter((d) => d.file === 'Huge.md').map((d) => d.rule), ['note-too-large']);
  assert.equal(report.links.total, 0);
  removeVault(base);
});

test('a line of 10,000 list markers is read line by line, with its links', async () => {
  const { base, vault } = sandbox({ 'Deep.md': page('deep', '', `${prose}\n\n${'- '.repeat(10_000)}[[A]]`), 'A.md': page('a') });
  const report = checkReport(await loadVault(vault, { cache: false }));
  assert.deepEqual(report.diagnostics.filter((d) => d.file === 'Deep.md').map((d) => d.rule), ['markdown-unparsed']);
  assert.equal(report.links.resolved, 1);
  removeVault(base);
});

test('links are found exactly where the plain wiki-link plugin finds them, lines of unclosed brackets included', async () => {
  const [{ unified }, { default: remarkParse }, { default: remarkGfm }, { default: remarkWikiLink }, { visit }, { parsePage }] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-gfm'),
    import('remark-wiki-link'),
    import('unist-util-visit'),
    import('../../vault/parse-page.ts'),
  ]);
  const plain = unified().use(remarkParse).use(remarkGfm).use(remarkWikiLink, { aliasDivider: '|' });
  const reference = (text: string) => {
    const starts: number[] = [];
    visit(plain.parse(text), (node: { type: string; position?: { start: { offset?: number } } }) => void (node.type === 'wikiLink' && starts.push(node.position!.start.offset!)));
    return starts;
  };
  const samples = [
    '[[a]] [[b|c]] [[d\n[[e]]',
    '[[a [[b]] c]]',
    '[[x]y]] [[z]] [[w]',
    '[[ [[a|b]] ]]',
    '[[a]]] [[[b]]] [[c|]] [[|d]] [[e\tf]]',
    '> [[q\n> uo]] [[ok]]',
    `${'[[a '.repeat(500)}[[b]]`,
    `${'['.repeat(300)}]] [[c]]`,
    '[[a\r\nb]] [[c]]\r\n[[d|e]]',
    '- [[in list]]\n\n  [[indented]]\n\n    [[code]]\n',
  ];
  const corpus = readdirSync(join(REPO, 'content'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(REPO, 'content', f), 'utf8'));
  for (const raw of [...samples, ...corpus]) {
    // Embeds are left out: the plain parser reads `![` as an image.
    const text = raw.replaceAll('![[', ' [[').replace(/^---\n[\s\S]*?\n---\n/, (fm) => '\n'.repeat(fm.split('\n').length - 1));
    assert.deepEqual(parsePage('x.md', text, { profile: 'obsidian' }).links.map((l) => l.start), reference(text), text.slice(0, 80));
  }
});
