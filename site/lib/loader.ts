// Astro content-layer loaders built on the vault engine. Astro's own glob loader aborts the whole
// build on one malformed YAML block; these report every invalid page with kb check's diagnostics,
// build all the others, and fail only in strict mode. What they store is Site.payload (site.ts): a
// page is rendered only when no render record of its inputs' digest exists (render-cache.ts), so a
// rebuild after editing one page renders about one page, and an incremental build stores only the
// routes it rebuilds. Under `kb dev` (Astro's dev server gives loaders a watcher) they also keep the
// store in step with the vault: dev-session.ts.
import type { Loader } from 'astro/loaders';
import { loaderPayload, rendersFewPages, setRenderStats, storeModule } from './payload.ts';

export function pagesLoader(): Loader {
  return {
    name: 'kb-pages',
    async load(context) {
      // An incremental build's loaders wait here for the plan, this thread idle meanwhile: Shiki is
      // loaded now rather than when the edited page is rendered, after the plan.
      const { prepareHighlight, storePages } = await storeModule();
      if (rendersFewPages()) prepareHighlight();
      const { payload } = await loaderPayload();
      const t0 = performance.now();
      const stats = await storePages(context, payload.pages);
      setRenderStats(stats);
      const rss = Math.round(process.memoryUsage().rss / 1048576);
      context.logger.info(`${stats.pages} pages (${stats.rendered} rendered, ${stats.pages - stats.rendered} unchanged) in ${Math.round(performance.now() - t0)} ms; RSS ${rss} MB`);
      // Only `kb dev` watches, and the session's module brings in the whole engine (see payload.ts).
      if (context.watcher) (await import('./dev-session.ts')).watchVault(context.watcher, { pages: context });
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
      if (unreported?.errors && unreported.strict && !context.watcher) {
        throw new Error(`kb site: ${unreported.errors} error(s) in ${unreported.dir} (strict mode, KB_STRICT=1); see the diagnostics above`);
      }
      (await storeModule()).storeSummary(context, payload);
      if (context.watcher) (await import('./dev-session.ts')).watchVault(context.watcher, { site: context });
    },
  };
}
