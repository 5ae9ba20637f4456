// The outputs site/build.ts writes itself, straight from the site routes: redirect pages, the lists
// of notes sharing a plain URL and copied attachments (Astro would render or read them one by one),
// graph.json once the graph is laid out, and the list of pages per search shard.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { redirectHtml, sharedHtml } from './redirect-html.ts';
import type { Route, SiteRoutes } from './routes.ts';
import type { ShardJob } from './search-index.ts';
import { GRAPH_JSON } from './route-files.ts';
import type { GraphData } from './summary.ts';

/** graph.json: the laid-out graph, as the Astro route serves it under `kb dev` (site/pages/graph.json.ts). */
export function writeGraph(dir: string, graph: GraphData): void {
  writeFileSync(join(dir, GRAPH_JSON), JSON.stringify(graph));
}

export function writeStatic(dir: string, files: Iterable<[string, Route]>): void {
  for (const [file, route] of files) {
    if (route.writer === 'graph') continue;
    const to = join(dir, file);
    if (!to.startsWith(`${dir}/`)) throw new Error(`kb build: output outside the site: ${file}`);
    mkdirSync(dirname(to), { recursive: true });
    if (route.writer === 'redirect') writeFileSync(to, redirectHtml(route.redirect!));
    else if (route.writer === 'shared') writeFileSync(to, sharedHtml(route.shared!));
    else if (route.writer === 'attachment') copyFileSync(route.source!, to);
  }
}

/** The pages of each of `shards` that has pages (Pagefind indexes only topic and MOC pages). */
export function shardJobs(routes: SiteRoutes, shards: Iterable<number>): ShardJob[] {
  const files = new Map<number, string[]>();
  for (const [file, route] of routes.routes) {
    if (!route.search) continue;
    const list = files.get(route.search.shard);
    if (list) list.push(file);
    else files.set(route.search.shard, [file]);
  }
  return [...shards].sort((a, b) => a - b).flatMap((shard) => (files.has(shard) ? [{ shard, files: files.get(shard)! }] : []));
}
