// The record a successful build leaves in the cache dir for the next one: the fingerprint of
// everything but the vault, and per output file its route's writer and digest (and, for pages, the
// search shard and article digest), with the file's size and mtime as written. The next build reads
// it to find what changed; the sizes and mtimes tell it whether the out dir is still what this build
// wrote (anything else touched it: build everything again).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Fingerprint } from './fingerprint.ts';
import type { SiteOptions } from './options.ts';
import type { SiteRoutes, Writer } from './routes.ts';
import { writeFileAtomic } from '../../vault/write.ts';

const VERSION = 3;

/** [writer, digest, size, mtimeMs, search shard, search digest] */
export type ManifestRoute = [Writer, string, number, number, number?, string?];

export interface BuildManifest {
  version: number;
  fingerprint: Fingerprint;
  /** The vault's files as the build found them (vault-stamp.ts). */
  vault: string;
  shards: number;
  /** Whether the site has a search index (not built with --no-search). */
  search: boolean;
  routes: Record<string, ManifestRoute>;
  /** Per search shard with pages: size and mtime of its pagefind-entry.json. */
  searchFiles: Record<string, [number, number]>;
}

export function manifestPath(options: SiteOptions): string {
  return join(options.cacheDir, `kb-build-${createHash('sha1').update(options.outDir).digest('hex').slice(0, 12)}.json`);
}

/** The previous build's manifest, or why there is none to use. */
export function readManifest(options: SiteOptions): BuildManifest | string {
  let text: string;
  try {
    text = readFileSync(manifestPath(options), 'utf8');
  } catch {
    return 'no previous build manifest';
  }
  try {
    const m = JSON.parse(text) as BuildManifest;
    if (m.version !== VERSION || typeof m.fingerprint !== 'object' || typeof m.routes !== 'object') return 'the build manifest is from another version of kb';
    return m;
  } catch {
    return 'the build manifest is unreadable';
  }
}

const stamp = (file: string): [number, number] | null => {
  try {
    const s = statSync(file);
    return s.isFile() ? [s.size, s.mtimeMs] : null;
  } catch {
    return null;
  }
};

export const shardEntry = (outDir: string, shard: number | string) => join(outDir, 'pagefind', String(shard), 'pagefind-entry.json');

/** The first output file that is missing or not as the manifest's build left it, if any. */
export function changedOutput(options: SiteOptions, m: BuildManifest): string | null {
  for (const [file, r] of Object.entries(m.routes)) {
    const s = stamp(join(options.outDir, file));
    if (!s || s[0] !== r[2] || s[1] !== r[3]) return file;
  }
  for (const [shard, [size, mtime]] of Object.entries(m.searchFiles)) {
    const s = stamp(shardEntry(options.outDir, shard));
    if (!s || s[0] !== size || s[1] !== mtime) return `pagefind/${shard}/`;
  }
  return null;
}

/**
 * The manifest of the out dir as it is now: `stamps` holds the size and mtime of files the caller
 * already knows (carried over from the previous manifest); every other file is stat'ed.
 */
export function makeManifest(options: SiteOptions, fingerprint: Fingerprint, vault: string, site: SiteRoutes, search: boolean, known: Map<string, [number, number]> = new Map()): BuildManifest {
  const routes: Record<string, ManifestRoute> = {};
  for (const [file, route] of site.routes) {
    const s = known.get(file) ?? stamp(join(options.outDir, file));
    if (!s) throw new Error(`kb build: ${file} was not written (route ${route.writer})`);
    routes[file] = route.search ? [route.writer, route.digest, s[0], s[1], route.search.shard, route.search.digest] : [route.writer, route.digest, s[0], s[1]];
  }
  const searchFiles: Record<string, [number, number]> = {};
  if (search) {
    for (const shard of new Set([...site.routes.values()].flatMap((r) => (r.search ? [r.search.shard] : [])))) {
      const s = stamp(shardEntry(options.outDir, shard));
      if (!s) throw new Error(`kb build: search shard ${shard} was not written`);
      searchFiles[shard] = s;
    }
  }
  return { version: VERSION, fingerprint, vault, shards: site.shards, search, routes, searchFiles };
}

export async function writeManifest(options: SiteOptions, m: BuildManifest): Promise<void> {
  await writeFileAtomic(manifestPath(options), JSON.stringify(m), { sync: false });
}

export function removeManifest(options: SiteOptions): void {
  rmSync(manifestPath(options), { force: true });
}
