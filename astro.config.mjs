// The kb wiki site. Which vault is built (KB_VAULT, default content/), where to (KB_OUT, default
// dist/) and the cache dir (KB_CACHE_DIR, default one per vault) come from site/lib/options.ts, the
// one reading of those variables that site/build.ts and the loaders share.
import { siteOptions } from './site/lib/options.ts';
import { fontIntegration } from './site/lib/font-bundle.ts';
import { mermaidIntegration } from './site/lib/render/mermaid-bundle.ts';

const options = siteOptions();

// A plain object rather than `defineConfig` (an identity function) from 'astro/config': that entry
// point imports SVGO for Astro's SVG optimizer, 350 modules loaded on every build and `kb dev` start
// for a feature this site does not use.
/** @type {import('astro').AstroUserConfig} */
export default {
  srcDir: './site',
  publicDir: './public',
  outDir: options.outDir,
  cacheDir: options.cacheDir,
  base: options.base,
  trailingSlash: 'ignore',
  build: { format: 'directory', concurrency: 4 },
  devToolbar: { enabled: false },
  integrations: [fontIntegration(), mermaidIntegration()],
  vite: {
    server: { fs: { allow: [import.meta.dirname, options.vaultDir] } },
    // `kb dev` shows a note's front-matter error in Vite's overlay and serves the vault's
    // attachments (site/lib/dev-session.ts).
    plugins: [
      {
        name: 'kb-dev',
        // Astro's build makes a Vite server too (to sync content): dev-session.ts, which brings in the
        // whole engine, is loaded only by a request for an attachment, which only `kb dev` serves.
        configureServer: (server) => {
          globalThis[Symbol.for('kb.vite.server')] = server;
          let middleware;
          server.middlewares.use((req, res, next) => {
            if (!req.url?.startsWith(`${options.base}attachments/`)) return next();
            middleware ??= import('./site/lib/dev-session.ts').then((m) => m.attachmentMiddleware());
            middleware.then((serve) => serve(req, res, next), next);
          });
        },
      },
    ],
  },
};
