// The incremental build's plan: load the vault, digest every route, compare with the previous
// manifest, and prepare what the loaders need for the routes to build. It runs on a worker thread
// (planner-worker.ts) while the main thread starts Astro, so neither waits for the other: at 10k
// pages each takes a few seconds. Everything it returns is plain data.
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { VaultScan } from '../../vault/stat.ts';
import type { BuildManifest } from './build-manifest.ts';
import { routeChanges, type Changes } from './changes.ts';
import type { SiteOptions } from './options.ts';
import { GRAPH_JSON } from './route-files.ts';
import { siteRoutes, type SiteRoutes } from './routes.ts';
import { Site, type Report, type SitePayload } from './site.ts';

export type Plan =
  | { kind: 'full'; reason: string; report: Report }
  | { kind: 'incremental'; report: Report; changes: Changes; routes: SiteRoutes; astro: string[]; payload: SitePayload | null };

export async function planBuild(options: SiteOptions, previous: BuildManifest, scan?: VaultScan): Promise<Plan> {
  // The global graph's layout (its own thread, a second at 10k pages) starts as soon as the model
  // shows graph.json changed, so it runs while the pages' inputs and every route are digested. A
  // graph with no previous digest ('') is laid out as well: graph.json is then built anyway.
  const site = await Site.load(options, { layoutUnless: previous.routes[GRAPH_JSON]?.[1] ?? '', scan });
  const report = site.report();
  const routes = siteRoutes(site);
  const changes = routeChanges(previous, routes);
  if (typeof changes === 'string') return { kind: 'full', reason: changes, report };
  const astro = changes.changed.filter((f) => routes.routes.get(f)!.writer === 'astro');
  const payload = astro.length ? await site.payload(new Set(astro)) : null;
  return { kind: 'incremental', report, changes, routes, astro, payload };
}

export interface Planner {
  /**
   * Plans the build: the worker reads the options and the previous manifest, as this thread did, and
   * loads the vault from `scan`, the files as this thread listed and stat'ed them for the vault stamp
   * (so the plan is of exactly the files the stamp describes, and 10k files are not stat'ed twice).
   */
  plan(scan: VaultScan): Promise<Plan>;
  /** Not needed (a full build, or nothing to build): the worker ends without having loaded anything. */
  stop(): Promise<void>;
}

/**
 * planBuild on a worker thread, started before the build knows whether it is incremental: the
 * worker's module loading (half a second) then overlaps this thread's fingerprint and vault checks,
 * and it plans only when asked. It shares this thread's environment, so it plans with whatever the
 * build set there up to `plan()` (the options, unverified outputs).
 */
export function startPlanner(): Planner {
  const worker = new Worker(new URL('./planner-worker.ts', import.meta.url), { env: SHARE_ENV });
  const result = new Promise<Plan>((resolve, reject) => {
    worker.once('message', (plan: Plan) => {
      resolve(plan);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the build planner stopped (exit ${code})`)));
  });
  result.catch(() => {});
  return {
    plan(scan) {
      worker.postMessage(scan);
      return result;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
