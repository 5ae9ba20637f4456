// The I/O edge of every edit: atomic writes, deletions into Obsidian's `.trash/`, in a safe order.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { applyEdits, type FileChange } from './edits.ts';

/** Writes `text` to `file` so a crash leaves it wholly old or wholly new: temp file, fsync, rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${randomBytes(6).toString('hex')}.kb-tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
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

export interface ApplyResult {
  written: string[];
  created: string[];
  deleted: { path: string; trashedTo: string }[];
}

/**
 * Applies changes to a vault on disk. Edits are applied to the file as it is now (read again here),
 * writes come first and deletions last, so an interrupted run never leaves a link to a page that a
 * rewrite had not yet redirected.
 */
export async function applyChanges(vaultDir: string, changes: readonly FileChange[]): Promise<ApplyResult> {
  const result: ApplyResult = { written: [], created: [], deleted: [] };
  for (const change of changes) {
    const file = join(vaultDir, change.path);
    if (change.kind === 'edit') {
      const before = await readFile(file, 'utf8');
      const after = applyEdits(before, change.edits);
      if (after !== before) {
        await writeFileAtomic(file, after);
        result.written.push(change.path);
      }
    } else if (change.kind === 'create') {
      await writeFileAtomic(file, change.text);
      result.created.push(change.path);
    }
  }
  for (const change of changes) {
    if (change.kind !== 'delete') continue;
    const trashedTo = trashPathFor(vaultDir, change.path);
    await mkdir(dirname(trashedTo), { recursive: true });
    await rename(join(vaultDir, change.path), trashedTo);
    result.deleted.push({ path: change.path, trashedTo });
  }
  return result;
}
