// The incremental build's plan: load the vault, digest every route, compare with the previous
// manifest, and prepare what the loaders need for the routes to build. It runs on a worker thread
// (planner-worker.ts, started by planner-thread.ts) while the main thread starts Astro, so neither waits for the other: at 10k
// pages each takes a few seconds. Everything it returns is plain data.
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
