// The I/O edge of every edit: atomic writes, deletions into Obsidian's `.trash/`, in a safe order.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { applyEdits, type FileChange } from './edits.ts';
import type { VaultPath } from './paths.ts';

/**
 * Writes `data` (text as UTF-8) to `file` so a crash leaves it wholly old or wholly new: temp file,
 * fsync, rename. Caches pass `sync: false`: a cache file lost to a power cut is only rebuilt, so
 * it need not wait for the disk, and readers still never see half a file.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { sync?: boolean } = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${randomBytes(6).toString('hex')}.kb-tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    if (options.sync ?? true) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `.trash/<path>`, or `<name> 1.md`, `<name> 2.md`, … when that name is taken (Obsidian's own scheme). */
export function trashPathFor(vaultDir: string, path: string): string {
  const target = join(vaultDir, '.trash', path);
  if (!existsSync(target)) return target;
  const ext = target.toLowerCase().endsWith('.md') ? '.md' : '';
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = `${stem} ${n}${ext}`;
    if (!existsSync(candidate)) return candidate;
  }
}

const WRITE_CONCURRENCY = 32;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export interface ApplyResult {
  written: string[];
  created: string[];
  deleted: { path: string; trashedTo: string }[];
}

export interface ApplyOptions {
  /** The file's path as stored on disk, when it differs from its vault path (NFD names). */
  diskPath?: (path: VaultPath) => string;
  /** The text the edits were planned against; a file that no longer has it is refused before anything is written. */
  expectedText?: (path: VaultPath) => string | undefined;
}

export class StaleFileError extends Error {
  readonly path: string;

  constructor(path: string) {
    super(`${path} changed on disk after it was read; nothing was written, run the command again`);
    this.name = 'StaleFileError';
    this.path = path;
  }
}

/**
 * Applies changes to a vault on disk. Every edited file is read and checked first, so a file changed
 * meanwhile stops the run before anything is written; each write is atomic; creations follow, and
 * deletions (moves into `.trash/`) come last, so an interrupted run never leaves a link to a page
 * that a rewrite had not yet redirected.
 */
export async function applyChanges(vaultDir: string, changes: readonly FileChange[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const disk = (path: VaultPath) => join(vaultDir, options.diskPath?.(path) ?? path);
  const result: ApplyResult = { written: [], created: [], deleted: [] };
  const writes: { path: string; file: string; text: string }[] = [];
  for (const change of changes) {
    if (change.kind !== 'edit') continue;
    const file = disk(change.path);
    const before = await readFile(file, 'utf8');
    const expected = options.expectedText?.(change.path);
    if (expected !== undefined && expected !== before) throw new StaleFileError(change.path);
    const after = applyEdits(before, change.edits);
    if (after !== before) writes.push({ path: change.path, file, text: after });
  }
  // fsync dominates a 10k-file fix; many writes in flight overlap their waits.
  await inParallel(writes, WRITE_CONCURRENCY, async (w) => {
    await writeFileAtomic(w.file, w.text);
    result.written.push(w.path);
  });
  const creates = changes.filter((c) => c.kind === 'create');
  await inParallel(creates, WRITE_CONCURRENCY, async (change) => {
    await writeFileAtomic(disk(change.path), change.text);
    result.created.push(change.path);
  });
  result.written.sort();
  result.created.sort();
  for (const change of changes) {
    if (change.kind !== 'delete') continue;
    const trashedTo = trashPathFor(vaultDir, change.path);
    await mkdir(dirname(trashedTo), { recursive: true });
    await rename(disk(change.path), trashedTo);
    result.deleted.push({ path: change.path, trashedTo });
  }
  return result;
}
