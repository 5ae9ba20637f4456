// Which vault the site is built from, where to and how strictly: read from the environment so
// `npm run build`, tests and benches (generated vaults) all drive the same Astro build, and so the
// Astro config, the loaders, the page templates and site/build.ts agree on every path.
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { PROFILES, type Profile } from '../../schemas/profiles.ts';

export interface SiteOptions {
  /** Absolute path of the vault. `KB_VAULT`, default `content/`. */
  vaultDir: string;
  /** Absolute path of the built site. `KB_OUT`, default `dist/`. */
  outDir: string;
  /**
   * Absolute path of the build's caches (Astro's data store, rendered pages, the build manifest).
   * `KB_CACHE_DIR`, default one per vault, so builds of different vaults never share a data store.
   */
  cacheDir: string;
  /** `KB_BASE`, always with a leading and a trailing slash. */
  base: string;
  /** `KB_STRICT=1`: an invalid page fails the build instead of being left out. */
  strict: boolean;
  /** `KB_PROFILE` (`kb build --profile`); unset: the vault's config, else `.obsidian/` means `obsidian` (vault/config.ts). */
  profile: Profile | undefined;
}

// Relative to the working directory: this module also runs bundled inside Astro's prerender chunks,
// where its own location says nothing. site/build.ts exports every path absolute (exportOptions).
const path = (raw: string | undefined, fallback: string) => {
  const value = raw?.trim() || fallback;
  return isAbsolute(value) ? value : resolve(value);
};

export function siteOptions(env: NodeJS.ProcessEnv = process.env): SiteOptions {
  const vaultDir = path(env.KB_VAULT, 'content');
  const vaultKey = createHash('sha1').update(vaultDir).digest('hex').slice(0, 12);
  const base = `/${(env.KB_BASE?.trim() || '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  return {
    vaultDir,
    outDir: path(env.KB_OUT, 'dist'),
    cacheDir: path(env.KB_CACHE_DIR, `node_modules/.astro/kb-${vaultKey}`),
    base,
    strict: env.KB_STRICT === '1' || env.KB_STRICT === 'true',
    profile: PROFILES.find((p) => p === env.KB_PROFILE?.trim()),
  };
}

/** Pins the options for everything else this process starts (Astro's config, loaders and templates). */
export function exportOptions(options: SiteOptions, env: NodeJS.ProcessEnv = process.env): void {
  env.KB_VAULT = options.vaultDir;
  env.KB_OUT = options.outDir;
  env.KB_CACHE_DIR = options.cacheDir;
  env.KB_BASE = options.base;
  env.KB_STRICT = options.strict ? '1' : '';
  env.KB_PROFILE = options.profile ?? '';
}
