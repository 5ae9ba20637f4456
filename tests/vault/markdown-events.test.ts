// Pages are read from micromark's events, and from the mdast tree only where the events reader gives
// up (vault/markdown-events.ts). These tests pin that the two readings never differ: headings, code
// blocks, excluded regions and wikilinks are equal on hand-made edge cases, on every content page, on
// a generated tricky vault and on random bodies built from Markdown's sharp edges, and the events
// reader really reads almost all of them. The events reader hands micromark the body with its long
// prose runs cut (vault/prose-runs.ts): its reading must equal both the uncut one and the tree's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseFrontMatter } from '../../vault/frontmatter.ts';
import { LineIndex } from '../../vault/lines.ts';
import { markdownBlocks, parseMarkdown } from '../../vault/markdown.ts';
import { asVaultPath } from '../../vault/paths.ts';
import { cutProseRuns } from '../../vault/prose-runs.ts';
import { generateVault, markdownFiles, REPO, removeVault } from '../helpers/vault-fixture.ts';

/** Both readings of a file; `events` is null where that reader gave up. */
function readings(text: string) {
  const lines = new LineIndex(text);
  const bodyStart = parseFrontMatter(asVaultPath('x.md'), text, lines).frontMatter.end;
  return { events: markdownBlocks('events', text, bodyStart, lines), tree: markdownBlocks('tree', text, bodyStart, lines), lines, bodyStart };
}

function assertSameReading(text: string, label: string): boolean {
  const { events, tree, lines, bodyStart } = readings(text);
  const uncut = markdownBlocks('events-uncut', text, bodyStart, lines);
  assert.equal(events === null, uncut === null, `${label}: only one of the cut and uncut events readings gave up`);
  if (events !== null) {
    assert.deepEqual(events, uncut, `${label}: the events reading of the cut body differs from the uncut one's`);
    assert.deepEqual(events, tree, `${label}: the events reading differs from the tree's`);
  }
  return events !== null;
}

/** Whether the events reader cuts prose runs in this file's body. */
function isCut(text: string): boolean {
  const lines = new LineIndex(text);
  const bodyStart = parseFrontMatter(asVaultPath('x.md'), text, lines).frontMatter.end;
  return cutProseRuns(text.slice(bodyStart)) !== null;
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
  'prose runs beside fences, list numbers and headings': '## Long heading words here ##\n\nPlain prose with many words in it\n1234567890. not a list item at all\n\n```ts title words here {1}\nconst value = words in code here\n```\n\n- item with several words [[Some Target Page|an alias with words]]\n- `code span with words` then more words\n\n| head words here | more head words |\n|---|---|\n| cell words here | [[Cell Link Words]] |\n',
  'an indented comment block, and a heading whose content ends in #s': '  <!-- a [[Hidden]] comment -->\n\n## **bold** words ## #\n',
  'prose runs near link destinations': 'see [a label](dest with spaces) and ![alt words [[Inner Page]]](an image here) ok\n\n[split label words](\ndestination words here)\n\nmore prose words here [[After The Links]]\n',
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
  let cut = 0;
  for (const page of pages) {
    const text = readFileSync(join(dir, page), 'utf8');
    if (assertSameReading(text, page)) byEvents++;
    if (isCut(text)) cut++;
  }
  assert.ok(byEvents >= pages.length * 0.95, `only ${byEvents} of ${pages.length} content pages read by events`);
  assert.ok(cut >= pages.length * 0.5, `only ${cut} of ${pages.length} content pages had prose runs cut`);
});

test('events reader: a generated tricky vault reads as from the tree, almost all by events', (t) => {
  const { dir: out } = generateVault(300, 7, true);
  t.after(() => removeVault(dirname(out)));
  const pages = markdownFiles(out);
  let byEvents = 0;
  for (const page of pages) if (assertSameReading(readFileSync(join(out, page), 'utf8'), page)) byEvents++;
  assert.ok(byEvents >= pages.length * 0.95, `only ${byEvents} of ${pages.length} pages read by events`);
});

/** A small seeded generator (mulberry32): the same random bodies on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LINE_STARTS = ['', '', '', '- ', '* ', '1. ', '1234567890. ', '123456789) ', '> ', '> - ', '    ', '\t', '  ', '# ', '## ', '###### ', '```', '```ts title words here', '~~~ info words', '---', '===', '***', '| ', '|---|---|', ':--|--:', '<div>', '</div>', '[ref words]: /u "title words"', '[ref words]:', '<!-- ', '-->'];
const PIECES = ['alpha', 'beta gamma delta', 'many plain prose words here', '학습 오차는 줄지만 영향이 커질 수 있다', 'Δέλτα και λέξεις', '1234567890', '12 34 56', 'x', '[[Target Page]]', '[[a b c d e|alias words here]]', '[[  ]]', '`code span words`', '``x ` y``', '`', '*emphasis words*', '_under score_', '**bold words**', '[label words](dest with spaces)', '[label](dest)', '[label words](', 'destination words)', '![alt words [[Inner Page]]](img words.png)', '![alt](a b)', '[ref words]', '[label [[In Link]]][ref words]', '<!-- comment [[Hidden Words]] -->', '<span title="x y">', '<http://example.com/a b>', '<mail@example.com>', '&amp;', '&#35;', '\\[[escaped words]]', '\\', '|', '\\|', ' :: ', '#tag', '%% comment words %%', '[x]', '[[', ']]', '==highlight words==', '~~strike words~~', '  ', ' #', ' ##'];

// Definitions keep a whole page uncut: half the bodies are made without them.
const PLAIN_STARTS = LINE_STARTS.filter((s) => !s.includes(']:'));
const PLAIN_PIECES = PIECES.filter((s) => !s.includes(']:'));

function randomBody(next: () => number, plain: boolean): string {
  const pick = <T,>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const starts = plain ? PLAIN_STARTS : LINE_STARTS;
  const pieces = plain ? PLAIN_PIECES : PIECES;
  const eol = next() < 0.15 ? '\r\n' : '\n';
  const lines: string[] = [];
  for (let i = 0, n = 1 + Math.floor(next() * 12); i < n; i++) {
    if (next() < 0.15) {
      lines.push('');
      continue;
    }
    let line = pick(starts);
    for (let j = 0, m = Math.floor(next() * 5); j < m; j++) line += (next() < 0.6 ? ' ' : '') + pick(pieces);
    lines.push(line);
  }
  return lines.join(eol) + (next() < 0.8 ? eol : '');
}

test('events reader: random bodies read the same cut, uncut and from the tree', () => {
  const next = random(16);
  let byEvents = 0;
  let cut = 0;
  const runs = 3000;
  for (let i = 0; i < runs; i++) {
    const text = `${fm}${randomBody(next, i % 2 === 1)}`;
    if (assertSameReading(text, `random body ${i}: ${JSON.stringify(text)}`)) byEvents++;
    if (isCut(text)) cut++;
  }
  // The sample must exercise both: bodies read by events, and bodies whose runs were cut.
  assert.ok(byEvents >= runs * 0.5, `only ${byEvents} of ${runs} random bodies read by events`);
  assert.ok(cut >= runs * 0.25, `only ${cut} of ${runs} random bodies had prose runs cut`);
});

test('cutProseRuns: a run keeps its first and last character, and offsets map back to the uncut body', () => {
  const body = '12 many words here, x\n- [[Long Target Name|alias]]\n';
  const cut = cutProseRuns(body)!;
  // A run starts with a letter; short ones (`x`, `alias`) are kept whole.
  assert.equal(cut.source, '12 me, x\n- [[Le|alias]]\n');
  // `m` of "many … here" stays where it was; `e` (its last character) maps to the run's last character.
  const m = cut.source.indexOf('me');
  assert.equal(cut.at(m), body.indexOf('many'));
  assert.equal(cut.at(m + 1), body.indexOf('here') + 3);
  assert.equal(cut.endAt(m + 2), body.indexOf(','));
  // A span ending just after a run's first character ends after it in the uncut body too.
  assert.equal(cut.endAt(m + 1), body.indexOf('many') + 1);
  assert.ok(cut.uncut(0, m + 1));
  assert.ok(!cut.uncut(0, m + 2));
});

test('cutProseRuns: leaves pages with definitions, and lines with entities, escapes, tabs, fences, link destinations or raw HTML, as they are', () => {
  assert.equal(cutProseRuns('many words here\n\n[ref]: /u\n'), null);
  for (const line of ['many words &amp; here', 'many words \\[ here', 'many\twords here', '```ts many words here', '~~~ many words here', 'see [a](many words here)', 'many words here <span>x</span>', 'a <http://x.y/many words here>']) {
    assert.equal(cutProseRuns(`${line}\n`), null, line);
  }
  // The line after a `](` may hold the destination.
  assert.equal(cutProseRuns('[label](\nmany words here\n')?.source ?? null, null);
  assert.equal(cutProseRuns('[label](\nx\nmany words here\n')?.source, '[label](\nx\nme\n');
  // A tag left open keeps the lines up to its `>` as they are; after it, runs are cut again.
  assert.equal(cutProseRuns('<a\ntitle words here\nhref=x>\nmany words here\n')?.source, '<a\ntitle words here\nhref=x>\nme\n');
  assert.equal(cutProseRuns('x <b>y</b> <!-- open\nmany words here\n-->\nmany words here\n')?.source, 'x <b>y</b> <!-- open\nmany words here\n-->\nme\n');
  // A `<` before a blank or a digit opens nothing.
  assert.equal(cutProseRuns('a < 2 and many words here\n')?.source, 'a < 2 ae\n');
});
