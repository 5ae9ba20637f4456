// Runs the real site build (`kb build`: site/build.ts → Astro → Pagefind) on a vault, in a child process with its
// own output and cache folders, as `npm run build` would.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface BuildResult {
  code: number | null;
  output: string;
}

export interface BuildOptions {
  strict?: boolean;
  cacheDir?: string;
  search?: boolean;
  verify?: boolean;
  /** --full: no incremental build. */
  full?: boolean;
  /** The project to build with (default this repository; see code-snapshot.ts). */
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with the child once it runs (a test may stop it). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

export function buildSite(vault: string, out: string, options: BuildOptions = {}): Promise<BuildResult> {
  const root = options.root ?? ROOT;
  const args = ['cli/kb.mjs', 'build', vault, '--out', out];
  if (options.strict) args.push('--strict');
  if (options.search === false) args.push('--no-search');
  if (options.full) args.push('--full');
  // The fixture's outputs are hand-written (XSS attempts among them) and content/'s are verified by
  // tests/content/outputs-verified.test.ts; the build tests test the build.
  if (!options.verify) args.push('--no-verify');
  const env = { ...process.env, ...(options.cacheDir ? { KB_CACHE_DIR: options.cacheDir } : {}), KB_STRICT: options.strict ? '1' : '', ...options.env };
  // Astro builds of one project share its `.astro/` folder (the prerender chunks live there), so two
  // test files building at once would delete each other's chunks: builds take turns on a lock.
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const lock = join(root, 'node_modules/.cache', root === ROOT ? 'kb-site-build.lock' : `kb-site-build-${Buffer.from(root).toString('hex').slice(-24)}.lock`);
  return new Promise((resolve, reject) => {
    // A child a test may stop leads its own process group, so flock and the build stop together.
    const child = spawn('flock', [lock, process.execPath, ...args], { cwd: root, env, detached: options.onSpawn !== undefined });
    options.onSpawn?.(child);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
