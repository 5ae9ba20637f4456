// Which vault the site is built from and how strictly: read from the environment so `npm run build`,
// tests and benches (generated vaults) all drive the same Astro build.
import { isAbsolute, resolve } from 'node:path';

export interface SiteOptions {
  /** Absolute path of the vault. `KB_VAULT`, default `content/`. */
  vaultDir: string;
  /** `KB_STRICT=1`: an invalid page fails the build instead of being left out. */
  strict: boolean;
}

export function siteOptions(root: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): SiteOptions {
  const raw = env.KB_VAULT?.trim() || 'content';
  return {
    vaultDir: isAbsolute(raw) ? raw : resolve(root, raw),
    strict: env.KB_STRICT === '1' || env.KB_STRICT === 'true',
  };
}
