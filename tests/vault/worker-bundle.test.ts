// Workers start from a bundle of their module graph once one exists (vault/worker-bundle.ts). The
// bundle must behave as the sources do: each module keeps its own import.meta.url, CommonJS packages
// still reach Node's modules, and a graph the bundle cannot reproduce is left unbundled. Pinned on a
// small module tree written here, and on the real parse worker against the in-process parser.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { after, test } from 'node:test';
import { parseFile } from '../../vault/parse-file.ts';
import { PARSE_WORKER } from '../../vault/parse-pool.ts';
import { DEFAULT_LIMITS } from '../../vault/limits.ts';
import { buildBundle, bundleFile, pruneBundles, workerScript } from '../../vault/worker-bundle.ts';
import { removeVault, writeVault } from '../helpers/vault-fixture.ts';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `files` written into a temp folder, removed after the tests. */
function tree(files: Record<string, string>): string {
  const dir = writeVault(files);
  made.push(dir);
  return dir;
}

/** The first message of a worker started from `script`, given `data`. */
function firstReply(script: URL, data?: unknown, message?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    worker.once('message', (reply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', reject);
    if (message !== undefined) worker.postMessage(message);
  });
}

const WORKER = {
  'lib/worker.ts': [
    "import { parentPort } from 'node:worker_threads';",
    "import { here, sibling } from './nested/where.ts';",
    "import shout from 'shout';",
    "parentPort!.postMessage({ here, sibling, worker: import.meta.url.endsWith('/lib/worker.ts'), shouted: shout('hi') });",
  ].join('\n'),
  // A module locating a file beside itself, as frontmatter-keys.ts locates its lazily loaded package.
  'lib/nested/where.ts': [
    "import { readFileSync } from 'node:fs';",
    "export const here = import.meta.url.endsWith('/lib/nested/where.ts');",
    "export const sibling = readFileSync(new URL('./data.txt', import.meta.url), 'utf8');",
  ].join('\n'),
  'lib/nested/data.txt': 'found beside where.ts',
  // CommonJS calling require for one of Node's modules, as gray-matter does.
  'node_modules/shout/package.json': JSON.stringify({ name: 'shout', version: '1.0.0', main: 'index.js' }),
  'node_modules/shout/index.js': "const { sep } = require('node:path');\nmodule.exports = (s) => s.toUpperCase() + sep;",
};

test('worker bundle: a bundled worker answers as its sources do, each module keeping its own import.meta.url', async () => {
  const dir = tree(WORKER);
  const entry = pathToFileURL(join(dir, 'lib/worker.ts'));
  const file = join(dir, 'bundles/worker.mjs');
  assert.equal(await buildBundle(entry, file), true);
  const bundled = readFileSync(file, 'utf8');
  // One module: nothing of the tree is imported any more (Node's own modules aside).
  assert.doesNotMatch(bundled, /from ["']\.{1,2}\//);
  assert.doesNotMatch(bundled, /from ["']shout["']/);
  const expected = { here: true, sibling: 'found beside where.ts', worker: true, shouted: 'HI/' };
  assert.deepEqual(await firstReply(entry), expected);
  assert.deepEqual(await firstReply(pathToFileURL(file)), expected);
});

test('worker bundle: a graph using import.meta beyond .url is not bundled, and its workers start from the sources', async () => {
  const dir = tree({
    'worker.ts': "import { parentPort } from 'node:worker_threads';\nimport { where } from './resolves.ts';\nparentPort!.postMessage(where);",
    'resolves.ts': "// import.meta.dirname in a comment is fine\nexport const where = import.meta.resolve('./worker.ts');",
  });
  const entry = pathToFileURL(join(dir, 'worker.ts'));
  const folder = pathToFileURL(join(dir, 'bundles/'));
  const file = bundleFile(entry, folder);
  assert.equal(await buildBundle(entry, file), false);
  assert.equal(existsSync(file), false);
  // Marked, so no builder is started for it again.
  assert.equal(existsSync(`${file}.failed`), true);
  assert.equal(workerScript(entry, folder).href, entry.href);
});

test('worker bundle: the first start runs the sources and has the bundle written by a process of its own, later starts take it', { timeout: 60_000 }, async () => {
  const dir = tree(WORKER);
  const entry = pathToFileURL(join(dir, 'lib/worker.ts'));
  const folder = pathToFileURL(join(dir, 'bundles/'));
  const file = bundleFile(entry, folder);
  assert.equal(workerScript(entry, folder).href, entry.href);
  // Written by the detached builder, which outlives a kb that exits first.
  for (let waited = 0; !existsSync(file); waited += 100) {
    assert.ok(waited < 50_000, 'no bundle written');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(workerScript(entry, folder).href, pathToFileURL(file).href);
  assert.deepEqual(await firstReply(pathToFileURL(file)), { here: true, sibling: 'found beside where.ts', worker: true, shouted: 'HI/' });
});

test('worker bundle: pruning removes bundles of the same worker made an hour ago or more, and nothing else', () => {
  const dir = tree({});
  const entry = pathToFileURL(join(dir, 'parse-worker.ts'));
  const hash = (c: string) => c.repeat(32);
  const names = [`parse-worker-${hash('a')}.mjs`, `parse-worker-${hash('b')}.mjs`, `parse-worker-${hash('c')}.mjs`, `planner-worker-${hash('d')}.mjs`, 'parse-worker-notes.txt'];
  for (const name of names) writeFileSync(join(dir, name), '');
  const hourAgo = new Date(Date.now() - 3_700_000);
  for (const name of [names[0]!, names[1]!, names[3]!, names[4]!]) utimesSync(join(dir, name), hourAgo, hourAgo);
  pruneBundles(entry, join(dir, names[1]!));
  // a: older, gone; b: the new one itself; c: recent (another checkout's run may be starting it).
  assert.deepEqual(readdirSync(dir).sort(), names.slice(1).sort());
});

test('worker bundle: the bundle is named by the code and its place, so an edited module or a copy elsewhere never runs an old bundle', () => {
  const dir = tree(WORKER);
  // Fingerprints are memoised per process: each name is taken in a process of its own.
  const nameNow = (at = dir) => {
    const script = `import { bundleFile } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../vault/worker-bundle.ts')).href)};
      console.log(bundleFile(new URL(${JSON.stringify(pathToFileURL(join(at, 'lib/worker.ts')).href)}), new URL('file:///bundles/')));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, KB_CACHE_DIR: join(at, 'cache') } });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.trim();
  };
  const before = nameNow();
  assert.equal(nameNow(), before);
  // The same code in another folder (the site tests' code snapshots link kb's node_modules, and with
  // it this bundle folder): its bundle holds the other folder's paths.
  const copy = tree(WORKER);
  assert.notEqual(nameNow(copy), before);
  writeFileSync(join(dir, 'lib/nested/where.ts'), `${WORKER['lib/nested/where.ts']}\nexport const more = 1;`);
  assert.notEqual(nameNow(), before);
});

test('worker bundle: the bundled parse worker parses pages exactly as the parser does in-process', { timeout: 60_000 }, async () => {
  const vault = writeVault({
    'Plain.md': '---\ntitle: Plain\ntags: [a, b]\n---\n# Plain\n\nSee [[Other]] and ![[Other#Part]].\n\n| a | b |\n|---|---|\n| [[Other\\|x]] | 2 |\n',
    // js-yaml refuses a duplicated key: only then is the `yaml` package loaded, through a require
    // resolved from the module's own place.
    'Twice.md': '---\ntitle: One\ntitle: Two\n---\nBody with `[[not a link]]` and %%[[hidden]]%%.\n',
    'Fenced.md': '# Code\n\n```ts\nconst x = 1; // [[in code]]\n```\n\n## Next\nText #tag [[Plain]]\n',
  });
  after(() => removeVault(vault));
  const dir = tree({});
  const file = join(dir, 'parse-worker.mjs');
  assert.equal(await buildBundle(PARSE_WORKER, file), true);
  const files = ['Plain.md', 'Twice.md', 'Fenced.md'].map((path) => ({ path, diskPath: path }));
  const data = { dir: vault, profile: 'obsidian', limits: DEFAULT_LIMITS };
  const bundled = await firstReply(pathToFileURL(file), data, files);
  const inProcess = files.map((f) => parseFile(vault, f as Parameters<typeof parseFile>[1], 'obsidian', DEFAULT_LIMITS));
  // Compared as they cross threads (structured clone), as the pool receives them.
  assert.deepEqual(bundled, structuredClone(inProcess));
  assert.deepEqual(inProcess[1]!.diagnostics.map((d) => d.rule), ['yaml-syntax']);
});
