// Obsidian's inline #tags as the engine reads them (vault/inline-tags.ts): the tags a note adds to
// the site's tag pages. The renderer links the same tags (tests/site/render-obsidian.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inlineTags, mergeTags, tagsInText } from '../../vault/inline-tags.ts';

const FRONT = '---\ntags: [fm]\n---\n';
const tags = (body: string) => inlineTags(FRONT + body, FRONT.length);

describe('inline tags', () => {
  test('a tag starts at # after a blank or the line start, and holds letters, digits, _, - and /', () => {
    assert.deepEqual(tags('#one two #two_2 (#three) **#four** #nested/tag/deep #한국어 #with-dash.'), ['one', 'two_2', 'three', 'four', 'nested/tag/deep', '한국어', 'with-dash']);
  });

  test('pure digits, a word#hash, a URL fragment, a wikilink anchor and a heading marker are not tags', () => {
    assert.deepEqual(tags('# Heading\n\n#1984 #2024/10 a#b https://e.org/#frag [[Note#Heading]] [[#Local]] &#35;x \\#escaped ## H2'), []);
  });

  test('tags in code, math, HTML comments and %%comments%% do not count', () => {
    const body = ['```', '#fenced', '```', '~~~~', '#tilde', '~~~~', '`#inline` ``#double``', '$$', '#math', '$$', '$#inlinemath$', '<!-- #html -->', '%% #comment %%', '%%', '#block-comment', '%%', '#kept'].join('\n');
    assert.deepEqual(tags(body), ['kept']);
  });

  test('a fence inside a blockquote or list is still code', () => {
    assert.deepEqual(tags('> ```\n> #quoted-code\n> ```\n\n#after'), ['after']);
  });

  test('an unclosed fence runs to the end of the note', () => {
    assert.deepEqual(tags('#before\n```\n#never'), ['before']);
  });

  test('front-matter is not read, and tags differing only in case are one tag (first spelling kept)', () => {
    const text = '---\ntitle: "#not"\n---\n#ML and #ml';
    assert.deepEqual(inlineTags(text, text.indexOf('#ML')), ['ML']);
  });

  test('tagsInText gives each tag’s offsets, without a trailing slash', () => {
    assert.deepEqual(tagsInText('see #a/b/ and #c'), [
      { tag: 'a/b', start: 4, end: 8 },
      { tag: 'c', start: 14, end: 16 },
    ]);
  });

  test('mergeTags keeps front-matter tags first, drops a leading # and case twins', () => {
    assert.deepEqual(mergeTags(['ML', '#theory'], ['ml', 'Theory', 'new']), ['ML', 'theory', 'new']);
  });
});
