// The global graph with build-time positions: [url, title, group, x, y, degree] per node, edges as
// index pairs. A build gets an empty placeholder here: kb build writes graph.json itself once the
// graph is laid out (static-outputs.ts writeGraph), so Astro never waits for the layout.
import type { APIRoute } from 'astro';
// Under `kb dev` the layout is made when the graph is requested, from the current Site.
import { siteOptions } from '../lib/options.ts';
import { getSite } from '../lib/site.ts';
import { siteSummary } from '../lib/summary.ts';

export const GET: APIRoute = async () => {
  const site = await siteSummary();
  const graph = site.graph ?? (import.meta.env.DEV ? await (await getSite(siteOptions())).graph() : { groups: [], nodes: [], edges: [] });
  return new Response(JSON.stringify(graph), { headers: { 'content-type': 'application/json' } });
};
