// Whether a build can be incremental, and if so what it has to build: the previous build's manifest
// against this build's fingerprint and routes.
import { existsSync } from 'node:fs';
import { changedOutput, type BuildManifest } from './build-manifest.ts';
import { fingerprintChanges, type Fingerprint } from './fingerprint.ts';
import type { SiteOptions } from './options.ts';
import type { SiteRoutes } from './routes.ts';

/**
 * Why the build must be a full one, judged without loading the vault; null when it may be
 * incremental, as far as the out dir's files allow (touchedOutDir, which the planner asks after).
 */
export function fullBuildReason(options: SiteOptions, fingerprint: Fingerprint, previous: BuildManifest | string): string | null {
  if (typeof previous === 'string') return previous;
  const code = fingerprintChanges(previous.fingerprint, fingerprint);
  if (code.length) return `${code.join(', ')} changed since the last build`;
  if (!existsSync(options.outDir)) return `${options.outDir} does not exist`;
  return null;
}

/** Why the out dir is no longer as the last build left it (a file missing or touched), or null. */
export function touchedOutDir(options: SiteOptions, previous: BuildManifest): string | null {
  const touched = changedOutput(options, previous);
  return touched ? `${touched} in ${options.outDir} changed since the last build` : null;
}

export interface Changes {
  /** Output files whose route is new or whose digest or writer changed. */
  changed: string[];
  /** Output files of routes that no longer exist. */
  removed: string[];
  /** Search shards to index again: they hold a page whose article changed, appeared or went. */
  shards: number[];
}

/** What changed since the previous build, or why that is too much for an incremental build. */
export function routeChanges(previous: BuildManifest, current: SiteRoutes): Changes | string {
  const changed: string[] = [];
  const shards = new Set<number>();
  const allShards = previous.shards !== current.shards;
  for (const [file, route] of current.routes) {
    const before = previous.routes[file];
    if (!before || before[0] !== route.writer || before[1] !== route.digest) changed.push(file);
    if (route.search && (before?.[5] !== route.search.digest || before[4] !== route.search.shard)) shards.add(route.search.shard);
    if (before?.[4] !== undefined && before[4] !== route.search?.shard) shards.add(before[4]);
  }
  const removed = Object.keys(previous.routes).filter((file) => !current.routes.has(file));
  for (const file of removed) {
    const shard = previous.routes[file]![4];
    if (shard !== undefined) shards.add(shard);
  }
  if (allShards) for (let s = 0; s < Math.max(previous.shards, current.shards); s++) shards.add(s);
  // Past this, the incremental build writes, moves and indexes about as much as a full build, which
  // also reuses every page's render record.
  const limit = Math.max(300, Math.round(current.routes.size / 2));
  if (changed.length + removed.length > limit) return `${changed.length + removed.length} of ${current.routes.size} routes changed, more than an incremental build repays`;
  return { changed, removed, shards: [...shards].sort((a, b) => a - b) };
}
