// Cache keys are derived from the code: a module's import closure and the versions of the packages
// it uses (vault/code-fingerprint.ts). Pinned on small module trees written here, and end to end on a
// temp copy of kb whose parser is edited: its parse cache must not be reused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { codeFingerprint, importsOf } from '../../vault/code-fingerprint.ts';
import { REPO, removeVault, writeVault } from '../helpers/vault-fixture.ts';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `files` written into a temp folder, removed after the tests. */
function tree(files: Record<string, string>): string {
  const dir = writeVault(files);
  made.push(dir);
  return dir;
}

const pkg = (name: string, version: string, dependencies: Record<string, string> = {}) => JSON.stringify({ name, version, dependencies });

test('the closure follows static, dynamic, require and worker-URL imports, and not type-only ones or comments', () => {
  const source = [
    "import type { Root } from 'mdast';",
    "import { a } from './a.ts';",
    "export type * from './types.ts';",
    "export { b } from './b.ts';",
    "const worker = new URL('./worker.ts', import.meta.url);",
    "// new URL('./in-a-comment.ts', import.meta.url) is found by the text scan and skipped when absent",
    "const data = new URL('../data.json', import.meta.url);",
    "const later = await import('./later.ts');",
    "import pc from 'picocolors';",
    "import type * as Yaml from 'yaml';",
    "const yaml = () => require('yaml') as typeof Yaml;",
    "const sheet = require.resolve('katex/dist/katex.min.css');",
  ].join('\n');
  const { specifiers, references } = importsOf(source, 'x.ts');
  assert.deepEqual(specifiers.sort(), ['./a.ts', './b.ts', './later.ts', 'katex/dist/katex.min.css', 'picocolors', 'yaml']);
  assert.deepEqual(references.sort(), ['./in-a-comment.ts', './worker.ts']);
});

test('editing any module of the closure, or upgrading a package it imports (even indirectly), changes the fingerprint', () => {
  const files = {
    'src/entry.ts': "import { helper } from './helper.ts';\nimport dep from 'dep';\nexport const w = new URL('./worker.ts', import.meta.url);\n",
    'src/helper.ts': "import { deep } from './deep/deep.ts';\nexport const helper = deep;\n",
    'src/deep/deep.ts': 'export const deep = 1;\n',
    'src/worker.ts': "import 'node:fs';\n",
    'src/unrelated.ts': 'export const x = 1;\n',
    'node_modules/dep/package.json': pkg('dep', '1.0.0', { inner: '^2' }),
    'node_modules/inner/package.json': pkg('inner', '2.0.0'),
  };
  const base = codeFingerprint([join(tree(files), 'src/entry.ts')]);
  assert.deepEqual(base.files, ['deep/deep.ts', 'entry.ts', 'helper.ts', 'worker.ts']);
  assert.deepEqual(base.packages, ['dep@1.0.0', 'inner@2.0.0']);

  const same = codeFingerprint([join(tree(files), 'src/entry.ts')]);
  assert.equal(same.hash, base.hash, 'the same code in another folder has the same fingerprint');
  const unrelated = codeFingerprint([join(tree({ ...files, 'src/unrelated.ts': 'export const x = 2;\n' }), 'src/entry.ts')]);
  assert.equal(unrelated.hash, base.hash, 'a module outside the closure does not count');

  for (const [what, change] of [
    ['a module two imports deep', { 'src/deep/deep.ts': 'export const deep = 2;\n' }],
    ['the worker', { 'src/worker.ts': "import 'node:path';\n" }],
    ['a direct package', { 'node_modules/dep/package.json': pkg('dep', '1.0.1', { inner: '^2' }) }],
    ['an indirect package', { 'node_modules/inner/package.json': pkg('inner', '2.1.0') }],
  ] as const) {
    const changed = codeFingerprint([join(tree({ ...files, ...change }), 'src/entry.ts')]);
    assert.notEqual(changed.hash, base.hash, what);
  }
});

test('a relative import that names no file is an error, not a silently smaller closure', () => {
  const dir = tree({ 'entry.ts': "import './gone.ts';\n" });
  assert.throws(() => codeFingerprint([join(dir, 'entry.ts')]), /cannot find \.\/gone\.ts/);
});

test("after an edit to a source the parser depends on (vault/lines.ts), kb's parse cache is not reused", () => {
  // A temp copy of kb's code sharing this repository's packages; the vault's caches live wherever kb puts them.
  const copy = mkdtempSync(join(tmpdir(), 'kb-copy-'));
  made.push(copy);
  for (const dir of ['vault', 'schemas', 'runner', 'cli']) cpSync(join(REPO, dir), join(copy, dir), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  const vault = writeVault({
    'A.md': '---\ntitle: A\n---\n# A\n\nSee [[B]] for more about this page and its neighbour, with enough text.\n',
    'B.md': '---\ntitle: B\n---\n# B\n\nBack to [[A]].\n',
  });
  made.push(vault);
  const load = () => {
    const script = `import { loadVault } from ${JSON.stringify(join(copy, 'vault/index.ts'))};\nconst v = await loadVault(${JSON.stringify(vault)}, { cache: true });\nconsole.log(JSON.stringify(v.stats));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as { parsed: number };
  };
  assert.equal(load().parsed, 2, 'cold');
  assert.equal(load().parsed, 0, 'warm: the cache is used');
  appendFileSync(join(copy, 'vault/lines.ts'), '\n// an edit\n');
  assert.equal(load().parsed, 2, 'after the edit every page is parsed again');
  assert.equal(load().parsed, 0, 'and cached again');
  removeVault(vault);
});

test("each cache key's closure reaches the code and packages its results depend on", () => {
  const has = (fp: { files: string[]; packages: string[] }, files: string[], packages: string[]) => {
    for (const file of files) assert.ok(fp.files.some((f) => f.endsWith(file)), `${file} in ${fp.files.join(' ')}`);
    for (const name of packages) assert.ok(fp.packages.some((p) => p.startsWith(`${name}@`) && !p.endsWith('@missing')), `${name} in ${fp.packages.join(' ')}`);
  };
  const at = (path: string) => new URL(path, `file://${REPO}`);
  // The parse cache: the files the old hand-kept list missed, the worker, the schemas, the parsers.
  has(codeFingerprint([at('vault/parse-worker.ts'), at('vault/cache.ts')]), ['vault/lines.ts', 'vault/frontmatter-keys.ts', 'vault/parse-page.ts', 'vault/cache-codec.ts', 'schemas/topic.ts'], ['remark-parse', 'micromark', 'mdast-util-from-markdown', 'yaml', 'zod']);
  // The runner cache: the child process and what compares outputs, and tfjs.
  has(codeFingerprint([at('runner/run.ts'), at('runner/child/main.ts')]), ['runner/child/main.ts', 'runner/compare.ts', 'runner/compile.ts'], ['@tensorflow/tfjs', '@tensorflow/tfjs-core', 'esbuild']);
  // The site's render records and build fingerprint: the renderer, the .astro routes, Shiki and KaTeX.
  has(codeFingerprint([at('site/lib/render/pool.ts'), at('site/lib/render/worker.ts')]), ['site/lib/render/markdown.ts'], ['shiki', 'katex']);
  has(codeFingerprint([at('astro.config.mjs'), at('site/build.ts'), at('site/pages/[...slug].astro')]), ['site/layouts/Base.astro', 'vault/resolve.ts'], ['astro']);
});

test('a fingerprint kept by an earlier process is reused only while every file and lookup it came from is as it was', () => {
  const dir = tree({
    'src/entry.ts': "import { helper } from './helper.ts';\nimport dep from 'dep';\n",
    'src/helper.ts': 'export const helper = 1;\n',
    'node_modules/dep/package.json': pkg('dep', '1.0.0'),
  });
  const cache = mkdtempSync(join(tmpdir(), 'kb-code-cache-'));
  made.push(cache);
  const fingerprint = () => {
    const script = `import { codeFingerprint } from ${JSON.stringify(join(REPO, 'vault/code-fingerprint.ts'))};\nconsole.log(JSON.stringify(codeFingerprint([${JSON.stringify(join(dir, 'src/entry.ts'))}])));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, KB_CACHE_DIR: cache } });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as { hash: string; packages: string[] };
  };
  const first = fingerprint();
  assert.ok(readdirSync(join(cache, 'code-fingerprints')).length > 0, 'kept in the cache folder');
  assert.deepEqual(fingerprint(), first, 'reused as it was');
  appendFileSync(join(dir, 'src/helper.ts'), '// an edit\n');
  const edited = fingerprint();
  assert.notEqual(edited.hash, first.hash, 'a module edited since');
  // A closer copy of the package now shadows the one the kept fingerprint found.
  mkdirSync(join(dir, 'src/node_modules/dep'), { recursive: true });
  writeFileSync(join(dir, 'src/node_modules/dep/package.json'), pkg('dep', '2.0.0'));
  const shadowed = fingerprint();
  assert.deepEqual(shadowed.packages, ['dep@2.0.0']);
  assert.notEqual(shadowed.hash, edited.hash, 'a package lookup that would now find another copy');
});
