// The incremental build's plan: load the vault, digest every route, compare with the previous
// manifest, and prepare what the loaders need for the routes to build. It runs on a worker thread
// (planner-worker.ts) while the main thread starts Astro, so neither waits for the other: at 10k
// pages each takes a few seconds. Everything it returns is plain data.
import { Worker } from 'node:worker_threads';
import type { BuildManifest } from './build-manifest.ts';
import { routeChanges, type Changes } from './changes.ts';
import type { SiteOptions } from './options.ts';
import { siteRoutes, type SiteRoutes } from './routes.ts';
import { getSite, type Report, type SitePayload } from './site.ts';

export type Plan =
  | { kind: 'full'; reason: string; report: Report }
  | { kind: 'incremental'; report: Report; changes: Changes; routes: SiteRoutes; astro: string[]; payload: SitePayload | null };

export async function planBuild(options: SiteOptions, previous: BuildManifest): Promise<Plan> {
  const site = await getSite(options);
  const report = site.report();
  const routes = siteRoutes(site);
  const changes = routeChanges(previous, routes);
  if (typeof changes === 'string') return { kind: 'full', reason: changes, report };
  const astro = changes.changed.filter((f) => routes.routes.get(f)!.writer === 'astro');
  const payload = astro.length ? await site.payload(new Set(astro)) : null;
  return { kind: 'incremental', report, changes, routes, astro, payload };
}

/** planBuild on a worker thread. The worker reads the options from the environment, as this thread did. */
export function planOnWorker(): Promise<Plan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./planner-worker.ts', import.meta.url));
    worker.once('message', (plan: Plan) => {
      resolve(plan);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the build planner stopped (exit ${code})`)));
  });
}
