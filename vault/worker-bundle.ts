// A worker thread's whole module graph as one ES module. Node resolves, reads and links every module
// a worker imports each time a thread starts, and the parse worker's graph is 312 small modules
// (micromark alone is dozens of packages): about 0.13 s of its 0.3 s start, on the critical path
// of a `kb check` after one edit. esbuild bundles the graph once per version of the code, keyed by the
// graph's code fingerprint (code-fingerprint.ts, which also follows this module and esbuild), into a
// folder of kb's own install, like the Mermaid and font bundles: only whoever can change kb's code
// can change what runs there, never a vault or the project kb runs in.
//
// The first run after a change starts the bundle in a process of its own, detached and silent (kb
// may exit first: a one-edit check takes under a second), and runs the worker from its sources
// meanwhile; later runs start from the bundle. A graph the bundle could not reproduce exactly (a
// module reading `import.meta` beyond its URL) is never bundled. Behaviour is the same either way;
// tests/vault/worker-bundle.test.ts pins it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { codeFingerprint } from './code-fingerprint.ts';
import { installCacheDir } from './install-cache.ts';
import { siblingModule } from './sibling-module.ts';
import { writeFileAtomic } from './write.ts';

const FOLDER = pathToFileURL(installCacheDir('kb-workers'));
const BUILDER = siblingModule('./worker-bundle-build.ts', import.meta.url);

/** Bundles this process has started a builder for, so each is started once. */
const started = new Set<string>();

const nameOf = (entry: URL) => fileURLToPath(entry).replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '');

/**
 * Where the bundle of `entry` at its current code lives (whether or not it exists yet). Named by the
 * code and by where the entry is: a bundle holds its modules' own paths (their import.meta.url), and
 * a copy of kb elsewhere sharing this folder (a symlinked node_modules) locates its own files.
 */
export function bundleFile(entry: URL, folder: URL = FOLDER): string {
  const { hash } = codeFingerprint([entry, new URL(import.meta.url)]);
  const key = createHash('sha256').update(`${hash}\0${entry.href}`).digest('base64url').slice(0, 32);
  return fileURLToPath(new URL(`${nameOf(entry)}-${key}.mjs`, folder));
}

/**
 * The module to start a worker running `entry` from: its bundle when one exists for the current code,
 * else `entry` itself, with a builder started for the next run.
 */
export function workerScript(entry: URL, folder: URL = FOLDER): URL {
  let file: string;
  try {
    file = bundleFile(entry, folder);
  } catch {
    return entry;
  }
  if (existsSync(file)) return pathToFileURL(file);
  // A graph that cannot be bundled is tried once per version of the code, not on every run.
  if (!started.has(file) && !existsSync(`${file}.failed`)) {
    started.add(file);
    try {
      const builder = spawn(process.execPath, [fileURLToPath(BUILDER), entry.href, file], { detached: true, stdio: 'ignore' });
      builder.on('error', () => {});
      builder.unref();
    } catch {
      // No bundle this time: the worker runs from its sources, as it always can.
    }
  }
  return entry;
}

/** The same worker's other bundles, made an hour ago or more: older code's, which no run of this code reads. */
export function pruneBundles(entry: URL, file: string, now = Date.now()): void {
  const folder = dirname(file);
  const ours = new RegExp(`^${nameOf(entry).replace(/[^\w]/g, '\\$&')}-[\\w-]{32}\\.mjs(?:\\.failed)?$`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(folder, name);
    if (path === file || !ours.test(name)) continue;
    try {
      if (now - statSync(path).mtimeMs >= 3_600_000) rmSync(path, { force: true });
    } catch {
      // Gone already, or not ours to remove: nothing depends on it.
    }
  }
}

/**
 * Writes the bundle of `entry` to `file`; true when it did. Never throws: a bundle is only a faster
 * start, and a graph it cannot reproduce, a read-only install or a missing esbuild leave the worker
 * on its sources.
 */
export async function buildBundle(entry: URL, file: string): Promise<boolean> {
  try {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      // Nothing is lowered: the bundle runs on the Node that runs the sources.
      target: 'esnext',
      write: false,
      logLevel: 'silent',
      // A bundle that starts another worker holds this module and its import of esbuild: esbuild's
      // API must stay the installed package, which locates its binary from where it is.
      external: ['esbuild'],
      // A package without `exports` maps may name an ES build beside its `main`; `main` may be UMD,
      // whose requires a bundler cannot follow (jsonc-parser's).
      mainFields: ['module', 'main'],
      plugins: [ownMetaUrl],
      // CommonJS packages in the graph (gray-matter) call `require` for Node's modules; a bundle is
      // an ES module, so it gets one, resolving from where the entry really is.
      banner: { js: `import { createRequire as __kbCreateRequire } from 'node:module';\nconst require = __kbCreateRequire(${JSON.stringify(entry.href)});` },
    });
    await writeFileAtomic(file, result.outputFiles[0]!.contents, { sync: false });
    return true;
  } catch {
    await writeFileAtomic(`${file}.failed`, '', { sync: false }).catch(() => {});
    return false;
  }
}

/**
 * Each module's `import.meta.url` stays its own file's URL inside the bundle (a module that locates
 * a package or a sibling from it finds the same one). Any other use of `import.meta` fails the build.
 */
const ownMetaUrl: Plugin = {
  name: 'kb-own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!/\bimport\.meta\b/.test(text)) return undefined;
      // Comments aside (whole-line and block ones: a `//` inside a string is no comment).
      const code = text.replace(/^\s*\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      if (/\bimport\.meta\b(?!\.url\b)/.test(code)) throw new Error(`${args.path} reads more of its module's meta object than its URL`);
      const contents = text.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href));
      const loader = /\.[cm]?([jt]sx?)$/.exec(args.path)![1] as 'js' | 'ts' | 'jsx' | 'tsx';
      return { contents, loader };
    });
  },
};
