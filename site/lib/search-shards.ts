// The search index is split into shards by a stable hash of each page's URL, so a rebuild after an
// edit indexes again only the shards whose pages changed; the search page merges them in the browser
// (Pagefind's mergeIndex). The number of shards grows in powers of two with the site, so it changes
// rarely, and a full build and an incremental one of the same vault always agree on it. Up to 32:
// re-indexing a shard is on the critical path of a rebuild after an edit (a 600-page shard took
// about 1.2 s, a 300-page one 0.6 s), and the search page's cost of merging twice as many bundles
// was small (10k pages, cold browser on localhost: first results after a median 1.75 s instead of
// 1.67 s, 106 requests to pagefind/ instead of 58).
import { createHash } from 'node:crypto';

/** Pages per shard before the count doubles. `KB_SEARCH_SHARD_PAGES` overrides it (tests use small shards). */
const PAGES_PER_SHARD = 600;
const MAX_SHARDS = 32;

export function shardCount(pages: number, env: NodeJS.ProcessEnv = process.env): number {
  const per = Number(env.KB_SEARCH_SHARD_PAGES) || PAGES_PER_SHARD;
  let count = 1;
  while (count < MAX_SHARDS && count * per < pages) count *= 2;
  return count;
}

export function shardOf(url: string, count: number): number {
  return createHash('sha1').update(url).digest().readUInt32BE(0) % count;
}
