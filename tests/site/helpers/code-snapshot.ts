// A copy of the project's code (node_modules linked, not copied) to build with. The build's
// fingerprint covers the site's, the engine's and the runner's sources, so a test that compares an
// incremental build with a full one builds from a snapshot: sources being edited meanwhile cannot
// turn its incremental build into a full one, and the test can edit a site source of its own.
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './build-site.ts';

const CODE = ['site', 'vault', 'runner', 'schemas', 'cli', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

export function codeSnapshot(): string {
  const root = mkdtempSync(join(tmpdir(), 'kb-code-'));
  for (const path of CODE.filter((p) => existsSync(join(ROOT, p)))) cpSync(join(ROOT, path), join(root, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}
