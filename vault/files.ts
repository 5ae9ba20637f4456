// Listing a vault on disk (spec §1): every `.md` is a page, every other file an attachment; hidden
// entries and node_modules are skipped. Paths are vault-relative, POSIX and NFC; the on-disk name
// (which macOS may have stored as NFD) is kept so edits write back to the same file.
import { readdir, stat } from 'node:fs/promises';
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

export async function listVault(dir: string): Promise<VaultListing> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`no vault at ${dir}: not a folder`);
  const pages: VaultFile[] = [];
  const attachments: VaultFile[] = [];
  const walk = async (relative: string) => {
    const entries = await readdir(join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const diskPath = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(diskPath);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        const file = { path: asVaultPath(diskPath), diskPath };
        (entry.name.toLowerCase().endsWith('.md') ? pages : attachments).push(file);
      }
    }
  };
  await walk('');
  return { pages, attachments };
}
