// What the site shows, derived from the engine's vault without resolving anything again: which
// pages are built and at which URL, redirect URLs (redirect pages and aliases), backlinks, tags,
// categories and statistics. Every link's target is the engine's `resolution.path`.
import { slug as headingSlug } from 'github-slugger';
import { mergeTags } from '../../vault/inline-tags.ts';
import { byCodePoint, folderOf, slugOf, type Slug, type VaultPath } from '../../vault/paths.ts';
import type { Diagnostic, LinkClass, Page, ResolvedLink } from '../../vault/types.ts';
import type { LinkView } from './render/markdown.ts';
import { unpublishedReason, type PublishRules } from './publish.ts';
import { assignSlugs } from './slugs.ts';

/** The part of the engine's Vault the site reads. */
export interface VaultView {
  dir: string;
  pages: Map<VaultPath, Page>;
  attachments: VaultPath[];
  links: ResolvedLink[];
  diagnostics: Diagnostic[];
  outlinks(path: VaultPath): ResolvedLink[];
  finalTarget(path: VaultPath): VaultPath | null;
  text(path: VaultPath): string;
}

/** First URL segments the site itself uses; a page whose slug starts with one is not built. */
export const RESERVED = new Set(['tags', 'graph', 'categories', 'search', '_astro', 'pagefind', 'attachments', '404', 'graph.json']);

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg|bmp)$/i;

export interface SitePage {
  path: VaultPath;
  slug: Slug;
  url: string;
  title: string;
  kind: 'topic' | 'moc';
  category: string | null;
  tags: string[];
  aliases: string[];
  data: Record<string, unknown>;
}

export interface SiteRedirect {
  slug: Slug;
  url: string;
  to: VaultPath;
  toUrl: string;
  toTitle: string;
  reason: 'redirect' | 'alias';
  label: string;
}

export interface Backlink {
  from: VaultPath;
  url: string;
  title: string;
  count: number;
}

/** A plain URL several notes slug to, none of them keeping it (slugs.ts): it lists them. */
export interface SiteShared {
  slug: Slug;
  url: string;
  pages: { url: string; title: string; path: VaultPath }[];
}

export interface ModelOptions {
  base?: string;
  /** `obsidian`: a note with invalid front-matter is still published (as Obsidian shows it), with its diagnostics reported. */
  profile?: 'topic' | 'obsidian';
  publish?: PublishRules;
}

export interface SiteModel {
  base: string;
  pages: Map<VaultPath, SitePage>;
  redirects: SiteRedirect[];
  shared: SiteShared[];
  /** Notes the vault's config, templates folders or `publish: false` keep off the site, with why. */
  unpublished: Map<VaultPath, string>;
  /** The attachments the site copies: all but those the config's ignore globs or a templates folder hold. */
  attachments: VaultPath[];
  /** Pages left out, with why (invalid front-matter, a URL another page already has, …). */
  excluded: Diagnostic[];
  backlinks: Map<VaultPath, Backlink[]>;
  tags: Map<string, VaultPath[]>;
  categories: Map<string, VaultPath[]>;
  mocs: Map<string, VaultPath>;
  linkView(link: ResolvedLink): LinkView;
  /** The built page a link leads to (through redirects), or null. */
  finalOf(link: ResolvedLink): VaultPath | null;
  urlOf(slug: string): string;
  attachmentUrl(path: VaultPath): string;
}

export function joinBase(base: string, rest: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${rest}`;
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function buildModel(vault: VaultView, options: ModelOptions | string = {}): SiteModel {
  const { base = '/', profile = 'topic', publish = { ignore: [], templates: [] } } = typeof options === 'string' ? { base: options } : options;
  const urlOf = (slug: string) => joinBase(base, slug ? `${encodeURI(slug)}/` : '');
  const attachmentUrl = (path: VaultPath) => joinBase(base, `attachments/${path.split('/').map(encodeURIComponent).join('/')}`);
  const excluded: Diagnostic[] = [];
  const unpublished = new Map<VaultPath, string>();
  const pages = new Map<VaultPath, SitePage>();
  const taken = new Map<string, VaultPath>();

  const built: Page[] = [];
  for (const page of vault.pages.values()) {
    const why = unpublishedReason(publish, page.path, page.frontMatter.data);
    if (why) {
      unpublished.set(page.path, why);
      continue;
    }
    if (page.kind === 'redirect') continue;
    if (profile !== 'obsidian' && (!page.valid || page.frontMatter.data === null)) {
      excluded.push({ file: page.path, line: 1, column: 1, severity: 'error', rule: 'site-invalid-page', message: 'not built: its front-matter is invalid' });
      continue;
    }
    built.push(page);
  }
  const reserved = (slug: Slug) => slug === '' || RESERVED.has(slug.split('/')[0] ?? '');
  const { slugs, shared: sharedSlugs } = assignSlugs(
    built.map((p) => p.path),
    reserved,
  );
  for (const page of built) {
    const slug = slugs.get(page.path)!;
    taken.set(slug, page.path);
    const data = page.frontMatter.data ?? {};
    pages.set(page.path, {
      path: page.path,
      slug,
      url: urlOf(slug),
      title: page.title,
      kind: page.kind === 'moc' ? 'moc' : 'topic',
      category: page.category,
      // Inline `#tags` count as the note's tags too, as in Obsidian (vault/inline-tags.ts).
      tags: mergeTags(stringList(data.tags), page.inlineTags),
      aliases: page.aliases,
      data,
    });
  }
  const shared: SiteShared[] = [];
  for (const [slug, paths] of sharedSlugs) {
    taken.set(slug, paths[0]!);
    shared.push({ slug, url: urlOf(slug), pages: paths.map((p) => ({ path: p, url: pages.get(p)!.url, title: pages.get(p)!.title })) });
  }

  const redirects: SiteRedirect[] = [];
  const redirectTo = (slug: Slug, to: VaultPath, reason: SiteRedirect['reason'], label: string) => {
    const target = pages.get(to);
    if (!target || slug === '' || taken.has(slug) || RESERVED.has(slug.split('/')[0] ?? '')) return false;
    taken.set(slug, to);
    redirects.push({ slug, url: urlOf(slug), to, toUrl: target.url, toTitle: target.title, reason, label });
    return true;
  };
  for (const page of vault.pages.values()) {
    if (page.kind !== 'redirect') continue;
    const final = vault.finalTarget(page.path);
    if (unpublished.has(page.path)) continue;
    if (!final || !redirectTo(slugOf(page.path), final, 'redirect', page.title)) {
      excluded.push({ file: page.path, line: 1, column: 1, severity: 'warning', rule: 'site-redirect-skipped', message: final ? `redirect page not built: its target ${final} is not built or its URL is taken` : 'redirect page not built: its redirect chain is broken' });
    }
  }
  // Aliases after every real page and redirect page, so an alias never takes a page's URL.
  for (const page of pages.values()) {
    for (const alias of page.aliases) {
      const slug = slugOf(`${folderOf(page.path) ? `${folderOf(page.path)}/` : ''}${alias.replace(/\//g, '-')}.md` as VaultPath);
      redirectTo(slug, page.path, 'alias', alias);
    }
  }

  const finalOf = (link: ResolvedLink): VaultPath | null => finalTargetOf(vault, link);

  const backlinks = backlinkMap(backlinkPairs(vault.links, finalOf, pages), pages);

  const tags = new Map<string, VaultPath[]>();
  const categories = new Map<string, VaultPath[]>();
  const mocs = new Map<string, VaultPath>();
  for (const page of pages.values()) {
    for (const tag of new Set(page.tags)) push(tags, tag, page.path);
    if (!page.category) continue;
    if (page.kind === 'moc') {
      if (!mocs.has(page.category)) mocs.set(page.category, page.path);
    } else push(categories, page.category, page.path);
  }

  const attachments = vault.attachments.filter((p) => unpublishedReason(publish, p, null) === null);
  const published = new Set(attachments);

  const linkView = (link: ResolvedLink): LinkView => {
    const shown = link.display ?? (link.anchor ? (link.target ? `${link.target} > ${link.anchor}` : link.anchor) : link.target);
    // A block anchor `^id` targets the block's id attribute (`^id`, see render/markdown.ts).
    const hash = !link.anchor ? '' : link.anchor.startsWith('^') ? `#^${encodeURIComponent(link.anchor.slice(1))}` : `#${headingSlug(link.anchor)}`;
    if (link.resolution.attachment && link.resolution.path && !published.has(link.resolution.path)) {
      return { state: 'unbuilt', href: null, text: shown, title: `${link.resolution.path} is not on the site`, embed: null };
    }
    if (link.resolution.attachment && link.resolution.path) {
      const src = attachmentUrl(link.resolution.path);
      if (link.embed && IMAGE.test(link.resolution.path)) return { state: 'resolved', href: src, text: link.display ?? link.target, title: link.resolution.path, embed: { kind: 'image', src } };
      return { state: 'resolved', href: src, text: shown, title: link.resolution.path, embed: link.embed ? { kind: 'file', label: `📎 ${shown}` } : null };
    }
    if (link.resolution.rule === 'self' || (link.resolution.path === link.from && link.target === '')) {
      return { state: 'resolved', href: hash || '#', text: shown, title: link.anchor ?? '', embed: null };
    }
    const cls: LinkClass = link.class;
    const target = cls === 'fixable' ? link.finalTarget : finalOf(link);
    const page = target ? pages.get(target) : undefined;
    const embed = link.embed ? { kind: 'page' as const, label: `↪ ${page?.title ?? shown}` } : null;
    if (cls === 'unresolved' || !target) return { state: 'unresolved', href: null, text: shown, title: `No page named “${link.target}” yet`, embed };
    if (!page) return { state: 'unbuilt', href: null, text: shown, title: `${target} is not on the site (see the build diagnostics)`, embed };
    const title = cls === 'fixable' ? `Not an exact match: most likely ${page.title} (kb fix rewrites this link)` : cls === 'redirect' ? `${page.title} (via a redirect)` : page.title;
    return { state: cls, href: page.url + hash, text: shown, title, embed };
  };

  return { base, pages, redirects, shared, unpublished, attachments, excluded, backlinks, tags, categories, mocs, linkView, finalOf, urlOf, attachmentUrl };
}

/** The note a link leads to, through redirects (built or not), or null. */
export function finalTargetOf(vault: Pick<VaultView, 'finalTarget'>, link: ResolvedLink): VaultPath | null {
  if (link.resolution.path === null || link.resolution.attachment) return null;
  if (link.class === 'redirect') return link.finalTarget ?? vault.finalTarget(link.resolution.path);
  return link.resolution.path;
}

/** [from, to] of every link that makes a backlink (resolved or through a redirect, between two built pages, not to itself), in the vault's link order. */
export function* backlinkPairs(links: Iterable<ResolvedLink>, finalOf: (link: ResolvedLink) => VaultPath | null, pages: { has(path: VaultPath): boolean }): Generator<[VaultPath, VaultPath]> {
  for (const link of links) {
    if (link.class !== 'resolved' && link.class !== 'redirect') continue;
    const target = finalOf(link);
    if (!target || target === link.from || !pages.has(target) || !pages.has(link.from)) continue;
    yield [link.from, target];
  }
}

/**
 * Every built page's backlinks from the pairs `backlinkPairs` gives, one entry per linking page with
 * its count. The incremental planner (quick-plan.ts) rebuilds the map from the pairs its state keeps,
 * so the map's order (targets in the order first linked: graph.json's edge order) is the same.
 */
export function backlinkMap(pairs: Iterable<[VaultPath, VaultPath]>, pages: ReadonlyMap<VaultPath, { url: string; title: string }>): Map<VaultPath, Backlink[]> {
  const counts = new Map<VaultPath, Map<VaultPath, number>>();
  for (const [source, target] of pairs) {
    let from = counts.get(target);
    if (!from) counts.set(target, (from = new Map()));
    from.set(source, (from.get(source) ?? 0) + 1);
  }
  const backlinks = new Map<VaultPath, Backlink[]>();
  for (const [target, from] of counts) {
    backlinks.set(
      target,
      [...from].map(([path, count]) => ({ from: path, url: pages.get(path)!.url, title: pages.get(path)!.title, count })).sort((a, b) => a.title.localeCompare(b.title) || byCodePoint(a.url, b.url)),
    );
  }
  return backlinks;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
