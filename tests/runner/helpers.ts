// Shared by the runner tests: a temporary vault holding copies of fixture pages.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/runner/', import.meta.url));

export interface TempVault {
  dir: string;
  read(name: string): string;
  remove(): void;
}

export function tempVault(...names: string[]): TempVault {
  const dir = mkdtempSync(join(tmpdir(), 'kb-run-test-'));
  for (const name of names) cpSync(join(FIXTURES, name), join(dir, name));
  return { dir, read: (name) => readFileSync(join(dir, name), 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
