// loadVault: the I/O edge of the engine. Lists the vault, reuses cached parses of unchanged files,
// parses the rest in worker threads, and hands everything to the pure graph builder.
import { readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Profile } from '../schemas/index.ts';
import { cacheDir, cacheFingerprint, readCache, writeCache, type CacheEntry } from './cache.ts';
import type { VaultFile } from './files.ts';
import type { ParseLimits } from './limits.ts';
import { loadSettings, type VaultSettings } from './settings.ts';
import { statVault, type VaultScan, type VaultStat } from './stat.ts';
import { hashBytes } from './hash.ts';
import type { VaultPath } from './paths.ts';
import type { Page } from './types.ts';
import { Vault } from './vault.ts';
import { fitFor, parseOnWorkers, parseThreads, type ParseWorkers } from './parse-pool.ts';

export interface LoadOptions {
  /** As `--profile`: without it (and without `settings`) the profile is chosen as spec §10 says. */
  profile?: Profile;
  /** The vault's settings (`loadSettings`), when the caller read them already; they decide the profile. */
  settings?: VaultSettings;
  /** Use and refresh the on-disk parse cache (default true). */
  cache?: boolean;
  /** Worker threads for parsing; 0 parses on the main thread. Default: one per core, for large vaults. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** A `statVault` of the same folder and profile taken just before, so the files are not stat'ed twice. */
  stat?: VaultStat;
  /** The files as another thread listed and stat'ed them just before (`statVault`'s `scan`), when `stat` is not given. */
  scan?: VaultScan;
  /** Parse workers started ahead for the same folder and profile (`startParseWorkers`); used or terminated. */
  parseWorkers?: ParseWorkers;
  /** How much one note may cost (default: the vault config's `limits`, else kb's). */
  limits?: ParseLimits;
}

/** Below this many files to parse, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 200;

export async function loadVault(dir: string, options: LoadOptions = {}): Promise<Vault> {
  const root = resolve(dir);
  const settings = options.settings ?? (await loadSettings(root, options.profile));
  const profile = settings.profile;
  const started = options.parseWorkers;
  try {
    const stat = options.stat ?? (await statVault(root, profile, settings, options.limits, options.scan));
    const limits = options.limits ?? stat.limits;
    const ready = fitFor(started, root, profile, limits) ? started.workers : [];
    return await loadWith(root, settings, limits, stat, options, ready);
  } finally {
    // Whatever the parse did not take over (it terminates its own), including after an error.
    for (const worker of started?.workers ?? []) void worker.terminate();
  }
}

async function loadWith(root: string, settings: VaultSettings, limits: ParseLimits, stat: VaultStat, options: LoadOptions, ready: Worker[]): Promise<Vault> {
  const profile = settings.profile;
  const { listing, stats, signature } = stat;
  const fingerprint = cacheFingerprint(profile, limits);
  const cacheFolder = cacheDir(root, profile);
  const useCache = options.cache ?? true;
  const real = realpathSync(root);
  const memoKey = `${cacheFolder}\0${fingerprint}\0${real}`;
  const cached = useCache ? (recentEntries.get(memoKey) ?? (await readCache(cacheFolder, fingerprint, real))) : new Map<string, CacheEntry>();

  const entries = new Map<string, CacheEntry>();
  const pages: Page[] = [];
  const todo: VaultFile[] = [];
  await Promise.all(
    listing.pages.map(async (f) => {
      const s = stats.get(f.path)!;
      const hit = cached.get(f.path);
      if (hit && hit.size === s.size && hit.mtimeMs === s.mtimeMs) {
        entries.set(f.path, hit);
        pages.push(hit.page);
        return;
      }
      if (hit && hit.size === s.size) {
        // Touched but maybe unchanged (a checkout, a sync): the content hash decides.
        const bytes = await readFile(join(root, f.diskPath)).catch(() => null);
        if (bytes && hashBytes(bytes) === hit.hash) {
          entries.set(f.path, { ...hit, mtimeMs: s.mtimeMs });
          pages.push(hit.page);
          return;
        }
      }
      todo.push(f);
    }),
  );

  let done = listing.pages.length - todo.length;
  options.onProgress?.(done, listing.pages.length);
  const parsed = await parseAll(root, todo, profile, limits, options.workers, ready, (n) => {
    done += n;
    options.onProgress?.(done, listing.pages.length);
  });
  for (const page of parsed) {
    const s = stats.get(page.path)!;
    entries.set(page.path, { size: s.size, mtimeMs: s.mtimeMs, hash: page.hash, page });
    pages.push(page);
  }
  if (useCache) {
    await writeCache(cacheFolder, fingerprint, real, entries, cached);
    remember(memoKey, entries);
  }

  const diskPaths = new Map<VaultPath, string>(listing.pages.map((f) => [f.path, f.diskPath]));
  for (const a of listing.attachments) diskPaths.set(a.path, a.diskPath);
  const texts = new LazyTexts(root, diskPaths, new Map(pages.map((p) => [p.path, p.hash])));
  return new Vault({ dir: root, profile, settings, pages, attachments: listing.attachments.map((a) => a.path), texts, diskPaths, stats: { parsed: parsed.length, reused: pages.length - parsed.length }, signature, diagnostics: listing.diagnostics });
}

// The parse cache as this process last wrote it, for the few vaults it loaded last: a process that loads
// the same vault again (kb dev on every save, a script) skips reading and validating the shards. Entries
// are still matched to the files by size and mtime (and content hash), exactly as those read from disk.
const recentEntries = new Map<string, Map<string, CacheEntry>>();
const RECENT_VAULTS = 4;

function remember(key: string, entries: Map<string, CacheEntry>): void {
  recentEntries.delete(key);
  recentEntries.set(key, entries);
  for (const oldest of recentEntries.keys()) {
    if (recentEntries.size <= RECENT_VAULTS) break;
    recentEntries.delete(oldest);
  }
}

async function parseAll(root: string, files: VaultFile[], profile: Profile, limits: ParseLimits, workers: number | undefined, ready: Worker[], progress: (n: number) => void): Promise<Page[]> {
  // Workers already loading are used even for a few files: they would be ready about as soon as the main thread.
  const count = workers ?? (files.length >= WORKER_THRESHOLD || ready.length > 0 ? parseThreads() : 0);
  if (count === 0) {
    // Loaded only now: a vault answered from the cache never loads the parser.
    const { parseFile } = await import('./parse-file.ts');
    return files.map((f) => {
      const page = parseFile(root, f, profile, limits);
      progress(1);
      return page;
    });
  }
  return parseOnWorkers(root, files, profile, limits, count, ready, progress);
}

/**
 * Page texts are read when first asked for (checking a vault needs none of them), and refused if the
 * file changed since it was parsed: its offsets would no longer match the text.
 */
export class LazyTexts {
  readonly #root: string;
  readonly #diskPaths: Map<VaultPath, string>;
  readonly #hashes: Map<VaultPath, string>;
  readonly #texts = new Map<VaultPath, string>();

  constructor(root: string, diskPaths: Map<VaultPath, string>, hashes: Map<VaultPath, string>) {
    this.#root = root;
    this.#diskPaths = diskPaths;
    this.#hashes = hashes;
  }

  get(path: VaultPath): string | undefined {
    const known = this.#texts.get(path);
    if (known !== undefined) return known;
    const diskPath = this.#diskPaths.get(path);
    const hash = this.#hashes.get(path);
    if (diskPath === undefined || hash === undefined) return undefined;
    const bytes = readFileSync(join(this.#root, diskPath));
    if (hashBytes(bytes) !== hash) throw new Error(`${path} changed on disk since the vault was loaded; load it again`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    this.#texts.set(path, text);
    return text;
  }
}
