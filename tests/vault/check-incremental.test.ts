// `kb check` after a few edits patches the last report (vault/check-incremental.ts). Every edit here
// is checked both ways: the patched report must equal, byte for byte, the report of a full check of
// the edited vault, and so must the snapshot left for the next run; edits that change what other
// pages see must fall back to the full check.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { reportJson } from '../../vault/check-cache.ts';
import { incrementalCheck, pageDiagnostics, pageFacts, readSnapshot, reportOf, snapshotOf, writeSnapshot, type CheckSnapshot } from '../../vault/check-incremental.ts';
import { checkReport } from '../../vault/check.ts';
import { loadVault } from '../../vault/load.ts';
import { statVault } from '../../vault/stat.ts';
import type { VaultPath } from '../../vault/paths.ts';
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

/** A snapshot with every page's diagnostics decoded, as a full check makes it: comparable whatever was read lazily. */
const settled = (s: CheckSnapshot) => ({ ...s, pages: new Map([...s.pages].map(([path, page]) => [path, { ...pageFacts(page), diagnostics: pageDiagnostics(page) }])) });
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
  assert.equal(reportJson(reportOf(patched)), full.json, 'the patched report differs from a full check');
  assert.deepEqual(settled(patched.snapshot), settled(full.snapshot), 'the snapshot left for the next run differs from a full check');
  assert.equal(patched.errors, (JSON.parse(full.json) as { diagnostics: { severity: string }[] }).diagnostics.some((d) => d.severity === 'error'));
  return null;
}

type SnapshotPage = CheckSnapshot['pages'] extends Map<string, infer P> ? P : never;
const pagesWhere = (keep: (path: string, page: SnapshotPage) => boolean) => [...snapshot.pages].filter(([path, page]) => keep(path, page)).map(([path]) => path);
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
  assert.ok(pageDiagnostics(snapshot.pages.get('Clash-A.md' as VaultPath)!).some((d) => d.rule === 'frontmatter-duplicate-id'));
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

test('incremental check: a patched snapshot is kept as a delta of its base and read back whole', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kb-snapshot-'));
  const saved = process.env.KB_CACHE_DIR;
  process.env.KB_CACHE_DIR = cacheDir;
  try {
    const full = await fullCheck();
    await writeSnapshot(dir, 'topic', full.snapshot);
    const stored = (await readSnapshot(dir, 'topic'))!;
    assert.deepEqual(settled(stored.snapshot), settled(full.snapshot));
    assert.equal(stored.delta.size, 0);
    const [baseName] = readdirSync(join(cacheDir, 'vaults'));
    const base = join(cacheDir, 'vaults', baseName!, 'check-topic.snapshot');
    const baseBytes = readFileSync(base);

    const [a] = plainTopics();
    appendFileSync(file(a!), '\nA sentence kept in the delta, with [[Not Written Yet]].\n');
    const patched = await incrementalCheck(dir, 'topic', await statVault(dir, 'topic'), stored.snapshot);
    assert.ok('head' in patched, 'one appended sentence is patched in');
    await writeSnapshot(dir, 'topic', patched.snapshot, { stored, changed: patched.changed });
    assert.deepEqual(readFileSync(base), baseBytes, 'an edit leaves the base file as it was');
    const again = (await readSnapshot(dir, 'topic'))!;
    assert.deepEqual(settled(again.snapshot), settled(patched.snapshot));
    assert.deepEqual([...again.delta], [a]);
    assert.deepEqual(settled(again.snapshot), settled((await fullCheck()).snapshot), 'base and delta together are the snapshot of a full check');

    // A full check writes a new base; the delta left beside it belongs to the old one and is ignored.
    const fresh = await fullCheck();
    await writeSnapshot(dir, 'topic', fresh.snapshot);
    const rebased = (await readSnapshot(dir, 'topic'))!;
    assert.equal(rebased.delta.size, 0);
    assert.deepEqual(settled(rebased.snapshot), settled(fresh.snapshot));
  } finally {
    if (saved === undefined) delete process.env.KB_CACHE_DIR;
    else process.env.KB_CACHE_DIR = saved;
    rmSync(cacheDir, { recursive: true, force: true });
  }
  snapshot = (await fullCheck()).snapshot;
});

test('kb check: after an edit checked with the human listing, --json prints the report of a full check', () => {
  const [a] = plainTopics().slice(1);
  appendFileSync(file(a!), '\nAnother sentence with a link to [[Somewhere Else Entirely]].\n');
  const human = kb(['check', dir]);
  const full = kb(['check', dir, '--no-cache']);
  assert.equal(human.stderr, full.stderr);
  assert.equal(human.status, full.status);
  const json = kb(['check', dir, '--json']);
  assert.equal(json.stdout, kb(['check', dir, '--json', '--no-cache']).stdout);
});

test('kb check: a diagnostics file changed under the snapshot (same length, still JSON) is caught by its CRC and the check runs in full', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kb-damaged-'));
  const saved = process.env.KB_CACHE_DIR;
  process.env.KB_CACHE_DIR = cacheDir;
  try {
    for (const args of [['--json'], []]) {
      rmSync(join(cacheDir, 'vaults'), { recursive: true, force: true });
      assert.ok([0, 1].includes(kb(['check', dir, ...args]).status!));
      const [baseName] = readdirSync(join(cacheDir, 'vaults'));
      const diagnostics = join(cacheDir, 'vaults', baseName!, 'check-topic.snapshot-diagnostics');
      const text = readFileSync(diagnostics, 'utf8');
      const newline = text.indexOf('\n') + 1;
      const damaged = text.slice(0, newline) + text.slice(newline).replaceAll('warning', 'wArning');
      assert.notEqual(damaged, text, 'the vault has warnings to damage');
      writeFileSync(diagnostics, damaged);
      const [a] = plainTopics().slice(2);
      appendFileSync(file(a!), '\nA sentence checked over a damaged snapshot, with [[Nowhere Yet]].\n');
      const checked = kb(['check', dir, ...args]);
      const full = kb(['check', dir, ...args, '--no-cache']);
      assert.equal(checked.stdout, full.stdout);
      assert.equal(checked.stderr, full.stderr);
      assert.equal(checked.status, full.status);
      assert.doesNotMatch(checked.stdout + checked.stderr, /wArning/);
    }
  } finally {
    if (saved === undefined) delete process.env.KB_CACHE_DIR;
    else process.env.KB_CACHE_DIR = saved;
    rmSync(cacheDir, { recursive: true, force: true });
  }
});
