// `kb check --profile obsidian` on tests/fixtures/obsidian-vault, a small vault written to the traits
// of real Obsidian vaults: dotted note names, attachments with and without files, lenient front-matter
// written by templates, templates folders of both plugins, short and empty notes, a NUL byte in a
// code block. Every expectation below is worked out from shared/spec/vault.md by hand.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkReport, loadVault, parsePage, type VaultPath } from '../../vault/index.ts';
import { obsidianCopy } from '../helpers/obsidian-fixture.ts';
import { kb, removeVault, writeVault } from '../helpers/vault-fixture.ts';

const dir = obsidianCopy();
after(() => removeVault(join(dir, '..')));
const vault = await loadVault(dir, { cache: false });
const report = checkReport(vault);
const link = (from: string, raw: string) => {
  const found = vault.links.find((l) => l.from === from && l.raw === raw);
  assert.ok(found, `no link ${raw} on ${from}`);
  return [found.class, found.resolution.path];
};

test('a vault with .obsidian/ is checked under the obsidian profile without being told', () => {
  assert.equal(vault.profile, 'obsidian');
  assert.equal(vault.settings.reason, '.obsidian/ folder');
});

test('the link classes, stubs and invalid front-matter are the spec’s', () => {
  assert.equal(report.pages, 21);
  assert.deepEqual(report.links, { total: 20, resolved: 15, redirect: 0, fixable: 1, unresolved: 4, unresolvedInGraph: 2 });
  assert.deepEqual(report.stubs, ['Draft.md', 'Empty linked.md', 'Empty.md']);
  assert.deepEqual(report.invalidFrontMatter, ['Broken YAML.md']);
  assert.deepEqual(report.duplicates, []);
});

test('kb check --profile obsidian --json prints the same counts, and exits 1 for the one malformed YAML', () => {
  const result = kb(['check', dir, '--profile', 'obsidian', '--json', '--no-cache']);
  assert.equal(result.status, 1);
  const printed = JSON.parse(result.stdout);
  assert.deepEqual([printed.pages, printed.links, printed.stubs, printed.invalidFrontMatter], [report.pages, report.links, report.stubs, report.invalidFrontMatter]);
});

test('dotted note names reach their notes when no file of that name exists', () => {
  assert.deepEqual(link('Home.md', '[[Node.js]]'), ['resolved', 'Tech/Node.js.md']);
  assert.deepEqual(link('Home.md', '[[mailbox.org]]'), ['resolved', 'mailbox.org.md']);
  assert.deepEqual(link('Home.md', '[[OLED.Black]]'), ['resolved', 'Displays/OLED.Black.md']);
  assert.deepEqual(link('Tech/Node.js.md', '[[mailbox.org#Setup|mail setup]]'), ['resolved', 'mailbox.org.md']);
});

test('a dotted target that names an existing file is that attachment; a missing image is a missing attachment', () => {
  assert.deepEqual(link('Home.md', '[[build.sh]]'), ['resolved', 'scripts/build.sh']);
  assert.deepEqual(link('Home.md', '![[settings.yaml]]'), ['resolved', 'settings.yaml']);
  assert.deepEqual(link('Home.md', '![[photo.jpg]]'), ['resolved', 'attachments/photo.jpg']);
  assert.deepEqual(link('Home.md', '![[diagram.png]]'), ['unresolved', null]);
});

test('with a file Node.js and a note Node.js.md, [[Node.js]] is the file and [[Node.js.md]] the note', () => {
  const v = writeVault({ 'Node.js': 'console.log(1)', 'Node.js.md': 'A note.\n', 'A.md': '[[Node.js]] [[Node.js.md]]\n', '.obsidian/app.json': '{}' });
  after(() => removeVault(v));
  return loadVault(v, { cache: false }).then((loaded) => {
    assert.deepEqual(
      loaded.outlinks('A.md' as VaultPath).map((l) => l.resolution.path),
      ['Node.js', 'Node.js.md'],
    );
  });
});

test('tags, aliases and cssclasses written as a string, a comma list or a list with empty items are no errors', () => {
  const noisy = report.diagnostics.filter((d) => ['Home.md', 'mailbox.org.md', 'Books/Book A.md', 'Books/Book B.md'].includes(d.file) && d.rule.startsWith('frontmatter'));
  assert.deepEqual(noisy, []);
  assert.deepEqual(vault.pages.get('Books/Book A.md' as VaultPath)!.aliases, ['Fold']);
  assert.deepEqual(link('Home.md', '[[Fold]]'), ['resolved', 'Books/Book A.md']);
});

test('front-matter that parses but is no map, or a value Obsidian cannot use, is a warning; only malformed YAML is an error', () => {
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.file, d.rule]), [['Broken YAML.md', 'yaml-syntax']]);
  assert.ok(report.diagnostics.some((d) => d.file === 'List front-matter.md' && d.rule === 'frontmatter-not-a-map' && d.severity === 'warning'));
  const odd = parsePage('Odd.md', '---\naliases: 3\ncssclasses: {a: 1}\n---\ntext\n', { profile: 'obsidian' });
  assert.deepEqual(odd.diagnostics.map((d) => d.severity), ['warning', 'warning']);
  assert.equal(odd.valid, true);
});

test('headings, code, comments and placeholders are content: only notes with nothing in them are empty', () => {
  for (const path of ['Headings only.md', 'Code only.md', 'Comment only.md', 'Graph notes.md']) assert.ok(!report.stubs.includes(path), path);
});

test('templates folders of the Templates plugin and of Templater are never stubs, and their placeholders are not links', () => {
  assert.deepEqual(vault.settings.templateFolders.sort(), ['Meta/Templater', 'Templates']);
  for (const path of ['Templates/Daily.md', 'Templates/Empty template.md', 'Meta/Templater/Meeting.md']) {
    assert.ok(!report.stubs.includes(path), path);
    assert.deepEqual(vault.outlinks(path as VaultPath), [], path);
  }
});

test('a template whose front-matter is malformed until it is filled in is warned about, not failed', async () => {
  const v = writeVault({ '.obsidian/templates.json': '{"folder": "Templates"}', 'Templates/T.md': '---\ntitle: {{title\n---\n# {{title}}\n', 'Note.md': '---\ntitle: {{title\n---\ntext\n' });
  after(() => removeVault(v));
  const r = checkReport(await loadVault(v, { cache: false }));
  assert.deepEqual(r.invalidFrontMatter, ['Note.md']);
  assert.ok(r.diagnostics.some((d) => d.file === 'Templates/T.md' && d.rule === 'yaml-syntax' && d.severity === 'warning'));
});

test('two notes with the same title in a templates folder are not duplicates', async () => {
  const v = writeVault({ '.obsidian/templates.json': '{"folder": "T"}', 'T/A.md': '---\ntitle: Meeting\n---\nx\n', 'T/B.md': '---\ntitle: Meeting\n---\ny\n' });
  after(() => removeVault(v));
  assert.deepEqual(checkReport(await loadVault(v, { cache: false })).duplicates, []);
});

test('a NUL byte inside valid UTF-8 is text: the note keeps its links; a mostly-NUL file is still binary', () => {
  const page = vault.pages.get('Captured output.md' as VaultPath)!;
  assert.equal(page.binary, false);
  assert.deepEqual(link('Captured output.md', '[[Node.js]]'), ['resolved', 'Tech/Node.js.md']);
  const utf16 = parsePage('U.md', Buffer.from('# title [[x]]\n', 'utf16le'), { profile: 'obsidian' });
  assert.equal(utf16.binary, true);
});

test('unresolved links in a heading containing "Graph" are notes not yet written: reported as info under obsidian', () => {
  const graph = report.diagnostics.filter((d) => d.file === 'Graph notes.md');
  assert.deepEqual(graph.map((d) => [d.rule, d.severity]), [['unresolved-graph-link', 'info'], ['unresolved-graph-link', 'info']]);
});
