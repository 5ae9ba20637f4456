// Where kb keeps what it remembers about a vault (parsed pages, the last check report and its
// snapshot), and how those files are read back without trusting them blindly.
//
// Nothing of kb's goes inside the vault (spec §10): a vault is synced to phones, committed to git and
// shared, so a cache there shows in `git status`, travels to every device and can be planted by
// anyone who can write a note. The cache folder is, in order:
//   1. `$KB_CACHE_DIR/vaults/` when set (CI caches, benches, tests);
//   2. `node_modules/.cache/kb/vaults/` of the nearest folder above the working directory holding both a
//      package.json and a node_modules folder (the convention of find-cache-dir, which Babel, ESLint
//      and webpack's loaders follow), unless that lies inside the vault itself;
//   3. the user's cache directory: `$XDG_CACHE_HOME/kb/vaults/`, else `~/.cache/kb/vaults/`.
// Below it, one folder per vault, named by a hash of the vault's real path (so a vault reached
// through two paths or a symlink shares one, and two vaults never share).
//
// Every file is written with a SHA-1 of its content appended and read back only if it matches, so
// a cache truncated by a crash, flipped by a disk or edited by hand is ignored, never trusted.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { isInside } from './guard.ts';
import { writeFileAtomic } from './write.ts';

const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The project's `node_modules/.cache/kb`, found upwards from `from`, or null. */
function projectCacheRoot(from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && isFolder(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'kb');
    if (dirname(dir) === dir) return null;
  }
}

function userCacheRoot(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'kb');
}

/**
 * kb's cache folder for a process working in `cwd`: $KB_CACHE_DIR, else the project's
 * node_modules/.cache/kb, else the user's cache directory. The run cache lives here; vault caches
 * one level down (vaultCacheDir, which also keeps them out of the vault).
 */
export function kbCacheRoot(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return env.KB_CACHE_DIR?.trim() ? resolve(cwd, env.KB_CACHE_DIR.trim()) : (projectCacheRoot(cwd) ?? userCacheRoot(env));
}

const memo = new Map<string, string>();

/** The folder of `vaultDir`'s caches (see the top of this file); never inside the vault. */
export function vaultCacheDir(vaultDir: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const real = realOrResolved(vaultDir);
  const memoKey = `${real}\0${env.KB_CACHE_DIR ?? ''}\0${env.XDG_CACHE_HOME ?? ''}\0${cwd}`;
  const known = memo.get(memoKey);
  if (known) return known;
  const candidates = [env.KB_CACHE_DIR?.trim() ? resolve(cwd, env.KB_CACHE_DIR.trim()) : null, projectCacheRoot(cwd), userCacheRoot(env), join(tmpdir(), `kb-cache-${process.getuid?.() ?? 'user'}`)];
  const root = candidates.find((c): c is string => c !== null && !isInside(real, realOrResolved(c)))!;
  const name = `${basename(real).replace(/[^\w.-]+/g, '_').slice(0, 40)}-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`;
  const dir = join(root, 'vaults', name);
  memo.set(memoKey, dir);
  return dir;
}

const DIGEST_BYTES = 20;

/**
 * Writes `data` (one part or several, read back as one) with its digest appended (atomically, without
 * fsync: a lost cache file is only rebuilt).
 */
export async function writeChecked(file: string, data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
  const parts = Array.isArray(data) ? (data as readonly Uint8Array[]) : [typeof data === 'string' ? Buffer.from(data, 'utf8') : (data as Uint8Array)];
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  await writeFileAtomic(file, [...parts, hash.digest()], { sync: false });
}

/** A look at the first `bytes` of a cache file before the rest is read (say, the key it starts with). */
export interface WantedHead {
  bytes: number;
  test: (head: Buffer) => boolean;
}

/**
 * The data `writeChecked` wrote, or null when the file is missing or does not match its digest.
 * `wanted`, when given, looks at the first bytes before anything else is read: a file that is not
 * wanted anyway (a report of another vault state) is neither read whole nor hashed, which for a
 * report of many megabytes is most of the cost of finding out that it is stale. Whatever it looked at
 * is trusted only once the digest matches.
 */
export async function readChecked(file: string, wanted?: WantedHead): Promise<Buffer | null> {
  let bytes: Buffer;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    // Read in one call, synchronously: the promise API reads in 512 KB chunks, each a trip through
    // libuv's thread pool, which made reading a 17 MB snapshot take 50 ms instead of 3.
    const size = fstatSync(fd).size;
    if (size < DIGEST_BYTES) return null;
    let at = 0;
    if (wanted) {
      const head = Buffer.allocUnsafe(Math.min(wanted.bytes, size - DIGEST_BYTES));
      at = readFully(fd, head, 0);
      if (at < head.length || !wanted.test(head)) return null;
      bytes = Buffer.allocUnsafe(size);
      head.copy(bytes);
    } else bytes = Buffer.allocUnsafe(size);
    if (readFully(fd, bytes, at) < size) return null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
  const data = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  return createHash('sha1').update(data).digest().equals(bytes.subarray(bytes.length - DIGEST_BYTES)) ? data : null;
}

/** Fills `buffer` from `at` on with the file's bytes from `position + at` on; how far it got. */
function readFully(fd: number, buffer: Buffer, at: number, position = 0): number {
  while (at < buffer.length) {
    const n = readSync(fd, buffer, at, buffer.length - at, position + at);
    if (n === 0) break;
    at += n;
  }
  return at;
}

/**
 * Reads `[position, length]` slices of `file` through one descriptor (so all come from the same file,
 * even if it is replaced meanwhile); a slice past the end comes back short. Null when the file cannot
 * be read.
 */
export function readSlices(file: string, slices: readonly (readonly [number, number])[]): Buffer[] | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    return slices.map(([position, length]) => {
      const buffer = Buffer.allocUnsafe(length);
      return buffer.subarray(0, readFully(fd, buffer, 0, position));
    });
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
