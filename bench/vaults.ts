// Generated vaults for benchmarks, made once per size and seed under bench/out/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const generator = fileURLToPath(new URL('../../shared/bench/gen-vault.mjs', import.meta.url));

/** A pristine generated vault (never edited by a bench), generated on first use. */
export function generatedVault(pages: number, seed = 1): string {
  const dir = `${root}bench/out/vault-${pages}-${seed}`;
  if (!existsSync(`${dir}.manifest.json`)) {
    const result = spawnSync(process.execPath, [generator, '--pages', String(pages), '--seed', String(seed), '--out', dir], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`gen-vault failed: ${result.stderr}`);
  }
  return dir;
}

/** A fresh copy of a generated vault that a bench may edit or fix. */
export function scratchCopy(pages: number, seed = 1): string {
  const source = generatedVault(pages, seed);
  const copy = `${source}-scratch`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(source, copy, { recursive: true, filter: (src) => !src.includes('.kb-cache') });
  return copy;
}

export const KB = fileURLToPath(new URL('../cli/kb.ts', import.meta.url));
