// The persistent parse cache: parsed pages keyed by content hash, in `<vault>/.kb-cache/` (a hidden
// folder, so neither kb nor Obsidian treats it as part of the vault). The whole cache is dropped when
// the fingerprint changes: parser, plugins, schema, profile.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Profile } from '../schemas/index.ts';
import { PARSE_VERSION } from './parse-page.ts';
import type { Page } from './types.ts';

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  page: Page;
}

interface CacheFile {
  fingerprint: string;
  entries: Record<string, CacheEntry>;
}

const require = createRequire(import.meta.url);
const PARSING_PACKAGES = ['remark-parse', 'remark-wiki-link', 'micromark-extension-gfm-table', 'mdast-util-gfm-table', 'micromark', 'mdast-util-from-markdown', 'yaml', 'gray-matter', 'zod'];
// The sources whose behaviour the cached result depends on; editing any of them invalidates it.
const PARSING_SOURCES = ['../schemas/fields.ts', '../schemas/topic.ts', '../schemas/moc.ts', '../schemas/obsidian.ts', '../schemas/index.ts', './frontmatter.ts', './markdown.ts', './parse-page.ts', './paths.ts'];

let fingerprintMemo: string | undefined;

export function cacheFingerprint(profile: Profile): string {
  if (fingerprintMemo === undefined) {
    const hash = createHash('sha1').update(PARSE_VERSION).update(process.version);
    for (const name of PARSING_PACKAGES) {
      try {
        hash.update(`${name}@${(require(`${name}/package.json`) as { version: string }).version}`);
      } catch {
        hash.update(`${name}@?`);
      }
    }
    for (const source of PARSING_SOURCES) hash.update(readFileSync(new URL(source, import.meta.url)));
    fingerprintMemo = hash.digest('hex');
  }
  return `${fingerprintMemo}:${profile}`;
}

export function cacheFile(vaultDir: string, profile: Profile): string {
  return join(vaultDir, '.kb-cache', `pages-${profile}.bin`);
}

export async function readCache(file: string, fingerprint: string): Promise<Map<string, CacheEntry>> {
  try {
    const data = deserialize(await readFile(file)) as CacheFile;
    if (data.fingerprint !== fingerprint) return new Map();
    return new Map(Object.entries(data.entries));
  } catch {
    // Missing, truncated by a crash, or from another Node version: a cold run rebuilds it.
    return new Map();
  }
}

export async function writeCache(file: string, fingerprint: string, entries: Map<string, CacheEntry>): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, serialize({ fingerprint, entries: Object.fromEntries(entries) } satisfies CacheFile));
  await rename(temp, file);
}
