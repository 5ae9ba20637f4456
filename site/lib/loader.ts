// Astro content-layer loaders built on the vault engine. Astro's own glob loader aborts the whole
// build on one malformed YAML block; these report every invalid page with kb check's diagnostics,
// build all the others, and fail only in strict mode. A page is rendered only when no render record
// of its inputs' digest exists (render-cache.ts), so a rebuild after editing one page renders about
// one page; and an incremental build (build-plan.ts) puts only the routes it rebuilds into the store.
import type { Loader, LoaderContext } from 'astro/loaders';
import { buildPlan, wanted } from './build-plan.ts';
import { packBacklinks, packNeighbours } from './compact.ts';
import type { SitePage } from './model.ts';
import { siteOptions } from './options.ts';
import type { PageInputs } from './page-inputs.ts';
import { RenderCache } from './render-cache.ts';
import { createHighlight } from './render/highlight.ts';
import { LOCAL_GRAPH_LIMIT } from './render/local-graph.ts';
import { renderAll, type RenderJob, type RenderResult } from './render/pool.ts';
import { executionPlan } from './render/outputs.ts';
import { categoryFile, GRAPH_JSON, pageFile, tagFile } from './route-files.ts';
import { formatReport, getSiteData, type SiteData } from './site-data.ts';
import { categoryPages, graphData, graphInput, searchShards, siteLists, tagPages } from './summary-data.ts';
import type { SiteSummary } from './summary.ts';

function data(): Promise<SiteData> {
  return getSiteData(siteOptions());
}

export function pagesLoader(): Loader {
  return {
    name: 'kb-pages',
    async load(context) {
      const site = await data();
      const { vault, model } = site;
      const plan = buildPlan();
      const records = new RenderCache(site.options.cacheDir);
      const seen = new Set<string>();
      const t0 = performance.now();
      const jobs: RenderJob[] = [];
      const pending = new Map<string, { page: SitePage; inputs: PageInputs }>();
      const store = async (page: SitePage, digest: string) => {
        context.store.set({ id: page.slug, data: await context.parseData({ id: page.slug, data: { ...page.data } }), digest });
      };
      for (const page of model.pages.values()) {
        if (!wanted(plan, pageFile(page.slug))) continue;
        const inputs = site.inputs.get(page.path)!;
        seen.add(page.slug);
        if (records.has(inputs.digest)) {
          if (context.store.get(page.slug)?.digest !== inputs.digest) await store(page, inputs.digest);
          continue;
        }
        const source = vault.pages.get(page.path)!;
        const text = vault.text(page.path);
        const spans = vault.outlinks(page.path).map((l) => {
          // An embed's span starts at `!`; tolerate an engine that starts it at `[[`.
          const start = l.embed && text[l.start] === '[' && text[l.start - 1] === '!' ? l.start - 1 : l.start;
          return { start, end: l.end, raw: text.slice(start, l.end) };
        });
        jobs.push({
          id: page.slug,
          text,
          bodyStart: source.frontMatter.present ? source.frontMatter.end : source.bom ? 1 : 0,
          links: spans,
          views: inputs.views,
          plan: executionPlan(source),
          title: page.title,
        });
        pending.set(page.slug, { page, inputs });
      }

      const results: RenderResult[] = [];
      await renderAll(jobs, createHighlight, (r) => results.push(r));
      const failures: string[] = [];
      for (const result of results) {
        const { page, inputs } = pending.get(result.id)!;
        if (!result.out) {
          failures.push(`${page.path}: ${result.error}`);
          continue;
        }
        records.write(inputs.digest, {
          path: page.path,
          url: page.url,
          title: page.title,
          kind: page.kind,
          html: result.out.html,
          headings: result.out.headings,
          backlinks: packBacklinks(inputs.backlinks),
          neighbours: packNeighbours(inputs.near.slice(0, LOCAL_GRAPH_LIMIT)),
          moreNeighbours: Math.max(0, inputs.near.length - LOCAL_GRAPH_LIMIT),
          problems: result.out.problems,
          executed: result.out.executed,
        });
        await store(page, inputs.digest);
      }
      for (const id of context.store.keys()) if (!seen.has(id)) context.store.delete(id);
      if (failures.length) throw new Error(`kb site: ${failures.length} page(s) failed to render:\n${failures.join('\n')}`);

      const problems: string[] = [];
      for (const page of model.pages.values()) {
        if (!seen.has(page.slug)) continue;
        for (const p of records.problems(site.inputs.get(page.path)!.digest)) problems.push(`${page.path}:${p.line}:${p.column}  warning  ${p.message}  ${p.rule}`);
      }
      if (problems.length) context.logger.warn(`rendering problems:\n${problems.join('\n')}`);
      const rss = Math.round(process.memoryUsage().rss / 1048576);
      context.logger.info(`${seen.size} pages (${jobs.length} rendered, ${seen.size - jobs.length} unchanged) in ${Math.round(performance.now() - t0)} ms; vault loaded in ${Math.round(site.loadMs)} ms; RSS ${rss} MB`);
    },
  };
}

/**
 * One entry, `vault`: what the home, category, tag, graph and search pages need. When Astro runs
 * without site/build.ts, the diagnostics of left-out pages are printed here, and strict mode fails
 * the build here after printing all of them.
 */
export function siteLoader(): Loader {
  return {
    name: 'kb-site',
    async load(context: LoaderContext) {
      const site = await data();
      const plan = buildPlan();
      if (!plan.reported) {
        const text = formatReport(site.report, site.vault.dir);
        const errors = site.report.filter((d) => d.severity === 'error');
        if (text && errors.length) context.logger.error(`\n${text}`);
        else if (text) context.logger.warn(`\n${text}`);
        if (errors.length && site.options.strict) {
          throw new Error(`kb site: ${errors.length} error(s) in ${site.vault.dir} (strict mode, KB_STRICT=1); see the diagnostics above`);
        }
      }
      const t0 = performance.now();
      const summary: SiteSummary = {
        ...siteLists(site),
        categoryPages: categoryPages(site).filter((c) => wanted(plan, categoryFile(c.slug))),
        tagPages: tagPages(site).filter((t) => wanted(plan, tagFile(t.slug))),
        graph: wanted(plan, GRAPH_JSON) ? graphData(graphInput(site)) : null,
        searchShards: searchShards(site),
      };
      context.store.clear();
      context.store.set({ id: 'vault', data: summary as unknown as Record<string, unknown> });
      context.logger.info(`site summary and graph layout in ${Math.round(performance.now() - t0)} ms`);
    },
  };
}
