// The check report of an unchanged vault is reused as a whole: when no page's size or mtime, no
// file and no parser changed (the vault's signature), the report is the same pure function of the
// same input, so a warm `kb check` only lists and stats the files. It is kept as the very JSON text
// `--json` prints, next to the signature it belongs to.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../schemas/index.ts';
import type { CheckReport } from './check.ts';
import type { Diagnostic } from './types.ts';
import { writeFileAtomic } from './write.ts';

const base = (root: string, profile: Profile) => join(root, '.kb-cache', `check-${profile}`);

export interface CachedReport {
  /** The report's JSON text, as `kb check --json` prints it. */
  json: string;
  /** Whether it holds errors (the exit code), kept beside it so a 10 MB report need not be parsed for one bit. */
  errors: boolean;
}

/** The last report, or null when the vault changed since. */
export async function readCachedReport(root: string, profile: Profile, signature: string): Promise<CachedReport | null> {
  try {
    const [stored, json] = await Promise.all([readFile(`${base(root, profile)}.sig`, 'utf8'), readFile(`${base(root, profile)}.json`, 'utf8')]);
    const [sig, errors] = stored.split('\n');
    return sig === signature && (errors === '0' || errors === '1') ? { json, errors: errors === '1' } : null;
  } catch {
    return null;
  }
}

export function reportJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * One page's diagnostics as they appear inside `reportJson`'s diagnostics array, so a report can be
 * put together from pages' parts without building its objects (vault/check-incremental.ts).
 */
export function diagnosticsJson(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => JSON.stringify(d, null, 2).replace(/^/gm, '    ')).join(',\n');
}

/** Exactly `reportJson` of `head` with the diagnostics whose `diagnosticsJson` parts are given, in order. */
export function reportJsonFromParts(head: Omit<CheckReport, 'diagnostics'>, parts: string[]): string {
  const empty = JSON.stringify({ ...head, diagnostics: [] }, null, 2);
  const tail = '"diagnostics": []\n}';
  if (!empty.endsWith(tail)) throw new Error('the report must end with its diagnostics');
  const body = parts.filter((p) => p !== '').join(',\n');
  return `${empty.slice(0, -tail.length)}"diagnostics": [${body === '' ? ']' : `\n${body}\n  ]`}\n}\n`;
}

export async function writeCachedReport(root: string, profile: Profile, signature: string, report: CachedReport): Promise<void> {
  // The signature is written last: a crash in between leaves a stale signature, never a wrong match.
  const sig = `${base(root, profile)}.sig`;
  await writeFileAtomic(sig, 'invalid', { sync: false });
  await writeFileAtomic(`${base(root, profile)}.json`, report.json, { sync: false });
  await writeFileAtomic(sig, `${signature}\n${report.errors ? 1 : 0}`, { sync: false });
}
