// `kb check` after a few edits patches the last report (vault/check-incremental.ts). Every edit here
// is checked both ways: the patched report must equal, byte for byte, the report of a full check of
// the edited vault, and so must the snapshot left for the next run; edits that change what other
// pages see must fall back to the full check.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { reportJson } from '../../vault/check-cache.ts';
import { incrementalCheck, snapshotOf, type CheckSnapshot } from '../../vault/check-incremental.ts';
import { checkReport } from '../../vault/check.ts';
import { loadVault } from '../../vault/load.ts';
import { statVault } from '../../vault/stat.ts';
import { generateVault, kb, removeVault } from '../helpers/vault-fixture.ts';

const dir = generateVault(300, 3, true).dir;
after(() => removeVault(dirname(dir)));
const file = (path: string) => join(dir, path);

async function fullCheck(): Promise<{ json: string; snapshot: CheckSnapshot }> {
  const stat = await statVault(dir, 'topic');
  const vault = await loadVault(dir, { cache: false, stat, workers: 0 });
  const report = checkReport(vault);
  return { json: reportJson(report), snapshot: snapshotOf(vault, report, stat) };
}

let snapshot: CheckSnapshot;
before(async () => {
  const prose = 'A page whose id another page also claims, with enough prose to be no stub. '.repeat(4);
  for (const name of ['Clash-A', 'Clash-B']) writeFileSync(file(`${name}.md`), `---\nid: wiki-2026-0101-clash\ntitle: ${name} Page\ncategory: Topics\nstatus: draft\n---\n# ${name}\n\n${prose}\n`);
  snapshot = (await fullCheck()).snapshot;
});

/** Applies `edit`, then compares the patched report with a full check; returns the fallback reason, if any. */
async function afterEdit(edit: () => void): Promise<string | null> {
  edit();
  const stat = await statVault(dir, 'topic');
  const patched = await incrementalCheck(dir, 'topic', stat, snapshot);
  const full = await fullCheck();
  snapshot = full.snapshot;
  if ('fallback' in patched) return patched.fallback;
  assert.equal(patched.json, full.json, 'the patched report differs from a full check');
  assert.deepEqual(patched.snapshot, full.snapshot, 'the snapshot left for the next run differs from a full check');
  assert.equal(patched.errors, (JSON.parse(full.json) as { diagnostics: { severity: string }[] }).diagnostics.some((d) => d.severity === 'error'));
  return null;
}

const pagesWhere = (keep: (path: string, page: CheckSnapshot['pages'][string]) => boolean) => Object.entries(snapshot.pages).filter(([path, page]) => keep(path, page)).map(([path]) => path);
const inCluster = (path: string) => snapshot.report.duplicates.some((c) => c.canonical === path || c.members.includes(path));
const plainTopics = () => pagesWhere((path, p) => p.skeleton.kind === 'topic' && !p.skeleton.stub && !p.skeleton.binary && !inCluster(path) && !p.errors);

test('incremental check: appended prose and links of every class are patched in', async () => {
  const [a, b] = plainTopics();
  const redirect = pagesWhere((_, p) => p.skeleton.kind === 'redirect')[0]!;
  const target = plainTopics()[5]!.replace(/\.md$/, '');
  assert.equal(
    await afterEdit(() => appendFileSync(file(a!), `\nMore prose about generalization, with [[${target}]], [[${redirect.replace(/\.md$/, '')}]], [[${target.split('/').pop()!.replaceAll('-', '')}]] and [[Nowhere At All]].\n`)),
    null,
  );
  assert.equal(await afterEdit(() => appendFileSync(file(b!), '\n## 🔗 Graph\n\n- 부모: [[Nowhere Else]] · [[img/missing.png]]\n')), null);
});

test('incremental check: removed links, a changed heading and two pages at once are patched in', async () => {
  const [a, b, c] = plainTopics().slice(2);
  assert.equal(await afterEdit(() => writeFileSync(file(a!), readFileSync(file(a!), 'utf8').replace(/\[\[[^\]]*\]\]/g, 'plain words'))), null);
  assert.equal(
    await afterEdit(() => {
      writeFileSync(file(b!), readFileSync(file(b!), 'utf8').replace(/^## .*$/m, '## Renamed section'));
      appendFileSync(file(c!), '\n| a | b |\n|---|---|\n| [[X\\|y]] | 2 |\n');
    }),
    null,
  );
});

test('incremental check: a redirect page body and a duplicate-id page are patched in', async () => {
  const redirect = pagesWhere((_, p) => p.skeleton.kind === 'redirect')[1]!;
  assert.equal(await afterEdit(() => appendFileSync(file(redirect), '\nSee the canonical page.\n')), null);
  assert.ok(snapshot.pages['Clash-A.md']!.diagnostics.includes('frontmatter-duplicate-id'));
  assert.equal(await afterEdit(() => writeFileSync(file('Clash-A.md'), readFileSync(file('Clash-A.md'), 'utf8').replace('---\nid:', '---\nsource_trust_level: B\nid:').concat('\nAn edit, with [[Another Missing Page]].\n'))), null);
});

test('incremental check: a touched but unchanged file is taken as it was', async () => {
  const [a] = plainTopics();
  assert.equal(await afterEdit(() => utimesSync(file(a!), new Date(), new Date(Date.now() + 5000))), null);
});

test('incremental check: edits other pages can see fall back to the full check', async () => {
  const pages = plainTopics().slice(8);
  assert.match((await afterEdit(() => writeFileSync(file(pages[0]!), readFileSync(file(pages[0]!), 'utf8').replace(/^title: .*$/m, 'title: A Brand New Title')))) ?? '', /title/);
  assert.match((await afterEdit(() => writeFileSync(file(pages[1]!), readFileSync(file(pages[1]!), 'utf8').replace(/^aliases: .*$/m, 'aliases: [Fresh Alias]')))) ?? '', /aliases/);
  assert.match((await afterEdit(() => writeFileSync(file(pages[2]!), readFileSync(file(pages[2]!), 'utf8').replace(/^status: .*$/m, 'status: stub')))) ?? '', /stub/);
  assert.match((await afterEdit(() => writeFileSync(file(pages[3]!), readFileSync(file(pages[3]!), 'utf8').replace(/^title: (.*)$/m, 'title: [unclosed')))) ?? '', /title/);
  const member = snapshot.report.duplicates[0]?.members[0];
  if (member) assert.match((await afterEdit(() => appendFileSync(file(member), '\nMore text.\n'))) ?? '', /duplicate cluster/);
  assert.match((await afterEdit(() => writeFileSync(file('New-Page.md'), '---\nid: wiki-2026-0101-new\ntitle: New Page\ncategory: Topics\nstatus: draft\n---\n# New\n'))) ?? '', /added or removed/);
  assert.match((await afterEdit(() => rmSync(file(pages[4]!)))) ?? '', /added or removed/);
});

test('kb check: a one-page edit through the CLI prints the same report as a full check', () => {
  const first = kb(['check', dir, '--json']);
  assert.ok(first.status === 0 || first.status === 1, first.stderr);
  const [a] = plainTopics();
  appendFileSync(file(a!), '\nOne more sentence with a link to [[Somewhere New]].\n');
  const patched = kb(['check', dir, '--json']);
  const full = kb(['check', dir, '--json', '--no-cache']);
  assert.equal(patched.stdout, full.stdout);
  assert.equal(patched.status, full.status);
});
