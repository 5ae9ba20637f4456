// Generated vaults for benchmarks, made once per size and seed under bench/out/ (git-ignored).
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeVault } from './gen-vault.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const GENERATOR = fileURLToPath(new URL('./gen-vault.ts', import.meta.url));

/** A pristine generated vault (never edited by a bench), generated on first use. */
export function generatedVault(pages: number, seed = 1): string {
  const dir = `${root}bench/out/vault-${pages}-${seed}`;
  // Regenerated when the generator changed since: a vault made by an older one would not match its manifest.
  if (!existsSync(`${dir}.manifest.json`) || statSync(`${dir}.manifest.json`).mtimeMs < statSync(GENERATOR).mtimeMs) writeVault(dir, { pages, seed });
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

export const KB = fileURLToPath(new URL('../cli/kb.mjs', import.meta.url));
