// The incremental planner's quick path: after an edit of a few notes' bodies, the plan from the last
// build's state (site-state.ts) and manifest, without loading every note.
//
// When the edited notes' facts are unchanged (everything the model and other routes read of a note
// besides its body and links: naming facts, front-matter, inline tags, stub status), the only routes
// that can change are the edited pages, the pages their links gave or now give backlinks (their
// backlinks and local graphs), home (link and diagnostic counts, most-linked), graph.json (edges),
// and the sitemap and feed (an undated note's date is its file's). The edited notes and those pages
// are parsed and their links resolved in a Vault whose other notes are skeletons (their naming facts
// only, as `kb check`'s incremental check does: vault/check-incremental.ts), by the engine's own
// resolver, and their inputs are derived by the same code as a full plan; every other route keeps
// the manifest's digest. Anything else (notes added, removed or renamed, front-matter or tags
// changed, embeds, reported diagnostics, attachments or settings changed, many edits) returns why,
// and the full plan runs. A page that was not edited must come out with its last search digest, a
// check that the skeletons stood in exactly.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyLinks } from '../../vault/links.ts';
import { LineIndex } from '../../vault/lines.ts';
import { buildRedirects } from '../../vault/redirects.ts';
import { Resolver } from '../../vault/resolve.ts';
import { inTemplateFolder, loadSettings } from '../../vault/settings.ts';
import { templatePage } from '../../vault/templates.ts';
import { statVault, type VaultScan } from '../../vault/stat.ts';
import { byCodePoint, pageNameOf, type VaultPath } from '../../vault/paths.ts';
import type { Page } from '../../vault/types.ts';
import { Vault } from '../../vault/vault.ts';
import type { BuildManifest } from './build-manifest.ts';
import { routeChanges, type Changes } from './changes.ts';
import { digestOf } from './digest.ts';
import { FEED_SIZE } from './feed.ts';
import type { GraphData } from './summary.ts';
import { backlinkMap, backlinkPairs, buildModel, finalTargetOf, type Backlink } from './model.ts';
import type { SiteOptions } from './options.ts';
import { pageInputsOf, type PageInputs } from './page-inputs.ts';
import { RenderCache } from './render-cache.ts';
import { FEED, GRAPH_JSON, HOME, pageFile, SITEMAP } from './route-files.ts';
import type { Route, SiteRoutes } from './routes.ts';
import { executes, graphDataOf, shownDiagnostic, graphInputOf, mostLinkedOf, pageEntry, sortFeed, vaultSetup, type PageEntry, type Report, type SitePayload } from './site.ts';
import { factsOf, LINK_CLASSES, linkCounts, SEVERITIES, severityCounts, type SiteState, type Skeleton, type StatePage } from './site-state.ts';
import { renderCodeDigest } from './source-digest.ts';

/** Past this many edited notes the full plan is about as quick, and simpler to trust. */
const MAX_EDITED = 16;

export interface QuickPlan {
  report: Report;
  changes: Changes;
  routes: SiteRoutes;
  astro: string[];
  payload: SitePayload | null;
  /** The site state the build leaves. */
  state: SiteState;
  /** graph.json's graph, when it changed: laid out on its own thread while the build goes on. */
  graph: Promise<GraphData> | null;
}

/** A note standing in for an unedited one: what resolution, redirects and stubs read (see vault/check-incremental.ts). */
function skeletonPage(path: VaultPath, s: Skeleton): Page {
  return {
    path,
    name: pageNameOf(path),
    hash: '',
    size: 0,
    bom: false,
    eol: '\n',
    binary: s.binary,
    frontMatter: { present: s.data !== null, data: s.data, start: 0, end: 0, yamlStart: 0, yamlEnd: 0 },
    headings: [],
    links: [],
    codeBlocks: [],
    graph: null,
    // A stub skeleton must stay a stub, and a page must not become one.
    bodyTextLength: s.stub ? 0 : Number.MAX_SAFE_INTEGER,
    bodyEmpty: s.stub,
    errorCapture: null,
    inlineTags: [],
    diagnostics: [],
    kind: s.kind,
    title: s.title,
    aliases: s.aliases,
    category: null,
    valid: s.valid,
  };
}

export async function quickPlan(options: SiteOptions, previous: BuildManifest, scan: VaultScan, stamp: { vault: string; rest: string }, state: SiteState | null): Promise<QuickPlan | string> {
  if (!state) return 'no site state of the last build';
  if (!state.exact) return 'the last build left no exact site state';
  if (state.vault !== previous.vault) return 'the site state is not of the last build';
  if (state.rest !== stamp.rest) return 'settings, attachments or file names changed';
  const setup = await vaultSetup(options);
  const profile = setup.profile.profile;
  if (profile !== state.profile) return 'the profile changed';
  const root = options.vaultDir;
  const settings = await loadSettings(root, profile);
  const stat = await statVault(root, profile, settings, undefined, scan);
  const known = new Map(state.pages.map((p) => [p.path, p]));
  if (stat.listing.pages.length !== state.pages.length || stat.listing.pages.some((f) => known.get(f.path)?.diskPath !== f.diskPath)) return 'notes were added, removed or renamed';
  const edited = state.pages.filter((p) => {
    const s = stat.stats.get(p.path)!;
    return s.size !== p.size || s.mtimeMs !== p.mtimeMs;
  });
  if (edited.length === 0) return 'no note changed';
  if (edited.length > MAX_EDITED) return `${edited.length} notes changed`;
  if (state.duplicates.some((c) => edited.some((p) => c.canonical === p.path || c.members.includes(p.path)))) return 'an edited note is in a duplicate cluster';

  const { parsePage } = await import('../../vault/parse-page.ts');
  const real = new Map<VaultPath, { page: Page; text: string }>();
  const parse = async (p: StatePage) => {
    const bytes = await readFile(join(root, p.diskPath));
    const page = parsePage(p.path, bytes, { profile, limits: stat.limits });
    real.set(p.path, { page, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) });
    return page;
  };
  for (const p of edited) {
    if (!p.built || p.involved) return `${p.path} is not a plain page (left out, embedding or embedded, or reported)`;
    const page = await parse(p);
    if (factsOf(page, profile) !== p.facts) return `${p.path} changed more than its body and links`;
  }

  // The edited notes' links, resolved: which pages they give backlinks now.
  const index = new Map(state.pages.map((p, i) => [p.path, i]));
  const built = new Set(state.pages.flatMap((p) => (p.built ? [p.path] : [])));
  const isTemplate = (path: VaultPath) => settings.templateFolders.length > 0 && inTemplateFolder(path, settings.templateFolders);

  const asInVault = (page: Page) => (isTemplate(page.path) ? templatePage(page) : page);
  // The edited notes as parsed, every other note as its skeleton.
  const pagesSoFar = state.pages.map((p) => asInVault(real.get(p.path)?.page ?? skeletonPage(p.path, p.skeleton)));
  // The resolver is the Vault's too: it reads only names, titles and aliases, which parsing the
  // affected pages below cannot change (their hashes are checked against the state's), and the Vault
  // would build the same tables again from 10k pages. Built from the pages in the Vault's order, so
  // that a name several pages share lists them as the Vault would.
  const resolver = new Resolver(
    [...pagesSoFar].sort((a, b) => byCodePoint(a.path, b.path)),
    scan.listing.attachments.map((a) => a.path).sort(byCodePoint),
  );
  // Which pages the edited notes' links give backlinks now, resolved as the Vault below resolves
  // them (it checks that): those pages are parsed too, for their own links' views.
  const targets = new Map<VaultPath, number[]>();
  {
    const pages = new Map(pagesSoFar.map((p) => [p.path, p]));
    const redirects = buildRedirects(pages, (path) => new LineIndex(real.get(path)?.text ?? ''), (path) => real.get(path)?.text ?? '');
    const finalTarget = (path: VaultPath) => (pages.has(path) ? redirects.finalTarget(path) : null);
    for (const p of edited) targets.set(p.path, [...backlinkPairs(classifyLinks(pages.get(p.path)!, pages, resolver, redirects), (l) => finalTargetOf({ finalTarget }, l), built)].map(([, to]) => index.get(to)!));
  }
  const editedSet = new Set(edited.map((p) => p.path));
  const affected = new Set<VaultPath>(editedSet);
  for (const p of edited) for (const to of [...p.to, ...targets.get(p.path)!]) affected.add(state.pages[to]!.path);
  for (const path of affected) {
    if (real.has(path)) continue;
    const p = known.get(path)!;
    if (p.involved) return `${path} is not a plain page (embedding or embedded, or reported)`;
    const page = await parse(p);
    if (page.hash !== p.hash) return `${path} changed without a new size or mtime`;
  }
  // The pages above, with the affected ones now parsed.
  const pagesThen = state.pages.map((p, i) => {
    const parsed = real.get(p.path)?.page;
    return parsed ? asInVault(parsed) : pagesSoFar[i]!;
  });
  const vault = new Vault({
    dir: root,
    profile,
    settings,
    pages: pagesThen,
    attachments: scan.listing.attachments.map((a) => a.path),
    texts: { get: (path) => real.get(path)?.text ?? '' },
    diskPaths: new Map(state.pages.map((p) => [p.path, p.diskPath])),
    duplicates: state.duplicates,
    resolver,
  });
  const m = buildModel(vault, { base: options.base, profile, publish: setup.publish });
  // The skeletons must give the model the same pages at the same URLs, and the edited notes' links the same targets.
  const builtState = state.pages.filter((p) => p.built);
  if (m.pages.size !== builtState.length || builtState.some((p) => m.pages.get(p.path)?.url !== p.built!.url)) return 'the skeleton model differs';
  for (const p of edited) {
    const now = [...backlinkPairs(vault.outlinks(p.path), m.finalOf, m.pages)].map(([, to]) => index.get(to)!);
    if (now.join() !== targets.get(p.path)!.join()) return `${p.path}'s links resolve differently in the vault`;
  }
  const edits = edited.map((p) => ({
    links: linkCounts(vault.outlinks(p.path)),
    severities: severityCounts(vault.diagnostics.filter((d) => d.file === p.path)),
  }));
  const left = new Set(m.excluded.map((d) => d.file));
  if (vault.diagnostics.some((d) => editedSet.has(d.file as VaultPath) && d.severity === 'error' && shownDiagnostic(d, profile, m.unpublished, left))) return 'an edited note has problems the build reports';

  // Every built page's backlinks, in the order a full model makes them: the affected pages' made
  // again from every link, the others' as the last build listed them.
  const nodes = new Map(builtState.map((p) => [p.path, p.built!]));
  const toOf = (i: number) => targets.get(state.pages[i]!.path) ?? state.pages[i]!.to;
  function* pairs(): Generator<[VaultPath, VaultPath]> {
    for (let i = 0; i < state!.pages.length; i++) for (const to of toOf(i)) yield [state!.pages[i]!.path, state!.pages[to]!.path];
  }
  const remade = backlinkMap(
    (function* () {
      for (const pair of pairs()) if (affected.has(pair[1])) yield pair;
    })(),
    nodes,
  );
  const backlinks = new Map<VaultPath, Backlink[]>();
  for (const [, to] of pairs()) {
    if (backlinks.has(to)) continue;
    const list = remade.get(to);
    if (list) {
      backlinks.set(to, list);
      continue;
    }
    const from = state.pages[index.get(to)!]!.from;
    const kept: Backlink[] = [];
    for (let k = 0; k < from.length; k += 2) {
      const p = state.pages[from[k]!]!;
      kept.push({ from: p.path, url: p.built!.url, title: p.built!.title, count: from[k + 1]! });
    }
    backlinks.set(to, kept);
  }
  const full = { ...m, backlinks };
  const graphInput = graphInputOf(nodes, backlinks);
  const graphDigest = digestOf(graphInput);
  const graph = previous.routes[GRAPH_JSON]?.[1] === graphDigest ? null : graphDataOf(graphInput);
  graph?.catch(() => {});

  const renderCode = renderCodeDigest();
  const inputs = new Map<VaultPath, PageInputs>();
  for (const path of affected) {
    const page = full.pages.get(path);
    if (!page) continue;
    const i = pageInputsOf(vault, full, page, renderCode);
    if (i.embeds) return `${path} embeds notes`;
    const before = previous.routes[pageFile(page.slug)];
    if (!before) return `${path} had no page`;
    if (!editedSet.has(path) && before[5] !== i.searchDigest) return `${path}'s article differs from the last build's`;
    inputs.set(path, i);
  }

  // The lists, feed and routes: the last build's, with what the edits change.
  const lists = structuredClone(state.lists);
  edited.forEach((p, i) => {
    LINK_CLASSES.forEach((c, k) => (lists.stats.links[c] += edits[i]!.links[k]! - p.links[k]!));
    lists.stats.links.total += edits[i]!.links.reduce((a, b) => a + b) - p.links.reduce((a, b) => a + b);
    SEVERITIES.forEach((s, k) => (lists.stats.diagnostics[s] += edits[i]!.severities[k]! - p.severities[k]!));
  });
  lists.mostLinked = mostLinkedOf(backlinks, nodes);
  const undated = new Map(edited.filter((p) => !p.built!.stated).map((p) => [p.built!.url, new Date(stat.stats.get(p.path)!.mtimeMs).toISOString()]));
  const feed = undated.size ? sortFeed(state.feed.map((e) => (undated.has(e.url) ? { ...e, updated: undated.get(e.url)! } : e))) : state.feed;

  const routes = new Map<string, Route>();
  for (const [file, r] of Object.entries(previous.routes)) routes.set(file, { writer: r[0], digest: r[1], ...(r[4] !== undefined && { search: { shard: r[4], digest: r[5]! } }) });
  const set = (file: string, digest: string) => (routes.get(file)!.digest = digest);
  set(HOME, digestOf([lists.stats, lists.mostLinked, lists.recent, lists.categories, lists.tags.length]));
  set(GRAPH_JSON, graphDigest);
  set(SITEMAP, digestOf([state.settings.baseUrl, feed]));
  set(FEED, digestOf(feed.slice(0, FEED_SIZE)));
  for (const [path, i] of inputs) {
    const route = routes.get(pageFile(full.pages.get(path)!.slug))!;
    route.digest = i.digest;
    route.search = { shard: route.search!.shard, digest: i.searchDigest };
  }
  const siteRoutes: SiteRoutes = { routes, shards: previous.shards };
  const changes = routeChanges(previous, siteRoutes);
  if (typeof changes === 'string') return changes;
  const astro = changes.changed.filter((f) => routes.get(f)!.writer === 'astro');
  const wanted = new Set(astro);

  let payload: SitePayload | null = null;
  if (astro.length) {
    const records = new RenderCache(options.cacheDir);
    const execute = executes(setup);
    const pages: PageEntry[] = [];
    // In the model's order, as a full plan gives them.
    for (const page of full.pages.values()) {
      const i = inputs.get(page.path);
      if (i && wanted.has(pageFile(page.slug))) pages.push(pageEntry(vault, full, page, i, records, execute));
    }
    // The feed lists every page; only sitemap.xml and feed.xml read it. Astro renders those two
    // endpoints in every build, but a build that changes neither commits neither, so it leaves the
    // list out of what Astro stores, bundles and reads back (at 10k pages most of the summary).
    const feedRead = wanted.has(SITEMAP) || wanted.has(FEED);
    payload = {
      pages,
      summary: { ...lists, settings: state.settings, categoryPages: [], tagPages: [], graph: null, searchShards: state.searchShards, feed: feedRead ? feed : [] },
    };
  }

  const next: SiteState = {
    ...state,
    vault: stamp.vault,
    pages: state.pages.map((p) => {
      if (affected.has(p.path) && p.built) p = { ...p, from: (backlinks.get(p.path) ?? []).flatMap((b) => [index.get(b.from)!, b.count]) };
      const i = edited.findIndex((e) => e.path === p.path);
      if (i < 0) return p;
      const s = stat.stats.get(p.path)!;
      return { ...p, size: s.size, mtimeMs: s.mtimeMs, hash: real.get(p.path)!.page.hash, to: targets.get(p.path)!, links: edits[i]!.links, severities: edits[i]!.severities };
    }),
    lists,
    feed,
  };
  return { report: state.report, changes, routes: siteRoutes, astro, payload, state: next, graph: changes.changed.includes(GRAPH_JSON) ? graph : null };
}
