// Every published note gets a URL (site/lib/slugs.ts): twins that slug alike are told apart by a
// suffix derived from their own path, and adding a twin never moves a page that has the plain URL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assignSlugs, pathSuffix } from '../../site/lib/slugs.ts';
import type { Slug, VaultPath } from '../../vault/paths.ts';

const RESERVED = new Set(['tags', 'graph', 'search']);
const reserved = (slug: Slug) => slug === '' || RESERVED.has(slug.split('/')[0]!);
const assign = (...paths: string[]) => assignSlugs(paths as VaultPath[], reserved);

describe('slugs', () => {
  test('a note nobody shares a slug with gets its plain slug', () => {
    const { slugs, shared } = assign('Notes/Hello World.md', 'b.md');
    assert.equal(slugs.get('Notes/Hello World.md' as VaultPath), 'notes/hello-world');
    assert.equal(slugs.get('b.md' as VaultPath), 'b');
    assert.equal(shared.size, 0);
  });

  test('`A B` and `A-B` both get a URL, each suffixed by a hash of its own path, and the plain URL lists both', () => {
    const { slugs, shared } = assign('A B.md', 'A-B.md');
    assert.equal(slugs.get('A B.md' as VaultPath), `a-b-${pathSuffix('A B.md')}`);
    assert.equal(slugs.get('A-B.md' as VaultPath), `a-b-${pathSuffix('A-B.md')}`);
    assert.deepEqual(shared.get('a-b' as Slug), ['A B.md', 'A-B.md']);
  });

  test('of case twins, the one already in URL form keeps the plain slug, and adding the other never moves it', () => {
    assert.equal(assign('ml.md').slugs.get('ml.md' as VaultPath), 'ml');
    const both = assign('ML.md', 'ml.md').slugs;
    assert.equal(both.get('ml.md' as VaultPath), 'ml');
    assert.equal(both.get('ML.md' as VaultPath), `ml-${pathSuffix('ML.md')}`);
  });

  test("a suffix depends only on the note's own path: a third twin moves neither of the first two", () => {
    const two = assign('A B.md', 'A-B.md').slugs;
    const three = assign('A B.md', 'A-B.md', 'a B.md').slugs;
    assert.equal(three.get('A B.md' as VaultPath), two.get('A B.md' as VaultPath));
    assert.equal(three.get('A-B.md' as VaultPath), two.get('A-B.md' as VaultPath));
    assert.equal(new Set(three.values()).size, 3);
  });

  test("a note named like one of the site's routes gets a suffixed URL outside that route", () => {
    const { slugs } = assign('Graph.md', 'tags/x.md');
    assert.equal(slugs.get('Graph.md' as VaultPath), `graph-${pathSuffix('Graph.md')}`);
    assert.equal(slugs.get('tags/x.md' as VaultPath), `tags-${pathSuffix('tags/x.md')}/x`);
  });

  test('a suffixed slug another note already has as its plain slug takes more digits', () => {
    const taken = `a-b-${pathSuffix('A B.md')}`;
    const { slugs } = assign('A B.md', 'a-b.md', `${taken}.md`);
    assert.equal(slugs.get(`${taken}.md` as VaultPath), taken);
    assert.equal(slugs.get('A B.md' as VaultPath), `a-b-${pathSuffix('A B.md', 8)}`);
    assert.equal(slugs.get('a-b.md' as VaultPath), 'a-b');
  });
});
