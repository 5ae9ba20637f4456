// Remembers verified executions: key = what determines a block's result (code, setup, flags,
// backend, tfjs version, the runner's code and packages); value = a digest of the output embedded when it was
// verified. A block whose key and embedded output are both unchanged is not run again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kbCacheRoot } from '../vault/cache-store.ts';
import { codeFingerprint } from '../vault/code-fingerprint.ts';
import { siblingModule } from '../vault/sibling-module.ts';
import { writeFileAtomic } from '../vault/write.ts';
import type { ExampleBlock } from './blocks.ts';
import type { ExampleWithOutput } from './embedded.ts';
import { normaliseText } from './render.ts';

/** The runner's code (its import closure, the child included) and the packages it uses: any change to them can change what a block outputs. */
const runnerCode = () => codeFingerprint([siblingModule('./run.ts', import.meta.url), siblingModule('./child/main.ts', import.meta.url)]).hash;

/**
 * `KB_RUN_CACHE` moves it (CI caches, benchmarks); by default it is in kb's cache folder (the project's
 * node_modules/.cache/kb, else ~/.cache/kb: vault/cache-store.ts), so a clean checkout has none and an
 * installed kb never writes inside its own package folder.
 */
export const DEFAULT_CACHE_FILE = process.env.KB_RUN_CACHE ?? join(kbCacheRoot(), 'run-cache.json');

export function cacheKey(example: ExampleBlock, backend: string, tfjsVersion: string): string {
  return createHash('sha256')
    .update([runnerCode(), process.version, tfjsVersion, backend, example.hash, example.block.meta ?? ''].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

/** What is embedded after a block, as the digest sees it: info-string metadata and body of each block. */
export interface EmbeddedText {
  output: { meta: string; text: string };
  charts: { meta: string; text: string }[];
}

export function embeddedDigest(embedded: EmbeddedText): string {
  const h = createHash('sha256');
  h.update(embedded.output.meta).update('\0').update(normaliseText(embedded.output.text));
  for (const c of embedded.charts) h.update('\0').update(c.meta).update('\0').update(normaliseText(c.text));
  return h.digest('hex').slice(0, 32);
}

/** The digest of the outputs a page embeds after an example, or null when it has none. */
export function digestOf(entry: Pick<ExampleWithOutput, 'output' | 'charts'>): string | null {
  if (!entry.output) return null;
  return embeddedDigest({
    output: { meta: entry.output.block.meta ?? '', text: entry.output.text },
    charts: entry.charts.map((c) => ({ meta: c.block.meta ?? '', text: c.block.value })),
  });
}

export class RunCache {
  readonly file: string;
  #entries: Record<string, string>;
  #dirty = false;

  constructor(file: string = DEFAULT_CACHE_FILE) {
    this.file = file;
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      this.#entries = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch {
      // A missing or unreadable cache only costs a re-run.
      this.#entries = {};
    }
  }

  verified(key: string, digest: string | null): boolean {
    return digest !== null && this.#entries[key] === digest;
  }

  remember(key: string, digest: string): void {
    if (this.#entries[key] === digest) return;
    this.#entries[key] = digest;
    this.#dirty = true;
  }

  async save(): Promise<void> {
    if (!this.#dirty) return;
    await writeFileAtomic(this.file, JSON.stringify(this.#entries));
    this.#dirty = false;
  }
}
