// Digests of the code the site's output depends on besides the vault, derived from the code itself.
// Render records are keyed by the render code's digest and the build manifest by the whole site's,
// so editing a template, the engine or an installed package can never reuse stale output.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeFingerprint, type CodeFingerprint } from '../../vault/code-fingerprint.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

function filesUnder(path: string, out: string[]): string[] {
  if (!existsSync(path)) return out;
  if (!statSync(path).isDirectory()) {
    out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    filesUnder(join(path, name), out);
  }
  return out;
}

/** sha256 over the paths (relative to the repository) and bytes of every file under `paths`. */
export function sourceDigest(paths: string[]): string {
  const hash = createHash('sha256');
  for (const file of paths.flatMap((p) => filesUnder(join(REPO, p), []))) {
    hash.update(`${relative(REPO, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('base64url').slice(0, 27);
}

/** What Astro and the build load: the config, the build script, the content config and every route. */
function siteEntries(): string[] {
  return ['astro.config.mjs', 'site/build.ts', 'site/content.config.ts', ...filesUnder(join(REPO, 'site/pages'), []).map((f) => relative(REPO, f))].map((p) => join(REPO, p));
}

/**
 * Everything the built site depends on besides the vault, `public/` and the build options: the import
 * closure of the site's entries (site, engine and runner code, .astro routes and layouts) and the
 * versions of the packages it uses (vault/code-fingerprint.ts).
 */
export function siteCode(): CodeFingerprint {
  return codeFingerprint(siteEntries());
}

/** What turns a page's text into its HTML: the render worker's import closure and its packages (Shiki, KaTeX, remark…). */
export function renderCodeDigest(): string {
  return codeFingerprint([new URL('./render/pool.ts', import.meta.url), new URL('./render/worker.ts', import.meta.url)]).hash;
}
