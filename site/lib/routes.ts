// Every file the built site consists of, by route, with a digest of exactly the model data that
// route renders. Two builds whose digests for a route agree write the same bytes for it (the site's
// own code, the packages and the options are covered by the build fingerprint, fingerprint.ts), so
// an incremental build writes again only the routes whose digests changed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestOf } from './digest.ts';
import type { RedirectPage, SharedPage } from './redirect-html.ts';
import { attachmentFile, CATEGORIES, categoryFile, FEED, GRAPH, GRAPH_JSON, HOME, NOT_FOUND, pageFile, SEARCH, SITEMAP, tagFile, TAGS } from './route-files.ts';
import { shardCount, shardOf } from './search-shards.ts';
import { FEED_SIZE } from './feed.ts';
import type { Site } from './site.ts';

/**
 * Who writes a route: the Astro build, or site/build.ts itself (static redirect pages, copied
 * attachments, and graph.json from the laid-out graph, so that no build waits for the layout before
 * Astro may render).
 */
export type Writer = 'astro' | 'redirect' | 'shared' | 'attachment' | 'graph';

export interface Route {
  writer: Writer;
  digest: string;
  /** Topic and MOC pages, the only pages Pagefind indexes: their search shard and article digest. */
  search?: { shard: number; digest: string };
  /** Redirect pages: what the page says. Attachments: the vault file to copy. */
  redirect?: RedirectPage;
  shared?: SharedPage;
  source?: string;
}

export interface SiteRoutes {
  routes: Map<string, Route>;
  shards: number;
}

export function siteRoutes(site: Site): SiteRoutes {
  const { model, vault } = site;
  const routes = new Map<string, Route>();
  // The first route to claim a file keeps it, in the order Astro ranks them: static routes, then pages.
  const add = (file: string, route: Route) => {
    if (!routes.has(file)) routes.set(file, route);
  };
  // The site's settings (title, footer, base URL) are in every page's shell: the build fingerprint
  // holds them (fingerprint.ts), so a change of them is a full build.
  const lists = site.lists;
  const shards = shardCount(model.pages.size);
  add(HOME, { writer: 'astro', digest: digestOf([lists.stats, lists.mostLinked, lists.recent, lists.categories, lists.tags.length]) });
  add(CATEGORIES, { writer: 'astro', digest: digestOf(lists.categories) });
  add(TAGS, { writer: 'astro', digest: digestOf(lists.tags) });
  add(GRAPH_JSON, { writer: 'graph', digest: digestOf(site.graphInput) });
  add(SEARCH, { writer: 'astro', digest: digestOf(site.searchShards) });
  add(GRAPH, { writer: 'astro', digest: 'static' });
  add(NOT_FOUND, { writer: 'astro', digest: 'static' });
  add(SITEMAP, { writer: 'astro', digest: digestOf([site.settings.baseUrl, site.feedPages]) });
  add(FEED, { writer: 'astro', digest: digestOf(site.feedPages.slice(0, FEED_SIZE)) });
  for (const page of model.pages.values()) {
    const inputs = site.inputs.get(page.path)!;
    add(pageFile(page.slug), { writer: 'astro', digest: inputs.digest, search: { shard: shardOf(page.url, shards), digest: inputs.searchDigest } });
  }
  for (const c of site.categoryPages) add(categoryFile(c.slug), { writer: 'astro', digest: digestOf(c) });
  for (const t of site.tagPages) add(tagFile(t.slug), { writer: 'astro', digest: digestOf(t) });
  for (const r of model.redirects) {
    const redirect: RedirectPage = { slug: r.slug, toUrl: r.toUrl, toTitle: r.toTitle, reason: r.reason, label: r.label };
    add(pageFile(r.slug), { writer: 'redirect', digest: digestOf(redirect), redirect });
  }
  for (const s of model.shared) {
    const shared: SharedPage = { slug: s.slug, pages: s.pages.map((p) => ({ url: p.url, title: p.title })) };
    add(pageFile(s.slug), { writer: 'shared', digest: digestOf(shared), shared });
  }
  for (const path of model.attachments) {
    const source = join(vault.dir, vault.diskPath(path));
    add(attachmentFile(path), { writer: 'attachment', digest: createHash('sha256').update(readFileSync(source)).digest('base64url'), source });
  }
  return { routes, shards };
}
