// Everything besides the vault that the built site depends on: the site's, the engine's and the
// runner's sources, the installed packages, Node (its ICU orders titles), and the build options. An
// incremental build is only taken when this equals the previous build's.
import { digestOf } from './digest.ts';
import type { SiteOptions } from './options.ts';
import { SITE_CODE, sourceDigest } from './source-digest.ts';

export interface BuildFlags {
  search: boolean;
}

export function buildFingerprint(options: SiteOptions, flags: BuildFlags, env: NodeJS.ProcessEnv = process.env): string {
  return digestOf([
    sourceDigest(SITE_CODE),
    process.versions.node,
    process.versions.icu,
    options.base,
    options.strict,
    flags.search,
    env.KB_SEARCH_SHARD_PAGES ?? '',
  ]);
}
