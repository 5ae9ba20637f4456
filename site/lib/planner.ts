// The incremental build's plan: what changed since the last build, and what the loaders need for the
// routes to build. It runs on a worker thread (planner-worker.ts, started by planner-thread.ts) while
// the main thread starts Astro, so neither waits for the other. After an edit of a few notes' bodies
// the quick path (quick-plan.ts) answers from the last build's site state; otherwise the whole vault
// is loaded and every route digested. Everything it returns is plain data.
import type { VaultScan } from '../../vault/stat.ts';
import type { BuildManifest } from './build-manifest.ts';
import { routeChanges, type Changes } from './changes.ts';
import type { SiteOptions } from './options.ts';
import { quickPlan } from './quick-plan.ts';
import { GRAPH_JSON } from './route-files.ts';
import { siteRoutes, type SiteRoutes } from './routes.ts';
import { Site, type Report, type SitePayload } from './site.ts';
import type { GraphData } from './summary.ts';
import { stateOf, type SiteState } from './site-state.ts';
import { readState } from './state-file.ts';

export type Plan =
  | { kind: 'full'; reason: string; report: Report }
  | {
      kind: 'incremental';
      report: Report;
      changes: Changes;
      routes: SiteRoutes;
      astro: string[];
      payload: SitePayload | null;
      /** Why the whole vault was loaded, or null when the plan came from the last build's state. */
      loaded: string | null;
    };

/**
 * The plan, and (an incremental plan) the site state the build leaves, made when asked: after the
 * plan was handed over. `stamp`: the vault stamp this build records, and its part besides the pages'
 * stats (vault-stamp.ts).
 */
export async function planBuild(options: SiteOptions, previous: BuildManifest, scan: VaultScan, stamp: { vault: string; rest: string }): Promise<{ plan: Plan; state: (() => SiteState) | null; graph: Promise<GraphData> | null }> {
  const quick = await quickPlan(options, previous, scan, stamp, readState(options));
  if (typeof quick !== 'string') {
    const { state, graph, ...plan } = quick;
    return { plan: { kind: 'incremental', ...plan, loaded: null }, state: () => state, graph };
  }
  // The global graph's layout (its own thread, a second at 10k pages) starts as soon as the model
  // shows graph.json changed, so it runs while the pages' inputs and every route are digested. A
  // graph with no previous digest ('') is laid out as well: graph.json is then built anyway.
  const site = await Site.load(options, { layoutUnless: previous.routes[GRAPH_JSON]?.[1] ?? '', scan });
  const report = site.report();
  const routes = siteRoutes(site);
  const changes = routeChanges(previous, routes);
  if (typeof changes === 'string') return { plan: { kind: 'full', reason: changes, report }, state: null, graph: null };
  const astro = changes.changed.filter((f) => routes.routes.get(f)!.writer === 'astro');
  const payload = astro.length ? await site.payload(new Set(astro)) : null;
  return { plan: { kind: 'incremental', report, changes, routes, astro, payload, loaded: quick }, state: () => stateOf(site, scan, stamp), graph: changes.changed.includes(GRAPH_JSON) ? site.graph() : null };
}
