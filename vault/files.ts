// Listing a vault on disk (spec §1): every `.md` is a page, every other file an attachment; hidden
// entries and node_modules are skipped. Paths are vault-relative, POSIX and NFC; the on-disk name
// (which macOS may have stored as NFD) is kept so edits write back to the same file.
//
// Names that cannot be a vault path are reported here, never silently merged or dropped: a name
// with a backslash or a control character (kb would read `back\slash.md` as `back/slash.md`, and a
// newline would end up in a `[[link]]`) is left out; of two names equal once Unicode-normalized
// (`Café.md` in NFC and NFD) only the first is read; names differing only in case are kept, but are
// one file on macOS and Windows.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROL_CHARS } from './guard.ts';
import { asVaultPath, byCodePoint, type VaultPath } from './paths.ts';
import type { Diagnostic } from './types.ts';

export interface VaultFile {
  path: VaultPath;
  /** Relative path as stored on disk. */
  diskPath: string;
}

export interface VaultListing {
  pages: VaultFile[];
  attachments: VaultFile[];
  /** Names that cannot be read as they are (see the top of this file). */
  diagnostics: Diagnostic[];
}

/** A name as messages show it: control characters as `\u000a`, so a report never breaks a line. */
export function printableName(name: string): string {
  return name.replace(new RegExp(CONTROL_CHARS.source, 'gu'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const nameDiagnostic = (file: string, severity: Diagnostic['severity'], rule: string, message: string): Diagnostic => ({ file: file as VaultPath, line: 1, column: 1, severity, rule, message });

/** Why a file or folder name cannot be part of a vault path, or null. */
function badNameReason(name: string): string | null {
  if (name.includes('\\')) return 'a backslash';
  const control = CONTROL_CHARS.exec(name);
  if (control) return `a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  return null;
}

/** Synchronous for speed, like `statVault`: a listing is many small calls and nothing to overlap with. */
export async function listVault(dir: string): Promise<VaultListing> {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (!info?.isDirectory()) throw new Error(`no vault at ${dir}: not a folder`);
  const files: VaultFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const walk = (relative: string) => {
    const entries = readdirSync(join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const diskPath = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const isFolder = entry.isDirectory();
      if (!isFolder && !entry.isFile() && !entry.isSymbolicLink()) continue;
      const bad = badNameReason(entry.name);
      if (bad !== null) {
        const what = isFolder ? 'folder' : 'file';
        diagnostics.push(nameDiagnostic(printableName(diskPath), 'warning', 'name-unreadable', `the ${what} name holds ${bad}; kb leaves the ${what} out and never writes its name into a link (Obsidian cannot link to it either): rename it`));
        continue;
      }
      if (isFolder) walk(diskPath);
      else files.push({ path: asVaultPath(diskPath), diskPath });
    }
  };
  walk('');
  const kept = twins(files, diagnostics);
  const pages: VaultFile[] = [];
  const attachments: VaultFile[] = [];
  for (const file of kept) (file.diskPath.toLowerCase().endsWith('.md') ? pages : attachments).push(file);
  return { pages, attachments, diagnostics };
}

/**
 * The files with one of each Unicode twin (the first by code point of its name on disk), reporting
 * each pair; case-only twins are all kept and reported.
 */
function twins(files: VaultFile[], diagnostics: Diagnostic[]): VaultFile[] {
  // Twins are rare: one map from path to file in a first pass, lists only for the paths that repeat.
  const byPath = new Map<VaultPath, VaultFile>();
  const repeated = new Map<VaultPath, VaultFile[]>();
  for (const file of files) {
    const first = byPath.get(file.path);
    if (first === undefined) byPath.set(file.path, file);
    else {
      const list = repeated.get(file.path);
      if (list) list.push(file);
      else repeated.set(file.path, [first, file]);
    }
  }
  for (const [path, list] of repeated) {
    list.sort((a, b) => byCodePoint(a.diskPath, b.diskPath));
    byPath.set(path, list[0]!);
    const names = list.map((f) => `\`${f.diskPath}\` (${f.diskPath === f.diskPath.normalize('NFC') ? 'NFC' : f.diskPath === f.diskPath.normalize('NFD') ? 'NFD' : 'mixed'}, ${Buffer.byteLength(f.diskPath)} bytes)`);
    diagnostics.push(nameDiagnostic(path, 'error', 'name-unicode-twin', `${names.join(' and ')} are the same name once Unicode-normalized; kb reads only the first, and Obsidian on macOS sees one file: merge them or rename one`));
  }
  const kept = [...byPath.values()];
  const byCase = new Map<string, VaultPath>();
  const caseTwins = new Map<string, VaultPath[]>();
  for (const path of byPath.keys()) {
    const folded = path.toLowerCase();
    const first = byCase.get(folded);
    if (first === undefined) byCase.set(folded, path);
    else {
      const list = caseTwins.get(folded);
      if (list) list.push(path);
      else caseTwins.set(folded, [first, path]);
    }
  }
  for (const list of caseTwins.values()) {
    list.sort(byCodePoint);
    for (const path of list) {
      const others = list.filter((p) => p !== path).map((p) => `\`${p}\``);
      diagnostics.push(nameDiagnostic(path, 'warning', 'name-case-twin', `\`${path}\` and ${others.join(', ')} differ only in case: on macOS and Windows they are one file, and a link to either may open the other; rename one`));
    }
  }
  return kept;
}
