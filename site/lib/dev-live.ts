// Under `kb dev`, what the last save computed for each page (its digest and front-matter), for the page
// route to render before Astro's content store has been written (site/lib/dev-session.ts). A module of
// its own, with no imports, so the route's bundle carries nothing of the dev session; on globalThis
// because Vite's SSR runner and the content layer each load their own copy of site modules.
const LIVE = Symbol.for('kb.dev.live');

export interface LivePage {
  digest: string;
  data: Record<string, unknown>;
}

type Store = Record<symbol, Map<string, LivePage> | undefined>;

export function setLivePages(pages: Iterable<{ slug: string; digest: string; data: Record<string, unknown> }>): void {
  (globalThis as unknown as Store)[LIVE] = new Map([...pages].map((p) => [p.slug, { digest: p.digest, data: p.data }]));
}

/** The page as of the last save, or null before the first save (and for a page it removed): the route then renders the store's entry. */
export function livePage(slug: string): LivePage | null {
  return (globalThis as unknown as Store)[LIVE]?.get(slug) ?? null;
}
