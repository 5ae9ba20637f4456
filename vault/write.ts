// The I/O edge of every edit kb makes to a vault (fix, moc, run --write, any future writer): one
// applier, in two phases. Preflight reads the disk and checks every planned change against it (the
// text it was planned on, whether a file to create is still absent, where each path really lands,
// see guard.ts) without writing a byte; commit then writes atomically, in a safe order.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, lstat, mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { applyEdits, type FileChange } from './edits.ts';
import { shown, unsafePathReason, VaultGuard, type Located } from './guard.ts';
import type { VaultPath } from './paths.ts';

export interface WriteOptions {
  /** fsync before the rename (default). Caches pass false: a cache file lost to a power cut is only rebuilt. */
  sync?: boolean;
  /** The file's permission bits; an edit keeps the old file's (a 0444 page stays 0444). */
  mode?: number;
}

/**
 * Writes `data` (text as UTF-8) to `file` so a crash leaves it wholly old or wholly new: temp file
 * created exclusively beside it, fsync, rename. Readers never see half a file.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array | readonly Uint8Array[], options: WriteOptions = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = await writeTemp(dirname(file), data, options);
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A new temp file in `folder` holding `data`: opened with O_EXCL, so it never follows or reuses anything there. */
async function writeTemp(folder: string, data: string | Uint8Array | readonly Uint8Array[], options: WriteOptions): Promise<string> {
  const temp = join(folder, `.${randomBytes(6).toString('hex')}.kb-tmp`);
  const handle = await open(temp, 'wx', 0o666);
  let done = false;
  try {
    // Parts are written one after another (each writeFile continues where the last ended): a cache
    // file of several large parts need not be copied into one buffer first.
    if (Array.isArray(data)) for (const part of data as readonly Uint8Array[]) await handle.writeFile(part);
    else await handle.writeFile(data as string | Uint8Array);
    // Set explicitly: the mode given to open() is narrowed by the umask.
    if (options.mode !== undefined) await handle.chmod(options.mode);
    if (options.sync ?? true) await handle.sync();
    done = true;
  } finally {
    await handle.close();
    if (!done) await rm(temp, { force: true });
  }
  return temp;
}

/** Puts `temp` at `file` only if nothing is there: a hard link fails when the name is taken, where a rename would replace it. */
async function placeNew(temp: string, file: string): Promise<void> {
  try {
    await link(temp, file);
    await unlink(temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      await rm(temp, { force: true });
      throw new Error(`${file} appeared while kb was writing; it was left as it is`);
    }
    // A file system without hard links: check, then rename (a narrow window instead of none).
    if (!(await exists(file))) await rename(temp, file);
    else {
      await rm(temp, { force: true });
      throw new Error(`${file} appeared while kb was writing; it was left as it is`);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
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

/** A planned change the disk does not allow, and why. */
export interface Conflict {
  path: string;
  kind: FileChange['kind'];
  reason: string;
}

export interface ApplyResult {
  written: string[];
  created: string[];
  /** Vault-relative paths: where each deleted file now is under `.trash/`. */
  deleted: { path: string; trashedTo: string }[];
  /** Changes not applied (only in `each` mode; in `all` mode a conflict throws). */
  conflicts: Conflict[];
}

export interface ApplyOptions {
  /** The file's path as stored on disk, when it differs from its vault path (NFD names). */
  diskPath?: (path: VaultPath) => string;
  /**
   * The text an edit or a deletion was planned against; a file that no longer has it is a conflict.
   * A deletion planned on a stub must not trash the real note it grew into meanwhile.
   */
  expectedText?: (path: VaultPath) => string | undefined;
  /**
   * `all` (the default; fix and moc): any conflict aborts before anything is written, with an
   * `ApplyConflictError`. `each` (run --write, per page): conflicting files are left alone and
   * reported in `conflicts`, the others are applied.
   */
  mode?: 'all' | 'each';
}

export class ApplyConflictError extends Error {
  readonly conflicts: Conflict[];

  constructor(conflicts: Conflict[]) {
    const lines = conflicts.map((c) => `  ${c.path}: ${c.reason}`);
    super(`nothing was written: ${conflicts.length} planned change${conflicts.length === 1 ? '' : 's'} cannot be made safely:\n${lines.join('\n')}`);
    this.name = 'ApplyConflictError';
    this.conflicts = conflicts;
  }
}

/** One change, checked against the disk and ready to commit. */
type Ready =
  | { kind: 'edit'; path: string; real: string; mode: number; text: string }
  | { kind: 'create'; path: string; real: string; missing: string[]; text: string }
  | { kind: 'delete'; path: string; real: string; trash: string; trashReal: string; missing: string[] };

export interface Preflight {
  ready: Ready[];
  conflicts: Conflict[];
}

/**
 * Checks every change against the disk without writing: each path must be a plain vault path that
 * lands inside the vault through no link out of it; an edited or deleted file must still be a regular
 * file with the text it was planned on; a file to create must not exist; a trash destination must
 * be free and reachable through folders; no two changes may land on the same real file.
 */
export async function preflightChanges(vaultDir: string, changes: readonly FileChange[], options: ApplyOptions = {}): Promise<Preflight> {
  const guard = VaultGuard.open(vaultDir);
  const conflicts: Conflict[] = [];
  const ready: Ready[] = [];
  const refuse = (change: FileChange, reason: string) => conflicts.push({ path: change.path, kind: change.kind, reason });
  const diskPath = (path: VaultPath) => options.diskPath?.(path) ?? path;
  const located = changes.map((change): Located => {
    const reason = unsafePathReason(diskPath(change.path));
    return reason === null ? guard.locate(diskPath(change.path)) : { kind: 'refused', reason };
  });
  // Read synchronously: thousands of small files read faster one after another than through the thread pool.
  const texts = changes.map((change, i) => {
    const at = located[i]!;
    if (change.kind === 'create' || at.kind !== 'file') return null;
    try {
      return readFileSync(at.real, 'utf8');
    } catch (error) {
      return error as NodeJS.ErrnoException;
    }
  });
  const reservedTrash = new Set<string>();
  const byReal = new Map<string, FileChange>();
  for (const [i, change] of changes.entries()) {
    const at = located[i]!;
    if (at.kind === 'refused') {
      refuse(change, at.reason);
      continue;
    }
    const other = byReal.get(at.real);
    if (other) {
      refuse(change, `lands on the same file as ${other.path} (${shown(guard.root, at.real)}); kb does not change one file twice`);
      continue;
    }
    byReal.set(at.real, change);
    if (change.kind === 'create') {
      if (at.kind === 'file') refuse(change, 'a file was created there since the vault was read; it was left as it is');
      else ready.push({ kind: 'create', path: change.path, real: at.real, missing: at.missing, text: change.text });
      continue;
    }
    if (at.kind === 'missing') {
      refuse(change, 'the file is gone since the vault was read');
      continue;
    }
    const before = texts[i];
    if (typeof before !== 'string') {
      refuse(change, `the file cannot be read (${(before as NodeJS.ErrnoException | null)?.code ?? 'unknown'})`);
      continue;
    }
    // A throw means the planner's own copy could not be had: its lazy reader found the file changed.
    let expected: string | undefined | Error;
    try {
      expected = options.expectedText?.(change.path);
    } catch (error) {
      expected = error as Error;
    }
    if (expected !== undefined && expected !== before) {
      refuse(change, change.kind === 'delete' ? 'the file changed since the vault was read (it is no longer the page planned for deletion)' : 'the file changed since the vault was read');
      continue;
    }
    if (change.kind === 'edit') {
      let text: string;
      try {
        text = applyEdits(before, change.edits);
      } catch (error) {
        refuse(change, (error as Error).message);
        continue;
      }
      if (text !== before) ready.push({ kind: 'edit', path: change.path, real: at.real, mode: at.mode, text });
      continue;
    }
    if (at.link) {
      // Moving a link would leave a relative one dangling in `.trash/`, and its target stays anyway.
      refuse(change, 'the file is a symbolic link; kb does not move links to .trash/');
      continue;
    }
    const trash = trashDestination(guard, diskPath(change.path), reservedTrash);
    if (typeof trash === 'string') {
      refuse(change, trash);
      continue;
    }
    ready.push({ kind: 'delete', path: change.path, real: at.real, ...trash });
  }
  return { ready, conflicts };
}

/**
 * `.trash/<path>`, or `<name> 1.md`, `<name> 2.md`, … when that name is taken (Obsidian's own
 * scheme), checked like any other write; a string when it cannot be used.
 */
function trashDestination(guard: VaultGuard, path: string, reserved: Set<string>): { trash: string; trashReal: string; missing: string[] } | string {
  const ext = path.toLowerCase().endsWith('.md') ? '.md' : '';
  const stem = path.slice(0, path.length - ext.length);
  for (let n = 0; ; n++) {
    const trash = `.trash/${n === 0 ? path : `${stem} ${n}${ext}`}`;
    const at = guard.locate(trash);
    // Anything already at that name, even a dangling link, takes it.
    if (at.kind === 'file' || (at.kind === 'refused' && at.entry) || (at.kind === 'missing' && reserved.has(at.real))) continue;
    if (at.kind === 'refused') return `cannot be moved to ${trash}: ${at.reason}`;
    reserved.add(at.real);
    return { trash, trashReal: at.real, missing: at.missing };
  }
}

/** The folders a write needs, created one by one under a real folder already checked (never through a link). */
async function makeFolders(missing: string[]): Promise<void> {
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await lstat(folder)).isDirectory()) throw error;
    }
  }
}

/**
 * Applies changes to a vault on disk: preflight (nothing is written when it finds a conflict in
 * `all` mode), then commit. Edits are atomic and keep the file's mode; a file to create is put in
 * place only if its name is still free; deletions (moves into `.trash/`) come last, so an
 * interrupted run never leaves a link to a page that a rewrite had not yet redirected.
 */
export async function applyChanges(vaultDir: string, changes: readonly FileChange[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const { ready, conflicts } = await preflightChanges(vaultDir, changes, options);
  if (conflicts.length > 0 && (options.mode ?? 'all') === 'all') throw new ApplyConflictError(conflicts);
  return commit(ready, conflicts);
}

async function commit(ready: Ready[], conflicts: Conflict[]): Promise<ApplyResult> {
  const result: ApplyResult = { written: [], created: [], deleted: [], conflicts };
  // fsync dominates a 10k-file fix; many writes in flight overlap their waits.
  await inParallel(ready.filter((r) => r.kind === 'edit'), WRITE_CONCURRENCY, async (r) => {
    await writeFileAtomic(r.real, r.text, { mode: r.mode });
    result.written.push(r.path);
  });
  // Creations one folder chain at a time would race on shared folders; they are few.
  for (const r of ready) {
    if (r.kind !== 'create') continue;
    await makeFolders(r.missing);
    await placeNew(await writeTemp(dirname(r.real), r.text, {}), r.real);
    result.created.push(r.path);
  }
  for (const r of ready) {
    if (r.kind !== 'delete') continue;
    await makeFolders(r.missing);
    await moveNew(r.real, r.trashReal);
    result.deleted.push({ path: r.path, trashedTo: r.trash });
  }
  result.written.sort();
  result.created.sort();
  return result;
}

/** Moves `from` to `to` without replacing anything at `to`. */
async function moveNew(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${basename(to)} appeared in .trash/ while kb was writing; ${from} was left in place`);
    if (await exists(to)) throw new Error(`${to} appeared while kb was writing; ${from} was left in place`);
    await rename(from, to);
    return;
  }
  await unlink(from);
}
