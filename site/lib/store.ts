// What the loaders put into Astro's content store, for a build's first load and for each of
// `kb dev`'s updates alike: pages by their digest (rendered when no render record of it exists),
// and the one summary entry.
import type { LoaderContext } from 'astro/loaders';
import { siteOptions } from './options.ts';
import { RenderCache } from './render-cache.ts';
import { createHighlight, type Highlight } from './render/highlight.ts';
import { renderAll, type RenderJob, type RenderResult } from './render/pool.ts';
import type { PageEntry, SitePayload } from './site.ts';

type Store = Pick<LoaderContext, 'store' | 'parseData' | 'logger'>;

let highlight: Promise<Highlight> | null = null;
/**
 * One Shiki per process: `kb dev` renders a page or two per save. Its grammars are loaded as pages
 * ask for them (all 18 take half a second, which an incremental build would spend just as the plan
 * arrives); render workers, which render many pages, load all of theirs at once.
 */
const sharedHighlight = () => (highlight ??= createHighlight({ onDemand: true }));

/** Loads Shiki (its engine and themes take a tenth of a second) before any page needs it. */
export function prepareHighlight(): void {
  sharedHighlight().catch(() => {});
}

/** Stores every page of the payload whose digest the store does not hold yet, rendering those without a render record, and deletes the rest. */
export async function storePages(context: Store, pages: PageEntry[], options: { allProblems: boolean } = { allProblems: true }): Promise<{ pages: number; rendered: number }> {
  const records = new RenderCache(siteOptions().cacheDir);
  const seen = new Set<string>();
  const jobs: RenderJob[] = [];
  const pending = new Map<string, PageEntry>();
  const store = async (page: PageEntry) => {
    context.store.set({ id: page.slug, data: await context.parseData({ id: page.slug, data: { ...page.data } }), digest: page.digest });
  };
  for (const page of pages) {
    seen.add(page.slug);
    if (page.render && !records.has(page.digest)) {
      jobs.push(page.render.job);
      pending.set(page.slug, page);
    } else if (context.store.get(page.slug)?.digest !== page.digest) await store(page);
  }

  const results: RenderResult[] = [];
  await renderAll(jobs, sharedHighlight, (r) => results.push(r));
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

  const problems = pages.flatMap((page) => (options.allProblems || pending.has(page.slug) ? records.problems(page.digest).map((p) => `${page.path}:${p.line}:${p.column}  warning  ${p.message}  ${p.rule}`) : []));
  if (problems.length) context.logger.warn(`rendering problems:\n${problems.join('\n')}`);
  return { pages: seen.size, rendered: jobs.length };
}

export function storeSummary(context: Store, payload: SitePayload): void {
  context.store.clear();
  context.store.set({ id: 'vault', data: payload.summary as unknown as Record<string, unknown> });
}

