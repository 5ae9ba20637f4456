// Astro content-layer loaders built on the vault engine. Astro's own glob loader aborts the whole
// build on one malformed YAML block; these report every invalid page with kb check's diagnostics,
// build all the others, and fail only in strict mode. What they store is Site.payload (site.ts): a page
// is rendered only when no render record of its inputs' digest exists (render-cache.ts), so a
// rebuild after editing one page renders about one page, and an incremental build stores only the
// routes it rebuilds.
import type { Loader } from 'astro/loaders';
import { loaderPayload, setRenderStats } from './payload.ts';
import type { PageEntry } from './site.ts';
import { siteOptions } from './options.ts';
import { RenderCache } from './render-cache.ts';
import { createHighlight } from './render/highlight.ts';
import { renderAll, type RenderJob, type RenderResult } from './render/pool.ts';

export function pagesLoader(): Loader {
  return {
    name: 'kb-pages',
    async load(context) {
      const { payload } = await loaderPayload();
      const records = new RenderCache(siteOptions().cacheDir);
      const t0 = performance.now();
      const seen = new Set<string>();
      const jobs: RenderJob[] = [];
      const pending = new Map<string, PageEntry>();
      const store = async (page: PageEntry) => {
        context.store.set({ id: page.slug, data: await context.parseData({ id: page.slug, data: { ...page.data } }), digest: page.digest });
      };
      for (const page of payload.pages) {
        seen.add(page.slug);
        if (page.render && !records.has(page.digest)) {
          jobs.push(page.render.job);
          pending.set(page.slug, page);
        } else if (context.store.get(page.slug)?.digest !== page.digest) await store(page);
      }

      const results: RenderResult[] = [];
      await renderAll(jobs, createHighlight, (r) => results.push(r));
      const failures: string[] = [];
      for (const result of results) {
        const page = pending.get(result.id)!;
        if (!result.out) {
          failures.push(`${page.path}: ${result.error}`);
          continue;
        }
        const { html, headings, problems, executed } = result.out;
        records.write(page.digest, { ...page.render!.record, html, headings, problems, executed });
        await store(page);
      }
      for (const id of context.store.keys()) if (!seen.has(id)) context.store.delete(id);
      if (failures.length) throw new Error(`kb site: ${failures.length} page(s) failed to render:\n${failures.join('\n')}`);

      const problems = payload.pages.flatMap((page) => records.problems(page.digest).map((p) => `${page.path}:${p.line}:${p.column}  warning  ${p.message}  ${p.rule}`));
      if (problems.length) context.logger.warn(`rendering problems:\n${problems.join('\n')}`);
      setRenderStats({ pages: seen.size, rendered: jobs.length });
      const rss = Math.round(process.memoryUsage().rss / 1048576);
      context.logger.info(`${seen.size} pages (${jobs.length} rendered, ${seen.size - jobs.length} unchanged) in ${Math.round(performance.now() - t0)} ms; RSS ${rss} MB`);
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
    async load(context) {
      const { payload, unreported } = await loaderPayload();
      if (unreported?.text) {
        if (unreported.errors) context.logger.error(`\n${unreported.text}`);
        else context.logger.warn(`\n${unreported.text}`);
      }
      if (unreported?.errors && unreported.strict) {
        throw new Error(`kb site: ${unreported.errors} error(s) in ${unreported.dir} (strict mode, KB_STRICT=1); see the diagnostics above`);
      }
      context.store.clear();
      context.store.set({ id: 'vault', data: payload.summary as unknown as Record<string, unknown> });
    },
  };
}
