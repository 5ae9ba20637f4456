// One vault file from disk → Page, on the main thread or in a parse worker alike: a file that cannot
// be read still becomes a page, with the reason as its diagnostic.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../schemas/index.ts';
import type { VaultFile } from './files.ts';
import { parsePage, unreadablePage } from './parse-page.ts';
import type { Page } from './types.ts';

export function parseFile(root: string, file: VaultFile, profile: Profile): Page {
  try {
    return parsePage(file.path, readFileSync(join(root, file.diskPath)), { profile });
  } catch (error) {
    return unreadablePage(file.path, error, { profile });
  }
}
