// Small vaults written to a temp folder, for tests that need files on disk.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const REPO = new URL('../../', import.meta.url).pathname;
export const GEN_VAULT = join(REPO, '../shared/bench/gen-vault.mjs');

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

type LinkCounts = { total: number; resolved: number; redirect: number; fixable: number; unresolved: number; unresolvedInGraph: number };

export interface Manifest {
  pages: number;
  links: LinkCounts;
  stubs: string[];
  duplicates: { canonical: string; members: string[] }[];
  invalidFrontMatter: string[];
  redirectErrors: number;
  redirectPages: string[];
  afterFix: {
    deleted: string[];
    newRedirects: Record<string, string>;
    links: Record<string, number>;
    linksRewrittenAtLeast: number;
    graphLinksRemoved: number;
    mocCategories: string[];
    mocMembers: Record<string, string[]>;
  };
}

/** The vault-relative paths of every Markdown file under `dir`. */
export function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
}

/** Generates a vault with shared/bench/gen-vault.mjs and returns its folder and manifest. */
export function generateVault(pages: number, seed: number, tricky: boolean): { dir: string; manifest: Manifest } {
  const dir = mkdtempSync(join(tmpdir(), `kb-gen-${pages}-${seed}-`));
  const out = join(dir, 'vault');
  const args = [GEN_VAULT, '--pages', String(pages), '--seed', String(seed), '--out', out, ...(tricky ? ['--tricky'] : [])];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`gen-vault failed: ${result.stderr}`);
  const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as Manifest;
  return { dir: out, manifest };
}

/** Runs the `kb` CLI as a user would, on this repo's Node. */
export function kb(args: string[], options: { cwd?: string } = {}) {
  return spawnSync(process.execPath, [join(REPO, 'cli/kb.ts'), ...args], { encoding: 'utf8', cwd: options.cwd ?? REPO, maxBuffer: 1 << 28 });
}
