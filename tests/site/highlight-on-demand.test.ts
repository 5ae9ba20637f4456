// Shiki with its grammars loaded as pages ask for them (what a build rendering a few pages and `kb
// dev` use) highlights every block exactly as with all of them loaded (what render workers use). A
// file of its own: the thread's one Shiki must start with no grammar loaded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHighlight } from '../../site/lib/render/highlight.ts';

// Every grammar kb highlights under each of its names, grammars only embedded in them (R in Markdown,
// GLSL in C++, TeX in LaTeX), an unknown language and none.
const NAMES = ['typescript', 'ts', 'mts', 'javascript', 'js', 'tsx', 'python', 'py', 'json', 'bash', 'sh', 'shell', 'zsh', 'shellscript', 'yaml', 'yml', 'markdown', 'md', 'html', 'css', 'sql', 'rust', 'rs', 'cpp', 'c++', 'C', 'java', 'go', 'diff', 'latex', 'tex', 'r', 'glsl', 'regexp', 'klingon', null];
const CODE = 'x = f(1, "two") // three\n';

test('grammars loaded on demand highlight every language as all loaded at once do', async () => {
  let lazy = await createHighlight({ onDemand: true });
  const first = lazy(CODE, 'ts');
  assert.equal(first.properties.className?.toString(), 'shiki,plain', 'no grammar is loaded before a block asks for one');
  assert.deepEqual([...lazy.missing], ['typescript']);

  const onDemand = new Map<string | null, unknown>();
  for (const name of NAMES) {
    let out = lazy(CODE, name);
    if (lazy.missing.size > 0) {
      lazy = await lazy.more();
      out = lazy(CODE, name);
    }
    assert.equal(lazy.missing.size, 0, `${name}: its grammar is loaded after more()`);
    onDemand.set(name, out);
  }

  const all = await createHighlight();
  for (const name of NAMES) assert.deepEqual(onDemand.get(name), all(CODE, name), `${name}`);
  assert.notEqual(all(CODE, 'ts').properties.className?.toString(), 'shiki,plain');
  assert.equal(all(CODE, 'r').properties.className?.toString(), 'shiki,plain', 'a grammar only embedded in another is not one kb highlights');
});
