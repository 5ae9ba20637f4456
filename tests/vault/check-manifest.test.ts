// `kb check --json` on generated vaults equals what gen-vault's manifest says a correct check reports.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { after, test } from 'node:test';
import { checkReport, loadVault } from '../../vault/index.ts';
import { generateVault, kb, REPO, removeVault } from '../helpers/vault-fixture.ts';

const cases = [
  { pages: 300, seed: 1, tricky: false },
  { pages: 300, seed: 2, tricky: true },
  { pages: 1200, seed: 3, tricky: true },
  { pages: 3000, seed: 4, tricky: false },
];
const made: string[] = [];
// generateVault writes the vault and its manifest into a temp folder of their own.
after(() => made.forEach((dir) => removeVault(dirname(dir))));

const sameAsManifest = (report: ReturnType<typeof checkReport>, manifest: ReturnType<typeof generateVault>['manifest']) => {
  assert.equal(report.pages, manifest.pages);
  assert.deepEqual(report.links, manifest.links);
  assert.deepEqual(report.stubs, manifest.stubs);
  assert.deepEqual(report.duplicates, manifest.duplicates);
  assert.deepEqual(report.invalidFrontMatter, manifest.invalidFrontMatter);
  assert.equal(report.redirectErrors, manifest.redirectErrors);
};

for (const c of cases) {
  test(`check on a generated ${c.pages}-page vault (seed ${c.seed}${c.tricky ? ', tricky' : ''}) reports what the manifest says`, async () => {
    const { dir, manifest } = generateVault(c.pages, c.seed, c.tricky);
    made.push(dir);
    sameAsManifest(checkReport(await loadVault(dir, { cache: false })), manifest);
  });
}

test('the kb check --json command prints the manifest numbers and exits 1 on invalid front-matter', () => {
  const { dir, manifest } = generateVault(300, 7, true);
  made.push(dir);
  const result = kb(['check', dir, '--json', '--no-cache']);
  assert.equal(result.status, 1, result.stderr);
  sameAsManifest(JSON.parse(result.stdout), manifest);
});

test('a warm check from the parse cache reports exactly what a cold check does', async () => {
  const { dir } = generateVault(400, 8, true);
  made.push(dir);
  const cold = checkReport(await loadVault(dir, { cache: true }));
  const warm = await loadVault(dir, { cache: true });
  assert.equal(warm.stats.parsed, 0);
  assert.deepEqual(checkReport(warm), cold);
});

test('kb check reuses its report for an unchanged vault and notices a one-page edit', async () => {
  const { appendFileSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { dir, manifest } = generateVault(300, 9, false);
  made.push(dir);
  const { vaultCacheDir } = await import('../../vault/cache-store.ts');
  const first = kb(['check', dir, '--json']);
  // Kept outside the vault (spec §10), in the folder kb chooses for it from the repository's root.
  assert.ok(existsSync(join(vaultCacheDir(dir, process.env, REPO), 'check-topic.report')));
  assert.ok(!existsSync(join(dir, '.kb-cache')));
  assert.equal(kb(['check', dir, '--json']).stdout, first.stdout);
  const page = Object.keys(manifest.afterFix.newRedirects)[0]!;
  appendFileSync(join(dir, page), '\nNow with a link to [[Nowhere At All]].\n');
  const edited = JSON.parse(kb(['check', dir, '--json']).stdout);
  assert.equal(edited.links.total, manifest.links.total + 1);
  assert.equal(edited.links.unresolved, manifest.links.unresolved + 1);
});
