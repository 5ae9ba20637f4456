// The hand-over of a build's payload (Site.payload in site.ts) to the collection loaders. An
// incremental build computes it in a worker thread while Astro starts on the main thread; the
// loaders run in Astro's own module graph of the same process, so it travels through globalThis.
import { siteOptions } from './options.ts';
import type { SitePayload } from './site.ts';

const KEY = Symbol.for('kb.site.payload');

const FEW = Symbol.for('kb.site.fewPages');

/**
 * site/build.ts: the payload of this build, and the diagnostics are printed (and --strict applied) there.
 * `fewPages`: an incremental build, which renders few pages, usually on this thread.
 */
export function providePayload(payload: Promise<SitePayload>, { fewPages = false }: { fewPages?: boolean } = {}): void {
  (globalThis as Record<symbol, unknown>)[KEY] = payload;
  (globalThis as Record<symbol, unknown>)[FEW] = fewPages;
}

/** Whether the pages loader will render its few pages on this thread (see providePayload). */
export function rendersFewPages(): boolean {
  return (globalThis as Record<symbol, unknown>)[FEW] === true;
}

export interface LoaderPayload {
  payload: SitePayload;
  /** The vault's diagnostics, when nobody printed them yet (Astro run without site/build.ts). */
  unreported: { text: string; errors: number; strict: boolean; dir: string } | null;
}

let own: Promise<LoaderPayload> | null = null;

/** For the loaders: what site/build.ts provided, or (a plain `astro build`, `kb dev`) everything, computed here. */
export function loaderPayload(): Promise<LoaderPayload> {
  const provided = (globalThis as Record<symbol, unknown>)[KEY] as Promise<SitePayload> | undefined;
  if (provided) return provided.then((payload) => ({ payload, unreported: null }));
  // Imported here, not at the top: Astro runs the content config (and so this module) through Vite's
  // module runner, which transforms every module it imports one by one; a build that provides the
  // payload never needs the engine in there, and at 80 modules that is a second of every build.
  own ??= import('./site.ts').then(({ getSite }) => getSite(siteOptions())).then(async (site) => ({
    payload: await site.payload(null),
    unreported: { ...site.report(), strict: site.options.strict, dir: site.vault.dir },
  }));
  return own;
}

const STORE = Symbol.for('kb.site.store');

type StoreModule = typeof import('./store.ts');

/**
 * site/build.ts: the store module (and with it the renderer) as Node loaded it. Astro runs the
 * loaders in its Vite module runner, which would otherwise transform store.ts and the dozens of
 * modules it imports one by one on every build.
 */
export function provideStore(store: StoreModule): void {
  (globalThis as Record<symbol, unknown>)[STORE] = store;
}

/** For the loaders: the store module site/build.ts provided, else (`kb dev`, a plain `astro build`) their own. */
export function storeModule(): Promise<StoreModule> {
  const provided = (globalThis as Record<symbol, unknown>)[STORE] as StoreModule | undefined;
  return provided ? Promise.resolve(provided) : import('./store.ts');
}

const STATS = Symbol.for('kb.site.renderStats');

/** The pages loader's count of pages stored and rendered, for site/build.ts to report when Astro logs quietly. */
export function setRenderStats(stats: { pages: number; rendered: number }): void {
  (globalThis as Record<symbol, unknown>)[STATS] = stats;
}

export function renderStats(): { pages: number; rendered: number } | undefined {
  return (globalThis as Record<symbol, unknown>)[STATS] as { pages: number; rendered: number } | undefined;
}
