// The fonts' stylesheet put together once per installed version (site/lib/font-bundle.ts): every
// font file a stylesheet names is in the folder under the name the joined stylesheet uses, and a
// name two packages would give different files is refused rather than one overwriting the other.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fontBundle, joinSheets } from '../../site/lib/font-bundle.ts';

test('url()s become the names of files copied beside the stylesheet; data: URLs and fragments are left alone', () => {
  const { css, files } = joinSheets([
    { file: '/pkg/a/index.css', css: "@font-face{src:url(./files/a-0.woff2) format('woff2'),url(\"files/a-0.woff\")}" },
    { file: '/pkg/katex/dist/katex.min.css', css: '@font-face{src:url(fonts/KaTeX_Main.woff2?v=1)}.x{background:url(data:image/png;base64,AAAA)}.y{filter:url(#f)}' },
  ]);
  assert.equal(css, "@font-face{src:url(./a-0.woff2) format('woff2'),url(./a-0.woff)}\n@font-face{src:url(./KaTeX_Main.woff2)}.x{background:url(data:image/png;base64,AAAA)}.y{filter:url(#f)}");
  assert.deepEqual([...files], [
    ['a-0.woff2', '/pkg/a/files/a-0.woff2'],
    ['a-0.woff', '/pkg/a/files/a-0.woff'],
    ['KaTeX_Main.woff2', '/pkg/katex/dist/fonts/KaTeX_Main.woff2'],
  ]);
});

test('two files that would share a name are refused', () => {
  assert.throws(() => joinSheets([
    { file: '/pkg/a/index.css', css: '@font-face{src:url(./files/x.woff2)}' },
    { file: '/pkg/b/index.css', css: '@font-face{src:url(./files/x.woff2)}' },
  ]), /would share the name x\.woff2/);
});

test('the installed fonts and KaTeX make a complete folder: every url() of the stylesheet is a file in it', () => {
  const { dir, name } = fontBundle();
  assert.match(name, /^kb-fonts-[0-9a-f]{12}$/);
  const css = readFileSync(join(dir, 'fonts.css'), 'utf8');
  const refs = [...css.matchAll(/url\(\.\/([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(refs.length > 200, `${refs.length} font files`);
  for (const ref of refs) assert.ok(existsSync(join(dir, ref)), ref);
  assert.equal(readdirSync(dir).length, new Set(refs).size + 1, 'nothing but the stylesheet and its fonts');
  for (const family of ['Inter Variable', 'Noto Sans KR Variable', 'JetBrains Mono Variable', 'Noto Color Emoji', 'KaTeX_Main']) assert.ok(css.includes(family), family);
  assert.equal(fontBundle().name, name, 'the same packages give the same folder');
});
