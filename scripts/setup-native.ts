// `npm run setup:native`: makes `@tensorflow/tfjs-node` (the native backend) load on this machine.
//
// tfjs-node's own install script downloads libtensorflow 2.9.1 from Google's storage, which is not
// reachable here (and npm then drops the optional dependency). TensorFlow's CPU pip wheel ships the
// same C and eager C APIs in `libtensorflow_cc.so.2`, plus `libtensorflow_framework.so.2` and the
// headers, so we take those from the wheel and compile tfjs-node's Node-API addon against them.
// Node-API is ABI-stable, so the addon built with the system Node's headers loads in Node 24.
//
// Idempotent: when the addon already loads and reports the `tensorflow` backend, it does nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
const tfjsNodeVersion = pkg.optionalDependencies?.['@tensorflow/tfjs-node'] ?? '4.22.0';
const wheelVersion = process.env.KB_TENSORFLOW_WHEEL_VERSION ?? '2.21.0';
const cacheDir = join(process.env.KB_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kb'));
const moduleDir = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
const depsDir = join(moduleDir, 'deps');
const force = process.argv.includes('--force');

const say = (line: string) => console.error(`setup:native: ${line}`);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = root): void {
  say(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} exited with ${result.status ?? result.signal}`);
}

/** Loads tfjs-node in a fresh Node 24 process, as the runner will; returns the backend name or the error. */
function probe(): { ok: true; backend: string } | { ok: false; reason: string } {
  const script = `const tf = require('@tensorflow/tfjs-node'); process.stdout.write(tf.getBackend());`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  if (result.status === 0 && result.stdout.trim() === 'tensorflow') return { ok: true, backend: 'tensorflow' };
  const reason = (result.stderr || result.stdout).split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${result.status}`;
  return { ok: false, reason: reason.trim() };
}

/** Gets the package into node_modules without its install script and without touching package.json or the lock. */
function ensurePackage(): void {
  if (existsSync(join(moduleDir, 'package.json'))) return;
  run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `@tensorflow/tfjs-node@${tfjsNodeVersion}`]);
}

/** The wheel, downloaded once into the cache (pip uses the machine's configured index). */
function ensureWheel(): string {
  const wheelDir = join(cacheDir, 'wheels');
  const find = () => readdirSync(wheelDir).find((f) => f.startsWith(`tensorflow_cpu-${wheelVersion}-`) && f.endsWith('.whl'));
  mkdirSync(wheelDir, { recursive: true });
  const cached = find();
  if (cached) return join(wheelDir, cached);
  run('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', `tensorflow-cpu==${wheelVersion}`, '-d', wheelDir]);
  const wheel = find();
  if (!wheel) throw new Error(`pip did not leave a tensorflow_cpu-${wheelVersion} wheel in ${wheelDir}`);
  return join(wheelDir, wheel);
}

/** Unpacks only the two shared libraries and the header tree (not the wheel's 1 GB of Python). */
function ensureUnpacked(wheel: string): string {
  const dir = join(cacheDir, `tensorflow-cpu-${wheelVersion}`);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const extract = [
    'import sys, zipfile',
    'wheel, out = sys.argv[1], sys.argv[2]',
    'wanted = ("tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2")',
    'with zipfile.ZipFile(wheel) as z:',
    '    names = [n for n in z.namelist() if n in wanted or n.startswith("tensorflow/include/")]',
    '    z.extractall(out, names)',
    '    print(len(names))',
  ].join('\n');
  say(`unpacking libtensorflow and headers from ${wheel}`);
  const count = execFileSync('python3', ['-c', extract, wheel, dir], { encoding: 'utf8' }).trim();
  say(`${count} files unpacked into ${dir}`);
  writeFileSync(marker, `${wheelVersion}\n`);
  return dir;
}

/** Hard link when the cache is on the same filesystem (saves 850 MB), a copy otherwise. */
function linkOrCopy(from: string, to: string): void {
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    cpSync(from, to);
  }
}

/**
 * Lays out `deps/` as tfjs-node's binding.gyp expects it. `libtensorflow.so.2.9.1` is the file whose
 * presence makes tfjs-node's install script skip its download.
 */
function stageDeps(unpacked: string): void {
  const tfDir = join(unpacked, 'tensorflow');
  rmSync(depsDir, { recursive: true, force: true });
  mkdirSync(join(depsDir, 'lib'), { recursive: true });
  cpSync(join(tfDir, 'include'), join(depsDir, 'include'), { recursive: true });
  const lib = join(depsDir, 'lib');
  linkOrCopy(join(tfDir, 'libtensorflow_cc.so.2'), join(lib, 'libtensorflow_cc.so.2'));
  linkOrCopy(join(tfDir, 'libtensorflow_framework.so.2'), join(lib, 'libtensorflow_framework.so.2'));
  symlinkSync('libtensorflow_cc.so.2', join(lib, 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(lib, 'libtensorflow_framework.so'));
  symlinkSync('libtensorflow_cc.so.2', join(lib, 'libtensorflow.so.2.9.1'));
  symlinkSync('libtensorflow_framework.so.2', join(lib, 'libtensorflow_framework.so.2.9.1'));
}

/**
 * Compiles the addon. node-gyp needs Node's headers and cannot download them here, so it uses the
 * system Node's (`/usr/include/node`); the binding is Node-API only, so that is enough for Node 24.
 */
function buildAddon(): void {
  const nodedir = process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
  if (!nodedir) throw new Error('no Node headers found for node-gyp: install nodejs headers or set npm_config_nodedir');
  run('npm', ['rebuild', '@tensorflow/tfjs-node'], {
    ...process.env,
    npm_config_nodedir: nodedir,
    // Skip node-pre-gyp's attempt to fetch a prebuilt addon from Google's storage.
    npm_config_build_from_source: 'true',
  });
}

const before = force ? { ok: false as const, reason: '--force' } : probe();
if (before.ok) {
  say(`@tensorflow/tfjs-node already loads (backend ${before.backend}); nothing to do`);
} else {
  const t0 = Date.now();
  say(`native backend not ready (${before.reason}); building it from tensorflow-cpu ${wheelVersion}`);
  ensurePackage();
  const unpacked = ensureUnpacked(ensureWheel());
  stageDeps(unpacked);
  buildAddon();
  const after = probe();
  if (!after.ok) {
    say(`the addon was built but does not load: ${after.reason}`);
    process.exit(1);
  }
  say(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s: @tensorflow/tfjs-node loads, backend ${after.backend}`);
}
