// feed.xml: an Atom feed of the most recently changed notes (Site.feedPages: the date a note states,
// else its file time).
import type { APIRoute } from 'astro';
import { siteSummary } from '../lib/summary.ts';
import { absolute, FEED_SIZE, xml } from '../lib/feed.ts';

export const GET: APIRoute = async () => {
  const site = await siteSummary();
  const base = import.meta.env.BASE_URL;
  const at = (url: string) => absolute(url, base, site.settings.baseUrl);
  const pages = site.feed.slice(0, FEED_SIZE);
  const updated = pages[0]?.updated ?? new Date(0).toISOString();
  const body = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(site.settings.title)}</title>`,
    site.settings.description ? `  <subtitle>${xml(site.settings.description)}</subtitle>` : '',
    `  <link href="${xml(at(`${base}feed.xml`))}" rel="self"/>`,
    `  <link href="${xml(at(base))}"/>`,
    `  <id>${xml(at(base))}</id>`,
    `  <updated>${updated}</updated>`,
    ...pages.map((p) => `  <entry><title>${xml(p.title)}</title><link href="${xml(at(p.url))}"/><id>${xml(at(p.url))}</id><updated>${p.updated}</updated></entry>`),
    '</feed>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return new Response(body, { headers: { 'content-type': 'application/atom+xml' } });
};
