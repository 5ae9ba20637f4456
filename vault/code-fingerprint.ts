// Cache keys derived from the code itself: the bytes of every module a cached result depends on (the
// import closure of the module that computes it, followed statically) and the name@version of every
// package that closure imports, with the packages those depend on in turn. Nothing is kept by hand,
// so editing a source file or upgrading a package can never serve a stale cached result, whether kb
// runs from its .ts sources or from the compiled .js of an installed package.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initSync, parse } from 'es-module-lexer';
import { kbCacheRoot } from './cache-store.ts';
import { writeFileAtomic } from './write.ts';

export interface CodeFingerprint {
  /** sha256 over the closure's files (paths relative to their common folder, and bytes) and its packages. */
  hash: string;
  /** The closure's files, relative to their common folder, sorted. */
  files: string[];
  /** name@version of every package the closure imports and of their dependencies, sorted. */
  packages: string[];
}

const MODULE = /\.(?:[mc]?[jt]s|tsx|jsx)$/;
// Workers and child processes are started from a URL, not imported: `new URL('./x.ts', import.meta.url)`
// or `siblingModule('./x.ts', import.meta.url)` (sibling-module.ts).
const URL_REFERENCE = /(?:new\s+URL|siblingModule)\(\s*(['"`])(\.{1,2}\/[^'"`$]+)\1\s*,\s*import\.meta\.url\s*\)/g;

// A package loaded when first used, through `createRequire` (frontmatter-keys.ts: `require('yaml')`),
// or whose files are read (font-bundle.ts: `require.resolve('katex/dist/katex.min.css')`).
const REQUIRED = /\brequire(?:\.resolve)?\(\s*(['"])([^'"\n]+)\1\s*\)/g;

let lexerReady = false;

/**
 * The file system facts a fingerprint was computed from: each file read (by size and mtime) and each
 * path probed (whether it existed). When all still hold, the same code would give the same
 * fingerprint, so a later process can take it from the store below without reading and lexing the
 * closure again (about 50 ms of a 0.4 s warm `kb check` at 10k pages).
 */
interface Evidence {
  read: Map<string, string>;
  probed: Map<string, boolean>;
}

/** The evidence being gathered by the fingerprint now being computed. */
let gathering: Evidence | null = null;

const stamp = (file: string) => {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}` : 'missing';
};

function noteRead(file: string, fileStamp: string): void {
  gathering?.read.set(file, fileStamp);
}

const existsMemo = new Map<string, boolean>();

function exists(path: string): boolean {
  let known = existsMemo.get(path);
  if (known === undefined) existsMemo.set(path, (known = existsSync(path)));
  gathering?.probed.set(path, known);
  return known;
}

/**
 * What `source` imports (static and literal dynamic imports and literal `require` calls, type-only
 * imports left out) and the modules it references by URL. The URL and `require` scans are textual,
 * so a reference in a comment is found too; the caller skips references that name no file.
 */
export function importsOf(source: string, file: string): { specifiers: string[]; references: string[] } {
  if (!lexerReady) {
    initSync();
    lexerReady = true;
  }
  const code = file.endsWith('.astro') ? astroScripts(source) : source;
  const [imports] = parse(code, file);
  // `import type`/`export type` are erased when the code runs: they name no code and no package it needs.
  const specifiers = imports.filter((i) => typeof i.n === 'string' && !/^(?:import|export)\s+type\s/.test(code.slice(i.ss, i.ss + 12))).map((i) => i.n!);
  for (const m of code.matchAll(REQUIRED)) specifiers.push(m[2]!);
  const references = [...code.matchAll(URL_REFERENCE)].map((m) => m[2]!).filter((s) => MODULE.test(s));
  return { specifiers, references };
}

/** An .astro file's module code: its front-matter script and its <script> elements. */
function astroScripts(source: string): string {
  const parts: string[] = [];
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (frontMatter) parts.push(frontMatter[1]!);
  for (const m of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(m[1]!);
  return parts.join(';\n');
}

/**
 * The file a relative specifier names. The sources import `.ts` and compiled code `.js`; a URL
 * reference keeps its `.ts` spelling in compiled code (tsc rewrites only import specifiers), so the
 * importing file's own extension is tried too, exactly as the code that starts the worker does.
 */
function resolveRelative(specifier: string, from: string): string | null {
  const path = fileURLToPath(new URL(specifier.replace(/[?#].*$/, ''), pathToFileURL(from)));
  if (exists(path)) return path;
  const swapped = path.replace(/\.[mc]?[jt]s$/, extname(from));
  return exists(swapped) ? swapped : null;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const packageMemo = new Map<string, string | null>();

/** The package.json Node would find for `name` imported from `dir`, walking up through node_modules. */
function findPackage(name: string, dir: string): string | null {
  const key = `${name}\0${dir}`;
  const known = packageMemo.get(key);
  if (known !== undefined) {
    // Replayed for the evidence: the probes are memoised too.
    if (gathering) findPackageUncached(name, dir);
    return known;
  }
  const found = findPackageUncached(name, dir);
  packageMemo.set(key, found);
  return found;
}

function findPackageUncached(name: string, dir: string): string | null {
  let found: string | null = null;
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name, 'package.json');
    if (exists(candidate)) {
      found = candidate;
      break;
    }
    if (dirname(at) === at) break;
  }
  return found;
}

const manifestMemo = new Map<string, { stamp: string; pkg: PackageJson }>();

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** name@version of `name` as found from `dir`, and of its dependencies, transitively; into `out`. */
function addPackage(name: string, dir: string, out: Map<string, string>, seen: Set<string>): void {
  const manifest = findPackage(name, dir);
  if (manifest === null) {
    // An optional dependency that is not installed (a native backend, a platform binding) is part of
    // the key too: installing it later must not reuse results computed without it.
    out.set(`${name}@${dir}`, `${name}@missing`);
    return;
  }
  if (seen.has(manifest)) return;
  seen.add(manifest);
  let read = manifestMemo.get(manifest);
  if (!read) manifestMemo.set(manifest, (read = { stamp: stamp(manifest), pkg: JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson }));
  noteRead(manifest, read.stamp);
  const { pkg } = read;
  out.set(manifest, `${name}@${pkg.version ?? '?'}`);
  const packageDir = dirname(manifest);
  for (const dependency of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) {
    if (findPackage(dependency, packageDir) !== null) addPackage(dependency, packageDir, out, seen);
  }
}

function commonFolder(paths: string[]): string {
  let common = dirname(paths[0]!);
  while (!paths.every((p) => p.startsWith(common.endsWith(sep) ? common : common + sep))) common = dirname(common);
  return common;
}

const memo = new Map<string, CodeFingerprint>();
// Per file, what was read and lexed: several closures (parse, report, CLI output) share most files,
// and a warm `kb check` computes them all.
const fileMemo = new Map<string, { stamp: string; bytes: Buffer; specifiers: string[]; references: string[] }>();

function readModule(file: string): { bytes: Buffer; specifiers: string[]; references: string[] } {
  let read = fileMemo.get(file);
  if (!read) {
    const fileStamp = stamp(file);
    const bytes = readFileSync(file);
    read = MODULE.test(file) || file.endsWith('.astro') ? { stamp: fileStamp, bytes, ...importsOf(bytes.toString('utf8'), file) } : { stamp: fileStamp, bytes, specifiers: [], references: [] };
    fileMemo.set(file, read);
  }
  noteRead(file, read.stamp);
  return read;
}

/**
 * The fingerprint of the code reachable from `entries` (module URLs or paths). Memoised per process:
 * the code does not change under a running kb.
 */
export function codeFingerprint(entries: (URL | string)[]): CodeFingerprint {
  const starts = entries.map((e) => (e instanceof URL ? fileURLToPath(e) : e));
  const memoKey = starts.join('\0');
  const known = memo.get(memoKey) ?? fromStore(memoKey);
  if (known) {
    memo.set(memoKey, known);
    return known;
  }
  const evidence: Evidence = { read: new Map(), probed: new Map() };
  gathering = evidence;
  try {
    const result = computeFingerprint(starts);
    memo.set(memoKey, result);
    toStore(memoKey, result, evidence);
    return result;
  } finally {
    gathering = null;
  }
}

function computeFingerprint(starts: string[]): CodeFingerprint {
  const files = new Map<string, Buffer>();
  const packages = new Map<string, string>();
  const seenPackages = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    const { bytes, specifiers, references } = readModule(file);
    files.set(file, bytes);
    for (const reference of references) {
      const target = resolveRelative(reference, file);
      if (target !== null) queue.push(target);
    }
    for (const specifier of specifiers) {
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        const target = resolveRelative(specifier, file);
        if (target === null) throw new Error(`${file}: cannot find ${specifier} for the code fingerprint`);
        queue.push(target);
      } else if (isBuiltin(specifier) || /^[a-z]+:/.test(specifier)) {
        // Node's own modules: their behaviour comes with Node's version, which the callers key on.
      } else addPackage(packageName(specifier), dirname(file), packages, seenPackages);
    }
  }

  // Paths relative to the closure's common folder: the same code in a moved checkout has the same key.
  const base = commonFolder([...files.keys()]);
  const paths = [...files.keys()].map((f) => ({ file: f, rel: relative(base, f).split('\\').join('/') })).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const versions = [...new Set(packages.values())].sort();
  const hash = createHash('sha256');
  for (const { file, rel } of paths) hash.update(rel).update('\0').update(files.get(file)!).update('\0');
  for (const version of versions) hash.update(version).update('\0');
  return { hash: hash.digest('base64url').slice(0, 32), files: paths.map((p) => p.rel), packages: versions };
}

// The store: each fingerprint with its evidence, one small JSON file per entry list in kb's cache
// folder (cache-store.ts), shared by every process. This module and the lexer it reads code with are
// part of every entry's evidence, so a change to how fingerprints are computed invalidates them all;
// so does another Node (builtins are left out of closures by Node's own list).
interface Stored {
  version: string;
  key: string;
  result: CodeFingerprint;
  read: [string, string][];
  probed: [string, boolean][];
}

/** The lexer's own code: another version may read imports differently. */
const LEXER = createRequire(import.meta.url).resolve('es-module-lexer');

function storeFile(memoKey: string): string | null {
  try {
    return join(kbCacheRoot(), 'code-fingerprints', `${createHash('sha1').update(memoKey).digest('hex')}.json`);
  } catch {
    return null;
  }
}

function fromStore(memoKey: string): CodeFingerprint | null {
  const file = storeFile(memoKey);
  if (file === null) return null;
  let stored: Stored;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
  } catch {
    return null;
  }
  if (stored.version !== process.version || stored.key !== memoKey || !Array.isArray(stored.read) || !Array.isArray(stored.probed)) return null;
  for (const [path, fileStamp] of stored.read) if (stamp(path) !== fileStamp) return null;
  for (const [path, found] of stored.probed) if (existsSync(path) !== found) return null;
  return stored.result;
}

function toStore(memoKey: string, result: CodeFingerprint, evidence: Evidence): void {
  const file = storeFile(memoKey);
  if (file === null) return;
  for (const code of [fileURLToPath(import.meta.url), LEXER]) evidence.read.set(code, stamp(code));
  const stored: Stored = { version: process.version, key: memoKey, result, read: [...evidence.read], probed: [...evidence.probed] };
  // Atomic, without fsync, like every cache file; the pending write keeps the process alive until
  // it is done. A cache: not being able to keep it only costs the next run the computation.
  writeFileAtomic(file, JSON.stringify(stored), { sync: false }).catch(() => {});
}
