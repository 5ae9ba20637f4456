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
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
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
import { readChecked, readSlices, vaultCacheDir, writeChecked } from './cache-store.ts';
import { writeFileAtomic } from './write.ts';

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
   * back from a base file knows only where their JSON text lies in the base's diagnostics file, which
   * a human listing patched from the last one reads for a handful of pages (the summary's examples),
   * not for 10k.
   */
  diagnostics: Diagnostic[] | null;
  stored: StoredDiagnostics | null;
}

/** A page's diagnostics, read from the base's diagnostics file when first asked for. */
export function pageDiagnostics(page: SnapshotPage): Diagnostic[] {
  page.diagnostics ??= JSON.parse(diagnosticsBytes(page.stored!).toString('utf8')) as Diagnostic[];
  return page.diagnostics;
}

/** A page's facts as plain data (a page read from a base file answers them from its row). */
export function pageFacts(page: SnapshotPage): Omit<SnapshotPage, 'diagnostics' | 'stored'> {
  const { path, size, mtimeMs, hash, skeleton, links, errors, invalidFrontMatter, ruleCounts } = page;
  return { path, size, mtimeMs, hash, skeleton, links, errors, invalidFrontMatter, ruleCounts };
}

/**
 * Thrown when a diagnostics file no longer holds what its base's rows say (replaced by another
 * check meanwhile, or damaged): the caller runs the full check instead.
 */
export class DamagedSnapshot extends Error {}

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

function diagnosticParts(diagnostics: Diagnostic[]): Pick<SnapshotPage, 'diagnostics' | 'stored' | 'errors' | 'invalidFrontMatter' | 'ruleCounts'> {
  return { diagnostics, stored: null, errors: hasErrors({ diagnostics }), invalidFrontMatter: invalidFrontMatterOf(diagnostics).length > 0, ruleCounts: ruleCounts(diagnostics) };
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
  // The edited pages (touched and changed): their new hashes.
  const hashes = new Map<VaultPath, string>();
  let totals: ReturnType<typeof tally> | null = null;
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
      pages.set(file.path, { ...pageFacts(before), diagnostics: before.diagnostics, stored: before.stored, mtimeMs: stats.get(file.path)!.mtimeMs });
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
    totals = tally(pages.values(), hashes);
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

  // The unchanged pages' part was added up while the edited pages were parsed; theirs now.
  const { links, errors: unchangedErrors } = totals ?? tally(pages.values(), new Set());
  let errors = unchangedErrors;
  for (const path of hashes.keys()) {
    const page = pages.get(path)!;
    for (const k of LINK_KEYS) links[k] += page.links[k];
    errors ||= page.errors;
  }
  // Pages are kept in report order, so the report's diagnostics are the pages' lists one after another.
  const invalidFrontMatter: string[] = [];
  for (const page of pages.values()) if (page.invalidFrontMatter) invalidFrontMatter.push(page.path);
  const { pages: count, stubs, duplicates, redirectErrors } = snapshot.report;
  const head = { pages: count, links, stubs, duplicates, redirectErrors, invalidFrontMatter };
  return { head, errors, snapshot: { ...snapshot, signature: stat.signature, pages }, changed: touched.map((f) => f.path) };
}

/** The link counts and errors of `pages` but those in `leftOut`. */
function tally(pages: Iterable<SnapshotPage>, leftOut: { has(path: VaultPath): boolean }): { links: LinkCounts; errors: boolean } {
  const links = linkCounts([]);
  let errors = false;
  for (const page of pages) {
    if (leftOut.has(page.path)) continue;
    // Read once: a page from a base file makes its counts anew on every read.
    const counts = page.links;
    for (const k of LINK_KEYS) links[k] += counts[k];
    errors ||= page.errors;
  }
  return { links, errors };
}

async function parseHere(root: string, files: VaultFile[], profile: Profile, limits: ParseLimits): Promise<Page[]> {
  const { parseFile } = await import('./parse-file.ts');
  return files.map((f) => parseFile(root, f, profile, limits));
}

/** kb's report code, the parse limits and the vault's settings (config, templates folders): a change in any invalidates every part. */
const snapshotFingerprint = (settings: VaultSettings, limits: ParseLimits) => `${reportFingerprint(settings.profile, limits)}:${settings.fingerprint}`;

const baseFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.snapshot`);
const diagnosticsFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.snapshot-diagnostics`);
const deltaFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.snapshot-delta`);

/** A page as the files keep it: everything but its diagnostics, which lie in the diagnostics file (base) or sit in it (delta). */
type StoredPage = Omit<SnapshotPage, 'diagnostics' | 'stored'>;

/**
 * Where a base page's diagnostics lie: `length` bytes from `at` in the diagnostics file that starts
 * with the line `id`, with their CRC-32. The file has no digest of its own, as cache-store.ts gives
 * every other cache file: checking one would mean reading all of it, which is what keeping it apart
 * from the base saves. Each slice is checked instead, when read.
 */
interface StoredDiagnostics {
  file: string;
  id: string;
  at: number;
  length: number;
  crc: number;
}

/** The bytes of a page's diagnostics, checked; DamagedSnapshot when the file no longer holds them. */
function diagnosticsBytes(slice: StoredDiagnostics): Buffer {
  const prefix = Buffer.from(`${slice.id}\n`, 'utf8');
  // The id and the slice are read through one descriptor: both from the same file, even if another
  // check replaces it meanwhile.
  const [head, bytes] = readSlices(slice.file, [
    [0, prefix.length],
    [prefix.length + slice.at, slice.length],
  ]) ?? [null, null];
  if (!head?.equals(prefix) || bytes!.length !== slice.length || crc32(bytes!) !== slice.crc) throw new DamagedSnapshot(`${slice.file} does not hold what its snapshot says`);
  return bytes!;
}

/**
 * The base file: one line of JSON (the snapshot without diagnostics, named by an id that its
 * diagnostics file starts with and its delta files point at), with each page's byte length and
 * CRC-32 of diagnostics. The diagnostics file: the id's line, then every page's diagnostics as JSON
 * arrays back to back, in page order. A patched check reads the base (about 3.5 MB at 10k pages) and a
 * handful of diagnostics slices, not the 9 MB of every page's diagnostics.
 */
interface BaseHead extends Omit<CheckSnapshot, 'pages' | 'resolver'> {
  id: string;
  pages: PageColumns;
  resolver: StoredIndex;
}

/**
 * The pages of a base file, one column a fact: reading a base back is most of what a patched check
 * costs, and most of that was the garbage collector moving the 10k arrays and 30k strings that a
 * row a page (or an object a page) makes of the JSON. Columns of numbers parse into a handful of
 * arrays; hashes, all of one length, are one string; each distinct set of rule counts is one string.
 */
interface PageColumns {
  path: VaultPath[];
  size: number[];
  mtimeMs: number[];
  /** Every page's hash back to back (`hashLength` characters each). */
  hashes: string;
  hashLength: number;
  kind: PageKind[];
  /** Bits: binary, stub, errors, invalid front-matter (`FLAG`). */
  flags: number[];
  title: (string | null)[];
  /** Null for none: most pages have none, and a null costs JSON nothing to read. */
  aliases: (string[] | null)[];
  id: (string | null)[];
  duplicateOf: (string | null)[];
  status: (string | null)[];
  /** `LINK_KEYS.length` numbers a page. */
  links: number[];
  /** Each page's number in `ruleCountTexts`. */
  ruleCounts: number[];
  ruleCountTexts: string[];
  /** Two numbers a page: its diagnostics' byte length and CRC-32 in the diagnostics file. */
  diagnostics: number[];
}

const FLAG = { binary: 1, stub: 2, errors: 4, invalidFrontMatter: 8 } as const;
const LINK_KEYS = ['total', 'resolved', 'redirect', 'fixable', 'unresolved', 'unresolvedInGraph'] as const satisfies readonly (keyof LinkCounts)[];

function toColumns(pages: SnapshotPage[], texts: Buffer[]): PageColumns {
  const hashLength = pages[0]?.hash.length ?? 0;
  const numberOfText = new Map<string, number>();
  const columns: PageColumns = { path: [], size: [], mtimeMs: [], hashes: '', hashLength, kind: [], flags: [], title: [], aliases: [], id: [], duplicateOf: [], status: [], links: [], ruleCounts: [], ruleCountTexts: [], diagnostics: [] };
  const hashes: string[] = [];
  pages.forEach((page, i) => {
    const { skeleton: s, links } = page;
    // Every hash is as long (hash.ts), or the column could not be cut back into them.
    if (page.hash.length !== hashLength) throw new Error(`page hashes differ in length: ${page.path}`);
    columns.path.push(page.path);
    columns.size.push(page.size);
    columns.mtimeMs.push(page.mtimeMs);
    hashes.push(page.hash);
    columns.kind.push(s.kind);
    columns.flags.push((s.binary ? FLAG.binary : 0) | (s.stub ? FLAG.stub : 0) | (page.errors ? FLAG.errors : 0) | (page.invalidFrontMatter ? FLAG.invalidFrontMatter : 0));
    columns.title.push(s.title);
    columns.aliases.push(s.aliases.length > 0 ? s.aliases : null);
    columns.id.push(s.id);
    columns.duplicateOf.push(s.duplicateOf);
    columns.status.push(s.status);
    for (const k of LINK_KEYS) columns.links.push(links[k]);
    let n = numberOfText.get(page.ruleCounts);
    if (n === undefined) {
      n = columns.ruleCountTexts.push(page.ruleCounts) - 1;
      numberOfText.set(page.ruleCounts, n);
    }
    columns.ruleCounts.push(n);
    columns.diagnostics.push(texts[i]!.length, crc32(texts[i]!));
  });
  columns.hashes = hashes.join('');
  return columns;
}

/** Whether `c` has every column, each as long as the pages are many; anything else is a damaged file. */
function validColumns(c: PageColumns): boolean {
  if (typeof c !== 'object' || c === null || !Array.isArray(c.path) || typeof c.hashes !== 'string' || !Number.isSafeInteger(c.hashLength) || !Array.isArray(c.ruleCountTexts)) return false;
  const n = c.path.length;
  const each = [c.size, c.mtimeMs, c.kind, c.flags, c.title, c.aliases, c.id, c.duplicateOf, c.status, c.ruleCounts];
  return each.every((column) => Array.isArray(column) && column.length === n) && c.hashes.length === n * c.hashLength && Array.isArray(c.links) && c.links.length === n * LINK_KEYS.length && Array.isArray(c.diagnostics) && c.diagnostics.length === 2 * n;
}

/**
 * The resolver's tables, one pair of columns each: the keys, and for each key its page's number in
 * the base's pages (a path, an attachment's), or a list of them when several share the key. At 10k
 * pages the paths written out were 40% of the base file, and a pair a key half the time reading it.
 */
type StoredIndex = Record<keyof ResolverIndex, { keys: string[]; values: (number | string | (number | string)[])[] }>;

function storeIndex(index: ResolverIndex, numbers: Map<string, number>): StoredIndex {
  const table = (rows: [string, VaultPath[]][]) => {
    const keys: string[] = [];
    const values: (number | string | (number | string)[])[] = [];
    for (const [key, paths] of rows) {
      keys.push(key);
      const stored = paths.map((p) => numbers.get(p) ?? p);
      values.push(stored.length === 1 ? stored[0]! : stored);
    }
    return { keys, values };
  };
  return { byName: table(index.byName), byTitle: table(index.byTitle), byAlias: table(index.byAlias), byFuzzy: table(index.byFuzzy), attachmentsByName: table(index.attachmentsByName) };
}

/** The tables `storeIndex` stored; null when a number names no page or a table is malformed. */
function loadIndex(stored: StoredIndex, paths: VaultPath[]): ResolverIndex | null {
  let valid = true;
  const path = (v: unknown): VaultPath => {
    if (typeof v === 'string') return v as VaultPath;
    const p = typeof v === 'number' ? paths[v] : undefined;
    if (p === undefined) valid = false;
    return p!;
  };
  const table = (t: StoredIndex[keyof StoredIndex] | undefined): [string, VaultPath[]][] => {
    if (typeof t !== 'object' || t === null || !Array.isArray(t.keys) || !Array.isArray(t.values) || t.keys.length !== t.values.length) {
      valid = false;
      return [];
    }
    return t.keys.map((key, i) => {
      const v = t.values[i];
      return [key, Array.isArray(v) ? v.map(path) : [path(v)]];
    });
  };
  const index = { byName: table(stored.byName), byTitle: table(stored.byTitle), byAlias: table(stored.byAlias), byFuzzy: table(stored.byFuzzy), attachmentsByName: table(stored.attachmentsByName) };
  return valid ? index : null;
}

/**
 * A page of a base file, answering from its columns: a patched check reads the size and time of
 * every page but the rest of a handful.
 */
class ColumnPage implements SnapshotPage {
  diagnostics: Diagnostic[] | null = null;
  readonly #c: PageColumns;
  readonly #i: number;
  readonly stored: StoredDiagnostics;
  constructor(columns: PageColumns, i: number, stored: StoredDiagnostics) {
    this.#c = columns;
    this.#i = i;
    this.stored = stored;
  }
  get path() {
    return this.#c.path[this.#i]!;
  }
  get size() {
    return this.#c.size[this.#i]!;
  }
  get mtimeMs() {
    return this.#c.mtimeMs[this.#i]!;
  }
  get hash() {
    const n = this.#c.hashLength;
    return this.#c.hashes.slice(this.#i * n, (this.#i + 1) * n);
  }
  get skeleton(): Skeleton {
    const c = this.#c;
    const i = this.#i;
    return { kind: c.kind[i]!, binary: (c.flags[i]! & FLAG.binary) !== 0, stub: (c.flags[i]! & FLAG.stub) !== 0, title: c.title[i]!, aliases: c.aliases[i] ?? [], id: c.id[i]!, duplicateOf: c.duplicateOf[i]!, status: c.status[i]! };
  }
  get links(): LinkCounts {
    const at = this.#i * LINK_KEYS.length;
    const l = this.#c.links;
    return { total: l[at]!, resolved: l[at + 1]!, redirect: l[at + 2]!, fixable: l[at + 3]!, unresolved: l[at + 4]!, unresolvedInGraph: l[at + 5]! };
  }
  get errors() {
    return (this.#c.flags[this.#i]! & FLAG.errors) !== 0;
  }
  get invalidFrontMatter() {
    return (this.#c.flags[this.#i]! & FLAG.invalidFrontMatter) !== 0;
  }
  get ruleCounts() {
    return this.#c.ruleCountTexts[this.#c.ruleCounts[this.#i]!] ?? '';
  }
}

/** The delta file: the pages that differ from base `base`, as they are now, with the state they describe. */
interface DeltaFile {
  base: string;
  signature: string;
  pages: (StoredPage & { diagnostics: Diagnostic[] })[];
}

function parseObject<T>(text: string, valid: (value: T) => boolean): T | null {
  try {
    const value = JSON.parse(text) as T;
    return value !== null && typeof value === 'object' && valid(value) ? value : null;
  } catch {
    return null;
  }
}

/** The base's head and pages; null when it is damaged, or `diagnosticsSize` (the diagnostics file's) is not what its pages add up to. */
function readBase(bytes: Buffer, file: string, diagnosticsSize: number): { head: BaseHead; pages: Map<VaultPath, SnapshotPage>; resolver: ResolverIndex } | null {
  const head = parseObject<BaseHead>(bytes.toString('utf8'), (b) => typeof b.id === 'string' && typeof b.fingerprint === 'string' && typeof b.signature === 'string' && typeof b.resolver === 'object' && b.resolver !== null && validColumns(b.pages) && Array.isArray(b.attachments) && typeof b.report === 'object');
  if (head === null) return null;
  const columns = head.pages;
  const pages = new Map<VaultPath, SnapshotPage>();
  let at = 0;
  for (let i = 0; i < columns.path.length; i++) {
    const length = columns.diagnostics[2 * i]!;
    const crc = columns.diagnostics[2 * i + 1]!;
    if (!Number.isSafeInteger(length) || length < 0 || !Number.isInteger(crc)) return null;
    pages.set(columns.path[i]!, new ColumnPage(columns, i, { file, id: head.id, at, length, crc }));
    at += length;
  }
  const resolver = loadIndex(head.resolver, columns.path);
  return resolver && at + Buffer.byteLength(`${head.id}\n`) === diagnosticsSize ? { head, pages, resolver } : null;
}

/** The last snapshot (its base with its delta applied), or null when there is none or it is damaged (see cache-store.ts). */
export async function readSnapshot(root: string, profile: Profile): Promise<StoredSnapshot | null> {
  const [baseBytes, deltaBytes] = await Promise.all([readChecked(baseFile(root, profile)), readChecked(deltaFile(root, profile))]);
  const diagnostics = diagnosticsFile(root, profile);
  const size = statSync(diagnostics, { throwIfNoEntry: false })?.size;
  const base = baseBytes && size !== undefined ? readBase(baseBytes, diagnostics, size) : null;
  if (!base) return null;
  const { id, pages: _columns, resolver: _stored, ...rest } = base.head;
  const { pages, resolver } = base;
  let signature = rest.signature;
  const delta = deltaBytes && parseObject<DeltaFile>(deltaBytes.toString('utf8'), (d) => typeof d.base === 'string' && typeof d.signature === 'string' && Array.isArray(d.pages));
  const replaced = new Set<VaultPath>();
  // A delta of another base (left by a run that crashed between the two writes) is ignored.
  if (delta && delta.base === id) {
    for (const page of delta.pages) {
      // A delta only ever replaces pages of its base, in place, so the report order holds.
      if (!pages.has(page.path) || !Array.isArray(page.diagnostics)) return null;
      pages.set(page.path, { ...page, stored: null });
      replaced.add(page.path);
    }
    signature = delta.signature;
  }
  return { snapshot: { ...rest, resolver, signature, pages }, base: id, delta: replaced };
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
        return { ...pageFacts(page), diagnostics: pageDiagnostics(page) };
      });
      const delta: DeltaFile = { base: from.stored.base, signature: snapshot.signature, pages };
      await writeChecked(deltaFile(root, profile), JSON.stringify(delta));
      return;
    }
  }
  const { pages, resolver, ...rest } = snapshot;
  // Pages read from a base keep their diagnostics' bytes, written back as they were read (all read
  // before the old file is replaced).
  const texts = [...pages.values()].map((page) => (page.stored ? diagnosticsBytes(page.stored) : Buffer.from(JSON.stringify(page.diagnostics), 'utf8')));
  const columns = toColumns([...pages.values()], texts);
  const numbers = new Map(columns.path.map((path, i) => [path, i]));
  // A fresh id orphans whatever delta file is left: it belongs to the base this one replaces.
  const id = randomUUID();
  const head: BaseHead = { ...rest, id, resolver: storeIndex(resolver, numbers), pages: columns };
  // The diagnostics first: a base is used only with the diagnostics file that starts with its id.
  await writeFileAtomic(diagnosticsFile(root, profile), [Buffer.from(`${id}\n`, 'utf8'), ...texts], { sync: false });
  await writeChecked(baseFile(root, profile), JSON.stringify(head));
}
