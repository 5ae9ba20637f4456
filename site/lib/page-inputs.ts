// Everything one topic or MOC page shows, computed from the site model before anything is rendered:
// how each of its links is drawn, its neighbours (the local graph) and its backlinks, and two
// digests of them. The build compares the digests with the previous build's to decide which pages
// to build again and which search shards to index again; the loader names render records by them.
import { byCodePoint, type VaultPath } from '../../vault/paths.ts';
import { digestOf } from './digest.ts';
import type { Backlink, SiteModel, SitePage, VaultView } from './model.ts';
import { collectEmbeds, embedKey, type EmbedTable } from './render/embeds.ts';
import { LOCAL_GRAPH_LIMIT, type Neighbour } from './render/local-graph.ts';
import type { LinkView } from './render/markdown.ts';

export interface PageInputs {
  views: LinkView[];
  /** The notes its embeds transclude, to the depth limit. */
  embeds: EmbedTable | null;
  near: Neighbour[];
  backlinks: Backlink[];
  /** The article: text, front-matter, title, URL and how every link is drawn. Pagefind indexes only this. */
  searchDigest: string;
  /** The whole page: the article plus backlinks and the local graph. */
  digest: string;
}

function neighbours(model: SiteModel, path: VaultPath, views: LinkView[]): Neighbour[] {
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
  // Titles can repeat (two notes may share one); the URL settles ties, so the order never depends on the vault's load order.
  return [...byUrl.values()].sort((a, b) => Number(b.in && b.out) - Number(a.in && a.out) || a.title.localeCompare(b.title) || byCodePoint(a.url, b.url));
}

/** One page's inputs. */
export function pageInputsOf(vault: VaultView & { pages: Map<VaultPath, { hash: string }> }, model: SiteModel, page: SitePage, renderCode: string): PageInputs {
  const views = vault.outlinks(page.path).map((l) => model.linkView(l));
  const embeds = collectEmbeds(vault, model, page.path);
  const near = neighbours(model, page.path, views);
  const backlinks = model.backlinks.get(page.path) ?? [];
  const searchDigest = digestOf([renderCode, vault.pages.get(page.path)!.hash, page.url, page.title, page.kind, page.data, views, embedKey(vault, embeds), model.base]);
  const digest = digestOf([
    searchDigest,
    near.slice(0, LOCAL_GRAPH_LIMIT).map((n) => [n.url, n.title, n.in, n.out]),
    near.length,
    backlinks.map((b) => [b.url, b.title, b.count]),
  ]);
  return { views, embeds, near, backlinks, searchDigest, digest };
}

/**
 * `renderCode`: the render code's digest (source-digest.ts), so a renderer change is never served from cache.
 * `reuse`: `kb dev`'s update after a save that changed no page's URL, title or aliases: the inputs of
 * every page but `only` are the previous ones (Site.update says which pages those are).
 */
export function computePageInputs(
  vault: VaultView & { pages: Map<VaultPath, { hash: string }> },
  model: SiteModel,
  renderCode: string,
  reuse?: { previous: Map<VaultPath, PageInputs>; only: ReadonlySet<VaultPath> },
): Map<VaultPath, PageInputs> {
  const inputs = new Map<VaultPath, PageInputs>();
  for (const page of model.pages.values()) {
    const kept = reuse && !reuse.only.has(page.path) ? reuse.previous.get(page.path) : undefined;
    if (kept) {
      inputs.set(page.path, kept);
      continue;
    }
    inputs.set(page.path, pageInputsOf(vault, model, page, renderCode));
  }
  return inputs;
}
