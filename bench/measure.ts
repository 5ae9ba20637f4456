// Runs a command as a child process and reports wall time and peak RSS, as a user would see them:
// GNU time's %M is the peak of the whole child (worker threads included).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  wallS: number;
  peakRssMB: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` on the same Node as the bench, under /usr/bin/time. */
export function measureNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'kb-bench-'));
  const timeFile = join(dir, 'time');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%M', process.execPath, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      const peakKB = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
      rmSync(dir, { recursive: true, force: true });
      resolve({ wallS, peakRssMB: peakKB / 1024, code, stdout, stderr });
    });
  });
}
