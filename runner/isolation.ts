// How a block's process is started: the command line of the OS sandbox (bubblewrap) around Node,
// Node's own permission flags inside it, the rlimits and the environment. Two layers, each useful on
// its own: bubblewrap decides what exists for the process (no network, no other processes, a
// read-only filesystem of Node, its libraries and kb's runner); Node's permission model refuses
// reads outside the runner, writes, child processes, workers and addons even where bubblewrap is
// missing. Nothing here trusts the block; the parent measures and kills (runner/pool.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from './protocol.ts';

/** The folder holding kb's runner/ and schemas/: the repository, or lib/ of an installed package. */
const CODE_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** kb's package: the nearest folder above the code with a package.json (its `type` makes the .js modules). */
const PACKAGE_ROOT = packageRoot(CODE_ROOT);

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/**
 * The node_modules folders the child's imports (tfjs, zod) resolve from: kb's own and, when kb is itself
 * installed (…/node_modules/kb), every node_modules it lies in, where npm hoists its dependencies.
 */
export function moduleFolders(packageDir: string): string[] {
  const folders = [join(packageDir, 'node_modules')];
  for (let dir = packageDir; dirname(dir) !== dir; dir = dirname(dir)) {
    if (dir.endsWith(`${sep}node_modules`)) folders.push(dir);
  }
  return folders.filter((f) => existsSync(f));
}

const MODULE_FOLDERS = moduleFolders(PACKAGE_ROOT);
const require = createRequire(import.meta.url);
/** The child's entry, with this module's own extension: `.ts` from source, `.js` once compiled into a package. */
export const CHILD_ENTRY = fileURLToPath(new URL(`./child/main${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/**
 * What the block's process may read (both layers): kb's own code and packages, nothing of the vault or
 * $HOME. Each node_modules is readable entry by entry but for `.cache`, where kb (and Babel, ESLint…)
 * keep their caches: kb's hold the parsed notes of every vault checked from this project.
 */
export function readablePaths(): string[] {
  const packages = MODULE_FOLDERS.flatMap((folder) => readdirSync(folder).filter((entry) => entry !== '.cache').map((entry) => join(folder, entry)));
  return [join(CODE_ROOT, 'runner'), join(CODE_ROOT, 'schemas'), join(PACKAGE_ROOT, 'package.json'), ...packages].filter((p) => existsSync(p));
}

/** The only environment a block sees: no tokens, no $HOME, no NODE_OPTIONS. TZ and LANG keep dates and text the same everywhere. */
export const CHILD_ENV: Readonly<Record<string, string>> = { TF_CPP_MIN_LOG_LEVEL: '2', TZ: 'UTC', LANG: 'C.UTF-8' };

/** The unprivileged user and group the sandboxed process runs as (`nobody` on Debian and most distributions). */
export const NOBODY = 65534;

export interface Limits {
  memoryMB: number;
  /** RLIMIT_CPU, seconds of CPU time (all threads) the process may use, warm-up included. */
  cpuSeconds: number;
  /** RLIMIT_NPROC (processes and threads of the sandbox's user), RLIMIT_NOFILE and RLIMIT_FSIZE (bytes). */
  processes: number;
  openFiles: number;
  fileBytes: number;
  /** Size of the private /tmp (tmpfs pages are not in the process's RSS, so they have their own cap). */
  tmpBytes: number;
}

export function defaultLimits(memoryMB: number, longestTimeoutMs: number): Limits {
  return {
    memoryMB,
    // Warm-up (loading libtensorflow) plus twice the longest block timeout: a backstop the kernel
    // enforces even if kb itself is stopped; the parent's wall-clock timeout normally comes first.
    cpuSeconds: 120 + Math.ceil((2 * longestTimeoutMs) / 1000),
    processes: 512,
    openFiles: 256,
    fileBytes: 16 << 20,
    tmpBytes: 64 << 20,
  };
}

/**
 * Node's flags: the permission model as the inner layer (addons only for the native backend, which is
 * one). `permission: false` leaves it out, for testing the bubblewrap layer on its own.
 */
export function nodeFlags(backends: readonly BackendName[], memoryMB: number, permission = true): string[] {
  const flags = ['--no-warnings', `--max-old-space-size=${memoryMB}`];
  if (!permission) return flags;
  // Node 20 names the permission model `--experimental-permission` (Node 22.13 made it `--permission`).
  flags.push(process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission', ...readablePaths().map((p) => `--allow-fs-read=${p}`), ...sqliteOff());
  if (backends.includes('tensorflow')) flags.push('--allow-addons');
  return flags;
}

/** node:sqlite can open files outside the permission model's view on some versions; Node 20 has no sqlite (nor the flag). */
function sqliteOff(): string[] {
  return process.allowedNodeEnvironmentFlags.has('--no-experimental-sqlite') ? ['--no-experimental-sqlite'] : [];
}

/** Which layers a block's process gets: all of them normally; one alone in the tests that check each layer. */
export type Layers = 'all' | 'sandbox-only' | 'permission-only';

/** The child's arguments: its entry, the backends, and `bare` when the in-process refusals are off too. */
export function childArgs(backends: readonly BackendName[], layers: Layers): string[] {
  return [CHILD_ENTRY, backends.join(','), ...(layers === 'sandbox-only' ? ['bare'] : [])];
}

/** Shared libraries a binary loads (via ldd), resolved, so each can be bound alone; null when ldd is missing or fails. */
function sharedLibraries(binary: string): string[] | null {
  const r = spawnSync('ldd', [binary], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0 || !r.stdout) return null;
  const libs: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

/** tfjs-node's compiled addons and the libtensorflow files beside them (setup:native may leave symlinks into ~/.cache/kb). */
function nativeFiles(): string[] {
  let dir: string;
  try {
    dir = dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const sub of ['lib', 'deps/lib']) {
    const base = join(dir, sub);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() || entry.isSymbolicLink()) out.push(join(entry.parentPath, entry.name));
    }
  }
  return out;
}

const isModuleEntry = (p: string) => MODULE_FOLDERS.includes(dirname(p));

/** Read-only binds: each path at its own place, plus, for a symlink, the file it points to. */
function bindArgs(paths: Iterable<string>): string[] {
  const seen = new Set<string>();
  const args: string[] = [];
  const add = (p: string) => {
    // A package folder is bound whole; only what its links point to outside it needs a bind of its own.
    if (seen.has(p) || !existsSync(p) || (MODULE_FOLDERS.some((f) => p.startsWith(`${f}${sep}`)) && !isModuleEntry(p))) return;
    seen.add(p);
    args.push('--ro-bind', p, p);
  };
  for (const p of paths) {
    add(p);
    try {
      const real = realpathSync(p);
      if (real !== p) add(real);
    } catch {
      // A dangling link binds nothing.
    }
  }
  return args;
}

let libraryCache: string[] | null | undefined;

/** Node's binary and its libraries; with the native backend, libtensorflow's too. Whole library folders when ldd is missing. */
function runtimeFiles(native: boolean): string[] {
  libraryCache ??= sharedLibraries(process.execPath);
  const libs = libraryCache ?? ['/lib', '/lib64', '/usr/lib', '/usr/lib64'];
  const files = [realpathSync(process.execPath), process.execPath, ...libs];
  if (native) {
    const natives = nativeFiles();
    files.push(...natives);
    const addon = natives.find((f) => f.endsWith('.node'));
    if (addon) files.push(...(sharedLibraries(addon) ?? []).filter((l) => !MODULE_FOLDERS.some((f) => l.startsWith(`${f}${sep}`))));
  }
  return files;
}

export interface Command {
  file: string;
  args: string[];
  /** Host user to start it as (only when kb runs as root). */
  uid?: number;
  gid?: number;
}

/** `prlimit … -- bwrap … node <flags> <child> <backends>`: the whole sandbox for one block's process. */
export function sandboxedCommand(backends: readonly BackendName[], limits: Limits, bwrap: Bwrap, tail: string[] = childArgs(backends, 'all')): Command {
  const node = process.execPath;
  const bwrapArgs = [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--uid', String(NOBODY),
    '--gid', String(NOBODY),
    '--clearenv',
    ...Object.entries(CHILD_ENV).flatMap(([k, v]) => ['--setenv', k, v]),
    // The private /tmp before the binds: kb (a CI checkout, a test project) may itself live under /tmp,
    // and a tmpfs mounted after the binds would hide it.
    '--size', String(limits.tmpBytes),
    '--tmpfs', '/tmp',
    ...bindArgs([...runtimeFiles(backends.includes('tensorflow')), ...readablePaths()]),
    '--proc', '/proc',
    '--dev', '/dev',
    // The root bwrap builds is itself a writable tmpfs without a size cap: made read-only, /tmp is the only place to write.
    '--remount-ro', '/',
    '--chdir', '/tmp',
    '--info-fd', '4',
    node, ...nodeFlags(backends, limits.memoryMB, !tail.includes('bare')), ...tail,
  ];
  return {
    file: bwrap.prlimit ?? bwrap.path,
    args: bwrap.prlimit ? [...rlimitArgs(limits), '--', bwrap.path, ...bwrapArgs] : bwrapArgs,
    ...(bwrap.asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  };
}

function rlimitArgs(limits: Limits): string[] {
  return [`--cpu=${limits.cpuSeconds}`, `--nproc=${limits.processes}`, `--nofile=${limits.openFiles}`, `--fsize=${limits.fileBytes}`, '--core=0'];
}

/** Without bubblewrap: Node with its permission model and the bare environment, as before the sandbox existed. */
export function unsandboxedCommand(backends: readonly BackendName[], limits: Limits, prlimit: string | null): Command {
  const nodeArgs = [...nodeFlags(backends, limits.memoryMB), ...childArgs(backends, 'all')];
  return prlimit ? { file: prlimit, args: [...rlimitArgs(limits), '--', process.execPath, ...nodeArgs] } : { file: process.execPath, args: nodeArgs };
}

export interface Bwrap {
  path: string;
  prlimit: string | null;
  /** Start bwrap as `nobody` (kb runs as root): RLIMIT_NPROC does not bind root's processes, and an escape is not root. */
  asNobody: boolean;
}

export type SandboxProbe = { ok: true; bwrap: Bwrap } | { ok: false; reason: string; prlimit: string | null };

function which(name: string): string | null {
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

let probed: Map<string, SandboxProbe> | undefined;

/**
 * Whether bubblewrap can start Node here with the binds a block needs, tried once per backend set
 * (a container without user namespaces, macOS, or a kb installed where `nobody` cannot read fail).
 */
export function probeSandbox(backends: readonly BackendName[]): SandboxProbe {
  probed ??= new Map();
  const key = backends.join(',');
  const known = probed.get(key);
  if (known) return known;
  const result = probe(backends);
  probed.set(key, result);
  return result;
}

function probe(backends: readonly BackendName[]): SandboxProbe {
  const prlimit = which('prlimit');
  if (process.platform !== 'linux') return { ok: false, reason: `bubblewrap needs Linux (this is ${process.platform})`, prlimit };
  const path = process.env.KB_BWRAP ?? which('bwrap');
  if (!path || !existsSync(path)) return { ok: false, reason: 'bubblewrap (bwrap) is not installed; install your distribution\'s `bubblewrap` package', prlimit };
  const isRoot = process.getuid?.() === 0;
  const limits = defaultLimits(512, 0);
  let last = '';
  // Try as `nobody` first when root; a kb installed under a private home may only be readable by root.
  for (const asNobody of isRoot ? [true, false] : [false]) {
    const bwrap: Bwrap = { path, prlimit, asNobody };
    const cmd = sandboxedCommand(backends, limits, bwrap, ['-e', '0']);
    const r = spawnSync(cmd.file, cmd.args, { encoding: 'utf8', timeout: 20_000, env: {}, uid: cmd.uid, gid: cmd.gid, stdio: ['ignore', 'ignore', 'pipe', 'ignore', 'pipe'] });
    if (r.status === 0) return { ok: true, bwrap };
    last = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').at(-1) ?? '';
  }
  return { ok: false, reason: `bubblewrap cannot start a sandbox here (${last})`, prlimit };
}

/** For tests: forget probe results (e.g. after changing KB_BWRAP). */
export function resetSandboxProbe(): void {
  probed = undefined;
}

export const RUNNER_DIR = dirname(CHILD_ENTRY);
