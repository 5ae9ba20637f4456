// Small vaults written to a temp folder, for tests that need files on disk.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { type Manifest, writeVault as writeGeneratedVault } from '../../bench/gen-vault.ts';

export const REPO = new URL('../../', import.meta.url).pathname;

/** Writes `files` (vault path → text or bytes) into a fresh temp folder and returns its path. */
export function writeVault(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-vault-'));
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

export function removeVault(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

export type { Manifest } from '../../bench/gen-vault.ts';

/** The vault-relative paths of every Markdown file under `dir`. */
export function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
}

/** Generates a vault with the project's generator (bench/gen-vault.ts) in a temp folder of its own; returns it and its manifest. */
export function generateVault(pages: number, seed: number, tricky: boolean): { dir: string; manifest: Manifest } {
  const dir = join(mkdtempSync(join(tmpdir(), `kb-gen-${pages}-${seed}-`)), 'vault');
  return { dir, manifest: writeGeneratedVault(dir, { pages, seed, tricky }) };
}

/** Runs the `kb` CLI as a user would, on this repo's Node. */
export function kb(args: string[], options: { cwd?: string } = {}) {
  return spawnSync(process.execPath, [join(REPO, 'cli/kb.mjs'), ...args], { encoding: 'utf8', cwd: options.cwd ?? REPO, maxBuffer: 1 << 28 });
}
