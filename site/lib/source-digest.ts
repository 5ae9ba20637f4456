// Digests of the repository's own files: what the site's output depends on besides the vault.
// Render records are keyed by the render code's digest and the build manifest by the whole site's,
// so editing a template, the engine or an installed package can never reuse stale output.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * What turns a page's text into its HTML: the renderer, the runner's reading of executed blocks, and
 * the installed packages (npm's record of node_modules: Shiki, KaTeX, remark…).
 */
export const RENDER_CODE = ['site/lib/render', 'runner', 'vault/inline-tags.ts', 'vault/obsidian-comments.ts', 'vault/paths.ts', 'node_modules/.package-lock.json'];

/** Everything else the built site depends on besides the vault and the build options. */
export const SITE_CODE = ['site', 'vault', 'runner', 'schemas', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
