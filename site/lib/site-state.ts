// What the incremental planner's quick path (quick-plan.ts) needs of the last build's site besides
// its manifest, kept beside it in the cache dir: per note what other notes' links and the site's
// lists can see of it (its naming facts as the engine's resolver, redirects, stubs and duplicate
// clusters read them, and a digest of everything else the model takes from it besides its body), the
// backlinks its links make, its link classes and diagnostics counted for the home page's statistics,
// and the site-wide lists, feed and report. After an edit of a few notes' bodies the quick path
// patches this instead of loading every note: see quick-plan.ts for when it may.
import { isDeepStrictEqual } from 'node:util';
import type { Profile } from '../../schemas/profiles.ts';
import type { Cluster } from '../../vault/duplicates.ts';
import type { VaultPath } from '../../vault/paths.ts';
import { explicitTitle } from '../../vault/resolve.ts';
import { stubReason } from '../../vault/stubs.ts';
import type { VaultScan } from '../../vault/stat.ts';
import type { Diagnostic, Page } from '../../vault/types.ts';
import { digestOf } from './digest.ts';
import { backlinkPairs } from './model.ts';
import { statedDate } from './feed.ts';
import type { Report, Site, SiteLists } from './site.ts';
import { STATE_VERSION } from './state-file.ts';
import type { SiteSettings, SiteSummary } from './summary.ts';


/** What the engine's resolution, redirects and stubs read of a note (vault/check-incremental.ts argues why nothing else). */
export interface Skeleton {
  kind: Page['kind'];
  binary: boolean;
  stub: boolean;
  title: string;
  /** The front-matter keys resolution and redirects read (`title`, `id`, `status`, `duplicate_of`) and `publish`, or null when there is none. */
  data: Record<string, unknown> | null;
  aliases: string[];
  valid: boolean;
}

export interface StatePage {
  path: VaultPath;
  diskPath: string;
  size: number;
  mtimeMs: number;
  hash: string;
  skeleton: Skeleton;
  /** Everything besides its body and links that the model or another route reads of the note. */
  facts: string;
  /** Built notes: the graph's node, and whether the feed's date is stated (else it is the file's mtime). */
  built: { url: string; title: string; category: string | null; stated: boolean } | null;
  /** The pages its links give a backlink (indexes into the state's pages), in link order, one entry per link. */
  to: number[];
  /** Built notes: its backlinks as [page index, count] pairs, in the order the page lists them. */
  from: number[];
  /** Its links by class: resolved, redirect, fixable, unresolved. */
  links: [number, number, number, number];
  /** Its diagnostics by severity: error, warning, info. */
  severities: [number, number, number];
  /** Whether the build reports a diagnostic of it, or it embeds or is embedded by a note: the quick path then leaves it to a full plan. */
  involved: boolean;
}

export interface SiteState {
  version: number;
  /** False when the skeletons cannot stand in for the notes (see stateOf): the quick path is not taken. */
  exact: boolean;
  /** The vault stamp (vault-stamp.ts) of the build that left it: it must be the manifest's. */
  vault: string;
  /** The vault's settings files and attachments (vault-stamp.ts `rest`). */
  rest: string;
  profile: Profile;
  /** In the vault's order. */
  pages: StatePage[];
  duplicates: Cluster[];
  lists: SiteLists;
  settings: SiteSettings;
  searchShards: number[];
  feed: SiteSummary['feed'];
  report: Report;
}

const KEYS = ['title', 'id', 'status', 'duplicate_of', 'publish'];

export function skeletonOf(page: Page, profile: Profile): Skeleton {
  const data = page.frontMatter.data;
  return {
    kind: page.kind,
    binary: page.binary,
    stub: stubReason(page, profile) !== null,
    title: page.title,
    data: data === null ? null : Object.fromEntries(KEYS.filter((k) => k in data).map((k) => [k, data[k]])),
    aliases: page.aliases,
    valid: page.valid,
  };
}

/** A note's facts besides its body and links (compared, never read back). */
export function factsOf(page: Page, profile: Profile): string {
  return digestOf([skeletonOf(page, profile), explicitTitle(page), page.category, page.frontMatter.data, page.inlineTags]);
}

export const LINK_CLASSES = ['resolved', 'redirect', 'fixable', 'unresolved'] as const;
export const SEVERITIES = ['error', 'warning', 'info'] as const;

export function linkCounts(links: readonly { class: string }[]): [number, number, number, number] {
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const l of links) counts[LINK_CLASSES.indexOf(l.class as (typeof LINK_CLASSES)[number])]!++;
  return counts;
}

export function severityCounts(diagnostics: readonly Diagnostic[]): [number, number, number] {
  const counts: [number, number, number] = [0, 0, 0];
  for (const d of diagnostics) counts[SEVERITIES.indexOf(d.severity)]!++;
  return counts;
}

/** The state of a whole Site, as a full build or the full plan knows it. */
export function stateOf(site: Site, scan: VaultScan, stamp: { vault: string; rest: string }): SiteState {
  const { vault, model } = site;
  const profile = site.setup.profile.profile;
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of vault.diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const reported = new Set(site.diagnostics.map((d) => d.file));
  const involved = new Set<string>();
  for (const [path, inputs] of site.inputs) {
    if (!inputs.embeds) continue;
    involved.add(path);
    for (const note of Object.keys(inputs.embeds.notes)) involved.add(note);
  }
  const diskPaths = new Map(scan.listing.pages.map((f) => [f.path, f.diskPath]));
  const index = new Map([...vault.pages.keys()].map((p, i) => [p, i]));
  const pages: StatePage[] = [];
  for (const page of vault.pages.values()) {
    const s = scan.stats.get(page.path);
    const built = model.pages.get(page.path);
    const diagnostics = byFile.get(page.path) ?? [];
    pages.push({
      path: page.path,
      diskPath: diskPaths.get(page.path) ?? page.path,
      size: s?.size ?? -1,
      mtimeMs: s?.mtimeMs ?? -1,
      hash: page.hash,
      skeleton: skeletonOf(page, profile),
      facts: factsOf(page, profile),
      built: built ? { url: built.url, title: built.title, category: built.category, stated: statedDate(built.data) !== null } : null,
      to: [...backlinkPairs(vault.outlinks(page.path), model.finalOf, model.pages)].map(([, to]) => index.get(to)!),
      from: (model.backlinks.get(page.path) ?? []).flatMap((b) => [index.get(b.from)!, b.count]),
      links: linkCounts(vault.outlinks(page.path)),
      severities: severityCounts(diagnostics),
      involved: involved.has(page.path) || reported.has(page.path),
    });
  }
  return {
    version: STATE_VERSION,
    // A skeleton that does not come back from JSON as it was (a YAML date as a title) would resolve links differently.
    exact: pages.every((p) => isDeepStrictEqual(JSON.parse(JSON.stringify(p.skeleton)), p.skeleton)),
    vault: stamp.vault,
    rest: stamp.rest,
    profile,
    pages,
    duplicates: vault.duplicates,
    lists: site.lists,
    settings: site.settings,
    searchShards: site.searchShards,
    feed: site.feedPages,
    report: site.report(),
  };
}
