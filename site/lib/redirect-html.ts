// A static redirect page: meta refresh for browsers, a canonical link for crawlers, a visible link
// for everyone. Written by site/build.ts after the search index, so Astro does not render thousands
// of them one by one and Pagefind does not parse them.
import { escapeXml } from './render/chart-svg.ts';

export interface RedirectPage {
  slug: string;
  toUrl: string;
  toTitle: string;
  reason: 'redirect' | 'alias';
  label: string;
}

const ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6" fill="#2454c5"/></svg>')}`;

export function redirectHtml(r: RedirectPage): string {
  const to = escapeXml(r.toUrl);
  const verb = r.reason === 'alias' ? 'is another name for' : 'moved to';
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(r.label)} → ${escapeXml(r.toTitle)} · kb</title>`,
    `<meta http-equiv="refresh" content="0; url=${to}">`,
    `<link rel="canonical" href="${to}">`,
    '<meta name="robots" content="noindex">',
    `<link rel="icon" href="${escapeXml(ICON)}">`,
    `</head><body><p>“${escapeXml(r.label)}” ${verb} <a href="${to}">${escapeXml(r.toTitle)}</a>.</p></body></html>`,
    '',
  ].join('\n');
}

export interface SharedPage {
  slug: string;
  pages: { url: string; title: string }[];
}

/** The plain URL several notes slug to (site/lib/slugs.ts): a list of them, for links made before a twin appeared. */
export function sharedHtml(r: SharedPage): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(r.pages[0]?.title ?? r.slug)} (${r.pages.length} pages) · kb</title>`,
    '<meta name="robots" content="noindex">',
    `<link rel="icon" href="${escapeXml(ICON)}">`,
    `</head><body><main><h1>${r.pages.length} pages share this address</h1><ul>`,
    ...r.pages.map((p) => `<li><a href="${escapeXml(p.url)}">${escapeXml(p.title)}</a></li>`),
    '</ul></main></body></html>',
    '',
  ].join('\n');
}
