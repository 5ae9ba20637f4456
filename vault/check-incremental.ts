// `kb check` after editing a few pages, without loading the whole vault again.
//
// A page's edit can change another page's part of the report only through what the graph knows of
// it by name: its path, title, aliases, id, duplicate_of, kind and whether it is a stub (resolution,
// redirect chains and duplicate clusters read nothing else). So every full check leaves a snapshot:
// per page, those naming facts, its link counts and its diagnostics. When only existing pages were
// edited and none of their naming facts changed (nor is any of them in a duplicate cluster, whose
// canonical page depends on body length and confidence), the report is the snapshot's, with the
// edited pages' parts computed again. The edited pages are checked in a Vault of skeletons (every
// other page reduced to its naming facts), so their links are resolved by the same Resolver and
// classified by the same code as in a full check. Anything else falls back to the full check; a
// test compares both on every kind of edit (tests/vault/check-incremental.test.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Profile } from '../schemas/index.ts';
import { reportFingerprint } from './cache.ts';
import { hashBytes } from './hash.ts';
import { diagnosticsJson, reportJsonFromParts } from './check-cache.ts';
import { hasErrors, invalidFrontMatterOf, linkCounts, type CheckReport, type LinkCounts } from './check.ts';
import { pageNameOf, byCodePoint, type VaultPath } from './paths.ts';
import { idOf } from './redirects.ts';
import { explicitTitle } from './resolve.ts';
import type { ParseLimits } from './limits.ts';
import type { VaultStat } from './stat.ts';
import { defaultSettings, type VaultSettings } from './settings.ts';
import { stubReason } from './stubs.ts';
import type { Diagnostic, Page, PageKind } from './types.ts';
import { Vault } from './vault.ts';
import type { Cluster } from './duplicates.ts';
import { readChecked, vaultCacheDir, writeChecked } from './cache-store.ts';

/** Past this many edited pages a full check is about as fast, and simpler to trust. */
const MAX_EDITED = 64;

/** What other pages' checks can see of a page. */
interface Skeleton {
  kind: PageKind;
  binary: boolean;
  stub: boolean;
  title: string | null;
  aliases: string[];
  id: string | null;
  duplicateOf: unknown;
  status: unknown;
}

interface SnapshotPage {
  size: number;
  mtimeMs: number;
  hash: string;
  skeleton: Skeleton;
  links: LinkCounts;
  /** The page's diagnostics as report JSON text (`diagnosticsJson`): never parsed back, only put together. */
  diagnostics: string;
  errors: boolean;
  invalidFrontMatter: boolean;
}

export interface CheckSnapshot {
  fingerprint: string;
  /** False when the report held diagnostics of files that are not pages, which the snapshot cannot place. */
  complete: boolean;
  attachments: string[];
  pages: Record<string, SnapshotPage>;
  report: Pick<CheckReport, 'pages' | 'stubs' | 'duplicates' | 'redirectErrors'>;
}

function skeletonOf(page: Page, profile: Profile): Skeleton {
  const data = page.frontMatter.data;
  return {
    kind: page.kind,
    binary: page.binary,
    stub: stubReason(page, profile) !== null,
    title: explicitTitle(page),
    aliases: page.aliases,
    id: idOf(page),
    duplicateOf: data?.duplicate_of,
    status: data?.status,
  };
}

const sameSkeleton = (a: Skeleton, b: Skeleton) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A page standing in for an unchanged one: exactly what resolution, redirects, stubs and duplicate
 * clusters read (title, aliases, id, duplicate_of, status, kind), nothing to check of its own.
 */
function skeletonPage(path: VaultPath, s: Skeleton): Page {
  const data: Record<string, unknown> = { status: s.status, duplicate_of: s.duplicateOf };
  if (s.title !== null) data.title = s.title;
  if (s.id !== null) data.id = s.id;
  return {
    path,
    name: pageNameOf(path),
    hash: '',
    size: 0,
    bom: false,
    eol: '\n',
    binary: s.binary,
    frontMatter: { present: true, data, start: 0, end: 0, yamlStart: 0, yamlEnd: 0 },
    headings: [],
    links: [],
    codeBlocks: [],
    graph: null,
    // A stub skeleton must stay a stub (stubs are not duplicate candidates), and a page must not become one.
    bodyTextLength: s.stub ? 0 : Number.MAX_SAFE_INTEGER,
    bodyEmpty: s.stub,
    errorCapture: null,
    inlineTags: [],
    diagnostics: [],
    kind: s.kind,
    title: s.title ?? pageNameOf(path),
    aliases: s.aliases,
    category: null,
    valid: true,
  };
}

/** The snapshot a full check leaves, for the next one to start from. */
export function snapshotOf(vault: Vault, report: CheckReport, stat: VaultStat): CheckSnapshot {
  const diagnostics = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) {
    const list = diagnostics.get(d.file);
    if (list) list.push(d);
    else diagnostics.set(d.file, [d]);
  }
  const pages: Record<string, SnapshotPage> = {};
  let complete = true;
  for (const file of diagnostics.keys()) if (!vault.pages.has(file as VaultPath)) complete = false;
  for (const page of vault.pages.values()) {
    const s = stat.stats.get(page.path);
    if (!s) {
      complete = false;
      continue;
    }
    pages[page.path] = { size: s.size, mtimeMs: s.mtimeMs, hash: page.hash, skeleton: skeletonOf(page, vault.profile), links: linkCounts(vault.outlinks(page.path)), ...diagnosticParts(diagnostics.get(page.path) ?? []) };
  }
  return {
    fingerprint: snapshotFingerprint(vault.settings, stat.limits),
    complete,
    attachments: [...vault.attachments],
    pages,
    report: { pages: report.pages, stubs: report.stubs, duplicates: report.duplicates, redirectErrors: report.redirectErrors },
  };
}

function diagnosticParts(diagnostics: Diagnostic[]): Pick<SnapshotPage, 'diagnostics' | 'errors' | 'invalidFrontMatter'> {
  return { diagnostics: diagnosticsJson(diagnostics), errors: hasErrors({ diagnostics }), invalidFrontMatter: invalidFrontMatterOf(diagnostics).length > 0 };
}

export type IncrementalResult = { json: string; errors: boolean; snapshot: CheckSnapshot } | { fallback: string };

/**
 * The report of the vault described by `stat`, from the last snapshot and the edited pages alone,
 * or why a full check is needed.
 */
export async function incrementalCheck(root: string, profile: Profile, stat: VaultStat, snapshot: CheckSnapshot, settings: VaultSettings = defaultSettings(profile)): Promise<IncrementalResult> {
  if (snapshot.fingerprint !== snapshotFingerprint(settings, stat.limits)) return { fallback: 'kb itself, the parse limits or the vault settings changed since the last check' };
  // Name problems belong to no one page's part of the report.
  if (stat.listing.diagnostics.length > 0) return { fallback: 'some file names need a full check' };
  if (!snapshot.complete) return { fallback: 'the last report cannot be patched' };
  const { listing, stats } = stat;
  if (listing.pages.length !== Object.keys(snapshot.pages).length || listing.pages.some((f) => !(f.path in snapshot.pages))) return { fallback: 'pages were added or removed' };
  const attachments = listing.attachments.map((a) => a.path).sort(byCodePoint);
  if (attachments.length !== snapshot.attachments.length || attachments.some((a, i) => a !== snapshot.attachments[i])) return { fallback: 'attachments changed' };

  const touched = listing.pages.filter((f) => {
    const now = stats.get(f.path)!;
    const then = snapshot.pages[f.path]!;
    return now.size !== then.size || now.mtimeMs !== then.mtimeMs;
  });
  if (touched.length > MAX_EDITED) return { fallback: `${touched.length} pages changed` };

  const { parsePage } = await import('./parse-page.ts');
  const edited = new Map<VaultPath, { page: Page; skeleton: Skeleton }>();
  const texts = new Map<VaultPath, string>();
  const pages = { ...snapshot.pages };
  for (const file of touched) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(root, file.diskPath));
    } catch {
      return { fallback: `${file.path} could not be read` };
    }
    const before = snapshot.pages[file.path]!;
    if (hashBytes(bytes) === before.hash) {
      // Touched but unchanged (a checkout, a sync): only its stamp moves.
      pages[file.path] = { ...before, mtimeMs: stats.get(file.path)!.mtimeMs };
      continue;
    }
    const page = parsePage(file.path, bytes, { profile, limits: stat.limits });
    const skeleton = skeletonOf(page, profile);
    if (!sameSkeleton(skeleton, before.skeleton)) return { fallback: `${file.path} changed its name, title, aliases, id, redirect, kind or stub status` };
    if (snapshot.report.duplicates.some((c) => c.canonical === file.path || c.members.includes(file.path))) return { fallback: `${file.path} is in a duplicate cluster` };
    edited.set(file.path, { page, skeleton });
    texts.set(file.path, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  }
  const all = listing.pages.map((f) => edited.get(f.path)?.page ?? skeletonPage(f.path, snapshot.pages[f.path]!.skeleton));
  const vault = new Vault({ dir: root, profile, settings, pages: all, attachments: attachments as VaultPath[], texts: { get: (path) => texts.get(path) ?? '' }, duplicates: snapshot.report.duplicates as Cluster[] });

  for (const [path, { page, skeleton }] of edited) {
    const now = stats.get(path)!;
    pages[path] = {
      size: now.size,
      mtimeMs: now.mtimeMs,
      hash: page.hash,
      skeleton,
      links: linkCounts(vault.outlinks(path)),
      ...diagnosticParts(vault.diagnostics.filter((d) => d.file === path)),
    };
  }

  const links = linkCounts([]);
  const parts: string[] = [];
  const invalidFrontMatter: string[] = [];
  let errors = false;
  for (const path of Object.keys(pages).sort(byCodePoint)) {
    const page = pages[path]!;
    for (const k of Object.keys(links) as (keyof LinkCounts)[]) links[k] += page.links[k];
    parts.push(page.diagnostics);
    if (page.invalidFrontMatter) invalidFrontMatter.push(path);
    errors ||= page.errors;
  }
  const { pages: count, stubs, duplicates, redirectErrors } = snapshot.report;
  const json = reportJsonFromParts({ pages: count, links, stubs, duplicates, redirectErrors, invalidFrontMatter }, parts);
  return { json, errors, snapshot: { ...snapshot, pages } };
}

/** kb's report code, the parse limits and the vault's settings (config, templates folders): a change in any invalidates every part. */
const snapshotFingerprint = (settings: VaultSettings, limits: ParseLimits) => `${reportFingerprint(settings.profile, limits)}:${settings.fingerprint}`;

const snapshotFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.snapshot`);

/** The last snapshot, or null when there is none or it is damaged (see cache-store.ts). */
export async function readSnapshot(root: string, profile: Profile): Promise<CheckSnapshot | null> {
  const bytes = await readChecked(snapshotFile(root, profile));
  if (bytes === null) return null;
  try {
    const snapshot = deserialize(bytes) as CheckSnapshot;
    return typeof snapshot?.fingerprint === 'string' && typeof snapshot.pages === 'object' && Array.isArray(snapshot.attachments) && typeof snapshot.report === 'object' ? snapshot : null;
  } catch {
    return null;
  }
}

export async function writeSnapshot(root: string, profile: Profile, snapshot: CheckSnapshot): Promise<void> {
  await writeChecked(snapshotFile(root, profile), serialize(snapshot));
}
