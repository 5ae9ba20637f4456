// The shape of the `site` collection's one entry (computed by Site.payload in site.ts, stored by
// siteLoader in loader.ts): what the home, category, tag, graph and search pages render.
import { getEntry } from 'astro:content';

export interface Listed {
  url: string;
  title: string;
  status: string | null;
}

export interface Stats {
  files: number;
  built: number;
  mocs: number;
  redirectPages: number;
  redirectUrls: number;
  attachments: number;
  stubs: number;
  left: number;
  /** Notes kept off the site by the config's ignore globs, templates folders or `publish: false`. */
  unpublished: number;
  links: { total: number; resolved: number; redirect: number; fixable: number; unresolved: number };
  diagnostics: { error: number; warning: number; info: number };
}

export interface CategoryLink {
  name: string;
  slug: string;
  mocUrl: string | null;
  count: number;
}

export interface TagLink {
  tag: string;
  slug: string;
  count: number;
}

export interface CategoryPage {
  name: string;
  slug: string;
  mocUrl: string | null;
  pages: Listed[];
}

export interface TagPage {
  tag: string;
  slug: string;
  pages: Listed[];
}

export interface GraphData {
  groups: string[];
  nodes: [string, string, number, number, number, number][];
  edges: number[];
}

/** From the vault's kb.config.json `site` (schemas/config.ts). */
export interface SiteSettings {
  title: string;
  description: string | null;
  language: string;
  /** The absolute URL the site is published at, with a trailing `/`: canonical links, sitemap, feed. */
  baseUrl: string | null;
  footer: string | null;
  /** The logo's URL on the site (an attachment of the vault). */
  logo: string | null;
}

export interface SiteSummary {
  settings: SiteSettings;
  stats: Stats;
  mostLinked: { url: string; title: string; count: number }[];
  recent: { url: string; title: string; date: string }[];
  categories: CategoryLink[];
  tags: TagLink[];
  /** The category and tag pages this build writes (all of them, or those an incremental build needs). */
  categoryPages: CategoryPage[];
  tagPages: TagPage[];
  /** Null when this build does not write graph.json. */
  graph: GraphData | null;
  /** The search shards that hold pages (site/lib/search-shards.ts). */
  searchShards: number[];
  /** Every page, most recently changed first (ISO dates): the sitemap and the feed. */
  feed: { url: string; title: string; updated: string }[];
}

export async function siteSummary(): Promise<SiteSummary> {
  const entry = await getEntry('site', 'vault');
  if (!entry) throw new Error('kb site: the site collection has no "vault" entry (did the vault load?)');
  return entry.data as unknown as SiteSummary;
}
