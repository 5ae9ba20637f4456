// What the home, category, tag, graph and search pages show, derived from the site model. The
// site loader stores it for the pages, and site/build.ts digests exactly these values to decide
// which of those pages an incremental build writes again.
import { slugOf, type VaultPath } from '../../vault/paths.ts';
import { Worker } from 'node:worker_threads';
import { layoutGraph, type LayoutInput } from './graph-layout.ts';
import type { SiteModel } from './model.ts';
import { shardCount, shardOf } from './search-shards.ts';
import { memo, type SiteData } from './site-data.ts';
import type { CategoryLink, CategoryPage, GraphData, Listed, SiteSummary, Stats, TagLink, TagPage } from './summary.ts';

const byTitle = new Intl.Collator().compare;

export interface SiteLists {
  stats: Stats;
  mostLinked: SiteSummary['mostLinked'];
  recent: SiteSummary['recent'];
  categories: CategoryLink[];
  tags: TagLink[];
}

/** Home, categories index, tags index: small, always computed whole. */
export function siteLists(site: SiteData): SiteLists {
  return memo(site, 'lists', () => {
    const { vault, model } = site;
    const page = (path: VaultPath) => model.pages.get(path)!;
    const links = { total: 0, resolved: 0, redirect: 0, fixable: 0, unresolved: 0 };
    for (const l of vault.links) {
      links.total++;
      links[l.class]++;
    }
    const severities = { error: 0, warning: 0, info: 0 };
    for (const d of vault.diagnostics) severities[d.severity]++;
    const mostLinked = [...model.backlinks]
      .map(([path, list]) => ({ url: page(path).url, title: page(path).title, count: list.length }))
      .sort((a, b) => b.count - a.count || byTitle(a.title, b.title))
      .slice(0, 12);
    const recent = [...model.pages.values()]
      .filter((p) => typeof p.data.last_reinforced === 'string')
      .sort((a, b) => String(b.data.last_reinforced).localeCompare(String(a.data.last_reinforced)) || byTitle(a.title, b.title))
      .slice(0, 12)
      .map((p) => ({ url: p.url, title: p.title, date: String(p.data.last_reinforced) }));
    const categories = categoryNames(model).map((name) => {
      const moc = model.mocs.get(name);
      return { name, slug: slugOf(`${name}.md` as VaultPath), mocUrl: moc ? page(moc).url : null, count: model.categories.get(name)?.length ?? 0 };
    });
    const tags = tagNames(model).map((tag) => ({ tag, slug: slugOf(`${tag}.md` as VaultPath), count: model.tags.get(tag)!.length }));
    const stats: Stats = {
      files: vault.pages.size,
      built: model.pages.size,
      mocs: [...model.pages.values()].filter((p) => p.kind === 'moc').length,
      redirectPages: [...vault.pages.values()].filter((p) => p.kind === 'redirect').length,
      redirectUrls: model.redirects.length,
      attachments: vault.attachments.length,
      stubs: vault.stubs.size,
      left: model.excluded.filter((d) => d.severity === 'error').length,
      links,
      diagnostics: severities,
    };
    return { stats, mostLinked, recent, categories, tags };
  });
}

const categoryNames = (model: SiteModel) => [...model.categories.keys(), ...[...model.mocs.keys()].filter((c) => !model.categories.has(c))].sort((a, b) => a.localeCompare(b));
const tagNames = (model: SiteModel) => [...model.tags.keys()].sort((a, b) => a.localeCompare(b));

function listing(model: SiteModel, paths: VaultPath[]): Listed[] {
  return paths
    .map((p) => model.pages.get(p)!)
    .sort((a, b) => byTitle(a.title, b.title))
    .map((p) => ({ url: p.url, title: p.title, status: typeof p.data.status === 'string' ? p.data.status : null }));
}

/** One page per slug: when two names slug alike (`ML`, `ml`) the first one's page is built, as Astro would. */
function firstPerSlug<T extends { slug: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => x.slug !== '' && !seen.has(x.slug) && seen.add(x.slug));
}

export function categoryPages(site: SiteData): CategoryPage[] {
  return memo(site, 'categoryPages', () =>
    firstPerSlug(siteLists(site).categories).map(({ name, slug, mocUrl }) => ({ name, slug, mocUrl, pages: listing(site.model, site.model.categories.get(name) ?? []) })),
  );
}

export function tagPages(site: SiteData): TagPage[] {
  return memo(site, 'tagPages', () => firstPerSlug(siteLists(site).tags).map(({ tag, slug }) => ({ tag, slug, pages: listing(site.model, site.model.tags.get(tag)!) })));
}

export interface GraphInput {
  groups: string[];
  /** [url, title, group] per node. */
  nodes: [string, string, number][];
  /** De-duplicated undirected edges as node index pairs. */
  edges: number[];
}

/** What graph.json is computed from: the layout is a deterministic function of it. */
export function graphInput(site: SiteData): GraphInput {
  return memo(site, 'graphInput', () => {
    const model = site.model;
    const paths = [...model.pages.keys()];
    const index = new Map(paths.map((p, i) => [p, i]));
    const groups: string[] = [];
    const groupIndex = new Map<string, number>();
    const nodes = paths.map((p): [string, string, number] => {
      const page = model.pages.get(p)!;
      const name = page.category ?? '';
      let g = groupIndex.get(name);
      if (g === undefined) {
        g = groups.push(name) - 1;
        groupIndex.set(name, g);
      }
      return [page.url, page.title, g];
    });
    const seen = new Set<number>();
    const edges: number[] = [];
    for (const [target, list] of model.backlinks) {
      const b = index.get(target)!;
      for (const link of list) {
        const a = index.get(link.from)!;
        const key = Math.min(a, b) * paths.length + Math.max(a, b);
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push(a, b);
      }
    }
    return { groups, nodes, edges };
  });
}

/** Below this many pages the layout is quicker than starting a thread for it. */
const LAYOUT_THREAD_MIN = 2000;

function layout(input: LayoutInput): Promise<Float32Array> {
  if (input.groups.length < LAYOUT_THREAD_MIN) return Promise.resolve(layoutGraph(input));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./graph-layout-worker.ts', import.meta.url), { workerData: input });
    worker.once('message', (pos: Float32Array) => {
      resolve(pos);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Nodes with precomputed positions and degrees, for the /graph/ page. Computed once per build, off the main thread for large vaults. */
export function graphData(site: SiteData): Promise<GraphData> {
  return memo(site, 'graphData', async (): Promise<GraphData> => {
    const input = graphInput(site);
    const pos = await layout({ groups: Int32Array.from(input.nodes, (n) => n[2]), edges: Int32Array.from(input.edges) });
    const degree = new Int32Array(input.nodes.length);
    for (const e of input.edges) degree[e]!++;
    return {
      groups: input.groups,
      nodes: input.nodes.map(([url, title, group], i): GraphData['nodes'][number] => [url, title, group, Math.round(pos[i * 2]! * 10) / 10, Math.round(pos[i * 2 + 1]! * 10) / 10, degree[i]!]),
      edges: input.edges,
    };
  });
}

export function searchShards(site: SiteData): number[] {
  return memo(site, 'searchShards', () => {
    const count = shardCount(site.model.pages.size);
    return [...new Set([...site.model.pages.values()].map((p) => shardOf(p.url, count)))].sort((a, b) => a - b);
  });
}
