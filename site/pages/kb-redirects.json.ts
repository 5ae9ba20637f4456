// The redirect URLs as data for site/build.ts, which writes one static page per entry and then
// removes this file from the output.
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';

export const GET: APIRoute = async () => {
  const redirects = await getCollection('redirects');
  return new Response(JSON.stringify(redirects.map((r) => ({ slug: r.id, ...r.data }))), { headers: { 'content-type': 'application/json' } });
};
