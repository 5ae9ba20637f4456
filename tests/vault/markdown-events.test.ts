// Pages are read from micromark's events, and from the mdast tree only where the events reader gives
// up (vault/markdown-events.ts). These tests pin that the two readings never differ: headings, code
// blocks, excluded regions and wikilinks are equal on hand-made edge cases, on every content page and
// on a generated tricky vault, and the events reader really reads almost all of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseFrontMatter } from '../../vault/frontmatter.ts';
import { LineIndex } from '../../vault/lines.ts';
import { markdownBlocks, parseMarkdown } from '../../vault/markdown.ts';
import { asVaultPath } from '../../vault/paths.ts';
import { generateVault, markdownFiles, REPO, removeVault } from '../helpers/vault-fixture.ts';

/** Both readings of a file; `events` is null where that reader gave up. */
function readings(text: string) {
  const lines = new LineIndex(text);
  const bodyStart = parseFrontMatter(asVaultPath('x.md'), text, lines).frontMatter.end;
  return { events: markdownBlocks('events', text, bodyStart, lines), tree: markdownBlocks('tree', text, bodyStart, lines), lines, bodyStart };
}

function assertSameReading(text: string, label: string): boolean {
  const { events, tree } = readings(text);
  if (events !== null) assert.deepEqual(events, tree, `${label}: the events reading differs from the tree's`);
  return events !== null;
}

const fm = '---\nid: t\ntitle: T\n---\n';

/** Inputs the events reader must read itself, to the tree's result. */
const read: Record<string, string> = {
  'plain headings, ATX and setext': '# One\n\n## Two ####\n\nThree\n---\n\n### \n\n####   Four   \n',
  'fenced code with info and meta': '## Code\n\n```ts title="x.ts" {1}\nconst a = 1;\n\n\nconst b = [[Not a link]];\n```\n',
  'a tilde fence, an unclosed fence': '~~~\nraw\n~~~\n\n```python\nprint(1)\n',
  'indented code': 'para\n\n    indented [[no]]\n    \n    more\n\nafter [[Yes]]\n',
  'code in a blockquote and in a list': '> ```\n> quoted\n> [[no]]\n> ```\n\n- item\n\n  ```js\n  listed\n  ```\n',
  'tabs in code in a list': '-\tx\n\n\t\tcode\twith\ttabs\n\n1. a\n\n   ```\n\tt\n   ```\n',
  'CRLF code and links': '## H\r\n\r\n```\r\na\r\nb\r\n```\r\n\r\nSee [[A|b]].\r\n',
  'an embed in code and out of it': '```\n![[inside.png]]\n```\n\n![[Outside.png]] and ![[Page#Part|shown]]\n',
  'HTML comments, flow and inline': '<!-- a [[Hidden]] comment -->\n\ntext <!-- inline [[Also]] --> end [[Shown]]\n\n<div>\n[[In html]]\n</div>\n',
  'inline code': 'a `[[not]]` b ``[[x]] ` y`` c [[Yes]]\n\nonly `a code span` here\n\n| `cell code` |\n|---|\n',
  'an inline comment in plain text': 'text <!-- no link here --> more\n',
  'link destinations and titles beside wikilinks': '[a](http://x "t") and [[W]]\n\n[see [[V]]](<http://x\\_y> "ti&amp;tle") ![alt](i.png \'x\') [[U|u]]\n',
  'links, images and HTML without wikilinks': 'a [plain](http://x) and <span>html</span> and ![img](x.png)\n\n[ref]: /u\n\nsee [ref] and <a title="[[Not a link]]">[[Is a link]]</a>\n',
  'wikilinks in a table': '| a | b |\n|---|---|\n| [[A\\|alias]] | [[B]] |\n\n[[After]]\n',
  'a wikilink in an image label is no link': '![see [[Alt]]](x.png) and ![ref [[Alt2]]][r]\n\n[r]: /y.png\n\n[label [[InLink]]](url)\n',
  'links in lists, quotes, and lazy lines': '- [[One]]\n  - [[Two]]\n> [[Three]]\nlazy [[Four]]\n',
  'an alias divider with blanks and a heading anchor': '[[ Target # Part | Shown text ]] and [[x|y|z]]\n',
  'a code block under a heading': '## Early stopping (val)\n\n```ts\nx\n```\n\n### Next\n\n```\ny\n```\n',
  'a comment fence and a Graph section': '## 🔗 Graph\n\n- [[A]] %% [[Commented]] %%\n\n## After\n',
  'an empty body': '',
  'headings with inline markup': '## The *real* gap\n\n# Fish &amp; chips &#35;\n\n## `fit()` options ##\n\n> ### \\*not emphasis\\* <b>x</b> _y_\n\nTitle with `code`\n---\n\n## a\\\n',
};

/** Inputs where the events reader must give up: the tree reads them. */
const givenUp: Record<string, string> = {
  'a heading with a wikilink': '## See [[Other]]\n',
  'a heading with a link reference': '## See [ref]\n\n[ref]: /u\n',
  'an info string with an escape': '```ts\\ x\ncode\n```\n',
  'a setext heading over two lines': 'First line\nsecond line\n===\n',
};

for (const [name, body] of Object.entries(read)) {
  test(`events reader: ${name} read exactly as from the tree`, () => {
    assert.ok(assertSameReading(`${fm}${body}`, name), `${name}: the events reader gave up`);
  });
}

for (const [name, body] of Object.entries(givenUp)) {
  test(`events reader: ${name} is left to the tree`, () => {
    const { events, tree, lines, bodyStart } = readings(`${fm}${body}`);
    assert.equal(events, null);
    assert.ok(tree !== null);
    // The page is still read in full.
    const facts = parseMarkdown(`${fm}${body}`, bodyStart, lines);
    assert.deepEqual(facts.headings, tree.headings);
  });
}

test('events reader: every content page reads as from the tree', () => {
  const dir = join(REPO, 'content');
  const pages = markdownFiles(dir);
  let byEvents = 0;
  for (const page of pages) if (assertSameReading(readFileSync(join(dir, page), 'utf8'), page)) byEvents++;
  assert.ok(byEvents >= pages.length * 0.95, `only ${byEvents} of ${pages.length} content pages read by events`);
});

test('events reader: a generated tricky vault reads as from the tree, almost all by events', (t) => {
  const { dir: out } = generateVault(300, 7, true);
  t.after(() => removeVault(dirname(out)));
  const pages = markdownFiles(out);
  let byEvents = 0;
  for (const page of pages) if (assertSameReading(readFileSync(join(out, page), 'utf8'), page)) byEvents++;
  assert.ok(byEvents >= pages.length * 0.95, `only ${byEvents} of ${pages.length} pages read by events`);
});
