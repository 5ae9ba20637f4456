// Listing and stat-ing a vault: enough to tell whether anything changed since the last run, and
// light enough (no parser loaded) that a warm `kb check` is mostly this.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Profile } from '../schemas/index.ts';
import { reportFingerprint } from './cache.ts';
import { listVault, type VaultListing } from './files.ts';
import { limitsOf, type ParseLimits } from './limits.ts';
import { ignoredBy, type VaultSettings } from './settings.ts';

export interface VaultStat {
  listing: VaultListing;
  stats: Map<string, { size: number; mtimeMs: number }>;
  /** Changes whenever any page's size or mtime, the set of files, the vault's config, or kb's parser or report code changes. */
  signature: string;
  /** The parse limits in force: the caller's, else the vault config's, else kb's defaults. */
  limits: ParseLimits;
}

/** A listing and stats of every page of a vault as they were taken, without settings (`statVault`'s `listing` and `stats`). */
export type VaultScan = Pick<VaultStat, 'listing' | 'stats'>;

/**
 * Lists and stats the vault: enough to tell whether anything changed since the last run. `settings`
 * (the vault's config and templates folders) leave out ignored files and change the signature; the
 * parse limits are the caller's, else the config's, else kb's defaults. `scan`: a `statVault` of the
 * same folder without settings taken just before (another thread's), used instead of listing and
 * stat'ing the files again.
 */
export async function statVault(root: string, profile: Profile, settings?: VaultSettings, limits?: ParseLimits, scan?: VaultScan): Promise<VaultStat> {
  const all = scan?.listing ?? (await listVault(root));
  const ignored = ignoredBy(settings?.config ?? {});
  const listing = { ...all, pages: all.pages.filter((f) => !ignored(f.path)), attachments: all.attachments.filter((f) => !ignored(f.path)) };
  const used = limits ?? limitsOf(settings?.config);
  const stats = new Map<string, { size: number; mtimeMs: number }>();
  // Listed paths are clean and relative: a concatenation, where path.join would normalise 10k of them again.
  const prefix = root === '' || root.endsWith('/') ? root : `${root}/`;
  // Synchronous on purpose: 10k stats cost half as much without a thread-pool round trip each, and
  // a warm `kb check` is little more than this loop.
  for (const f of listing.pages) {
    const known = scan?.stats.get(f.path);
    if (known) {
      stats.set(f.path, known);
      continue;
    }
    // A file gone or unreadable since the listing is parsed as unreadable, with a diagnostic.
    let s: { size: number; mtimeMs: number } | undefined;
    try {
      s = statSync(prefix + f.diskPath, { throwIfNoEntry: false });
    } catch {
      s = undefined;
    }
    stats.set(f.path, s ? { size: s.size, mtimeMs: s.mtimeMs } : { size: -1, mtimeMs: -1 });
  }
  // One line per file in a fixed order (any fixed order will do: the signature is only compared with
  // itself), hashed in one call: at 50k pages, 100k small updates and a comparator sort cost 0.2 s.
  const lines: string[] = [];
  for (const [path, s] of stats) lines.push(`${path}\0${s.size}\0${s.mtimeMs}`);
  for (const a of listing.attachments) lines.push(`@${a.path}`);
  lines.sort();
  for (const d of listing.diagnostics) lines.push(`!${d.message}`);
  const hash = createHash('sha1').update(reportFingerprint(profile, used)).update(settings?.fingerprint ?? '');
  hash.update(lines.join('\n'));
  return { listing, stats, signature: hash.digest('hex'), limits: used };
}

