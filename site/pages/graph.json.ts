// The global graph with build-time positions: [url, title, group, x, y, degree] per node, edges as
// index pairs. An incremental build that does not rebuild it gets an empty placeholder, never copied.
import type { APIRoute } from 'astro';
import { siteSummary } from '../lib/summary.ts';

export const GET: APIRoute = async () => {
  const site = await siteSummary();
  return new Response(JSON.stringify(site.graph ?? { groups: [], nodes: [], edges: [] }), { headers: { 'content-type': 'application/json' } });
};
