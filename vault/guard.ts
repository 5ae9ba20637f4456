// Where kb may write in a vault. Every file kb writes, creates, moves or trashes is named by a
// vault-relative path, and this module decides where on disk that path really lands: inside the
// vault's real path, through no symbolic link that leads out of it, never onto a link itself.
// Paths are resolved from the real vault root one existing component at a time, so a symlinked
// folder (`.trash -> ../outside`, a category folder) is judged by where it points, not by its name.
import { lstatSync, realpathSync, Stats } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/** Control characters (C0, DEL, C1) and the line and paragraph separators: never part of a name kb writes. */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why `path` is not a plain vault-relative path kb may write to, or null. Hidden segments are
 * refused too: kb never lists them, so a write there (`.git/`, `.obsidian/`) is never intended.
 * Callers that own a hidden folder (`.trash/`) check the part below it.
 */
export function unsafePathReason(path: string): string | null {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/')) return 'the path is absolute';
  if (path.includes('\\')) return 'the path holds a backslash';
  if (CONTROL_CHARS.test(path)) return 'the path holds a control character';
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment';
    if (segment === '.' || segment === '..') return `the path has a \`${segment}\` segment`;
    if (segment.startsWith('.')) return `the path goes through the hidden name \`${segment}\``;
  }
  return null;
}

/** `inner` is `outer` or lies below it (both real, absolute paths). */
export function isInside(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

export type Located =
  /** The path names a regular file; `real` is where it is (its target when the path is a link inside the vault). */
  | { kind: 'file'; real: string; mode: number; link: boolean }
  /** Nothing is there; `parent` is the real folder it would go in, `missing` the folders to create below it, in order. */
  | { kind: 'missing'; real: string; parent: string; missing: string[] }
  /** `entry` when the folders are fine and only what the path names is refused (a link, a folder, …). */
  | { kind: 'refused'; reason: string; entry?: boolean };

const lstatOrError = (path: string): Stats | NodeJS.ErrnoException => {
  try {
    return lstatSync(path);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
};

const realOrNull = (path: string): string | null => {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
};

/** Where a folder of the vault really is: a real folder, a chain of folders to create, or why not. */
type Folder = { real: string; missing: string[] } | { refused: string };

/**
 * The guard of one vault: its real root, and where vault-relative paths land under it. Synchronous
 * and memoized per folder: a 10k-page fix locates thousands of files in a few hundred folders, and
 * one sync `lstat` costs a fraction of an async round trip through the thread pool.
 */
export class VaultGuard {
  readonly root: string;
  readonly #folders = new Map<string, Folder>();

  private constructor(root: string) {
    this.root = root;
  }

  static open(dir: string): VaultGuard {
    return new VaultGuard(realpathSync(dir));
  }

  inside(real: string): boolean {
    return isInside(this.root, real);
  }

  /** Where the folder `relative` (vault-relative, '' for the root) really is. */
  #folder(relative: string): Folder {
    if (relative === '') return { real: this.root, missing: [] };
    const known = this.#folders.get(relative);
    if (known) return known;
    const cut = relative.lastIndexOf('/');
    const parent = this.#folder(cut === -1 ? '' : relative.slice(0, cut));
    const name = relative.slice(cut + 1);
    let folder: Folder;
    if ('refused' in parent) folder = parent;
    else if (parent.missing.length > 0) folder = { real: join(parent.real, name), missing: [...parent.missing, join(parent.real, name)] };
    else {
      const next = join(parent.real, name);
      const info = lstatOrError(next);
      if (!(info instanceof Stats)) {
        folder = info.code === 'ENOENT' ? { real: next, missing: [next] } : { refused: `${shown(this.root, next)} cannot be read (${info.code})` };
      } else if (info.isSymbolicLink()) {
        const real = realOrNull(next);
        if (real === null) folder = { refused: `${shown(this.root, next)} is a symbolic link to nothing` };
        else if (!this.inside(real)) folder = { refused: `${shown(this.root, next)} is a symbolic link out of the vault (to ${real})` };
        else if (!lstatSync(real).isDirectory()) folder = { refused: `${shown(this.root, next)} exists and is not a folder` };
        else folder = { real, missing: [] };
      } else if (info.isDirectory()) folder = { real: next, missing: [] };
      else folder = { refused: `${shown(this.root, next)} exists and is not a folder` };
    }
    this.#folders.set(relative, folder);
    return folder;
  }

  /**
   * Where `relative` (a vault-relative path, already checked with `unsafePathReason`) lands. Each
   * existing folder on the way is resolved to its real path and must stay inside the vault; a
   * component that exists but is not a folder refuses the path (`.trash/sub2` as a file).
   */
  locate(relative: string): Located {
    const cut = relative.lastIndexOf('/');
    const folder = this.#folder(cut === -1 ? '' : relative.slice(0, cut));
    if ('refused' in folder) return { kind: 'refused', reason: folder.refused };
    const target = join(folder.real, relative.slice(cut + 1));
    if (folder.missing.length > 0) return { kind: 'missing', real: target, parent: dirname(folder.missing[0]!), missing: folder.missing };
    const info = lstatOrError(target);
    if (!(info instanceof Stats)) {
      if (info.code === 'ENOENT') return { kind: 'missing', real: target, parent: folder.real, missing: [] };
      return { kind: 'refused', reason: `${shown(this.root, target)} cannot be read (${info.code})` };
    }
    if (info.isFile()) return { kind: 'file', real: target, mode: info.mode & 0o7777, link: false };
    if (!info.isSymbolicLink()) return { kind: 'refused', reason: `${shown(this.root, target)} is not a regular file`, entry: true };
    const real = realOrNull(target);
    if (real === null) return { kind: 'refused', reason: `${shown(this.root, target)} is a symbolic link to nothing`, entry: true };
    if (!this.inside(real)) return { kind: 'refused', reason: `${shown(this.root, target)} is a symbolic link out of the vault (to ${real}); kb does not write through it`, entry: true };
    const targetInfo = lstatSync(real);
    if (!targetInfo.isFile()) return { kind: 'refused', reason: `${shown(this.root, target)} is a symbolic link to something that is not a regular file`, entry: true };
    return { kind: 'file', real, mode: targetInfo.mode & 0o7777, link: true };
  }
}

/** A path as messages show it: vault-relative when it is inside the vault. */
export function shown(root: string, path: string): string {
  return isInside(root, path) ? path.slice(root.length + 1) || '.' : path;
}
