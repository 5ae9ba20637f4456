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
import type { Diagnostic, VaultPath } from '../../vault/index.ts';
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

test('a listing patched page by page equals the listing printed from the whole report, for every format', async () => {
  const { keptListing, patchPrinted, printReport } = await import('../../cli/check-output.ts');
  const { tallyRules, linkCounts, ruleCounts } = await import('../../vault/check.ts');
  const d = (file: string, line: number, severity: Diagnostic['severity'], rule: string, message: string): Diagnostic => ({ file: file as VaultPath, line, column: 3, severity, rule, message });
  const unchanged = ['a.md', 'a2.md', 'e.md', 'f.md', 'g.md'].map((file, i) => d(file, i + 1, i % 2 ? 'info' : 'warning', 'stub', `stub page ${i}`));
  const before = [...unchanged.slice(0, 2), d('b.md', 2, 'info', 'unresolved-link', '[[헤시안]] resolves to no page'), d('c.md', 9, 'error', 'yaml-syntax', 'bad YAML'), ...unchanged.slice(2)];
  // b.md edited (a new rule, a new first example), c.md fixed, d.md broken: the other files are copied as bytes, in runs.
  const after = [...unchanged.slice(0, 2), d('b.md', 1, 'warning', 'fixable-link', '[[Graf]] most likely means Graph.md'), before[2]!, d('d.md', 4, 'error', 'yaml-syntax', 'worse YAML'), unchanged[2]!, unchanged[3]!, unchanged[4]!];
  const files = ['a.md', 'a2.md', 'b.md', 'c.md', 'd.md', 'e.md', 'f.md', 'g.md'];
  const report = (diagnostics: Diagnostic[]) => ({ pages: 8, links: linkCounts([]), stubs: ['a.md'], duplicates: [], redirectErrors: 0, invalidFrontMatter: [...new Set(diagnostics.filter((x) => x.severity === 'error').map((x) => x.file))], diagnostics });
  for (const options of [{ format: 'human', color: false }, { format: 'human', color: true }, { format: 'human', color: false, quiet: true }, { format: 'github', color: false }] as const) {
    const printing = { dir: 'v', root: join(parent, 'v'), profile: { profile: 'obsidian' as const, reason: 'test' }, ...options };
    const first = printReport(report(before), tallyRules(before), printing);
    const kept = { signature: 'x', exitCode: first.exitCode, stdout: first.stdout, stderr: first.stderr, listing: () => first.listing };
    const pages = files.map((path) => ({ path, ruleCounts: ruleCounts(after.filter((x) => x.file === path)) }));
    const { diagnostics: _all, ...head } = report(after);
    const patched = patchPrinted(keptListing(kept, printing), pages, new Set(['b.md', 'c.md', 'd.md']), (path) => after.filter((x) => x.file === path), head, printing);
    assert.deepEqual(patched, printReport(report(after), tallyRules(after), printing), `${JSON.stringify(options)}`);
  }
  const cut = printReport(report(before), tallyRules(before), { dir: 'v', root: parent, color: false, format: 'human', max: 1, profile: { profile: 'obsidian', reason: 'test' } });
  assert.equal(cut.listing, null, 'a listing cut by --max-diagnostics is not patched');
});

test('every format is patched after an edit to what a check without cache prints', () => {
  let n = 0;
  for (const args of [[], ['--quiet'], ['--format', 'github']]) {
    check(args);
    appendFileSync(join(dir, 'Home.md'), `\nAnother line linking [[Not Yet ${++n}]].\n`);
    const patched = check(args);
    // Unresolved links are info under obsidian: --quiet shows only their count going up.
    if (!args.includes('--quiet')) assert.match(patched.stdout + patched.stderr, new RegExp(`Not Yet ${n}`));
    assert.deepEqual(patched, check([...args, '--no-cache']), args.join(' '));
  }
});
