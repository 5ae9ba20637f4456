// The cache folder of kb's own install: node_modules/.cache/<name>/ beside kb's code (the sources'
// root, or lib/ once compiled). For what is derived from kb's code and installed packages alone (the
// worker bundles, the site's fonts and Mermaid), so, unlike the vault caches (cache-store.ts), it
// never depends on where kb runs, and only whoever can change kb's code can change what is kept there.
import { fileURLToPath } from 'node:url';

/** The folder (with a trailing separator) where kb's install keeps the cache called `name`. */
export function installCacheDir(name: string): string {
  return fileURLToPath(new URL(`../node_modules/.cache/${name}/`, import.meta.url));
}
