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
//
// On disk a snapshot is a base file, written by a full check, and a delta file holding only the
// pages edited since: after one edit a 10k-page vault rewrites a few kilobytes, not 12 MB. Both are
// JSON with pages as an array, which parses several times faster than v8's serializer reads the
// same objects (and than JSON keyed by 10k paths).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Profile } from '../schemas/index.ts';
import { reportFingerprint } from './cache.ts';
import { hashBytes } from './hash.ts';
import { hasErrors, invalidFrontMatterOf, linkCounts, ruleCounts, type CheckReport, type LinkCounts } from './check.ts';
import { pageNameOf, byCodePoint, type VaultPath } from './paths.ts';
import { idOf } from './redirects.ts';
import { explicitTitle, Resolver, type ResolverIndex } from './resolve.ts';
import type { VaultFile } from './files.ts';
import { fitFor, parseOnWorkers, type ParseWorkers } from './parse-pool.ts';
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
/** Past this many pages differing from the base file, the next write rewrites the base instead of the delta. */
const MAX_DELTA = 256;

/** What other pages' checks can see of a page. */
interface Skeleton {
  kind: PageKind;
  binary: boolean;
  stub: boolean;
  title: string | null;
  aliases: string[];
  id: string | null;
  /** Only a string names a redirect target, and only `stub` makes a stub: other values are kept as null, which JSON can carry. */
  duplicateOf: string | null;
  status: string | null;
}

interface SnapshotPage {
  path: VaultPath;
  size: number;
  mtimeMs: number;
  hash: string;
  skeleton: Skeleton;
  links: LinkCounts;
  errors: boolean;
  invalidFrontMatter: boolean;
  /** Its diagnostics counted by rule (`ruleCounts`): the summary by rule is put together from these. */
  ruleCounts: string;
  /**
   * Its diagnostics in report order, or null until first asked for (`pageDiagnostics`): a page read
   * back from a base file keeps only the bytes of their JSON text, which a human listing patched
   * from the last one reads for a handful of pages (the summary's examples), not for 10k.
   */
  diagnostics: Diagnostic[] | null;
  diagnosticsText: Buffer | null;
}

/** A page's diagnostics, decoded from the base file's bytes when first asked for. */
export function pageDiagnostics(page: SnapshotPage): Diagnostic[] {
  page.diagnostics ??= JSON.parse(page.diagnosticsText!.toString('utf8')) as Diagnostic[];
  return page.diagnostics;
}

export interface CheckSnapshot {
  fingerprint: string;
  /** The vault state it describes (`statVault`'s signature). */
  signature: string;
  /** False when the report held diagnostics of files that are not pages, which the snapshot cannot place. */
  complete: boolean;
  attachments: string[];
  /** Every page, in report order (by code point of the path). */
  pages: Map<VaultPath, SnapshotPage>;
  /** The resolver's name tables: they depend only on what the snapshot's skeletons and attachments hold, which no patched edit changes. */
  resolver: ResolverIndex;
  report: Pick<CheckReport, 'pages' | 'stubs' | 'duplicates' | 'redirectErrors'>;
}

/** A snapshot as read back: which base file it came from, and which of its pages the delta file replaced. */
export interface StoredSnapshot {
  snapshot: CheckSnapshot;
  base: string;
  delta: ReadonlySet<VaultPath>;
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
    duplicateOf: typeof data?.duplicate_of === 'string' ? data.duplicate_of : null,
    status: typeof data?.status === 'string' ? data.status : null,
  };
}

const sameSkeleton = (a: Skeleton, b: Skeleton) => JSON.stringify(a) === JSON.stringify(b);

const NONE = Object.freeze([]) as unknown as never[];

/**
 * A page standing in for an unchanged one: exactly what resolution, redirects, stubs and duplicate
 * clusters read (title, aliases, id, duplicate_of, status, kind), nothing to check of its own.
 */
function skeletonPage(path: VaultPath, s: Skeleton): Page {
  const name = pageNameOf(path);
  const data: Record<string, unknown> = {};
  if (s.status !== null) data.status = s.status;
  if (s.duplicateOf !== null) data.duplicate_of = s.duplicateOf;
  if (s.title !== null) data.title = s.title;
  if (s.id !== null) data.id = s.id;
  return {
    path,
    name,
    hash: '',
    size: 0,
    bom: false,
    eol: '\n',
    binary: s.binary,
    frontMatter: { present: true, data, start: 0, end: 0, yamlStart: 0, yamlEnd: 0 },
    // One frozen empty list for all: 10k skeletons are built on every patched check, and nothing adds to these.
    headings: NONE,
    links: NONE,
    codeBlocks: NONE,
    graph: null,
    // A stub skeleton must stay a stub (stubs are not duplicate candidates), and a page must not become one.
    bodyTextLength: s.stub ? 0 : Number.MAX_SAFE_INTEGER,
    bodyEmpty: s.stub,
    errorCapture: null,
    inlineTags: NONE,
    diagnostics: NONE,
    kind: s.kind,
    title: s.title ?? name,
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
  const pages = new Map<VaultPath, SnapshotPage>();
  let complete = true;
  for (const file of diagnostics.keys()) if (!vault.pages.has(file as VaultPath)) complete = false;
  for (const page of vault.pages.values()) {
    const s = stat.stats.get(page.path);
    if (!s) {
      complete = false;
      continue;
    }
    pages.set(page.path, { path: page.path, size: s.size, mtimeMs: s.mtimeMs, hash: page.hash, skeleton: skeletonOf(page, vault.profile), links: linkCounts(vault.outlinks(page.path)), ...diagnosticParts(diagnostics.get(page.path) ?? []) });
  }
  return {
    fingerprint: snapshotFingerprint(vault.settings, stat.limits),
    signature: stat.signature,
    complete,
    resolver: vault.resolver.toIndex(),
    attachments: [...vault.attachments],
    pages,
    report: { pages: report.pages, stubs: report.stubs, duplicates: report.duplicates, redirectErrors: report.redirectErrors },
  };
}

function diagnosticParts(diagnostics: Diagnostic[]): Pick<SnapshotPage, 'diagnostics' | 'diagnosticsText' | 'errors' | 'invalidFrontMatter' | 'ruleCounts'> {
  return { diagnostics, diagnosticsText: null, errors: hasErrors({ diagnostics }), invalidFrontMatter: invalidFrontMatterOf(diagnostics).length > 0, ruleCounts: ruleCounts(diagnostics) };
}

/**
 * The patched report without its diagnostics (`head`; `reportOf` adds them), the snapshot for the
 * next run, and the pages whose part of it changed (edited, or only touched).
 */
export type IncrementalResult = { head: Omit<CheckReport, 'diagnostics'>; errors: boolean; snapshot: CheckSnapshot; changed: VaultPath[] } | { fallback: string };

/** The whole report of an incremental check: every page's diagnostics, one page after another (report order). */
export function reportOf(result: { head: Omit<CheckReport, 'diagnostics'>; snapshot: CheckSnapshot }): CheckReport {
  const diagnostics: Diagnostic[] = [];
  for (const page of result.snapshot.pages.values()) for (const d of pageDiagnostics(page)) diagnostics.push(d);
  const { pages, links, stubs, duplicates, redirectErrors, invalidFrontMatter } = result.head;
  return { pages, links, stubs, duplicates, redirectErrors, invalidFrontMatter, diagnostics };
}

/**
 * The report of the vault described by `stat`, from the last snapshot and the edited pages alone,
 * or why a full check is needed.
 */
export async function incrementalCheck(root: string, profile: Profile, stat: VaultStat, snapshot: CheckSnapshot, settings: VaultSettings = defaultSettings(profile), parser?: ParseWorkers): Promise<IncrementalResult> {
  if (snapshot.fingerprint !== snapshotFingerprint(settings, stat.limits)) return { fallback: 'kb itself, the parse limits or the vault settings changed since the last check' };
  // Name problems belong to no one page's part of the report.
  if (stat.listing.diagnostics.length > 0) return { fallback: 'some file names need a full check' };
  if (!snapshot.complete) return { fallback: 'the last report cannot be patched' };
  const { listing, stats } = stat;
  if (listing.pages.length !== snapshot.pages.size || listing.pages.some((f) => !snapshot.pages.has(f.path))) return { fallback: 'pages were added or removed' };
  const attachments = listing.attachments.map((a) => a.path).sort(byCodePoint);
  if (attachments.length !== snapshot.attachments.length || attachments.some((a, i) => a !== snapshot.attachments[i])) return { fallback: 'attachments changed' };

  const touched = listing.pages.filter((f) => {
    const now = stats.get(f.path)!;
    const then = snapshot.pages.get(f.path)!;
    return now.size !== then.size || now.mtimeMs !== then.mtimeMs;
  });
  if (touched.length > MAX_EDITED) return { fallback: `${touched.length} pages changed` };

  const texts = new Map<VaultPath, string>();
  const hashes = new Map<VaultPath, string>();
  const pages = new Map(snapshot.pages);
  const changed: VaultFile[] = [];
  for (const file of touched) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(root, file.diskPath));
    } catch {
      return { fallback: `${file.path} could not be read` };
    }
    const before = snapshot.pages.get(file.path)!;
    const hash = hashBytes(bytes);
    if (hash === before.hash) {
      // Touched but unchanged (a checkout, a sync): only its stamp moves.
      pages.set(file.path, { ...before, mtimeMs: stats.get(file.path)!.mtimeMs });
      continue;
    }
    changed.push(file);
    hashes.set(file.path, hash);
    texts.set(file.path, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  }
  if (changed.length > 0) {
    // The edited pages are parsed on a worker when one was started (its modules loaded while the
    // snapshot was read), and meanwhile this thread sets up the other pages' skeletons and the
    // resolver, read back from the snapshot: names, titles and aliases are all a resolver reads, and
    // they are the same in the snapshot as in the edited pages, or these would not be patched.
    const parsing = parser && fitFor(parser, resolve(root), profile, stat.limits) ? parseOnWorkers(parser.root, changed, profile, stat.limits, 1, parser.workers) : null;
    const skeletons = [...snapshot.pages.values()].map((p) => skeletonPage(p.path, p.skeleton));
    const resolver = Resolver.fromIndex(snapshot.resolver);
    const parsed = parsing ? await parsing : await parseHere(root, changed, profile, stat.limits);
    const edited = new Map<VaultPath, { page: Page; skeleton: Skeleton }>();
    for (const page of parsed) {
      // Read twice (here for its text, there to parse): a file that changed in between is not patched.
      if (hashes.get(page.path) !== page.hash) return { fallback: `${page.path} changed while it was checked` };
      const skeleton = skeletonOf(page, profile);
      if (!sameSkeleton(skeleton, snapshot.pages.get(page.path)!.skeleton)) return { fallback: `${page.path} changed its name, title, aliases, id, redirect, kind or stub status` };
      if (snapshot.report.duplicates.some((c) => c.canonical === page.path || c.members.includes(page.path))) return { fallback: `${page.path} is in a duplicate cluster` };
      edited.set(page.path, { page, skeleton });
    }
    const all = skeletons.map((s) => edited.get(s.path)?.page ?? s);
    const vault = new Vault({ dir: root, profile, settings, pages: all, attachments: attachments as VaultPath[], texts: { get: (path) => texts.get(path) ?? '' }, duplicates: snapshot.report.duplicates as Cluster[], resolver });
    for (const [path, { page, skeleton }] of edited) {
      const now = stats.get(path)!;
      pages.set(path, {
        path,
        size: now.size,
        mtimeMs: now.mtimeMs,
        hash: page.hash,
        skeleton,
        links: linkCounts(vault.outlinks(path)),
        ...diagnosticParts(vault.diagnostics.filter((d) => d.file === path)),
      });
    }
  }

  // Pages are kept in report order, so the report's diagnostics are the pages' lists one after another.
  const links = linkCounts([]);
  const invalidFrontMatter: string[] = [];
  let errors = false;
  for (const page of pages.values()) {
    for (const k of Object.keys(links) as (keyof LinkCounts)[]) links[k] += page.links[k];
    if (page.invalidFrontMatter) invalidFrontMatter.push(page.path);
    errors ||= page.errors;
  }
  const { pages: count, stubs, duplicates, redirectErrors } = snapshot.report;
  const head = { pages: count, links, stubs, duplicates, redirectErrors, invalidFrontMatter };
  return { head, errors, snapshot: { ...snapshot, signature: stat.signature, pages }, changed: touched.map((f) => f.path) };
}

async function parseHere(root: string, files: VaultFile[], profile: Profile, limits: ParseLimits): Promise<Page[]> {
  const { parseFile } = await import('./parse-file.ts');
  return files.map((f) => parseFile(root, f, profile, limits));
}

/** kb's report code, the parse limits and the vault's settings (config, templates folders): a change in any invalidates every part. */
const snapshotFingerprint = (settings: VaultSettings, limits: ParseLimits) => `${reportFingerprint(settings.profile, limits)}:${settings.fingerprint}`;

const baseFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.snapshot`);
const deltaFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.snapshot-delta`);

/** A page as the files keep it: everything but its diagnostics, which follow the JSON as bytes (base) or sit in it (delta). */
type StoredPage = Omit<SnapshotPage, 'diagnostics' | 'diagnosticsText'>;

/**
 * The base file: one line of JSON (the snapshot without diagnostics, named by an id its delta files
 * point at, with each page's byte length of diagnostics), then every page's diagnostics as JSON
 * arrays back to back, in page order.
 */
interface BaseHead extends Omit<CheckSnapshot, 'pages'> {
  id: string;
  pages: PageRow[];
}

/**
 * A page of the base file as one array rather than an object: at 10k pages the keys alone were half
 * the JSON, and reading it back is most of what a patched check costs. The last item is the byte
 * length of the page's diagnostics.
 */
type PageRow = [VaultPath, number, number, string, PageKind, boolean, boolean, string | null, string[], string | null, string | null, string | null, number, number, number, number, number, number, boolean, boolean, string, number];

function toRow(page: SnapshotPage, bytes: number): PageRow {
  const { skeleton: s, links: l } = page;
  return [page.path, page.size, page.mtimeMs, page.hash, s.kind, s.binary, s.stub, s.title, s.aliases, s.id, s.duplicateOf, s.status, l.total, l.resolved, l.redirect, l.fixable, l.unresolved, l.unresolvedInGraph, page.errors, page.invalidFrontMatter, page.ruleCounts, bytes];
}

function fromRow(row: PageRow, diagnosticsText: Buffer): SnapshotPage {
  const [path, size, mtimeMs, hash, kind, binary, stub, title, aliases, id, duplicateOf, status, total, resolved, redirect, fixable, unresolved, unresolvedInGraph, errors, invalidFrontMatter, ruleCounts] = row;
  const skeleton = { kind, binary, stub, title, aliases, id, duplicateOf, status };
  const links = { total, resolved, redirect, fixable, unresolved, unresolvedInGraph };
  return { path, size, mtimeMs, hash, skeleton, links, errors, invalidFrontMatter, ruleCounts, diagnostics: null, diagnosticsText };
}

/** The delta file: the pages that differ from base `base`, as they are now, with the state they describe. */
interface DeltaFile {
  base: string;
  signature: string;
  pages: (StoredPage & { diagnostics: Diagnostic[] })[];
}

const storedPage = (page: SnapshotPage): StoredPage => {
  const { diagnostics: _list, diagnosticsText: _text, ...stored } = page;
  return stored;
};

function parseObject<T>(text: string, valid: (value: T) => boolean): T | null {
  try {
    const value = JSON.parse(text) as T;
    return value !== null && typeof value === 'object' && valid(value) ? value : null;
  } catch {
    return null;
  }
}

function readBase(bytes: Buffer): { head: BaseHead; pages: Map<VaultPath, SnapshotPage> } | null {
  const end = bytes.indexOf(0x0a);
  if (end === -1) return null;
  const head = parseObject<BaseHead>(bytes.toString('utf8', 0, end), (b) => typeof b.id === 'string' && typeof b.fingerprint === 'string' && typeof b.signature === 'string' && typeof b.resolver === 'object' && Array.isArray(b.pages) && Array.isArray(b.attachments) && typeof b.report === 'object');
  if (head === null) return null;
  const pages = new Map<VaultPath, SnapshotPage>();
  let at = end + 1;
  for (const row of head.pages) {
    const length = row[21];
    if (!Number.isSafeInteger(length) || length < 0 || at + length > bytes.length) return null;
    pages.set(row[0], fromRow(row, bytes.subarray(at, at + length)));
    at += length;
  }
  return at === bytes.length ? { head, pages } : null;
}

/** The last snapshot (its base with its delta applied), or null when there is none or it is damaged (see cache-store.ts). */
export async function readSnapshot(root: string, profile: Profile): Promise<StoredSnapshot | null> {
  const [baseBytes, deltaBytes] = await Promise.all([readChecked(baseFile(root, profile)), readChecked(deltaFile(root, profile))]);
  const base = baseBytes && readBase(baseBytes);
  if (!base) return null;
  const { id, pages: _stored, ...rest } = base.head;
  const { pages } = base;
  let signature = rest.signature;
  const delta = deltaBytes && parseObject<DeltaFile>(deltaBytes.toString('utf8'), (d) => typeof d.base === 'string' && typeof d.signature === 'string' && Array.isArray(d.pages));
  const replaced = new Set<VaultPath>();
  // A delta of another base (left by a run that crashed between the two writes) is ignored.
  if (delta && delta.base === id) {
    for (const page of delta.pages) {
      // A delta only ever replaces pages of its base, in place, so the report order holds.
      if (!pages.has(page.path) || !Array.isArray(page.diagnostics)) return null;
      pages.set(page.path, { ...page, diagnosticsText: null });
      replaced.add(page.path);
    }
    signature = delta.signature;
  }
  return { snapshot: { ...rest, signature, pages }, base: id, delta: replaced };
}

/**
 * Keeps `snapshot` for the next run. `from`: the stored snapshot it was patched from and the pages
 * that changed since; then only the delta file is written, until it would hold too many pages.
 */
export async function writeSnapshot(root: string, profile: Profile, snapshot: CheckSnapshot, from?: { stored: StoredSnapshot; changed: readonly VaultPath[] }): Promise<void> {
  if (from) {
    const replaced = new Set([...from.stored.delta, ...from.changed]);
    if (replaced.size <= MAX_DELTA) {
      const pages = [...replaced].map((path) => {
        const page = snapshot.pages.get(path)!;
        return { ...storedPage(page), diagnostics: pageDiagnostics(page) };
      });
      const delta: DeltaFile = { base: from.stored.base, signature: snapshot.signature, pages };
      await writeChecked(deltaFile(root, profile), JSON.stringify(delta));
      return;
    }
  }
  const { pages, ...rest } = snapshot;
  // Pages read from a base keep their diagnostics' bytes, written back as they were read.
  const texts = [...pages.values()].map((page) => page.diagnosticsText ?? Buffer.from(JSON.stringify(page.diagnostics), 'utf8'));
  const stored = [...pages.values()].map((page, i) => toRow(page, texts[i]!.length));
  // A fresh id orphans whatever delta file is left: it belongs to the base this one replaces.
  const head: BaseHead = { ...rest, id: randomUUID(), pages: stored };
  await writeChecked(baseFile(root, profile), [Buffer.from(`${JSON.stringify(head)}\n`, 'utf8'), ...texts]);
}
