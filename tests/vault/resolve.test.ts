// Link extraction and resolution, rule by rule (docs/vault-semantics.md, Links).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePage, Vault, type VaultPath } from '../../vault/index.ts';

const prose = 'Enough prose to keep this page from being a stub for the purposes of these tests, repeated a few times over. '.repeat(3);
const page = (title: string, extra = '') => `---\nid: wiki-2026-0101-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}\ntitle: ${title}\ncategory: T\nstatus: draft\n${extra}---\n${prose}\n`;

function vaultOf(files: Record<string, string>, attachments: string[] = []) {
  const texts = new Map(Object.entries(files));
  const pages = Object.entries(files).map(([path, text]) => parsePage(path, text));
  return new Vault({ dir: '/v', profile: 'topic', pages, attachments: attachments as VaultPath[], texts: { get: (p) => texts.get(p) } });
}

const linksOf = (text: string) => parsePage('x.md', `---\n---\n${text}`, { profile: 'obsidian' }).links;

test('wikilink forms: display, anchor, both, embeds, and the table divider \\|', () => {
  const links = linksOf('[[A]] [[B|shown]] [[C#sec]] [[D#sec|shown]] ![[E]] ![[img.png]]\n\n| k | v |\n|---|---|\n| x | [[F\\|cell]] |\n');
  assert.deepEqual(
    links.map((l) => [l.target, l.anchor, l.display, l.embed, l.inTable]),
    [
      ['A', null, null, false, false],
      ['B', null, 'shown', false, false],
      ['C', 'sec', null, false, false],
      ['D', 'sec', 'shown', false, false],
      ['E', null, null, true, false],
      ['img.png', null, null, true, false],
      ['F', null, 'cell', false, true],
    ],
  );
  const embed = links[4]!;
  assert.equal(embed.raw, '![[E]]');
  assert.deepEqual([embed.line, embed.column], [3, 45]);
});

test('code, inline code, HTML comments and %% comments hold no links', () => {
  const links = linksOf('`[[a]]` <!-- [[b]] --> %%[[c]]%%\n\n```\n[[d]]\n```\n\n    [[e]]\n\n<!--\n[[f]]\n-->\n\n%%\n[[g]]\n%%\n\n[[real]]\n');
  assert.deepEqual(links.map((l) => l.target), ['real']);
});

test('a colon in a target is not a divider (remark-wiki-link defaults to `:`)', () => {
  assert.deepEqual(linksOf('[[E:x]]').map((l) => [l.target, l.display]), [['E:x', null]]);
});

test('resolution follows rules 1–4 in order: path, name, title, alias', () => {
  const v = vaultOf({
    'a/Note.md': page('Note Title', 'aliases: [Nickname]\n'),
    'b/Other.md': page('Other'),
  });
  const from = 'b/Other.md' as VaultPath;
  assert.deepEqual(pick(v.resolve('a/Note', from)), ['a/Note.md', 'path']);
  assert.deepEqual(pick(v.resolve('note', from)), ['a/Note.md', 'name']);
  assert.deepEqual(pick(v.resolve('NOTE  title', from)), ['a/Note.md', 'title']);
  assert.deepEqual(pick(v.resolve('nickname', from)), ['a/Note.md', 'alias']);
  assert.deepEqual(pick(v.resolve('Note.md', from)), ['a/Note.md', 'name']);
  assert.deepEqual(pick(v.resolve('Missing', from)), [null, null]);
});

test('a path-form target matches on a segment boundary only', () => {
  const v = vaultOf({ 'x/ab/Note.md': page('One'), 'y/b/Note.md': page('Two') });
  assert.equal(v.resolve('b/Note', 'x/ab/Note.md' as VaultPath).path, 'y/b/Note.md');
});

test('./ and ../ resolve against the linking page folder, and never above the vault', () => {
  const v = vaultOf({ 'a/b/Here.md': page('Here'), 'a/Up.md': page('Up'), 'a/b/Side.md': page('Side') });
  const from = 'a/b/Here.md' as VaultPath;
  assert.equal(v.resolve('../Up', from).path, 'a/Up.md');
  assert.equal(v.resolve('./Side', from).path, 'a/b/Side.md');
  assert.equal(v.resolve('../../../Up', from).path, null);
});

test('several matches: the shortest path wins, with an ambiguous-link warning', () => {
  const v = vaultOf({ 'deep/er/Same.md': page('First'), 'top/Same.md': page('Second'), 'Linker.md': `${page('Linker')}[[Same]]\n` });
  const link = v.outlinks('Linker.md' as VaultPath)[0]!;
  assert.equal(link.resolution.path, 'top/Same.md');
  assert.deepEqual(link.resolution.ambiguous, ['deep/er/Same.md']);
  assert.ok(v.diagnostics.some((d) => d.rule === 'ambiguous-link' && d.file === 'Linker.md'));
});

test('attachments resolve by file name with their extension and count as resolved when the file exists', () => {
  const v = vaultOf({ 'n/Page.md': `${page('Page')}![[diagram.png]] [[talk.pdf]] ![[missing.png]]\n` }, ['img/diagram.png', 'docs/talk.pdf']);
  assert.deepEqual(v.outlinks('n/Page.md' as VaultPath).map((l) => [l.class, l.resolution.path]), [
    ['resolved', 'img/diagram.png'],
    ['resolved', 'docs/talk.pdf'],
    ['unresolved', null],
  ]);
});

test('link classes: redirect, fixable (one fuzzy owner, not the page itself), unresolved', () => {
  const v = vaultOf({
    'Canon.md': page('Canon Page'),
    'Old.md': page('Old Page', 'duplicate_of: wiki-2026-0101-canon-page\n').replace('status: draft', 'status: redirect'),
    'Linker.md': `${page('Linker')}[[Old]] [[Canon_Page]] [[canonpage]] [[Linker-]] [[Nowhere]]\n`,
  });
  assert.deepEqual(v.outlinks('Linker.md' as VaultPath).map((l) => [l.target, l.class, l.finalTarget]), [
    ['Old', 'redirect', 'Canon.md'],
    ['Canon_Page', 'fixable', 'Canon.md'],
    ['canonpage', 'fixable', 'Canon.md'],
    ['Linker-', 'unresolved', null], // only fuzzy owner is the page itself
    ['Nowhere', 'unresolved', null],
  ]);
});

test('redirect cycles and dangling duplicate_of are errors on the redirect page', () => {
  const redirect = (title: string, to: string) => page(title, `duplicate_of: wiki-2026-0101-${to}\n`).replace('status: draft', 'status: redirect');
  const v = vaultOf({ 'A.md': redirect('A', 'b'), 'B.md': redirect('B', 'a'), 'C.md': redirect('C', 'gone') });
  assert.deepEqual(
    v.diagnostics.filter((d) => d.rule.startsWith('redirect-')).map((d) => [d.file, d.rule, d.line]),
    [
      ['A.md', 'redirect-cycle', 6],
      ['B.md', 'redirect-cycle', 6],
      ['C.md', 'redirect-missing-target', 6],
    ],
  );
  assert.equal(v.redirects.broken.size, 3);
});

test('a full topic page validates under the topic profile; its Graph section yields its 6 links and code hides none', async () => {
  const { readFileSync } = await import('node:fs');
  const page = parsePage('10_Wiki/Concepts/Regularization.md', readFileSync(new URL('../fixtures/vault/Regularization.md', import.meta.url)));
  assert.equal(page.valid, true, JSON.stringify(page.diagnostics));
  assert.deepEqual(page.links.filter((l) => l.inGraph).map((l) => l.target), ['Generalization', 'Weight-Decay', 'Dropout', 'Early-Stopping', 'Data-Augmentation', 'Bias-Variance-Tradeoff']);
  assert.deepEqual(page.links.filter((l) => !l.inGraph).map((l) => l.target), ['Weight-Decay', 'Early-Stopping']);
  assert.equal(page.codeBlocks.length, 4);
});

function pick(r: { path: string | null; rule: string | null }) {
  return [r.path, r.rule];
}
