// sitemap.xml: every published note and the site's own index pages, on the config's site.baseUrl
// (a sitemap must hold absolute URLs; without a baseUrl it uses the site's paths as they are).
import type { APIRoute } from 'astro';
import { siteSummary } from '../lib/summary.ts';
import { absolute, xml } from '../lib/feed.ts';

export const GET: APIRoute = async () => {
  const site = await siteSummary();
  const base = import.meta.env.BASE_URL;
  const at = (url: string) => absolute(url, base, site.settings.baseUrl);
  const urls = [
    `  <url><loc>${xml(at(base))}</loc></url>`,
    ...site.feed.map((p) => `  <url><loc>${xml(at(p.url))}</loc><lastmod>${p.updated.slice(0, 10)}</lastmod></url>`),
  ];
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
  return new Response(body, { headers: { 'content-type': 'application/xml' } });
};
