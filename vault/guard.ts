// Where kb may write in a vault. Every file kb writes, creates, moves or trashes is named by a
// vault-relative path, and this module decides where on disk that path really lands: inside the
// vault's real path, through no symbolic link that leads out of it, never onto a link itself.
// Paths are resolved from the real vault root one existing component at a time, so a symlinked
// folder (`.trash -> ../outside`, a category folder) is judged by where it points, not by its name.
import { lstat, realpath } from 'node:fs/promises';
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

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** The guard of one vault: its real root, and where vault-relative paths land under it. */
export class VaultGuard {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  static async open(dir: string): Promise<VaultGuard> {
    return new VaultGuard(await realpath(dir));
  }

  inside(real: string): boolean {
    return isInside(this.root, real);
  }

  /**
   * Where `relative` (a vault-relative path, already checked with `unsafePathReason`) lands. Each
   * existing folder on the way is resolved to its real path and must stay inside the vault; a
   * component that exists but is not a folder refuses the path (`.trash/sub2` as a file).
   */
  async locate(relative: string): Promise<Located> {
    const segments = relative.split('/');
    const name = segments.pop()!;
    let folder = this.root;
    const missing: string[] = [];
    for (const segment of segments) {
      if (missing.length > 0) {
        missing.push(join(folder, segment));
        folder = join(folder, segment);
        continue;
      }
      const next = join(folder, segment);
      let info;
      try {
        info = await lstat(next);
      } catch (error) {
        if (code(error) !== 'ENOENT') return { kind: 'refused', reason: `${shown(this.root, next)} cannot be read (${code(error)})` };
        missing.push(next);
        folder = next;
        continue;
      }
      if (info.isSymbolicLink()) {
        let real: string;
        try {
          real = await realpath(next);
        } catch {
          return { kind: 'refused', reason: `${shown(this.root, next)} is a symbolic link to nothing` };
        }
        if (!this.inside(real)) return { kind: 'refused', reason: `${shown(this.root, next)} is a symbolic link out of the vault (to ${real})` };
        if (!(await lstat(real)).isDirectory()) return { kind: 'refused', reason: `${shown(this.root, next)} exists and is not a folder` };
        folder = real;
      } else if (info.isDirectory()) folder = next;
      else return { kind: 'refused', reason: `${shown(this.root, next)} exists and is not a folder` };
    }
    const target = join(folder, name);
    if (missing.length > 0) return { kind: 'missing', real: target, parent: dirname(missing[0]!), missing };
    let info;
    try {
      info = await lstat(target);
    } catch (error) {
      if (code(error) === 'ENOENT') return { kind: 'missing', real: target, parent: folder, missing };
      return { kind: 'refused', reason: `${shown(this.root, target)} cannot be read (${code(error)})` };
    }
    if (info.isFile()) return { kind: 'file', real: target, mode: info.mode & 0o7777, link: false };
    if (!info.isSymbolicLink()) return { kind: 'refused', reason: `${shown(this.root, target)} is not a regular file`, entry: true };
    let real: string;
    try {
      real = await realpath(target);
    } catch {
      return { kind: 'refused', reason: `${shown(this.root, target)} is a symbolic link to nothing`, entry: true };
    }
    if (!this.inside(real)) return { kind: 'refused', reason: `${shown(this.root, target)} is a symbolic link out of the vault (to ${real}); kb does not write through it`, entry: true };
    const targetInfo = await lstat(real);
    if (!targetInfo.isFile()) return { kind: 'refused', reason: `${shown(this.root, target)} is a symbolic link to something that is not a regular file`, entry: true };
    return { kind: 'file', real, mode: targetInfo.mode & 0o7777, link: true };
  }
}

/** A path as messages show it: vault-relative when it is inside the vault. */
export function shown(root: string, path: string): string {
  return isInside(root, path) ? path.slice(root.length + 1) || '.' : path;
}
