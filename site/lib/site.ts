// The site model's one home: everything a route renders, computed once from the vault by the engine
// and derived from nothing else. The full build (site/build.ts), the incremental planner
// (planner.ts), `kb dev` (dev-session.ts) and the pages (through the loaders' store) all read a Site.
//
// A Site is immutable: `kb dev` makes the next one with `site.update()`, which loads the vault again
// through the engine's parse cache (only the notes whose bytes changed are parsed again) and derives
// the model again; the loaders then store only what changed (pages by their digest).
//
// The home, category, tag, graph and search pages' data (`lists`, `categoryPages`, …) are computed on
// first use and kept; the graph's layout runs off the main thread for large vaults.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { reporter } from 'vfile-reporter';
import { loadVault, toVFiles, type Vault } from '../../vault/index.ts';
import { byCodePoint, slugOf, type VaultPath } from '../../vault/paths.ts';
import type { VaultScan } from '../../vault/stat.ts';
import type { Diagnostic } from '../../vault/types.ts';
import { packBacklinks, packNeighbours } from './compact.ts';
import { layoutGraph, type LayoutInput } from './graph-layout.ts';
import { buildModel, type SiteModel, type SitePage } from './model.ts';
import type { SiteOptions } from './options.ts';
import { computePageInputs, type PageInputs } from './page-inputs.ts';
import { digestOf } from './digest.ts';
import { RenderCache, type RenderRecord } from './render-cache.ts';
import { LOCAL_GRAPH_LIMIT } from './render/local-graph.ts';
import { executionPlan, EMPTY_PLAN } from './render/outputs.ts';
import type { RenderJob } from './render/pool.ts';
import { categoryFile, GRAPH_JSON, pageFile, tagFile } from './route-files.ts';
import { shardCount, shardOf } from './search-shards.ts';
import { renderCodeDigest } from './source-digest.ts';
import { feedDate } from './feed.ts';
import { executes, vaultSetup, type VaultSetup } from './setup.ts';
import type { CategoryLink, CategoryPage, GraphData, Listed, SiteSettings, SiteSummary, Stats, TagLink, TagPage } from './summary.ts';

export { executes, vaultSetup, type VaultSetup } from './setup.ts';

/** The vault's problems a build reports before building: formatted as `kb check` prints them, and how many are errors. */
export interface Report {
  /** kb check's diagnostics of the pages left out, formatted; empty when there are none. */
  text: string;
  errors: number;
}

/** The same file:line:col lines `kb check` prints (vfile-reporter over the engine's diagnostics). */
export function formatReport(diagnostics: Diagnostic[], vaultDir: string): string {
  if (diagnostics.length === 0) return '';
  return reporter(toVFiles(diagnostics, vaultDir), { quiet: true });
}

export interface SiteLists {
  stats: Stats;
  mostLinked: SiteSummary['mostLinked'];
  recent: SiteSummary['recent'];
  categories: CategoryLink[];
  tags: TagLink[];
}

export interface GraphInput {
  groups: string[];
  /** [url, title, group] per node. */
  nodes: [string, string, number][];
  /** De-duplicated undirected edges as node index pairs. */
  edges: number[];
}

export interface PageEntry {
  slug: string;
  path: string;
  digest: string;
  data: Record<string, unknown>;
  /** Only when the page has no render record yet: the render job and the record's other fields. */
  render?: { job: RenderJob; record: Omit<RenderRecord, 'html' | 'headings' | 'problems' | 'executed'> };
}

/** What the collection loaders store: per page its front-matter and digest, and the one entry of the other pages. */
export interface SitePayload {
  pages: PageEntry[];
  summary: SiteSummary;
}

// Titles can repeat; every list breaks ties by URL so its order never depends on the vault's load order.
const byTitle = new Intl.Collator().compare;

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

function listing(model: SiteModel, paths: VaultPath[]): Listed[] {
  return paths
    .map((p) => model.pages.get(p)!)
    .sort((a, b) => byTitle(a.title, b.title) || byCodePoint(a.url, b.url))
    .map((p) => ({ url: p.url, title: p.title, status: typeof p.data.status === 'string' ? p.data.status : null }));
}

/** One page per slug: when two names slug alike (`ML`, `ml`) the first one's page is built, as Astro would. */
function firstPerSlug<T extends { slug: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => x.slug !== '' && !seen.has(x.slug) && seen.add(x.slug));
}

/** graph.json's input: a node per built page (in the model's order), an edge per linked pair (in the backlinks' order). */
export function graphInputOf(pages: ReadonlyMap<VaultPath, { url: string; title: string; category: string | null }>, backlinks: ReadonlyMap<VaultPath, readonly { from: VaultPath }[]>): GraphInput {
  const paths = [...pages.keys()];
  const index = new Map(paths.map((p, i) => [p, i]));
  const groups: string[] = [];
  const groupIndex = new Map<string, number>();
  const nodes = paths.map((p): [string, string, number] => {
    const page = pages.get(p)!;
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
  for (const [target, list] of backlinks) {
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
}

/** The laid-out graph of graph.json (the layout is off the main thread for large vaults). */
export async function graphDataOf(input: GraphInput): Promise<GraphData> {
  const pos = await layout({ groups: Int32Array.from(input.nodes, (n) => n[2]), edges: Int32Array.from(input.edges) });
  const degree = new Int32Array(input.nodes.length);
  for (const e of input.edges) degree[e]!++;
  return {
    groups: input.groups,
    nodes: input.nodes.map(([url, title, group], i): GraphData['nodes'][number] => [url, title, group, Math.round(pos[i * 2]! * 10) / 10, Math.round(pos[i * 2 + 1]! * 10) / 10, degree[i]!]),
    edges: input.edges,
  };
}

/** Home's most-linked pages. */
export function mostLinkedOf(backlinks: ReadonlyMap<VaultPath, readonly unknown[]>, pages: ReadonlyMap<VaultPath, { url: string; title: string }>): SiteSummary['mostLinked'] {
  return [...backlinks]
    .map(([path, list]) => ({ url: pages.get(path)!.url, title: pages.get(path)!.title, count: list.length }))
    .sort((a, b) => b.count - a.count || byTitle(a.title, b.title) || byCodePoint(a.url, b.url))
    .slice(0, 12);
}

/** The sitemap's and feed's order: most recently changed first. */
export function sortFeed(entries: SiteSummary['feed']): SiteSummary['feed'] {
  return entries.sort((a, b) => b.updated.localeCompare(a.updated) || byTitle(a.title, b.title) || byCodePoint(a.url, b.url));
}

/** Whether the build reports a page's diagnostic (the page is left out, or the rule is one a built page still reports). */
export function shownDiagnostic(d: Diagnostic, profile: string, unpublished: ReadonlyMap<string, unknown>, left: ReadonlySet<string>): boolean {
  // Under obsidian a note with broken front-matter is still published: its problems are the build's warnings.
  return !unpublished.has(d.file) && (left.has(d.file) || /^redirect-/.test(d.rule) || (profile === 'obsidian' && /^(frontmatter|yaml|encoding|unreadable)/.test(d.rule)));
}

/** The loaders' entry of one page, with its render job when no render record of its inputs exists. */
export function pageEntry(vault: Vault, model: SiteModel, page: SitePage, inputs: PageInputs, records: RenderCache, execute: boolean): PageEntry {
  const entry: PageEntry = { slug: page.slug, path: page.path, digest: inputs.digest, data: page.data };
  if (records.has(inputs.digest)) return entry;
  const source = vault.pages.get(page.path)!;
  const text = vault.text(page.path);
  // The engine's spans are file offsets (an embed's starting at its `!`), and `raw` is their text.
  const links = vault.outlinks(page.path).map((l) => ({ start: l.start, end: l.end, raw: l.raw }));
  entry.render = {
    // A vault whose code is never executed has no verified outputs: its code blocks are shown as written.
    job: { id: page.slug, text, bodyStart: source.frontMatter.present ? source.frontMatter.end : source.bom ? 1 : 0, links, views: inputs.views, plan: execute ? executionPlan(source) : EMPTY_PLAN, title: page.title, embeds: inputs.embeds, base: model.base },
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
  return entry;
}

export class Site {
  readonly options: SiteOptions;
  readonly setup: VaultSetup;
  readonly vault: Vault;
  readonly model: SiteModel;
  /** Per built page: its link views, neighbours, backlinks and digests. */
  readonly inputs: Map<VaultPath, PageInputs>;
  /** What the build reports: config problems, the errors of pages left out and the site's own reasons for leaving pages out. */
  readonly diagnostics: Diagnostic[];
  readonly loadMs: number;
  #lists?: SiteLists;
  #categoryPages?: CategoryPage[];
  #tagPages?: TagPage[];
  #graphInput?: GraphInput;
  #graph?: Promise<GraphData>;
  #searchShards?: number[];
  #feed?: SiteSummary['feed'];
  #shapeDigest?: string;

  /**
   * `layoutUnless`: the digest of the graph input that needs no layout (the previous build's
   * graph.json); any other graph is laid out at once, on its thread, while the pages' inputs are
   * derived (the incremental planner). `scan`: the vault's files as listed and stat'ed just before
   * (statVault), so the engine does not do it again.
   */
  static async load(options: SiteOptions, { layoutUnless, scan }: { layoutUnless?: string; scan?: VaultScan } = {}): Promise<Site> {
    const t0 = performance.now();
    const setup = await vaultSetup(options);
    const vault = await loadVault(options.vaultDir, { profile: setup.profile.profile, scan });
    return new Site(options, setup, vault, t0, undefined, layoutUnless);
  }

  /**
   * The site after `changed` (vault paths) changed on disk: the engine parses again only the notes
   * whose bytes changed, and when no page's URL, title, aliases or kind changed (an edit of a note's
   * text, the usual save) only the pages the saved notes link or linked to, and the saved notes
   * themselves, have their inputs derived again; everything else is the previous site's.
   */
  async update(changed: string[]): Promise<Site> {
    const t0 = performance.now();
    const setup = await vaultSetup(this.options);
    const vault = await loadVault(this.options.vaultDir, { profile: setup.profile.profile });
    return new Site(this.options, setup, vault, t0, { previous: this, changed });
  }

  /** What every page's inputs may depend on besides its own text and links: when equal, a save touched only the pages it names. */
  #shape(): string {
    return (this.#shapeDigest ??= digestOf([
      this.setup.config,
      this.setup.profile.profile,
      [...this.model.pages.values()].map((p) => [p.path, p.url, p.title, p.kind, p.aliases]),
      this.model.redirects.map((r) => [r.slug, r.to]),
      [...this.model.unpublished.keys()],
      this.model.attachments,
    ]));
  }

  /** The pages whose inputs a save of `changed` can change when the shape did not: the saved notes and every page they link or linked to. */
  static #touched(before: Site, after: { vault: Vault; model: SiteModel }, changed: string[]): Set<VaultPath> {
    const touched = new Set<VaultPath>();
    for (const file of changed as VaultPath[]) {
      touched.add(file);
      for (const site of [before, after]) {
        if (!site.vault.pages.has(file)) continue;
        for (const link of site.vault.outlinks(file)) {
          if (link.resolution.path) touched.add(link.resolution.path);
          if (link.finalTarget) touched.add(link.finalTarget);
        }
      }
    }
    return touched;
  }

  private constructor(options: SiteOptions, setup: VaultSetup, vault: Vault, t0: number, from?: { previous: Site; changed: string[] }, layoutUnless?: string) {
    const profile = setup.profile.profile;
    this.options = options;
    this.setup = setup;
    this.vault = vault;
    this.model = buildModel(vault, { base: options.base, profile, publish: setup.publish });
    if (layoutUnless !== undefined && digestOf(this.graphInput) !== layoutUnless) void this.graph().catch(() => {});
    const renderCode = renderCodeDigest();
    const reuse = from && from.previous.#shape() === this.#shape() ? { previous: from.previous.inputs, only: Site.#touched(from.previous, this, from.changed) } : undefined;
    this.inputs = computePageInputs(vault, this.model, renderCode, reuse);
    const left = new Set(this.model.excluded.map((d) => d.file));
    const shown = (d: Diagnostic) => shownDiagnostic(d, profile, this.model.unpublished, left);
    this.diagnostics = [
      ...setup.diagnostics,
      ...vault.diagnostics.filter((d) => d.severity === 'error' && shown(d)).map((d) => (left.has(d.file) ? d : { ...d, severity: 'warning' as const })),
      ...this.model.excluded,
    ];
    this.loadMs = performance.now() - t0;
  }

  report(): Report {
    return { text: formatReport(this.diagnostics, this.vault.dir), errors: this.diagnostics.filter((d) => d.severity === 'error').length };
  }

  /** Title, description, language, footer, logo and canonical base URL from the vault's config. */
  get settings(): SiteSettings {
    const site = this.setup.config.site ?? {};
    const wanted = site.logo?.replace(/^\/+/, '');
    const logo = wanted ? this.model.attachments.find((a) => a === wanted) : undefined;
    return {
      title: site.title ?? (this.setup.profile.profile === 'topic' ? 'Knowledge base' : (this.vault.dir.split('/').pop() ?? 'Notes')),
      description: site.description ?? null,
      language: site.language ?? 'en',
      baseUrl: site.baseUrl ? site.baseUrl.replace(/\/?$/, '/') : null,
      footer: site.footer ?? null,
      logo: logo ? this.model.attachmentUrl(logo) : null,
    };
  }

  /** Home, categories index, tags index: small, always computed whole. */
  get lists(): SiteLists {
    return (this.#lists ??= this.#computeLists());
  }

  #computeLists(): SiteLists {
    const { vault, model } = this;
    const page = (path: VaultPath) => model.pages.get(path)!;
    const links = { total: 0, resolved: 0, redirect: 0, fixable: 0, unresolved: 0 };
    for (const l of vault.links) {
      links.total++;
      links[l.class]++;
    }
    const severities = { error: 0, warning: 0, info: 0 };
    for (const d of vault.diagnostics) severities[d.severity]++;
    const mostLinked = mostLinkedOf(model.backlinks, model.pages);
    const recent = [...model.pages.values()]
      .filter((p) => typeof p.data.last_reinforced === 'string')
      .sort((a, b) => String(b.data.last_reinforced).localeCompare(String(a.data.last_reinforced)) || byTitle(a.title, b.title) || byCodePoint(a.url, b.url))
      .slice(0, 12)
      .map((p) => ({ url: p.url, title: p.title, date: String(p.data.last_reinforced) }));
    const categoryNames = [...model.categories.keys(), ...[...model.mocs.keys()].filter((c) => !model.categories.has(c))].sort((a, b) => a.localeCompare(b));
    const categories = categoryNames.map((name) => {
      const moc = model.mocs.get(name);
      return { name, slug: slugOf(`${name}.md` as VaultPath), mocUrl: moc ? page(moc).url : null, count: model.categories.get(name)?.length ?? 0 };
    });
    const tags = [...model.tags.keys()].sort((a, b) => a.localeCompare(b)).map((tag) => ({ tag, slug: slugOf(`${tag}.md` as VaultPath), count: model.tags.get(tag)!.length }));
    const stats: Stats = {
      files: vault.pages.size,
      built: model.pages.size,
      mocs: [...model.pages.values()].filter((p) => p.kind === 'moc').length,
      redirectPages: [...vault.pages.values()].filter((p) => p.kind === 'redirect').length,
      redirectUrls: model.redirects.length,
      attachments: model.attachments.length,
      stubs: vault.stubs.size,
      left: model.excluded.filter((d) => d.severity === 'error').length,
      unpublished: model.unpublished.size,
      links,
      diagnostics: severities,
    };
    return { stats, mostLinked, recent, categories, tags };
  }

  get categoryPages(): CategoryPage[] {
    return (this.#categoryPages ??= firstPerSlug(this.lists.categories).map(({ name, slug, mocUrl }) => ({ name, slug, mocUrl, pages: listing(this.model, this.model.categories.get(name) ?? []) })));
  }

  get tagPages(): TagPage[] {
    return (this.#tagPages ??= firstPerSlug(this.lists.tags).map(({ tag, slug }) => ({ tag, slug, pages: listing(this.model, this.model.tags.get(tag)!) })));
  }

  /** What graph.json is computed from: the layout is a deterministic function of it. */
  get graphInput(): GraphInput {
    return (this.#graphInput ??= this.#computeGraphInput());
  }

  #computeGraphInput(): GraphInput {
    return graphInputOf(this.model.pages, this.model.backlinks);
  }

  /** Nodes with precomputed positions and degrees, for the /graph/ page; off the main thread for large vaults. */
  graph(): Promise<GraphData> {
    return (this.#graph ??= this.#computeGraph());
  }

  #computeGraph(): Promise<GraphData> {
    return graphDataOf(this.graphInput);
  }

  /** The search shards that hold pages. */
  get searchShards(): number[] {
    if (!this.#searchShards) {
      const count = shardCount(this.model.pages.size);
      this.#searchShards = [...new Set([...this.model.pages.values()].map((p) => shardOf(p.url, count)))].sort((a, b) => a - b);
    }
    return this.#searchShards;
  }

  /**
   * Every page for the sitemap and the feed, most recently changed first: the date a note states
   * (`updated`, `modified`, `last_reinforced`, `date`, `created`: a git checkout resets file times),
   * else its file's modification time.
   */
  get feedPages(): SiteSummary['feed'] {
    return (this.#feed ??= sortFeed(
      [...this.model.pages.values()].map((p) => ({
        url: p.url,
        title: p.title,
        updated: feedDate(p.data, () => statSync(join(this.vault.dir, this.vault.diskPath(p.path)), { throwIfNoEntry: false })?.mtimeMs ?? 0),
      })),
    ));
  }

  /**
   * The summary entry and the page entries the loaders store. `only`: the output files to build (an
   * incremental build), or null for all. `graph: false` (kb dev's updates): graph.json lays the graph
   * out when it is requested (the layout is most of an update's time at 1k pages).
   */
  async payload(only: ReadonlySet<string> | null, { graph = true }: { graph?: boolean } = {}): Promise<SitePayload> {
    const { vault, model } = this;
    const wanted = (file: string) => only === null || only.has(file);
    const records = new RenderCache(this.options.cacheDir);
    const execute = executes(this.setup);
    const pages: PageEntry[] = [];
    for (const page of model.pages.values()) {
      if (!wanted(pageFile(page.slug))) continue;
      pages.push(pageEntry(vault, model, page, this.inputs.get(page.path)!, records, execute));
    }
    const summary: SiteSummary = {
      ...this.lists,
      settings: this.settings,
      categoryPages: this.categoryPages.filter((c) => wanted(categoryFile(c.slug))),
      tagPages: this.tagPages.filter((t) => wanted(tagFile(t.slug))),
      graph: graph && wanted(GRAPH_JSON) ? await this.graph() : null,
      searchShards: this.searchShards,
      feed: this.feedPages,
    };
    return { pages, summary };
  }
}

// On globalThis, not in this module: Astro imports its own copy of this module through Vite.
const CACHE = Symbol.for('kb.site');
const cache: Map<string, Promise<Site>> = ((globalThis as Record<symbol, unknown>)[CACHE] ??= new Map()) as Map<string, Promise<Site>>;
const keyOf = (options: SiteOptions) => `${options.vaultDir}\0${options.base}\0${options.profile ?? ''}`;

/** The process's Site of these options: loaded once, shared by site/build.ts and the loaders. */
export function getSite(options: SiteOptions): Promise<Site> {
  let site = cache.get(keyOf(options));
  if (!site) {
    site = Site.load(options);
    cache.set(keyOf(options), site);
  }
  return site;
}

/** `kb dev`: the vault changed; the next getSite gets the updated Site. */
export function replaceSite(options: SiteOptions, next: Promise<Site>): void {
  cache.set(keyOf(options), next);
}
