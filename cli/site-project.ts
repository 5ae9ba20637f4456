// `kb build`, `kb dev` and `kb preview` drive the Astro project (astro.config.mjs, site/pages) that
// lives in a kb checkout. The npm package ships the library and check/fix/moc/run only, so from an
// installed package these commands stop with a usage error naming what is missing, not a stack trace
// from deep inside Astro.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export function requireSiteProject(command: string): void {
  if (existsSync(resolve(root, 'astro.config.mjs')) && existsSync(resolve(root, 'site/pages'))) return;
  throw new Error(`kb ${command} needs the Astro site project, which is in a kb checkout (git clone, then npm install) and not in the npm package; the package runs check, fix, moc and run`);
}

/**
 * Astro's anonymous telemetry stays off unless the user's environment sets it: kb's users drive
 * Astro through kb without having chosen it, and a build (in CI too) should not call out to the
 * network; the call also cost every build a TLS handshake on the thread that builds.
 */
export function astroEnvironment(): void {
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
}
