// The search index is split into shards by a stable hash of each page's URL, so a rebuild after an
// edit indexes again only the shards whose pages changed; the search page merges them in the browser
// (Pagefind's mergeIndex). The number of shards grows in powers of two with the site, so it changes
// rarely, and a full build and an incremental one of the same vault always agree on it.
import { createHash } from 'node:crypto';

/** Pages per shard before the count doubles. `KB_SEARCH_SHARD_PAGES` overrides it (tests use small shards). */
const PAGES_PER_SHARD = 600;
const MAX_SHARDS = 16;

export function shardCount(pages: number, env: NodeJS.ProcessEnv = process.env): number {
  const per = Number(env.KB_SEARCH_SHARD_PAGES) || PAGES_PER_SHARD;
  let count = 1;
  while (count < MAX_SHARDS && count * per < pages) count *= 2;
  return count;
}

export function shardOf(url: string, count: number): number {
  return createHash('sha1').update(url).digest().readUInt32BE(0) % count;
}
