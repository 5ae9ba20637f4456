// `npm run build [-- --strict] [-- --vault DIR] [-- --out DIR] [-- --no-search] [-- --no-verify] [-- --full]`:
// `kb run --check` of the vault's code outputs, then the site: the Astro build of the vault (content/
// by default), static redirect pages and attachments, and the Pagefind search shards.
//
// Every build leaves a manifest (build-manifest.ts): a fingerprint of the site's code, packages and
// options, and a digest per output file of the model data its route renders (routes.ts). The next
// build with the same fingerprint builds only the routes whose digests changed: Astro renders just
// those (the loaders put only them into the content store, build-plan.ts) into a staging folder, the
// search shards holding changed pages are indexed again, and then the results are moved into the out
// dir (out-dir.ts). Anything else (no or another fingerprint, a touched out dir, too many changes,
// --full) is a full build. Options are also read from the environment (site/lib/options.ts), so a
// test or bench can set KB_VAULT, KB_OUT, KB_STRICT, KB_CACHE_DIR directly.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { changedOutput, makeManifest, readManifest, removeManifest, writeManifest, type BuildManifest } from './lib/build-manifest.ts';
import { setBuildPlan } from './lib/build-plan.ts';
import { buildFingerprint, fingerprintChanges } from './lib/fingerprint.ts';
import { exportOptions, siteOptions } from './lib/options.ts';
import { commitStage } from './lib/out-dir.ts';
import { redirectHtml } from './lib/redirect-html.ts';
import { RenderCache } from './lib/render-cache.ts';
import { siteRoutes, type Route, type SiteRoutes } from './lib/routes.ts';
import { writeSearchShards, type ShardJob } from './lib/search-index.ts';
import { formatReport, getSiteData } from './lib/site-data.ts';

const root = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    strict: { type: 'boolean', default: false },
    vault: { type: 'string' },
    out: { type: 'string' },
    'no-search': { type: 'boolean', default: false },
    'no-verify': { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
  },
});

if (values.vault) process.env.KB_VAULT = resolve(values.vault);
if (values.out) process.env.KB_OUT = resolve(values.out);
if (values.strict) process.env.KB_STRICT = '1';
const options = siteOptions();
exportOptions(options);
const search = !values['no-search'];
const { vaultDir: vault, outDir: out } = options;
if (!existsSync(vault)) {
  console.error(`kb build: no vault at ${vault} (set --vault DIR or KB_VAULT)`);
  process.exit(2);
}

const t0 = performance.now();
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

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
    if (options.strict) process.exit(1);
  }
  const bad = blocks.filter((b) => b.status !== 'verified' && b.status !== 'skipped');
  console.log(`kb build: ${blocks.length - bad.length} of ${blocks.length} code blocks verified or not executable`);
  for (const b of bad) console.error(`${b.file}:${b.line}: ${b.status}`);
  if (bad.length > 0 && options.strict) {
    console.error(`kb build: strict mode: ${bad.length} code outputs do not verify (run \`npx kb run ${vault} --write\`)`);
    process.exit(1);
  }
}

// The vault is loaded here, once: the loaders inside the Astro build find it in site-data.ts's cache.
const site = await getSiteData(options);
const report = formatReport(site.report, site.vault.dir);
const errors = site.report.filter((d) => d.severity === 'error').length;
if (report) console.error(`\n${report}`);
if (errors && options.strict) {
  console.error(`kb build: ${errors} error(s) in ${site.vault.dir} (strict mode, KB_STRICT=1); see the diagnostics above`);
  process.exit(1);
}
const current = siteRoutes(site);
const fingerprint = buildFingerprint(options, { search });

interface Changes {
  changed: string[];
  removed: string[];
  /** Shards to index again (they hold a page whose article changed, appeared or went). */
  shards: Set<number>;
}

/** What changed since the previous build, or why this has to be a full build. */
function changesSince(previous: BuildManifest | string): Changes | string {
  if (values.full) return '--full';
  if (typeof previous === 'string') return previous;
  const code = fingerprintChanges(previous.fingerprint, fingerprint);
  if (code.length) return `${code.join(', ')} changed since the last build`;
  if (!existsSync(out)) return `${out} does not exist`;
  const touched = changedOutput(options, previous);
  if (touched) return `${touched} in ${out} changed since the last build`;
  const changed: string[] = [];
  const shards = new Set<number>();
  const allShards = previous.shards !== current.shards;
  for (const [file, route] of current.routes) {
    const before = previous.routes[file];
    if (!before || before[0] !== route.writer || before[1] !== route.digest) changed.push(file);
    if (route.search && (allShards || before?.[5] !== route.search.digest || before[4] !== route.search.shard)) shards.add(route.search.shard);
    if (before?.[4] !== undefined && before[4] !== route.search?.shard && !allShards) shards.add(before[4]);
  }
  const removed = Object.keys(previous.routes).filter((file) => !current.routes.has(file));
  for (const file of removed) {
    const shard = previous.routes[file]![4];
    if (shard !== undefined) shards.add(shard);
  }
  if (allShards) for (let s = 0; s < Math.max(previous.shards, current.shards); s++) shards.add(s);
  // Beyond this, rendering the changed pages from scratch in the staging folder costs about what a
  // full build's renders cost, and the full build reuses every unchanged page's render record.
  const astro = changed.filter((f) => current.routes.get(f)!.writer === 'astro').length;
  const limit = Math.max(300, Math.round(current.routes.size / 4));
  if (astro > limit) return `${astro} of ${current.routes.size} routes changed, more than an incremental build repays`;
  return { changed, removed, shards };
}

async function astroBuild(only: ReadonlySet<string> | null, outDir?: string) {
  setBuildPlan({ only, reported: true });
  const { build } = await import('astro');
  await build({ root, ...(outDir ? { outDir } : {}), logLevel: process.env.KB_LOG_LEVEL === 'silent' ? 'error' : 'info' });
}

/** Redirect pages and attachments: written here, not by Astro, straight from the site model. */
function writeStatic(dir: string, files: Iterable<[string, Route]>) {
  for (const [file, route] of files) {
    const to = join(dir, file);
    if (!to.startsWith(`${dir}/`)) throw new Error(`kb build: output outside the site: ${file}`);
    mkdirSync(dirname(to), { recursive: true });
    if (route.writer === 'redirect') writeFileSync(to, redirectHtml(route.redirect!));
    else if (route.writer === 'attachment') copyFileSync(route.source!, to);
  }
}

function shardJobs(routes: SiteRoutes, shards: Iterable<number>): ShardJob[] {
  const files = new Map<number, string[]>();
  for (const [file, route] of routes.routes) if (route.search) (files.get(route.search.shard) ?? files.set(route.search.shard, []).get(route.search.shard)!).push(file);
  return [...shards].sort((a, b) => a - b).flatMap((shard) => (files.has(shard) ? [{ shard, files: files.get(shard)! }] : []));
}

const pageDigests = () => new Set([...current.routes.values()].flatMap((r) => (r.search ? [r.digest] : [])));

async function fullBuild(reason: string) {
  console.log(`kb build: full build (${reason})`);
  removeManifest(options);
  // Astro empties the output folder synchronously before writing; for 10k pages plus the search index
  // that alone takes seconds. Moving the old output aside and deleting it in the background overlaps
  // that work with the build.
  let cleanup: Promise<void> = Promise.resolve();
  if (existsSync(out)) {
    const old = `${out}.old-${process.pid}`;
    renameSync(out, old);
    cleanup = rm(old, { recursive: true, force: true });
  }
  try {
    await astroBuild(null);
  } catch (error) {
    console.error(`kb build failed: ${(error as Error).message}`);
    process.exit(1);
  }
  writeStatic(out, [...current.routes].filter(([, r]) => r.writer !== 'astro'));
  if (search) {
    const t = performance.now();
    const work = `${out}.kb-search-${process.pid}`;
    const jobs = shardJobs(current, Array.from({ length: current.shards }, (_, i) => i));
    try {
      const pages = await writeSearchShards(jobs, (file) => join(out, file), work, out);
      console.log(`kb build: search index of ${pages} pages in ${jobs.length} shards in ${seconds(t)}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  writeManifest(options, makeManifest(options, fingerprint, current, search));
  const dropped = new RenderCache(options.cacheDir).keepOnly(pageDigests());
  await cleanup;
  console.log(`kb build: full build of ${current.routes.size} routes (${dropped} stale render records dropped): ${vault} → ${out} in ${seconds(t0)}`);
}

async function incrementalBuild(previous: BuildManifest, { changed, removed, shards }: Changes) {
  const byWriter = (w: string) => changed.filter((f) => current.routes.get(f)!.writer === w).length;
  const astroFiles = changed.filter((f) => current.routes.get(f)!.writer === 'astro');
  const searchShards = search ? shardJobs(current, shards) : [];
  const emptied = search ? [...shards].filter((s) => !searchShards.some((j) => j.shard === s)) : [];
  console.log(
    `kb build: incremental build: ${changed.length} of ${current.routes.size} routes to build (${astroFiles.length} by Astro, ${byWriter('redirect')} redirects, ${byWriter('attachment')} attachments), ${removed.length} removed, ${searchShards.length} of ${current.shards} search shards`,
  );
  if (changed.length === 0 && removed.length === 0 && searchShards.length === 0 && emptied.length === 0) {
    console.log(`kb build: nothing changed: ${vault} → ${out} in ${seconds(t0)}`);
    return;
  }
  const stage = `${out}.kb-stage-${process.pid}`;
  await rm(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  try {
    if (astroFiles.length) {
      await astroBuild(new Set(astroFiles), stage);
      const missing = astroFiles.filter((f) => !existsSync(join(stage, f)));
      if (missing.length) throw new Error(`Astro did not write ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
    }
    writeStatic(stage, changed.filter((f) => current.routes.get(f)!.writer !== 'astro').map((f) => [f, current.routes.get(f)!]));
    if (searchShards.length) {
      const t = performance.now();
      const rebuilt = new Set(changed);
      const pages = await writeSearchShards(searchShards, (file) => join(rebuilt.has(file) ? stage : out, file), join(stage, '.kb-search'), stage);
      console.log(`kb build: search shards ${searchShards.map((j) => j.shard).join(', ')} (${pages} pages) indexed in ${seconds(t)}`);
    }
  } catch (error) {
    await rm(stage, { recursive: true, force: true });
    console.error(`kb build failed: ${(error as Error).message}\nkb build: ${out} is unchanged`);
    process.exit(1);
  }
  removeManifest(options);
  commitStage(stage, out, { write: changed, remove: removed, writeShards: searchShards.map((j) => j.shard), removeShards: emptied });
  const known = new Map<string, [number, number]>();
  const rebuilt = new Set(changed);
  for (const [file, r] of Object.entries(previous.routes)) if (!rebuilt.has(file)) known.set(file, [r[2], r[3]]);
  writeManifest(options, makeManifest(options, fingerprint, current, search, known));
  const now = pageDigests();
  new RenderCache(options.cacheDir).drop([...changed, ...removed].flatMap((f) => (previous.routes[f]?.[4] !== undefined && !now.has(previous.routes[f]![1]) ? [previous.routes[f]![1]] : [])));
  await rm(stage, { recursive: true, force: true });
  console.log(`kb build: incremental build: ${changed.length} routes rebuilt, ${removed.length} removed: ${vault} → ${out} in ${seconds(t0)}`);
}

// A build that was killed leaves its staging folders beside the out dir; nobody else uses them.
for (const name of existsSync(dirname(out)) ? readdirSync(dirname(out)) : []) {
  const m = /\.kb-(?:stage|search)-(\d+)$/.exec(name);
  if (!m || !name.startsWith(`${basename(out)}.`) || alive(Number(m[1]))) continue;
  await rm(join(dirname(out), name), { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const previous = readManifest(options);
const changes = changesSince(previous);
if (typeof changes === 'string') await fullBuild(changes);
else await incrementalBuild(previous as BuildManifest, changes);

