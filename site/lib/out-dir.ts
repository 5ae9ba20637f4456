// Moves a finished incremental build from its staging folder into the out dir. Everything is built
// and indexed in the staging folder first (a sibling of the out dir, so moves are renames on one
// filesystem); the out dir is touched only when all of it succeeded, and then only by renames and
// deletions. The caller removes the build manifest before and writes it after, so a build stopped
// in the middle of this leaves no manifest and the next build is a full one.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Commit {
  /** Route files written in the staging folder. */
  write: string[];
  /** Route files that no longer exist. */
  remove: string[];
  /** Search shards written in the staging folder, and shards left without pages. */
  writeShards: number[];
  removeShards: number[];
}

function pruneEmptyParents(out: string, file: string) {
  for (let dir = dirname(join(out, file)); dir.startsWith(`${out}/`); dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
  }
}

export function commitStage(stage: string, out: string, c: Commit): void {
  const trash = join(stage, '.kb-trash');
  mkdirSync(trash, { recursive: true });
  // New hashed assets first (Vite names them by content, so an existing name is the same file).
  const assets = join(stage, '_astro');
  if (existsSync(assets)) {
    mkdirSync(join(out, '_astro'), { recursive: true });
    for (const name of readdirSync(assets)) if (!existsSync(join(out, '_astro', name))) renameSync(join(assets, name), join(out, '_astro', name));
  }
  for (const file of c.write) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    renameSync(join(stage, file), join(out, file));
  }
  for (const file of c.remove) {
    rmSync(join(out, file), { force: true });
    pruneEmptyParents(out, file);
  }
  for (const shard of [...c.writeShards, ...c.removeShards]) {
    const live = join(out, 'pagefind', String(shard));
    if (existsSync(live)) renameSync(live, join(trash, `pagefind-${shard}`));
  }
  for (const shard of c.writeShards) {
    mkdirSync(join(out, 'pagefind'), { recursive: true });
    renameSync(join(stage, 'pagefind', String(shard)), join(out, 'pagefind', String(shard)));
  }
}
