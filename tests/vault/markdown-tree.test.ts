// Two shortcuts in vault/markdown.ts: the GFM table construct is only let through on lines above a
// delimiter row, and only the body is parsed (positions shifted back) instead of the whole file with
// its front-matter blanked. These tests pin that neither ever changes a tree: every input is parsed
// by the engine and, blanked, by a processor with the unmodified extension; the trees must be equal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import remarkWikiLink from 'remark-wiki-link';
import { unified, type Processor } from 'unified';
import { parseFrontMatter } from '../../vault/frontmatter.ts';
import { LineIndex } from '../../vault/lines.ts';
import { markdownTree } from '../../vault/markdown.ts';
import { asVaultPath } from '../../vault/paths.ts';
import { generateVault, markdownFiles, REPO, removeVault } from '../helpers/vault-fixture.ts';

function remarkFullGfmTables(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}
const reference = unified().use(remarkParse).use(remarkFullGfmTables).use(remarkWikiLink, { aliasDivider: '|' }).freeze();

function assertSameTree(text: string, label: string) {
  const lines = new LineIndex(text);
  const bodyStart = parseFrontMatter(asVaultPath('x.md'), text, lines).frontMatter.end;
  const ours = markdownTree(text, bodyStart, lines);
  const blanked = text.slice(0, bodyStart).replace(/[^\r\n]/g, ' ') + text.slice(bodyStart).replaceAll('![[', '\uE000[[');
  assert.deepEqual(ours, reference.parse(blanked), `${label}: the tree differs from the unmodified table extension`);
}

const cases: Record<string, string> = {
  'plain table': '| a | b |\n|---|---|\n| 1 | [[X\\|y]] |\n',
  'no outer pipes': 'a | b\n--|--\n1 | 2\n',
  'aligned': '| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n',
  'one column': '| a |\n| - |\n| [[B]] |\n',
  'colon only delimiter': 'a\n:-\nb\n',
  'setext, not a table': 'Heading\n---\n\ntext | with pipe\n',
  'thematic break after piped line': 'a | b\n---\n',
  'cell count mismatch': '| a | b |\n| - |\n',
  'table interrupting a paragraph': 'some text\n| a | b |\n|---|---|\n| 1 | 2 |\n',
  'table ended by a paragraph row': '| a |\n|---|\nbody row\n\nparagraph [[C]]\n',
  'two tables': '| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n',
  'in a blockquote': '> | a | b |\n> |---|---|\n> | [[D]] | 2 |\n',
  'lazy delimiter in a blockquote': '> | a | b |\n|---|---|\n',
  'in a list item': '- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n',
  'indented code, not a table': '    | a |\n    |---|\n',
  'fenced, not a table': '```\n| a |\n|---|\n```\n',
  'CRLF table': '| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n',
  'delimiter on the first body line': '---\nid: x\n---\n|---|---|\n| 1 | 2 |\n',
  'head on the front-matter fence line': '---\nid: x\n---\n|-|\n',
  'tabs and spaces': 'a\t|\tb\n:-\t|\t-:\n',
  'escaped pipe in head': '| a \\| b | c |\n|---|---|\n',
  'delimiter without dashes': '| a |\n| : |\n',
  'deep quote table': '> > | a |\n> > | - |\n> > | b |\n',
};

// Where the body starts: the whole file is given, front-matter and all.
const bodyStarts: Record<string, string> = {
  'no front-matter': '# Title\n\n[[A]] text\n',
  'a BOM and no front-matter': '\uFEFF# Title\n\n[[A]]\n',
  'a BOM and front-matter': '\uFEFF---\nid: x\n---\n# T\n[[A]]\n',
  'front-matter only': '---\nid: x\n---\n',
  'front-matter without a final line break': '---\nid: x\n---',
  'CRLF front-matter': '---\r\nid: x\r\n---\r\n## H\r\n[[A|b]]\r\n',
  'indented code first': '---\nid: x\n---\n    code [[not a link]]\n\ntext [[B]]\n',
  'a thematic break first': '---\nid: x\n---\n---\ntext\n',
  'a setext underline after the first line': '---\nid: x\n---\nTitle\n===\n',
  'a definition used later': '---\nid: x\n---\n[ref]: /url\n\n## [ref] and [[C]]\n',
  'an unclosed fence': '---\nid: x\n---\n```\n[[D]]\n',
  'an embed first': '---\nid: x\n---\n![[E.png]]\n',
};

for (const [name, body] of Object.entries(cases)) {
  test(`tables: ${name} parses exactly as with the unmodified extension`, () => {
    assertSameTree(body.startsWith('---\n') ? body : `---\nid: t\n---\n${body}`, name);
  });
}

for (const [name, file] of Object.entries(bodyStarts)) {
  test(`body only: a file with ${name} parses exactly as the whole file blanked`, () => {
    assertSameTree(file, name);
  });
}

test('tables: every content page parses exactly as with the unmodified extension', () => {
  const dir = join(REPO, 'content');
  const pages = markdownFiles(dir);
  assert.ok(pages.length > 30);
  for (const page of pages) assertSameTree(readFileSync(join(dir, page), 'utf8'), page);
});

test('tables: a generated tricky vault parses exactly as with the unmodified extension', (t) => {
  const { dir: out } = generateVault(300, 7, true);
  t.after(() => removeVault(dirname(out)));
  const pages = markdownFiles(out);
  assert.ok(pages.length >= 250);
  for (const page of pages) assertSameTree(readFileSync(join(out, page), 'utf8'), page);
});
