// The persistent parse cache: parsed pages keyed by content hash, in `<vault>/.kb-cache/` (a hidden
// folder, so neither kb nor Obsidian treats it as part of the vault). The whole cache is dropped when
// the fingerprint changes: parser, plugins, schema, profile (derived from the code: code-fingerprint.ts).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Profile } from '../schemas/index.ts';
import { decodePage, encodePage, type StoredPage } from './cache-codec.ts';
import { codeFingerprint } from './code-fingerprint.ts';
import { siblingModule } from './sibling-module.ts';
import type { Page } from './types.ts';
import { writeFileAtomic } from './write.ts';

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
  entries: Record<string, StoredEntry>;
}

let fingerprintMemo: string | undefined;

/** Changes with Node, with the code that parses a page and stores it here (its import closure), and with the packages that code uses. */
export function cacheFingerprint(profile: Profile): string {
  fingerprintMemo ??= createHash('sha1')
    .update(process.version)
    .update(codeFingerprint([siblingModule('./parse-worker.ts', import.meta.url), new URL(import.meta.url)]).hash)
    .digest('hex');
  return `${fingerprintMemo}:${profile}`;
}

let reportMemo: string | undefined;

/** Changes with the parser (see cacheFingerprint) and with the code that turns pages into a report. */
export function reportFingerprint(profile: Profile): string {
  reportMemo ??= codeFingerprint([siblingModule('./check-incremental.ts', import.meta.url), siblingModule('./check.ts', import.meta.url), siblingModule('./load.ts', import.meta.url)]).hash;
  return `${cacheFingerprint(profile)}:${reportMemo}`;
}

/** The cache is split in shards by path, so a one-page edit rewrites one small file, not all of it. */
const SHARDS = 32;

function shardOf(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

export function cacheDir(vaultDir: string, profile: Profile): string {
  return join(vaultDir, '.kb-cache', `pages-${profile}`);
}

export async function readCache(dir: string, fingerprint: string): Promise<Map<string, CacheEntry>> {
  const entries = new Map<string, CacheEntry>();
  for (let shard = 0; shard < SHARDS; shard++) {
    try {
      const data = deserialize(await readFile(join(dir, `${shard}.bin`))) as CacheFile;
      if (data.fingerprint !== fingerprint) return new Map();
      for (const [path, { size, mtimeMs, hash, stored }] of Object.entries(data.entries)) entries.set(path, { size, mtimeMs, hash, page: decodePage(stored), stored });
    } catch {
      // Missing, truncated by a crash, or from another Node version: those pages are parsed again.
    }
  }
  return entries;
}

/** Writes the shards whose entries differ from `previous` (by identity: reused entries are the same objects). */
export async function writeCache(dir: string, fingerprint: string, entries: Map<string, CacheEntry>, previous: Map<string, CacheEntry>): Promise<void> {
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
      await writeFileAtomic(join(dir, `${index}.bin`), serialize({ fingerprint, entries: stored } satisfies CacheFile), { sync: false });
    }),
  );
}
