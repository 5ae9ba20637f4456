// Everything besides the vault that the built site depends on, part by part: the site's, the
// engine's and the runner's sources, the installed packages, Node (its ICU orders titles), and the
// build options, and the vault's site settings. An incremental build is only taken when every part equals the previous build's; the
// parts that differ are named in the reason for the full build.
import { digestOf } from './digest.ts';
import type { SiteOptions } from './options.ts';
import { siteCode, sourceDigest } from './source-digest.ts';

export type Fingerprint = Record<string, string>;

/** `settings`: what of the vault's config every page shows or depends on (its `site` keys, the profile, whether code runs). */
export function buildFingerprint(options: SiteOptions, flags: { search: boolean }, settings: unknown = null, env: NodeJS.ProcessEnv = process.env): Fingerprint {
  const parts: Fingerprint = {};
  const code = siteCode();
  parts['site code'] = code.hash;
  parts.packages = digestOf(code.packages);
  parts.public = sourceDigest(['public']);
  parts.node = digestOf([process.versions.node, process.versions.icu]);
  parts['build options'] = digestOf([options.base, options.strict, options.profile ?? '', flags.search, env.KB_SEARCH_SHARD_PAGES ?? '', env.KB_OUTPUTS_UNVERIFIED ?? '']);
  parts['vault settings'] = digestOf(settings);
  return parts;
}

/** The parts that differ, or an empty list. */
export function fingerprintChanges(before: Fingerprint, now: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(now)])].filter((part) => before[part] !== now[part]);
}
