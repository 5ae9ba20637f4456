// The check report of an unchanged vault is reused as a whole: when no page's size or mtime, no
// file and no parser changed (the vault's signature), the report is the same pure function of the
// same input, so a warm `kb check` only lists and stats the files.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../schemas/index.ts';
import type { CheckReport } from './check.ts';

const fileFor = (root: string, profile: Profile) => join(root, '.kb-cache', `check-${profile}.json`);

export async function readCachedReport(root: string, profile: Profile, signature: string): Promise<CheckReport | null> {
  try {
    const cached = JSON.parse(await readFile(fileFor(root, profile), 'utf8')) as { signature: string; report: CheckReport };
    return cached.signature === signature ? cached.report : null;
  } catch {
    return null;
  }
}

export async function writeCachedReport(root: string, profile: Profile, signature: string, report: CheckReport): Promise<void> {
  const file = fileFor(root, profile);
  await mkdir(join(root, '.kb-cache'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ signature, report }));
  await rename(temp, file);
}
