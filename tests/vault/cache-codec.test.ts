// Parsed pages are stored column-wise in the parse cache (vault/cache-codec.ts); reading one back
// must give exactly the page the parser made, links with odd spellings included.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { test } from 'node:test';
import { decodePage, encodePage } from '../../vault/cache-codec.ts';
import { parsePage } from '../../vault/parse-page.ts';
import { generateVault, markdownFiles, REPO, removeVault } from '../helpers/vault-fixture.ts';

const roundTrip = (path: string, text: string) => {
  const page = parsePage(path, text);
  const back = decodePage(deserialize(serialize(encodePage(page))));
  assert.deepEqual(back, page, path);
  // Same key order too: pages are hashed and serialized downstream.
  assert.equal(JSON.stringify(back), JSON.stringify(page), path);
};

test('cache codec: links of every spelling come back exactly', () => {
  const body = [
    '[[A]] [[ A ]] [[A#h]] [[A#h|shown]] [[A| shown ]] ![[img.png]] ![[A#^block]] [[]] [[#local]]',
    '| a | b |\n|---|---|\n| [[T\\|in table]] | [[U]] |',
    '[[Ünïcödé 노트|표시]] [[a/b/../c]] [[./rel]] [[x.md]]',
    '## 🔗 Graph\n- 부모: [[P]] · [[Q|q]]',
  ].join('\n\n');
  roundTrip('Topics/Odd.md', `---\nid: wiki-2026-0101-odd\ntitle: Odd\ncategory: Topics\nstatus: draft\n---\n# Odd\n\n${body}\n`);
  roundTrip('Topics/Crlf.md', '---\r\nid: x\r\n---\r\n# T\r\n\r\n[[A|b]] and [[C]]\r\n');
  roundTrip('Topics/None.md', 'no front-matter, no links');
});

test('cache codec: every content page comes back exactly', () => {
  const dir = join(REPO, 'content');
  for (const page of markdownFiles(dir)) roundTrip(page, readFileSync(join(dir, page), 'utf8'));
});

test('cache codec: every page of a generated tricky vault comes back exactly, in under two thirds of the bytes', (t) => {
  const { dir: out } = generateVault(300, 5, true);
  t.after(() => removeVault(dirname(out)));
  let plain = 0;
  let packed = 0;
  for (const page of markdownFiles(out)) {
    const text = readFileSync(join(out, page), 'utf8');
    roundTrip(page, text);
    const parsed = parsePage(page, text);
    plain += serialize(parsed).length;
    packed += serialize(encodePage(parsed)).length;
  }
  assert.ok(packed < plain * 0.65, `stored pages take ${packed} bytes against ${plain} as objects`);
});
