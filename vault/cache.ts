// The persistent parse cache: parsed pages keyed by path and content hash, in the vault's cache
// folder outside the vault (cache-store.ts). The whole cache is dropped when its key changes (kb's
// parsing code and packages, the profile, the parse limits); an entry that is corrupt, from another
// vault or does not describe what it claims is dropped alone, never trusted.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Profile } from '../schemas/index.ts';
import { decodePage, encodePage, type StoredPage } from './cache-codec.ts';
import { readChecked, vaultCacheDir, writeChecked } from './cache-store.ts';
import type { ParseLimits } from './limits.ts';
import { PARSE_VERSION } from './parse-version.ts';
import type { Page } from './types.ts';

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  page: Page;
  /** The page as it was read from the cache, so rewriting its shard does not encode it again. */
  stored?: StoredPage;
}

interface StoredEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  stored: StoredPage;
}

interface CacheFile {
  fingerprint: string;
  /** The shard's own number and the real path of its vault: a shard copied from elsewhere is foreign. */
  shard: number;
  vault: string;
  entries: Record<string, StoredEntry>;
}

const require = createRequire(import.meta.url);
const PARSING_PACKAGES = ['remark-parse', 'remark-wiki-link', 'micromark-extension-gfm-table', 'mdast-util-gfm-table', 'micromark', 'micromark-util-subtokenize', 'micromark-util-edit-map', 'mdast-util-from-markdown', 'yaml', 'js-yaml', 'gray-matter', 'zod'];
// The sources whose behaviour the cached result (or its format) depends on; editing any of them invalidates it.
const PARSING_SOURCES = ['./cache.ts', './cache-codec.ts', './parse-version.ts', '../schemas/profiles.ts', '../schemas/fields.ts', '../schemas/topic.ts', '../schemas/moc.ts', '../schemas/obsidian.ts', '../schemas/index.ts', './frontmatter.ts', './markdown.ts', './markdown-events.ts', './parse-page.ts', './paths.ts', './limits.ts', './parse-file.ts', './guard.ts'];

let codeMemo: string | undefined;

/** kb's parsing code and the packages it parses with. */
function parsingCode(): string {
  if (codeMemo === undefined) {
    const hash = createHash('sha1').update(PARSE_VERSION).update(process.version);
    for (const name of PARSING_PACKAGES) {
      try {
        hash.update(`${name}@${(require(`${name}/package.json`) as { version: string }).version}`);
      } catch {
        hash.update(`${name}@?`);
      }
    }
    for (const source of PARSING_SOURCES) hash.update(readFileSync(new URL(source, import.meta.url)));
    codeMemo = hash.digest('hex');
  }
  return codeMemo;
}

/**
 * The key of every cached parse: what a page's parse depends on besides its bytes and path. The one
 * place it is built, so a change to what it covers (the code's fingerprint, a new option) is made here.
 */
export function cacheFingerprint(profile: Profile, limits: ParseLimits): string {
  return `${parsingCode()}:${profile}:${limits.maxNoteBytes}:${limits.maxLinksPerNote}`;
}

// What a check report is computed from besides the parsed pages: graph, report and snapshot code.
const REPORT_SOURCES = ['./vault.ts', './resolve.ts', './links.ts', './redirects.ts', './duplicates.ts', './stubs.ts', './diagnostics.ts', './frontmatter-keys.ts', './lines.ts', './check.ts', './check-cache.ts', './check-incremental.ts', './files.ts'];

let reportMemo: string | undefined;

/** Changes with the parser (see cacheFingerprint) and with the code that turns pages into a report. */
export function reportFingerprint(profile: Profile, limits: ParseLimits): string {
  if (reportMemo === undefined) {
    const hash = createHash('sha1');
    for (const source of REPORT_SOURCES) hash.update(readFileSync(new URL(source, import.meta.url)));
    reportMemo = hash.digest('hex');
  }
  return `${cacheFingerprint(profile, limits)}:${reportMemo}`;
}

/** The cache is split in shards by path, so a one-page edit rewrites one small file, not all of it. */
const SHARDS = 32;

function shardOf(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

export function cacheDir(vaultDir: string, profile: Profile): string {
  return join(vaultCacheDir(vaultDir), `pages-${profile}`);
}

const isNumber = (n: unknown) => typeof n === 'number' && Number.isFinite(n);

/**
 * The entry, if it is one: well formed, of the page its key names, of the content hash it says, with
 * columns of matching lengths. Anything else (a foreign or hand-made entry) is not used.
 */
function validEntry(path: string, entry: StoredEntry | undefined): Page | null {
  if (!entry || !isNumber(entry.size) || !isNumber(entry.mtimeMs) || typeof entry.hash !== 'string') return null;
  const s = entry.stored;
  if (!s || typeof s.page !== 'object' || s.page === null || !(s.linkNumbers instanceof Int32Array) || !(s.headingNumbers instanceof Int32Array)) return null;
  if (!Array.isArray(s.linkStrings) || !Array.isArray(s.headingTexts) || s.linkNumbers.length / 5 !== s.linkStrings.length / 4 || s.headingNumbers.length / 4 !== s.headingTexts.length) return null;
  if (s.page.path !== path || s.page.hash !== entry.hash || s.page.size !== entry.size || !Array.isArray(s.page.diagnostics)) return null;
  try {
    return decodePage(s);
  } catch {
    return null;
  }
}

export async function readCache(dir: string, fingerprint: string, vault: string): Promise<Map<string, CacheEntry>> {
  const entries = new Map<string, CacheEntry>();
  await Promise.all(
    Array.from({ length: SHARDS }, async (_, shard) => {
      // Missing, truncated by a crash, edited, or from another Node version: those pages are parsed again.
      const bytes = await readChecked(join(dir, `${shard}.bin`));
      if (bytes === null) return;
      let data: CacheFile;
      try {
        data = deserialize(bytes) as CacheFile;
      } catch {
        return;
      }
      if (data?.fingerprint !== fingerprint || data.shard !== shard || data.vault !== vault || typeof data.entries !== 'object' || data.entries === null) return;
      for (const [path, stored] of Object.entries(data.entries)) {
        if (shardOf(path) !== shard) continue;
        const page = validEntry(path, stored);
        if (page) entries.set(path, { size: stored.size, mtimeMs: stored.mtimeMs, hash: stored.hash, page, stored: stored.stored });
      }
    }),
  );
  return entries;
}

/** Writes the shards whose entries differ from `previous` (by identity: reused entries are the same objects). */
export async function writeCache(dir: string, fingerprint: string, vault: string, entries: Map<string, CacheEntry>, previous: Map<string, CacheEntry>): Promise<void> {
  const shards = Array.from({ length: SHARDS }, () => ({ entries: [] as [string, CacheEntry][], dirty: false }));
  for (const [path, entry] of entries) {
    const shard = shards[shardOf(path)]!;
    shard.entries.push([path, entry]);
    // Compared by page: an entry only re-stamped with a new mtime is a new object around the same page.
    if (previous.get(path)?.page !== entry.page || previous.get(path)?.mtimeMs !== entry.mtimeMs) shard.dirty = true;
  }
  for (const path of previous.keys()) if (!entries.has(path)) shards[shardOf(path)]!.dirty = true;
  await Promise.all(
    shards.map(async (shard, index) => {
      if (!shard.dirty) return;
      const stored: Record<string, StoredEntry> = {};
      for (const [path, { size, mtimeMs, hash, page, stored: known }] of shard.entries) stored[path] = { size, mtimeMs, hash, stored: known ?? encodePage(page) };
      await writeChecked(join(dir, `${index}.bin`), serialize({ fingerprint, shard: index, vault, entries: stored } satisfies CacheFile));
    }),
  );
}
