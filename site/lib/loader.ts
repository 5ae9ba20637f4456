// Astro content-layer loaders built on the vault engine. Astro's own glob loader aborts the whole
// build on one malformed YAML block; these report every invalid page with kb check's diagnostics,
// build all the others, and fail only in strict mode. Rendering is skipped for a page whose inputs
// (its text, how each of its links is shown, its backlinks and neighbours) have the same digest as
// in the previous build, so a rebuild after editing one page renders about one page.
import type { Loader, LoaderContext } from 'astro/loaders';
import { slugOf, type VaultPath } from '../../vault/paths.ts';
import { packBacklinks, packNeighbours } from './compact.ts';
import { layoutGraph } from './graph-layout.ts';
import type { Backlink, SiteModel, SitePage } from './model.ts';
import { siteOptions } from './options.ts';
import { createHighlight } from './render/highlight.ts';
import { LOCAL_GRAPH_LIMIT, type Neighbour } from './render/local-graph.ts';
import type { LinkView } from './render/markdown.ts';
import { renderAll, type RenderJob, type RenderResult } from './render/pool.ts';
import { executionPlan } from './render/outputs.ts';
import { formatReport, getSiteData, type SiteData } from './site-data.ts';

/** Bump when rendering changes, so cached entries are rendered again. */
const RENDER_VERSION = 5;

function data(context: LoaderContext): Promise<SiteData> {
  return getSiteData(siteOptions(), context.config.base);
}

function neighbours(site: SiteData, path: VaultPath, views: LinkView[]): Neighbour[] {
  const model = site.model;
  const byUrl = new Map<string, Neighbour>();
  views.forEach((v) => {
    if (!v.href || v.embed?.kind === 'image' || v.state === 'unresolved' || v.state === 'unbuilt' || v.href.startsWith('#') || v.href.includes('/attachments/')) return;
    const url = v.href.replace(/#.*$/, '');
    const title = v.title.replace(/ \(via a redirect\)$/, '');
    const n = byUrl.get(url) ?? { url, title, out: false, in: false };
    n.out = true;
    if (v.state === 'fixable') return;
    byUrl.set(url, n);
  });
  for (const b of model.backlinks.get(path) ?? []) {
    const n = byUrl.get(b.url) ?? { url: b.url, title: b.title, out: false, in: false };
    n.in = true;
    byUrl.set(b.url, n);
  }
  const self = model.pages.get(path)?.url;
  byUrl.delete(self ?? '');
  return [...byUrl.values()].sort((a, b) => Number(b.in && b.out) - Number(a.in && a.out) || a.title.localeCompare(b.title));
}

export function pagesLoader(): Loader {
  return {
    name: 'kb-pages',
    async load(context) {
      const site = await data(context);
      const { vault, model } = site;
      const seen = new Set<string>();
      const t0 = performance.now();
      const jobs: RenderJob[] = [];
      const pending = new Map<string, { page: SitePage; digest: string; backlinks: Backlink[]; near: Neighbour[] }>();
      for (const page of model.pages.values()) {
        const source = vault.pages.get(page.path)!;
        const links = vault.outlinks(page.path);
        const views = links.map((l) => model.linkView(l));
        const near = neighbours(site, page.path, views);
        const backlinks = model.backlinks.get(page.path) ?? [];
        const id = page.slug;
        seen.add(id);
        const digest = context.generateDigest({
          v: RENDER_VERSION,
          hash: source.hash,
          base: model.base,
          views: views.map((v) => [v.state, v.href, v.text, v.title, v.embed?.kind ?? '']),
          near: near.slice(0, LOCAL_GRAPH_LIMIT).map((n) => [n.url, n.title, n.in, n.out]),
          more: near.length,
          backlinks: backlinks.map((b) => [b.url, b.title, b.count]),
        });
        if (context.store.get(id)?.digest === digest) continue;

        const text = vault.text(page.path);
        const spans = links.map((l) => {
          // An embed's span starts at `!`; tolerate an engine that starts it at `[[`.
          const start = l.embed && text[l.start] === '[' && text[l.start - 1] === '!' ? l.start - 1 : l.start;
          return { start, end: l.end, raw: text.slice(start, l.end) };
        });
        jobs.push({
          id,
          text,
          bodyStart: source.frontMatter.present ? source.frontMatter.end : source.bom ? 1 : 0,
          links: spans,
          views,
          plan: executionPlan(source),
          title: page.title,
        });
        pending.set(id, { page, digest, backlinks, near });
      }

      const results: RenderResult[] = [];
      await renderAll(jobs, createHighlight, (r) => results.push(r));
      const failures: string[] = [];
      for (const result of results) {
        const { page, digest, backlinks, near } = pending.get(result.id)!;
        if (!result.out) {
          failures.push(`${page.path}: ${result.error}`);
          continue;
        }
        const parsed = await context.parseData({ id: result.id, data: { ...page.data } });
        context.store.set({
          id: result.id,
          data: parsed,
          digest,
          rendered: {
            html: result.out.html,
            metadata: {
              path: page.path,
              url: page.url,
              title: page.title,
              kind: page.kind,
              headings: result.out.headings,
              backlinks: packBacklinks(backlinks),
              neighbours: packNeighbours(near.slice(0, LOCAL_GRAPH_LIMIT)),
              moreNeighbours: Math.max(0, near.length - LOCAL_GRAPH_LIMIT),
              problems: result.out.problems,
              executed: result.out.executed,
            },
          },
        });
      }
      for (const id of context.store.keys()) if (!seen.has(id)) context.store.delete(id);
      if (failures.length) throw new Error(`kb site: ${failures.length} page(s) failed to render:\n${failures.join('\n')}`);

      const problems: string[] = [];
      for (const entry of context.store.values()) {
        const meta = entry.rendered?.metadata as { path: string; problems: { line: number; column: number; rule: string; message: string }[] } | undefined;
        for (const p of meta?.problems ?? []) problems.push(`${meta!.path}:${p.line}:${p.column}  warning  ${p.message}  ${p.rule}`);
      }
      if (problems.length) context.logger.warn(`rendering problems:\n${problems.join('\n')}`);
      const rss = Math.round(process.memoryUsage().rss / 1048576);
      context.logger.info(`${model.pages.size} pages (${jobs.length} rendered, ${model.pages.size - jobs.length} unchanged) in ${Math.round(performance.now() - t0)} ms; vault loaded in ${Math.round(site.loadMs)} ms; RSS ${rss} MB`);
    },
  };
}

export function redirectsLoader(): Loader {
  return {
    name: 'kb-redirects',
    async load(context) {
      const { model } = await data(context);
      context.store.clear();
      for (const r of model.redirects) {
        context.store.set({ id: r.slug, data: { url: r.url, toUrl: r.toUrl, toTitle: r.toTitle, reason: r.reason, label: r.label } });
      }
    },
  };
}

/**
 * One entry, `vault`: what the home, category, tag and graph pages need. The diagnostics of left-out
 * pages are printed here, once, and strict mode fails the build here after printing all of them.
 */
export function siteLoader(): Loader {
  return {
    name: 'kb-site',
    async load(context) {
      const site = await data(context);
      const text = formatReport(site.report, site.vault.dir);
      const errors = site.report.filter((d) => d.severity === 'error');
      if (text && errors.length) context.logger.error(`\n${text}`);
      else if (text) context.logger.warn(`\n${text}`);
      if (errors.length && site.options.strict) {
        throw new Error(`kb site: ${errors.length} error(s) in ${site.vault.dir} (strict mode, KB_STRICT=1); see the diagnostics above`);
      }
      const t0 = performance.now();
      context.store.clear();
      context.store.set({ id: 'vault', data: summary(site) });
      context.logger.info(`site summary and graph layout in ${Math.round(performance.now() - t0)} ms`);
    },
  };
}

function summary(site: SiteData): Record<string, unknown> {
  const { vault, model } = site;
  const page = (path: VaultPath) => model.pages.get(path)!;
  const listing = (paths: VaultPath[]) =>
    paths
      .map((p) => page(p))
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((p) => ({ url: p.url, title: p.title, status: typeof p.data.status === 'string' ? p.data.status : null }));
  const links = { total: 0, resolved: 0, redirect: 0, fixable: 0, unresolved: 0 };
  for (const l of vault.links) {
    links.total++;
    links[l.class]++;
  }
  const severities = { error: 0, warning: 0, info: 0 };
  for (const d of vault.diagnostics) severities[d.severity]++;
  const mostLinked = [...model.backlinks]
    .map(([path, list]) => ({ url: page(path).url, title: page(path).title, count: list.length }))
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title))
    .slice(0, 12);
  const recent = [...model.pages.values()]
    .filter((p) => typeof p.data.last_reinforced === 'string')
    .sort((a, b) => String(b.data.last_reinforced).localeCompare(String(a.data.last_reinforced)) || a.title.localeCompare(b.title))
    .slice(0, 12)
    .map((p) => ({ url: p.url, title: p.title, date: String(p.data.last_reinforced) }));
  const categories = [...model.categories.keys(), ...[...model.mocs.keys()].filter((c) => !model.categories.has(c))]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const moc = model.mocs.get(name);
      return { name, slug: slugOf(`${name}.md` as VaultPath), mocUrl: moc ? page(moc).url : null, pages: listing(model.categories.get(name) ?? []) };
    });
  const tags = [...model.tags]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, paths]) => ({ tag, slug: slugOf(`${tag}.md` as VaultPath), pages: listing(paths) }));
  return {
    vaultDir: vault.dir,
    stats: {
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
    },
    mostLinked,
    recent,
    categories,
    tags,
    attachments: vault.attachments.map((path) => ({ path, url: model.attachmentUrl(path), file: `${vault.dir}/${vault.diskPath(path)}` })),
    graph: graphData(model),
  };
}

/** Nodes with precomputed positions and de-duplicated undirected edges, for the /graph/ page. */
function graphData(model: SiteModel) {
  const paths = [...model.pages.keys()];
  const index = new Map(paths.map((p, i) => [p, i]));
  const groupNames: string[] = [];
  const groupIndex = new Map<string, number>();
  const groups = new Int32Array(paths.length);
  paths.forEach((p, i) => {
    const name = model.pages.get(p)!.category ?? '';
    let g = groupIndex.get(name);
    if (g === undefined) {
      g = groupNames.push(name) - 1;
      groupIndex.set(name, g);
    }
    groups[i] = g;
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
  const pos = layoutGraph({ groups, edges: Int32Array.from(edges) });
  const degree = new Int32Array(paths.length);
  for (const e of edges) degree[e]!++;
  return {
    groups: groupNames,
    nodes: paths.map((p, i) => {
      const page = model.pages.get(p)!;
      return [page.url, page.title, groups[i], Math.round(pos[i * 2]! * 10) / 10, Math.round(pos[i * 2 + 1]! * 10) / 10, degree[i]];
    }),
    edges,
  };
}
