// Writes search shards: each a complete Pagefind bundle at pagefind/<shard>/ indexing the pages of
// that shard (search-shards.ts). Pagefind is given each shard as a directory of hard links to the
// pages' HTML, so it reads only that shard's pages and computes their URLs from the same relative
// paths as in the site; its output depends only on those files, so a shard indexed alone equals the
// same shard of a full build.
import { copyFileSync, linkSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';

export interface ShardJob {
  shard: number;
  /** Output files (relative to the site) of the shard's pages. */
  files: string[];
}

type Pagefind = typeof import('pagefind');

/**
 * One Pagefind service per lane. The pagefind module keeps one service process per module
 * instance, and one service indexes one index at a time (several indexes given to one service at
 * once are slower than one after the other), so each lane imports its own instance.
 */
function service(lane: number): Promise<Pagefind> {
  return import(`${import.meta.resolve('pagefind')}?lane=${lane}`) as Promise<Pagefind>;
}

async function writeShard(pagefind: Pagefind, { shard, files }: ShardJob, source: (file: string) => string, work: string, dest: string): Promise<number> {
  const tree = join(work, `search-${shard}`);
  for (const file of files) {
    const to = join(tree, file);
    mkdirSync(dirname(to), { recursive: true });
    try {
      linkSync(source(file), to);
    } catch {
      copyFileSync(source(file), to);
    }
  }
  // Pagefind splits indexes by <html lang>; pages mix Korean and English and all declare `en`, so
  // each shard is one index for both.
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: tree });
  if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: join(dest, 'pagefind', String(shard)) });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await index.deleteIndex();
  rmSync(tree, { recursive: true, force: true });
  return added.page_count;
}

/**
 * `source(file)`: where a page's HTML is now. `work`: scratch space on the same filesystem.
 * `dest`: the folder that receives pagefind/<shard>/. Returns the number of pages indexed.
 */
export async function writeSearchShards(jobs: ShardJob[], source: (file: string) => string, work: string, dest: string): Promise<number> {
  const queue = [...jobs];
  const lanes = Math.max(1, Math.min(availableParallelism(), queue.length));
  let pages = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const pagefind = await service(lane);
      try {
        for (let job = queue.shift(); job; job = queue.shift()) {
          const indexed = await writeShard(pagefind, job, source, work, dest);
          pages += indexed;
        }
      } finally {
        await pagefind.close();
      }
    }),
  );
  return pages;
}
