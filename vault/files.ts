// Listing a vault on disk (spec §1): every `.md` is a page, every other file an attachment; hidden
// entries and node_modules are skipped. Paths are vault-relative, POSIX and NFC; the on-disk name
// (which macOS may have stored as NFD) is kept so edits write back to the same file.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { asVaultPath, type VaultPath } from './paths.ts';

export interface VaultFile {
  path: VaultPath;
  /** Relative path as stored on disk. */
  diskPath: string;
}

export interface VaultListing {
  pages: VaultFile[];
  attachments: VaultFile[];
}

/** Synchronous for speed, like `statVault`: a listing is many small calls and nothing to overlap with. */
export async function listVault(dir: string): Promise<VaultListing> {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (!info?.isDirectory()) throw new Error(`no vault at ${dir}: not a folder`);
  const pages: VaultFile[] = [];
  const attachments: VaultFile[] = [];
  const walk = (relative: string) => {
    const entries = readdirSync(join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const diskPath = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(diskPath);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        const file = { path: asVaultPath(diskPath), diskPath };
        (entry.name.toLowerCase().endsWith('.md') ? pages : attachments).push(file);
      }
    }
  };
  walk('');
  return { pages, attachments };
}
