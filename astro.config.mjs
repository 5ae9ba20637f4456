// The kb wiki site. Which vault is built: KB_VAULT (default content/); where to: KB_OUT (default
// dist/). Each vault gets its own Astro cache dir so builds of different vaults never share a data
// store, and a rebuild of the same vault reuses the pages it already rendered.
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { defineConfig } from 'astro/config';

const root = import.meta.dirname;
const vault = process.env.KB_VAULT?.trim() || 'content';
const vaultDir = isAbsolute(vault) ? vault : resolve(root, vault);
const vaultKey = createHash('sha1').update(vaultDir).digest('hex').slice(0, 12);

export default defineConfig({
  srcDir: './site',
  publicDir: './public',
  outDir: process.env.KB_OUT || './dist',
  cacheDir: process.env.KB_CACHE_DIR || `./node_modules/.astro/kb-${vaultKey}`,
  base: process.env.KB_BASE || '/',
  trailingSlash: 'ignore',
  build: { format: 'directory', concurrency: 4 },
  devToolbar: { enabled: false },
  vite: { server: { fs: { allow: [root, vaultDir] } } },
});
