// The fonts the site ships (Inter, Noto Sans KR, JetBrains Mono, Noto Color Emoji) and KaTeX's
// stylesheet with its fonts, put together once per installed version rather than by every Astro
// build: as CSS imports, Vite read, hashed and wrote their 220 files (20 MB) on every build, a third
// of the time Astro takes to rebuild one page. The stylesheets are joined into one, their font files
// copied beside it under the names they have in their packages (the `url()`s stay relative, so the
// folder works under any base path), all in a folder named by a key derived from the stylesheets and
// this module's code, cached under node_modules/.cache. The integration copies the
// folder into the site's `_astro/` (an incremental build, whose out dir already has it, copies
// nothing), serves it from the dev server, and tells Base.astro its URL.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { installCacheDir } from '../../vault/install-cache.ts';
import { siteOptions } from './options.ts';

const require = createRequire(import.meta.url);
const CACHE = installCacheDir('kb-fonts');
/** In cascade order: KaTeX's rules come before the site's own stylesheets, which override them. */
// Resolved by literal `require.resolve` calls: the site's code fingerprint (vault/code-fingerprint.ts)
// follows them, so upgrading one of these packages rebuilds the site in full.
const SHEETS = [
  require.resolve('@fontsource-variable/inter/index.css'),
  require.resolve('@fontsource-variable/noto-sans-kr/index.css'),
  require.resolve('@fontsource-variable/jetbrains-mono/index.css'),
  require.resolve('@fontsource/noto-color-emoji/index.css'),
  require.resolve('katex/dist/katex.min.css'),
];
const STYLESHEET = 'fonts.css';
const URL_REF = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

/** The package a stylesheet belongs to, as name@version: its nearest package.json with a name. */
function packageOf(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (name) return `${name}@${version}`;
  }
  throw new Error(`kb fonts: ${file} belongs to no package`);
}

/** The folder's name: the stylesheets' packages and bytes, and this module's own code (which says how they are joined). */
function bundleKey(): string {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const sheet of SHEETS) hash.update(`\0${packageOf(sheet)}\0`).update(readFileSync(sheet));
  return hash.digest('hex').slice(0, 12);
}

/** The stylesheets joined, each `url()` renamed to its file's name, and the files those names stand for. */
export function joinSheets(sheets: { file: string; css: string }[]): { css: string; files: Map<string, string> } {
  const files = new Map<string, string>();
  const parts = sheets.map(({ file, css }) =>
    css.replace(URL_REF, (whole, _quote: string, ref: string) => {
      if (/^(?:data:|[a-z]+:\/\/|#)/i.test(ref)) return whole;
      const source = resolve(dirname(file), ref.split(/[?#]/)[0]!);
      const name = basename(source);
      const known = files.get(name);
      if (known !== undefined && known !== source) throw new Error(`kb fonts: ${known} and ${source} would share the name ${name}`);
      files.set(name, source);
      return `url(./${name})`;
    }),
  );
  return { css: parts.join('\n'), files };
}

/** The folder (made now if this key has none yet) and its name under `_astro/`. */
export function fontBundle(): { dir: string; name: string } {
  const name = `kb-fonts-${bundleKey()}`;
  const dir = join(CACHE, name);
  if (existsSync(join(dir, STYLESHEET))) return { dir, name };
  const sheets = SHEETS.map((file) => ({ file, css: readFileSync(file, 'utf8') }));
  const { css, files } = joinSheets(sheets);
  // Made aside and renamed into place, so a folder with its stylesheet is always complete.
  const temp = `${dir}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  for (const [file, source] of files) copyFileSync(source, join(temp, file));
  writeFileSync(join(temp, STYLESHEET), css);
  try {
    renameSync(temp, dir);
  } catch (error) {
    // Another build made it meanwhile.
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(join(dir, STYLESHEET))) throw error;
  }
  return { dir, name };
}

export function fontIntegration(): AstroIntegration {
  let bundle: { dir: string; name: string };
  return {
    name: 'kb-fonts',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        bundle = fontBundle();
        const base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        updateConfig({ vite: { define: { __KB_FONTS__: JSON.stringify(`${base}_astro/${bundle.name}/${STYLESHEET}`) } } });
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const path = req.url?.split('?')[0] ?? '';
          const at = path.indexOf(`/_astro/${bundle.name}/`);
          if (at < 0) return next();
          const file = path.slice(at + `/_astro/${bundle.name}/`.length);
          if (file.includes('/') || !existsSync(join(bundle.dir, file))) return next();
          res.setHeader('content-type', file.endsWith('.css') ? 'text/css; charset=utf-8' : file.endsWith('.woff2') ? 'font/woff2' : file.endsWith('.woff') ? 'font/woff' : 'font/ttf');
          res.end(readFileSync(join(bundle.dir, file)));
        });
      },
      'astro:build:done': ({ dir }) => {
        // The out dir the site lands in has the folder already (the last full build copied it): an
        // incremental build, which builds into a staging folder, has nothing to add.
        if (existsSync(join(siteOptions().outDir, '_astro', bundle.name, STYLESHEET))) return;
        const target = join(fileURLToPath(dir), '_astro', bundle.name);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(bundle.dir, target, { recursive: true });
      },
    },
  };
}
