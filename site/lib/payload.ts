// What the collection loaders put into Astro's content store, computed from the site model: per
// page its front-matter and digest, plus what rendering needs when no render record of that digest
// exists yet; and the one entry the home, category, tag, graph and search pages read. An
// incremental build computes it in a worker thread while Astro starts on the main thread and hands
// it over through globalThis (the loaders run in Astro's own module graph of the same process).
import type { RenderJob } from './render/pool.ts';
import { executionPlan } from './render/outputs.ts';
import { packBacklinks, packNeighbours } from './compact.ts';
import { siteOptions } from './options.ts';
import { RenderCache, type RenderRecord } from './render-cache.ts';
import { LOCAL_GRAPH_LIMIT } from './render/local-graph.ts';
import { categoryFile, GRAPH_JSON, pageFile, tagFile } from './route-files.ts';
import { getSiteData, siteReport, type SiteData } from './site-data.ts';
import { categoryPages, graphData, searchShards, siteLists, tagPages } from './summary-data.ts';
import type { SiteSummary } from './summary.ts';

export interface PageEntry {
  slug: string;
  path: string;
  digest: string;
  data: Record<string, unknown>;
  /** Only when the page has no render record yet: the render job and the record's other fields. */
  render?: { job: RenderJob; record: Omit<RenderRecord, 'html' | 'headings' | 'problems' | 'executed'> };
}

export interface SitePayload {
  pages: PageEntry[];
  summary: SiteSummary;
}

/** `only`: the output files of the routes to build (an incremental build), or null for all of them. */
export async function sitePayload(site: SiteData, only: ReadonlySet<string> | null): Promise<SitePayload> {
  const { vault, model } = site;
  const wanted = (file: string) => only === null || only.has(file);
  const records = new RenderCache(site.options.cacheDir);
  const pages: PageEntry[] = [];
  for (const page of model.pages.values()) {
    if (!wanted(pageFile(page.slug))) continue;
    const inputs = site.inputs.get(page.path)!;
    const entry: PageEntry = { slug: page.slug, path: page.path, digest: inputs.digest, data: page.data };
    pages.push(entry);
    if (records.has(inputs.digest)) continue;
    const source = vault.pages.get(page.path)!;
    const text = vault.text(page.path);
    // The engine's spans are file offsets (an embed's starting at its `!`), and `raw` is their text.
    const links = vault.outlinks(page.path).map((l) => ({ start: l.start, end: l.end, raw: l.raw }));
    entry.render = {
      job: { id: page.slug, text, bodyStart: source.frontMatter.present ? source.frontMatter.end : source.bom ? 1 : 0, links, views: inputs.views, plan: executionPlan(source), title: page.title, embeds: inputs.embeds, base: model.base },
      record: {
        path: page.path,
        url: page.url,
        title: page.title,
        kind: page.kind,
        backlinks: packBacklinks(inputs.backlinks),
        neighbours: packNeighbours(inputs.near.slice(0, LOCAL_GRAPH_LIMIT)),
        moreNeighbours: Math.max(0, inputs.near.length - LOCAL_GRAPH_LIMIT),
      },
    };
  }
  const summary: SiteSummary = {
    ...siteLists(site),
    categoryPages: categoryPages(site).filter((c) => wanted(categoryFile(c.slug))),
    tagPages: tagPages(site).filter((t) => wanted(tagFile(t.slug))),
    graph: wanted(GRAPH_JSON) ? await graphData(site) : null,
    searchShards: searchShards(site),
  };
  return { pages, summary };
}

const KEY = Symbol.for('kb.site.payload');

/** site/build.ts: the payload of this build, and the diagnostics are printed (and --strict applied) there. */
export function providePayload(payload: Promise<SitePayload>): void {
  (globalThis as Record<symbol, unknown>)[KEY] = payload;
}

export interface LoaderPayload {
  payload: SitePayload;
  /** The vault's diagnostics, when nobody printed them yet (Astro run without site/build.ts). */
  unreported: { text: string; errors: number; strict: boolean; dir: string } | null;
}

let own: Promise<LoaderPayload> | null = null;

/** For the loaders: what site/build.ts provided, or (a plain `astro build`) everything, computed here. */
export function loaderPayload(): Promise<LoaderPayload> {
  const provided = (globalThis as Record<symbol, unknown>)[KEY] as Promise<SitePayload> | undefined;
  if (provided) return provided.then((payload) => ({ payload, unreported: null }));
  own ??= getSiteData(siteOptions()).then(async (site) => ({
    payload: await sitePayload(site, null),
    unreported: { ...siteReport(site), strict: site.options.strict, dir: site.vault.dir },
  }));
  return own;
}

const STATS = Symbol.for('kb.site.renderStats');

/** The pages loader's count of pages stored and rendered, for site/build.ts to report when Astro logs quietly. */
export function setRenderStats(stats: { pages: number; rendered: number }): void {
  (globalThis as Record<symbol, unknown>)[STATS] = stats;
}

export function renderStats(): { pages: number; rendered: number } | undefined {
  return (globalThis as Record<symbol, unknown>)[STATS] as { pages: number; rendered: number } | undefined;
}
