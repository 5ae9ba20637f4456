// Runs `kb dev` on a vault in a child process (its own process group, so stopping it stops Astro
// too), and resolves once the server says where it serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './build-site.ts';

export interface DevServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A port nothing listens on now (the OS picks it), for a server started next. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startDev(vault: string, cacheDir: string, env: NodeJS.ProcessEnv = {}): Promise<DevServer> {
  const port = await freePort();
  // The same lock as the site builds (build-site.ts): Astro's .astro/ folder is the project's.
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const lock = join(ROOT, 'node_modules/.cache/kb-site-build.lock');
  const child: ChildProcess = spawn('flock', [lock, process.execPath, 'cli/kb.mjs', 'dev', vault, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, KB_CACHE_DIR: cacheDir, ...env },
    detached: true,
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kb dev did not start in 180 s:\n${output}`)), 180_000);
    const onData = (d: Buffer) => {
      output += d;
      if (/kb dev: serving/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kb dev exited ${code}:\n${output}`));
    });
  });
  return {
    url: `http://localhost:${port}`,
    output: () => output,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      await exited;
    },
  };
}
