// The check report of an unchanged vault is reused as a whole: when no page's size or mtime, no
// file and no parser changed (the vault's signature), the report is the same pure function of the
// same input, so a warm `kb check` only lists and stats the files. It is kept as the very JSON text
// `--json` prints, with the signature it belongs to, in the vault's cache folder (cache-store.ts).
import { join } from 'node:path';
import type { Profile } from '../schemas/index.ts';
import { readChecked, vaultCacheDir, writeChecked } from './cache-store.ts';
import type { CheckReport } from './check.ts';

const reportFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.report`);

export interface CachedReport {
  /** The report's JSON text, as `kb check --json` prints it. */
  json: string;
  /** Whether it holds errors (the exit code), kept beside it so a 10 MB report need not be parsed for one bit. */
  errors: boolean;
}

/** The last report, or null when the vault changed since (or the stored report is damaged). */
export async function readCachedReport(root: string, profile: Profile, signature: string): Promise<CachedReport | null> {
  const key = Buffer.from(`${signature}\n`, 'utf8');
  const bytes = await readChecked(reportFile(root, profile), { bytes: key.length, test: (head) => head.equals(key) });
  if (bytes === null) return null;
  // `<signature>\n<0|1>\n<json>`: one file, so a report can never be paired with another's signature.
  const text = bytes.toString('utf8');
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  if (first === -1 || second === -1 || text.slice(0, first) !== signature) return null;
  const errors = text.slice(first + 1, second);
  return errors === '0' || errors === '1' ? { json: text.slice(second + 1), errors: errors === '1' } : null;
}

export function reportJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export async function writeCachedReport(root: string, profile: Profile, signature: string, report: CachedReport): Promise<void> {
  await writeChecked(reportFile(root, profile), `${signature}\n${report.errors ? 1 : 0}\n${report.json}`);
}
