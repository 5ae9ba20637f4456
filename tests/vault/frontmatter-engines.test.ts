// Front-matter is read by js-yaml when it can and by `yaml` otherwise (vault/frontmatter.ts). These
// tests pin that the choice never shows: values equal `yaml`'s core-schema reading, and every block
// js-yaml refuses still gets `yaml`'s positioned diagnostics.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { parseFrontMatter } from '../../vault/frontmatter.ts';
import { LineIndex } from '../../vault/lines.ts';
import { asVaultPath } from '../../vault/paths.ts';
import { generateVault, markdownFiles, REPO, removeVault } from '../helpers/vault-fixture.ts';

const read = (text: string) => parseFrontMatter(asVaultPath('x.md'), text, new LineIndex(text));

/** What `yaml` alone makes of the block: the reading before js-yaml was added. */
function referenceData(text: string): unknown {
  const fm = read(text).frontMatter;
  const doc = parseDocument(text.slice(fm.yamlStart, fm.yamlEnd), { schema: 'core', uniqueKeys: true });
  if (doc.errors.length > 0) return 'error';
  try {
    return (doc.toJS({ maxAliasCount: 100 }) as unknown) ?? {};
  } catch {
    return 'error';
  }
}

const SCALARS = [
  '0', '-0', '+1', '0x1F', '0o17', '017', '0b11', '1_000', '1.5', '.5', '5.', '1e3', '1.5e-3', '.inf', '-.Inf', '.NaN', 'null', 'Null', '~', '',
  'true', 'True', 'FALSE', 'yes', 'no', 'on', 'off', '2026-05-10', '2026-13-45', '2026-05-10T10:00:00Z', '12:30', '1:20:30', '"x"', "'it''s'", '"\\u00e9"',
  '[a, b]', '{a: 1}', '[]', '{}', '!!str 12', '!!float 1', '!custom x', '&a x', 'x # comment', 'NaN', '1,000', '0.1.2', '12abc', '00', '09', 'a: b', '"a: b"',
  '*emphasis*', 'A & B', 'Wow!', '!bang',
];

for (const scalar of SCALARS) {
  test(`front-matter: \`k: ${scalar}\` reads as yaml's core schema reads it`, () => {
    const text = `---\nk: ${scalar}\n---\nbody\n`;
    const ours = read(text);
    const expected = referenceData(text);
    if (expected === 'error') assert.ok(ours.diagnostics.some((d) => d.rule === 'yaml-syntax' && d.line >= 1), JSON.stringify(ours.diagnostics));
    else assert.deepEqual(ours.frontMatter.data, expected);
  });
}

const BLOCKS = [
  'a: b: c', 'a: "unterminated', 'a: [1, 2]]', 'a: {b: 1', '- x\nb: 1', 'a:\n\t- x', 'a: 1\n b: 2', 'a: x\n  y', 'a: |\n x\nb: 2', 'a: >-\n  t',
  "a: 'x\n  y'", 'a: 1 # c\n# only comment', 'a:\n  - b\n  c: d', '%YAML 1.2\n---\na: 1', 'a: @x', 'a: `x', 'a: x\tb', 'a: -', 'a: - b', '? a\n: b',
  'title: Foo: Bar', 'title: Foo #1', 'url: http://x.y/z?a=b#c', 'a: 1\na: 2', 'tech_stack:\n  language: TypeScript\n  applicable_to: [A, B]',
];

for (const block of BLOCKS) {
  test(`front-matter: the block ${JSON.stringify(block)} reads as yaml reads it`, () => {
    const text = `---\n${block}\n---\nbody\n`;
    const ours = read(text);
    const expected = referenceData(text);
    if (expected === 'error') assert.ok(ours.diagnostics.some((d) => d.rule === 'yaml-syntax'), JSON.stringify(ours.diagnostics));
    else if (typeof expected === 'object' && !Array.isArray(expected)) assert.deepEqual(ours.frontMatter.data, expected);
    else assert.ok(ours.diagnostics.some((d) => d.rule === 'frontmatter-not-a-map'));
  });
}

test('front-matter: blocks js-yaml refuses get yaml positioned errors (duplicate keys, bad flow lists)', () => {
  const dup = read('---\ntitle: a\nid: x\ntitle: b\n---\n');
  assert.deepEqual(dup.diagnostics.map((d) => [d.rule, d.line]), [['yaml-syntax', 4]]);
  assert.match(dup.diagnostics[0]!.message, /unique/i);
  const flow = read('---\ntags: [a, b\ncategory: x\n---\n');
  assert.ok(flow.diagnostics.length >= 1 && flow.diagnostics.every((d) => d.rule === 'yaml-syntax' && d.line >= 2), JSON.stringify(flow.diagnostics));
});

test('front-matter: an alias bomb is refused by the alias limit, not expanded', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  const result = read(`---\n${lines.join('\n')}\n---\n`);
  assert.equal(result.frontMatter.data, null);
  assert.ok(result.diagnostics.some((d) => d.rule === 'yaml-syntax'));
});

test('front-matter: key spans come from yaml whichever engine read the values', () => {
  const text = '---\nid: x\ntags: [a, b]\naliases:\n  - c\n---\n';
  const keys = read(text).keys();
  assert.deepEqual(keys.map((k) => [k.key, k.line, k.style]), [['id', 2, 'scalar'], ['tags', 3, 'flow'], ['aliases', 4, 'block']]);
});

test('front-matter: a block closed by `...` ends there, and a later `---` in the body is body', () => {
  const text = '---\nid: x\n...\n# Body\n\nkey: not yaml\n---\nmore\n';
  const fm = read(text).frontMatter;
  assert.deepEqual(fm.data, { id: 'x' });
  assert.equal(text.slice(fm.yamlStart, fm.yamlEnd), 'id: x');
  assert.equal(text.slice(fm.end), '# Body\n\nkey: not yaml\n---\nmore\n');
});

function assertSameAsReference(dir: string) {
  const pages = markdownFiles(dir);
  assert.ok(pages.length > 30);
  for (const page of pages) {
    const text = readFileSync(join(dir, page), 'utf8');
    const ours = read(text);
    if (!ours.frontMatter.present) continue;
    const expected = referenceData(text);
    if (expected === 'error') assert.ok(ours.diagnostics.some((d) => d.rule === 'yaml-syntax'), page);
    else if (typeof expected === 'object' && !Array.isArray(expected)) assert.deepEqual(ours.frontMatter.data, expected, page);
  }
}

test('front-matter: every content page reads as yaml reads it', () => assertSameAsReference(join(REPO, 'content')));

test('front-matter: every page of a generated tricky vault reads as yaml reads it', (t) => {
  const { dir: out } = generateVault(300, 11, true);
  t.after(() => removeVault(dirname(out)));
  assertSameAsReference(out);
});
