// The share metadata of a page's <head>: description, canonical URL, OpenGraph and Twitter card. As
// one string with every value escaped for an attribute, `<` and `>` included: a note's title may
// hold markup (`<script>…`), and Astro's attribute escaping leaves `<` as it is, harmless to a
// browser but not to every scraper or HTML-unaware tool reading the page.
import { xml } from './feed.ts';

export interface HeadMeta {
  title: string;
  siteName: string;
  description: string | null;
  type: 'article' | 'website';
  canonical: string | null;
  image: string | null;
}

export function headMeta(m: HeadMeta): string {
  const tag = (attr: 'name' | 'property', key: string, value: string | null) => (value ? `<meta ${attr}="${key}" content="${xml(value)}">` : '');
  return [
    tag('name', 'description', m.description),
    m.canonical ? `<link rel="canonical" href="${xml(m.canonical)}">` : '',
    tag('property', 'og:title', m.title),
    tag('property', 'og:site_name', m.siteName),
    tag('property', 'og:type', m.type),
    tag('property', 'og:url', m.canonical),
    tag('property', 'og:description', m.description),
    tag('property', 'og:image', m.image),
    tag('name', 'twitter:card', 'summary'),
    tag('name', 'twitter:title', m.title),
    tag('name', 'twitter:description', m.description),
  ]
    .filter(Boolean)
    .join('');
}
