// A warm `kb check` prints the listing it printed last time (cli/output-cache.ts): it must be, byte for
// byte, what a check without any cache prints, for every option, working directory and vault state.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { vaultCacheDir } from '../../vault/cache-store.ts';
import { obsidianCopy } from '../helpers/obsidian-fixture.ts';
import { removeVault } from '../helpers/vault-fixture.ts';

const KB = fileURLToPath(new URL('../../cli/kb.mjs', import.meta.url));
const dir = obsidianCopy();
const parent = dirname(dir);
const cacheDir = mkdtempSync(join(tmpdir(), 'kb-output-cache-'));
const env = { ...process.env, KB_CACHE_DIR: cacheDir };
after(() => {
  removeVault(parent);
  removeVault(cacheDir);
});

const check = (args: string[], cwd = parent) => {
  const r = spawnSync(process.execPath, [KB, 'check', join(cwd === parent ? '' : '..', basename(dir)), ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const outputFile = () => join(vaultCacheDir(dir, env, parent), 'check-obsidian.output');

test('a warm check prints what a check without cache prints, for every option and working directory', () => {
  const sub = join(parent, 'elsewhere');
  mkdirSync(sub, { recursive: true });
  for (const [args, cwd] of [[[], parent], [['--quiet'], parent], [['--max-diagnostics', '2'], parent], [['--format', 'github'], parent], [[], sub]] as const) {
    const uncached = check([...args, '--no-cache'], cwd);
    assert.deepEqual(check([...args], cwd), uncached, `first cached run of ${args.join(' ')} in ${cwd}`);
    assert.deepEqual(check([...args], cwd), uncached, `warm run of ${args.join(' ')} in ${cwd}`);
  }
  assert.ok(existsSync(outputFile()), 'the printed listing is kept in the cache folder, outside the vault');
  assert.ok(!existsSync(join(dir, '.kb-cache')));
});

test('after an edit, and with a damaged cache file, the warm check still prints the fresh listing', () => {
  check([]);
  appendFileSync(join(dir, 'Home.md'), '\nA new line linking [[Nowhere Yet]].\n');
  const edited = check([]);
  assert.match(edited.stderr, /\[\[Nowhere Yet\]\]/);
  assert.deepEqual(edited, check(['--no-cache']));
  // One flipped byte: the digest no longer matches, so the file is ignored rather than printed.
  const bytes = readFileSync(outputFile());
  const at = bytes.length - 40;
  bytes[at] = bytes[at]! ^ 0x20;
  writeFileSync(outputFile(), bytes);
  assert.deepEqual(check([]), edited);
});
