// Mermaid for the browser, bundled once per installed version rather than by every Astro build:
// letting Vite bundle it made each build (one-page rebuilds included) ~10 s slower. esbuild turns
// the npm package into one ES module, cached under node_modules/.cache by the versions of Mermaid
// and esbuild; the integration copies it into the site's `_astro/` folder (under a versioned name,
// so incremental builds keep it like any hashed asset), serves it from the dev server, and tells
// site/scripts/mermaid.ts its URL. Nothing is fetched from a CDN; the module is loaded only by a
// page that has a diagram.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { installCacheDir } from '../../../vault/install-cache.ts';

const require = createRequire(import.meta.url);
const CACHE = installCacheDir('kb-mermaid');
const ENTRY = "export { default } from 'mermaid';";

const versionOf = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

/** The bundle's file (built now if this Mermaid/esbuild pair has none yet) and its name in `_astro/`. */
export async function mermaidBundle(): Promise<{ file: string; name: string }> {
  const key = createHash('sha256').update(`${versionOf('mermaid')}\0${versionOf('esbuild')}\0${ENTRY}`).digest('hex').slice(0, 12);
  const name = `kb-mermaid.${key}.js`;
  const file = join(CACHE, name);
  if (existsSync(file)) return { file, name };
  const esbuild = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: dirname(fileURLToPath(import.meta.url)), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
    outfile: temp,
  });
  renameSync(temp, file);
  return { file, name };
}

export function mermaidIntegration(): AstroIntegration {
  let bundle: { file: string; name: string };
  return {
    name: 'kb-mermaid',
    hooks: {
      'astro:config:setup': async ({ config, updateConfig }) => {
        bundle = await mermaidBundle();
        const base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        updateConfig({ vite: { define: { __KB_MERMAID__: JSON.stringify(`${base}_astro/${bundle.name}`) } } });
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          if (!req.url?.split('?')[0]!.endsWith(`/_astro/${bundle.name}`)) return next();
          res.setHeader('content-type', 'text/javascript; charset=utf-8');
          res.end(readFileSync(bundle.file));
        });
      },
      'astro:build:done': ({ dir }) => {
        const assets = join(fileURLToPath(dir), '_astro');
        mkdirSync(assets, { recursive: true });
        copyFileSync(bundle.file, join(assets, bundle.name));
      },
    },
  };
}
