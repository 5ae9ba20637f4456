// `npm run build [-- --strict] [-- --vault DIR] [-- --out DIR] [-- --no-search] [-- --no-verify]`:
// `kb run --check` of the vault's code outputs, the Astro build of the vault (content/ by default),
// then the Pagefind index over the built pages. Options are passed to the Astro config and the
// loaders through the environment (KB_VAULT, KB_OUT, KB_STRICT), so a test or bench can also set
// those directly.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { redirectHtml, type RedirectPage } from './lib/redirect-html.ts';

const root = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    strict: { type: 'boolean', default: false },
    vault: { type: 'string' },
    out: { type: 'string' },
    'no-search': { type: 'boolean', default: false },
    'no-verify': { type: 'boolean', default: false },
  },
});

if (values.vault) process.env.KB_VAULT = resolve(values.vault);
if (values.out) process.env.KB_OUT = resolve(values.out);
if (values.strict) process.env.KB_STRICT = '1';
const vault = process.env.KB_VAULT ? resolve(root, process.env.KB_VAULT) : resolve(root, 'content');
const out = process.env.KB_OUT ? resolve(root, process.env.KB_OUT) : resolve(root, 'dist');
if (!existsSync(vault)) {
  console.error(`kb build: no vault at ${vault} (set --vault DIR or KB_VAULT)`);
  process.exit(2);
}

const t0 = performance.now();

// The outputs the site shows must still be what the code prints, so `kb run --check` goes first
// (its cache makes this cheap when nothing changed since a verified run). Drift shows on the pages
// as stale badges and is reported here; under --strict it fails the build.
if (!values['no-verify'] && process.env.KB_VERIFY !== '0') {
  const run = spawnSync(process.execPath, [resolve(root, 'cli/kb.ts'), 'run', vault, '--check', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
  let blocks: { file: string; line: number; status: string }[] = [];
  try {
    blocks = (JSON.parse(run.stdout) as { blocks: typeof blocks }).blocks;
  } catch {
    console.error(`kb build: kb run --check gave no report (exit ${run.status})`);
    if (values.strict) process.exit(1);
  }
  const bad = blocks.filter((b) => b.status !== 'verified' && b.status !== 'skipped');
  console.log(`kb build: ${blocks.length - bad.length} of ${blocks.length} code blocks verified or not executable`);
  for (const b of bad) console.error(`${b.file}:${b.line}: ${b.status}`);
  if (bad.length > 0 && values.strict) {
    console.error(`kb build: strict mode: ${bad.length} code outputs do not verify (run \`npx kb run ${vault} --write\`)`);
    process.exit(1);
  }
}
// Astro empties the output folder synchronously before writing; for 10k pages plus the search index
// that alone takes seconds. Moving the old output aside and deleting it in the background overlaps
// that work with the build.
let cleanup: Promise<void> = Promise.resolve();
if (existsSync(out)) {
  const old = `${out}.old-${process.pid}`;
  renameSync(out, old);
  cleanup = rm(old, { recursive: true, force: true });
}
const { build } = await import('astro');
try {
  await build({ root, logLevel: process.env.KB_LOG_LEVEL === 'silent' ? 'error' : 'info' });
} catch (error) {
  console.error(`kb build failed: ${(error as Error).message}`);
  process.exit(1);
}
const built = performance.now();

if (!values['no-search']) {
  const pagefind = await import('pagefind');
  // One index for the whole vault: pages mix Korean and English, and Pagefind splits indexes by
  // <html lang>, so the language is forced to the one every page declares.
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: out });
  if (added.errors.length) console.error(`pagefind: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: resolve(out, 'pagefind') });
  if (written.errors.length) console.error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
  console.log(`kb build: search index of ${added.page_count} pages in ${((performance.now() - built) / 1000).toFixed(1)} s`);
}
// After the search index, so Pagefind never parses them.
const manifest = resolve(out, 'kb-redirects.json');
const redirects = JSON.parse(await readFile(manifest, 'utf8')) as RedirectPage[];
for (const r of redirects) {
  const dir = resolve(out, r.slug);
  if (!dir.startsWith(`${out}/`)) throw new Error(`redirect URL outside the site: ${r.slug}`);
  await mkdir(dir, { recursive: true });
  await writeFile(resolve(dir, 'index.html'), redirectHtml(r));
}
await rm(manifest);
console.log(`kb build: ${redirects.length} redirect pages`);

await cleanup;
console.log(`kb build: ${vault} → ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
