// `kb build [vault] [--profile P] [--out DIR] [--strict] [--no-search] [--no-verify] [--full]`
// (cli/commands/build.ts parses the options; `npm run build` and `node site/build.ts` call it): the
// output verification (`kb run --check`, verifyOutputs below), then the site: the Astro build of the
// vault (content/ by default), static redirect pages and attachments, and the Pagefind search shards.
//
// Every build leaves a manifest (build-manifest.ts): a fingerprint of the site's code, packages and
// options, and a digest per output file of the model data its route renders (routes.ts); and the
// site state the planner's quick path starts from (site-state.ts). When there is a manifest, Astro
// starts on the main thread at once while a worker thread checks the fingerprint, the out dir and
// the vault stamp and works out what changed (planner.ts: from the site state after an edit of a few
// notes' bodies, quick-plan.ts, else from the whole vault); Astro then renders just the changed
// routes (the loaders store only them, payload.ts) into a staging folder, the search shards holding
// changed pages are indexed again, and the results are moved into the out dir (out-dir.ts).
// Anything else (no or another fingerprint, a touched out dir, too many changes, --full) is a full
// build, in a fresh process when Astro had started. Options are also read from the environment (site/lib/options.ts),
// so a test or bench can set KB_VAULT, KB_OUT, KB_STRICT, KB_PROFILE, KB_CACHE_DIR directly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { AstroUserConfig } from 'astro';
import { makeManifest, readManifest, removeManifest, writeManifest, type BuildManifest } from './lib/build-manifest.ts';
import { exportOptions, siteOptions } from './lib/options.ts';
import { commitStage } from './lib/out-dir.ts';
import { providePayload, provideStore, renderStats } from './lib/payload.ts';
import { startPlanner, type Planner } from './lib/planner-thread.ts';
import { RenderCache } from './lib/render-cache.ts';
import type { SiteRoutes } from './lib/routes.ts';
import { executes, vaultSetup } from './lib/setup.ts';
import { commitState, writeState } from './lib/state-file.ts';
import { writeSearchShards } from './lib/search-index.ts';
import type { Report, SitePayload } from './lib/site.ts';
import { shardJobs, writeGraph, writeStatic } from './lib/static-outputs.ts';
import { GRAPH_JSON } from './lib/route-files.ts';

const root = resolve(import.meta.dirname, '..');
const KB = resolve(root, 'cli/kb.mjs');
/** A string, not a literal: TypeScript reads no types from the plain-JavaScript config. */
const CONFIG = new URL('../astro.config.mjs', import.meta.url).href;

export interface BuildFlags {
  vault?: string;
  out?: string;
  profile?: 'topic' | 'obsidian';
  strict?: boolean;
  search?: boolean;
  verify?: boolean;
  full?: boolean;
}

/** The build's command line for a fresh process (a full build the incremental path decided on). */
function argsOf(flags: BuildFlags): string[] {
  const args = ['build'];
  if (flags.vault) args.push(flags.vault);
  if (flags.out) args.push('--out', flags.out);
  if (flags.profile) args.push('--profile', flags.profile);
  if (flags.strict) args.push('--strict');
  if (flags.search === false) args.push('--no-search');
  return args;
}

/**
 * `kb run --check` of the vault's outputs before the site is built (its cache makes this cheap when
 * nothing changed since a verified run): the outputs the site shows must still be what the code
 * prints. Drift shows on the pages as stale badges and is reported here; under --strict it fails the
 * build. Where blocks cannot run safely (no bubblewrap), nothing runs: the pages mark the embedded
 * outputs "unverified" (KB_OUTPUTS_UNVERIFIED, read by site/lib/render/outputs.ts) and one line says
 * so; only --strict makes that an error. Returns false when the build must stop.
 */
function verifyOutputs(vault: string, strict: boolean): boolean {
  const run = spawnSync(process.execPath, [KB, 'run', vault, '--check', '--json', '--require-sandbox'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  let result: { blocks?: { file: string; line: number; status: string }[]; unverified?: string } = {};
  try {
    result = JSON.parse(run.stdout) as typeof result;
  } catch {
    process.stderr.write(run.stderr);
    console.error(`kb build: kb run --check gave no report (exit ${run.status})`);
    return !strict;
  }
  if (result.unverified) {
    process.env.KB_OUTPUTS_UNVERIFIED = '1';
    console.error(`kb build: code outputs shown unverified: ${result.unverified}`);
    return !strict;
  }
  process.stderr.write(run.stderr);
  const blocks = result.blocks ?? [];
  const bad = blocks.filter((b) => b.status !== 'verified' && b.status !== 'skipped');
  console.log(`kb build: ${blocks.length - bad.length} of ${blocks.length} code blocks verified or not executable`);
  for (const b of bad) console.error(`${b.file}:${b.line}: ${b.status}`);
  if (bad.length > 0 && strict) {
    console.error(`kb build: strict mode: ${bad.length} code outputs do not verify (run \`npx kb run ${vault} --write\`)`);
    return false;
  }
  return true;
}

/** `planner`: the incremental planner's thread, when the caller started it already (none for --full). */
export async function buildSite(flags: BuildFlags, planner: Planner | null = flags.full ? null : startPlanner()): Promise<void> {
  if (flags.vault) process.env.KB_VAULT = resolve(flags.vault);
  if (flags.out) process.env.KB_OUT = resolve(flags.out);
  if (flags.strict) process.env.KB_STRICT = '1';
  if (flags.profile) process.env.KB_PROFILE = flags.profile;
  const options = siteOptions();
  exportOptions(options);
  const search = flags.search !== false;
  const { vaultDir: vault, outDir: out } = options;
  if (!existsSync(vault)) {
    console.error(`kb build: no vault at ${vault} (kb build DIR, or KB_VAULT)`);
    process.exit(2);
  }

  const t0 = performance.now();
  const setup = await vaultSetup(options);
  const execute = executes(setup);
  const settings = [setup.config.site ?? null, setup.profile.profile, execute];
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

  console.log(`kb build: ${vault} as profile ${setup.profile.profile} (${setup.profile.reason})`);
  // Under obsidian nothing in the vault is executed unless its config opts in (spec §7).
  if (!execute) console.log('kb build: code blocks are not executed (run.execute is off for this vault); outputs are shown as written');
  else if (flags.verify !== false && process.env.KB_VERIFY !== '0' && !verifyOutputs(vault, options.strict)) process.exit(1);

  /** Prints the vault's diagnostics; under --strict, errors end the build here, before the out dir is touched. */
  function report({ text, errors }: Report, done: () => Promise<void> = async () => {}) {
    if (text) console.error(`\n${text}`);
    if (!errors || !options.strict) return Promise.resolve();
    console.error(`kb build: ${errors} error(s) in ${vault} (strict mode, KB_STRICT=1); see the diagnostics above`);
    return done().then(() => process.exit(1));
  }

  async function astroBuild(outDir: string, logLevel: 'info' | 'warn', cacheDir?: string) {
    // The config is imported here and given inline (configFile: false): Astro would otherwise load
    // astro.config.mjs through a Vite server of its own, a few tenths of a second of every build.
    // The loaders' store and render modules are handed over the same way (payload.ts), so Astro's
    // module runner does not transform them one by one.
    const [{ build }, { default: config }, store] = await Promise.all([import('astro'), import(CONFIG) as Promise<{ default: AstroUserConfig }>, import('./lib/store.ts')]);
    provideStore(store);
    await build({ ...config, root, configFile: false, outDir, ...(cacheDir && { cacheDir }), logLevel: process.env.KB_LOG_LEVEL === 'silent' ? 'error' : logLevel });
  }

  /** Indexes `shards` into dest/pagefind/; returns a line saying what was indexed. */
  async function writeSearch(routes: SiteRoutes, shards: number[], source: (file: string) => string, work: string, dest: string): Promise<string> {
    const jobs = shardJobs(routes, shards);
    const t = performance.now();
    try {
      const pages = await writeSearchShards(jobs, source, work, dest);
      return `${pages} pages in ${jobs.length} of ${routes.shards} shards in ${seconds(t)}`;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  const pageDigests = (routes: SiteRoutes) => new Set([...routes.routes.values()].flatMap((r) => (r.search ? [r.digest] : [])));

  async function fullBuild(reason: string) {
    await planner?.stop();
    // Loaded here: an incremental build's main thread starts Astro without them (the planner's thread has its own).
    const [{ buildFingerprint }, { vaultStamp }, { getSite }, { siteRoutes }, { stateOf }] = await Promise.all([
      import('./lib/fingerprint.ts'),
      import('./lib/vault-stamp.ts'),
      import('./lib/site.ts'),
      import('./lib/routes.ts'),
      import('./lib/site-state.ts'),
    ]);
    // Taken before anything is built, so a source or page edited during the build is built by the next one.
    const fingerprint = buildFingerprint(options, { search }, settings);
    const { stamp, rest, scan } = await vaultStamp(vault, setup.profile.profile);
    console.log(`kb build: full build (${reason})`);
    const site = await getSite(options);
    await report(site.report());
    const current = siteRoutes(site);
    removeManifest(options);
    // Started now, the global graph's layout (its own thread) is ready when the site loader wants it.
    void site.graph().catch(() => {});
    providePayload(site.payload(null, { graph: false }));
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
      await astroBuild(out, 'info');
    } catch (error) {
      console.error(`kb build failed: ${(error as Error).message}`);
      process.exit(1);
    }
    writeStatic(
      out,
      [...current.routes].filter(([, r]) => r.writer !== 'astro'),
    );
    writeGraph(out, await site.graph());
    if (search) {
      const all = Array.from({ length: current.shards }, (_, i) => i);
      console.log(`kb build: search index of ${await writeSearch(current, all, (file) => join(out, file), `${out}.kb-search-${process.pid}`, out)}`);
    }
    await writeManifest(options, makeManifest(options, fingerprint, stamp, current, search));
    await writeState(options, stateOf(site, scan, { vault: stamp, rest }));
    const dropped = new RenderCache(options.cacheDir).keepOnly(pageDigests(current));
    await cleanup;
    console.log(`kb build: full build of ${current.routes.size} routes (${dropped} stale render records dropped): ${vault} → ${out} in ${seconds(t0)}`);
  }

  /**
   * Astro starts on this thread at once, building into a staging folder, while the planner's thread
   * decides whether the build may be incremental (the fingerprint, the out dir, the vault stamp) and
   * plans it. Astro's loaders wait for the plan's payload; when the plan needs no Astro build (nothing
   * changed, only redirect pages or attachments) or a full build, they never get one and the process
   * exits past them.
   */
  async function incrementalBuild(previous: BuildManifest, planner: Planner) {
    const stage = `${out}.kb-stage-${process.pid}`;
    await rm(stage, { recursive: true, force: true });
    mkdirSync(stage, { recursive: true });
    const planning = planner.plan({ search, profile: setup.profile.profile, settings });
    providePayload(planning.then((plan) => (plan.kind === 'incremental' && plan.payload ? plan.payload : new Promise<SitePayload>(() => {}))), { fewPages: true });
    // Quiet: this build's own lines say what it does; Astro's warnings and errors still show.
    // Its own cache dir: Astro's content store there is only ever this small build's (Astro clears it
    // anyway, as the staging folder is a new out dir), not the full build's store of every page, which
    // Astro would otherwise read and write again before the loaders get the plan.
    const astro = astroBuild(stage, 'warn', join(options.cacheDir, 'astro-incremental'));
    astro.catch(() => {});
    const fail = async (message: string): Promise<never> => {
      await rm(stage, { recursive: true, force: true });
      console.error(`kb build failed: ${message}\nkb build: ${out} is unchanged`);
      process.exit(1);
    };
    const plan = await planning.catch((error: Error) => fail(error.stack ?? error.message));
    if (plan.kind === 'unchanged') {
      await rm(stage, { recursive: true, force: true });
      console.log(`kb build: incremental build: 0 of ${Object.keys(previous.routes).length} routes to build, 0 removed, 0 of ${previous.shards} search shards (no file in the vault changed since the last build)`);
      console.log(`kb build: nothing changed: ${vault} → ${out} in ${seconds(t0)}`);
      // Astro's start must not hold the process.
      process.exit(0);
    }
    await report(plan.report, () => rm(stage, { recursive: true, force: true }));
    /** A full build after all: in a fresh process, as Astro has started here with a staging folder as its out dir. */
    const fullInstead = async (reason: string): Promise<never> => {
      await rm(stage, { recursive: true, force: true });
      const full = spawnSync(process.execPath, [KB, ...argsOf(flags), '--full', '--no-verify'], { stdio: 'inherit', env: { ...process.env, KB_FULL_REASON: reason } });
      process.exit(full.status ?? 1);
    };
    if (plan.kind === 'full') return fullInstead(plan.reason);
    // Whether the out dir is as the last build left it: the worker checks after sending the plan, and
    // the answer is needed only before this build says nothing changed or touches the out dir.
    const outDirIntact = async () => {
      const touched = await planner.touched().catch((error: Error) => fail(error.stack ?? error.message));
      if (touched) await fullInstead(touched);
    };
    const { changes, routes, astro: astroFiles, fingerprint, stamp } = plan;
    const { changed, removed } = changes;
    const searchJobs = search ? shardJobs(routes, changes.shards) : [];
    const emptied = search ? changes.shards.filter((s) => !searchJobs.some((j) => j.shard === s)) : [];
    console.log(
      `kb build: incremental build: ${changed.length} of ${routes.routes.size} routes to build (${astroFiles.length} by Astro, ${changed.length - astroFiles.length} redirect pages and attachments), ${removed.length} removed, ${searchJobs.length} of ${routes.shards} search shards`,
    );
    console.log(plan.loaded === null ? "kb build: planned from the last build's site state (only the edited notes and the pages they link to were read)" : `kb build: planned from the whole vault (${plan.loaded})`);
    if (changed.length === 0 && removed.length === 0 && searchJobs.length === 0 && emptied.length === 0) {
      await outDirIntact();
      await rm(stage, { recursive: true, force: true });
      console.log(`kb build: nothing changed: ${vault} → ${out} in ${seconds(t0)}`);
      process.exit(0);
    }
    const rebuilt = new Set(changed);
    try {
      if (astroFiles.length) {
        await astro;
        const missing = astroFiles.filter((f) => !existsSync(join(stage, f)));
        if (missing.length) throw new Error(`Astro did not write ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
        const stats = renderStats();
        if (stats) console.log(`kb build: ${stats.pages} pages (${stats.rendered} rendered, ${stats.pages - stats.rendered} unchanged) and ${astroFiles.length - stats.pages} other routes built by Astro`);
      }
      writeStatic(
        stage,
        changed.flatMap((f) => (routes.routes.get(f)!.writer === 'astro' ? [] : [[f, routes.routes.get(f)!] as const])),
      );
      // Over the placeholder Astro's graph.json route leaves in the staging folder.
      if (rebuilt.has(GRAPH_JSON)) writeGraph(stage, await planner.graph());
      if (searchJobs.length) {
        console.log(`kb build: search index: ${await writeSearch(routes, changes.shards, (file) => join(rebuilt.has(file) ? stage : out, file), join(stage, '.kb-search'), stage)}`);
      }
    } catch (error) {
      await fail((error as Error).message);
    }
    await outDirIntact();
    removeManifest(options);
    commitStage(stage, out, { write: changed, remove: removed, writeShards: searchJobs.map((j) => j.shard), removeShards: emptied });
    const known = new Map<string, [number, number]>();
    for (const [file, r] of Object.entries(previous.routes)) if (!rebuilt.has(file)) known.set(file, [r[2], r[3]]);
    await writeManifest(options, makeManifest(options, fingerprint, stamp, routes, search, known));
    // The planner's thread wrote the next site state meanwhile; without it the next build loads the whole vault.
    if (await planner.state().then(() => true, () => false)) commitState(options);
    const now = pageDigests(routes);
    new RenderCache(options.cacheDir).drop([...changed, ...removed].flatMap((f) => (previous.routes[f]?.[4] !== undefined && !now.has(previous.routes[f]![1]) ? [previous.routes[f]![1]] : [])));
    await rm(stage, { recursive: true, force: true });
    console.log(`kb build: incremental build: ${changed.length} routes rebuilt, ${removed.length} removed: ${vault} → ${out} in ${seconds(t0)}`);
    // Astro's build has finished or was never needed; anything it left waiting must not hold the process.
    process.exit(0);
  }

  // A build that was killed leaves its staging folders (or a full build the old out dir it was
  // deleting) beside the out dir; nobody else uses them.
  for (const name of existsSync(dirname(out)) ? readdirSync(dirname(out)) : []) {
    const m = /\.(?:kb-stage|kb-search|old)-(\d+)$/.exec(name);
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
  if (flags.full || typeof previous === 'string' || !planner) await fullBuild(flags.full ? (process.env.KB_FULL_REASON ?? '--full') : typeof previous === 'string' ? previous : 'no planner');
  else await incrementalBuild(previous, planner);
}

// `node site/build.ts [options]` is `kb build [options]`.
if (import.meta.main) {
  process.argv.splice(2, 0, 'build');
  await import('../cli/program.ts');
}
