// One vault file from disk → Page, on the main thread or in a parse worker alike: a file that cannot
// be read still becomes a page, with the reason as its diagnostic.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Profile } from '../schemas/index.ts';
import type { VaultFile } from './files.ts';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.ts';
import { parsePage, skippedPage, tooLarge, unreadablePage } from './parse-page.ts';
import type { Page } from './types.ts';

export function parseFile(root: string, file: VaultFile, profile: Profile, limits: ParseLimits = DEFAULT_LIMITS): Page {
  try {
    const fd = openSync(join(root, file.diskPath), 'r');
    try {
      const size = fstatSync(fd).size;
      // A note past the size limit is hashed in chunks, never held whole: memory stays bounded.
      if (size > limits.maxNoteBytes) return skippedPage(file.path, hashInChunks(fd), size, tooLarge(size, limits), { profile, limits });
      return parsePage(file.path, readFileSync(fd), { profile, limits });
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return unreadablePage(file.path, error, { profile, limits });
  }
}

const CHUNK = 1 << 20;

/** The same digest as `hashBytes`, read 1 MB at a time. */
function hashInChunks(fd: number): string {
  const hash = createHash('sha1');
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) hash.update(buffer.subarray(0, n));
  return hash.digest('hex');
}
