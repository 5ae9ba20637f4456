// kb as a user installs it: `npm pack` (which compiles lib/ on `prepare`), then `npm install` of the
// tarball into an empty ESM project. There `import { loadVault } from 'kb'` loads a two-note vault and
// `npx kb check notes` runs, on this Node and on every other Node found on the machine (the system's,
// which may be the minimum in `engines`). Slow (a real install), but nothing else shows the package works.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO } from '../helpers/vault-fixture.ts';

const work = mkdtempSync(join(tmpdir(), 'kb-package-'));
const project = join(work, 'project');
after(() => rmSync(work, { recursive: true, force: true }));

// npm run from `npm test` passes its own settings down as npm_* variables; a user's shell has none.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));

/** Every distinct Node on the machine: this one, and the `node` of each PATH folder outside node_modules. */
function nodes(): { path: string; version: string }[] {
  const found = new Map<string, string>([[process.version, process.execPath]]);
  const folders = [...(process.env.PATH ?? '').split(delimiter).filter((d) => d && !d.includes('node_modules')), '/usr/local/bin', '/usr/bin'];
  for (const folder of folders) {
    const candidate = join(folder, 'node');
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (/^v\d+/.test(version) && !found.has(version)) found.set(version, candidate);
  }
  return [...found].map(([version, path]) => ({ path, version }));
}

before(() => {
  const packed = execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: REPO, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const tarball = readdirSync(work).find((f) => /^kb-.*\.tgz$/.test(f));
  assert.ok(tarball, `npm pack made no tarball: ${packed}`);
  mkdirSync(join(project, 'notes'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  writeFileSync(join(project, 'notes/One.md'), '---\ntitle: One\naliases: [first]\n---\n# One\n\nLinks to [[Two]] and to [[Nowhere]].\n');
  writeFileSync(join(project, 'notes/Two.md'), '---\ntitle: Two\n---\n# Two\n\nBack to [[first]].\n');
  mkdirSync(join(project, 'examples'), { recursive: true });
  writeFileSync(join(project, 'examples/Sum.md'), '# Sum\n\n```ts\nconsole.log(tf.tidy(() => tf.tensor1d([1, 2, 3]).sum().dataSync()[0]));\n```\n');
  writeFileSync(join(project, 'load.js'), "import { loadVault, checkReport } from 'kb';\nconst vault = await loadVault('notes');\nconsole.log(JSON.stringify({ pages: vault.pages.size, links: checkReport(vault).links }));\n");
  execFileSync('npm', ['install', join(work, tarball), '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, env, stdio: ['ignore', 'ignore', 'inherit'] });
});

test('the tarball holds the compiled library and CLI with their typings, not the TypeScript sources', () => {
  const lib = join(project, 'node_modules/kb/lib');
  for (const file of ['vault/index.js', 'vault/index.d.ts', 'schemas/index.js', 'runner/index.js', 'cli/kb.mjs', 'vault/parse-worker.js', 'runner/child/main.js']) assert.ok(existsSync(join(lib, file)), file);
  assert.equal(existsSync(join(project, 'node_modules/kb/vault')), false);
});

for (const node of nodes()) {
  const path = `${join(project, 'node_modules/.bin')}${delimiter}${node.path.slice(0, node.path.lastIndexOf('/'))}${delimiter}${env.PATH ?? ''}`;

  test(`on Node ${node.version}: import { loadVault } from 'kb' loads a two-note vault`, () => {
    const out = execFileSync(node.path, ['load.js'], { cwd: project, env, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { pages: 2, links: { total: 3, resolved: 2, redirect: 0, fixable: 0, unresolved: 1, unresolvedInGraph: 0 } });
  });

  test(`on Node ${node.version}: npx kb check notes runs the installed CLI`, () => {
    const result = spawnSync('npx', ['kb', 'check', 'notes', '--profile', 'obsidian', '--json'], { cwd: project, env: { ...env, PATH: path }, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).pages, 2);
    const version = spawnSync('npx', ['kb', '--version'], { cwd: project, env: { ...env, PATH: path }, encoding: 'utf8' });
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });

  test(`on Node ${node.version}: npx kb run executes an example in the sandbox from the installed package and verifies it`, () => {
    const run = (...args: string[]) => spawnSync('npx', ['kb', 'run', 'examples', '--backend', 'wasm', ...args], { cwd: project, env: { ...env, PATH: path, KB_CACHE_DIR: join(work, `cache-${node.version}`) }, encoding: 'utf8' });
    const typecheck = run('--check', '--typecheck');
    assert.equal(typecheck.status, 2, typecheck.stderr);
    assert.match(typecheck.stderr, /--typecheck needs the TypeScript compiler beside kb: npm install --save-dev typescript/);
    const written = run('--write');
    assert.equal(written.status, 0, written.stderr);
    assert.match(readFileSync(join(project, 'examples/Sum.md'), 'utf8'), /```output[^\n]*\n6\n```/);
    const checked = run('--check', '--require-sandbox', '--json');
    assert.equal(checked.status, 0, checked.stderr);
    assert.deepEqual(JSON.parse(checked.stdout).blocks.map((b: { status: string }) => b.status), ['verified']);
  });

  test(`on Node ${node.version}: npx kb build says the site needs a checkout instead of crashing inside Astro`, () => {
    const result = spawnSync('npx', ['kb', 'build', 'notes'], { cwd: project, env: { ...env, PATH: path }, encoding: 'utf8' });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /kb build needs the Astro site project, which is in a kb checkout/);
  });
}
