// tests/fixtures/obsidian-vault: a small vault written to the traits of real Obsidian vaults.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './vault-fixture.ts';

export const OBSIDIAN_FIXTURE = join(REPO, 'tests/fixtures/obsidian-vault');

/** A scratch copy at `<temp>/vault`, so nothing (a cache, a fix) ever writes into the fixture. */
export function obsidianCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kb-obsidian-')), 'vault');
  cpSync(OBSIDIAN_FIXTURE, dir, { recursive: true, filter: (src) => !src.includes('.kb-cache') });
  return dir;
}
