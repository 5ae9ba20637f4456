// `kb check --profile obsidian` on a hand-made Obsidian vault: attachments, embeds, relative links,
// same-name notes, notes without front-matter, short notes and templates.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { checkReport, loadVault, type VaultPath } from '../../vault/index.ts';
import { kb, removeVault, writeVault } from '../helpers/vault-fixture.ts';

const dir = writeVault({
  'Home.md': '# Home\n\nStart at [[Projects/Plan]] and [[Inbox]]. ![[assets/logo.png]] ![[Diagram.excalidraw]]\n\nMeeting notes: [[2026-05-10]] · [[Plan]]\n',
  'Inbox.md': '---\naliases: [Todo, inbox list]\ntags: [gtd]\n---\n- [ ] call\n- [[./Projects/Plan#Goals|plan goals]]\n',
  'Projects/Plan.md': '---\ntitle: The Plan\n---\n## Goals\nShip it. See [[../Inbox]] and [[Archive/Plan]] and ![[../assets/chart.svg]].\n',
  'Archive/Plan.md': 'Old plan. [[Todo]] [[the plan]]\n',
  'Daily/2026-05-10.md': '',
  'Templates/Daily.md': '---\ntags: template\n---\n',
  'Broken.md': '---\naliases: 3\n---\nshort [[nowhere]]\n',
  'assets/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  'assets/chart.svg': '<svg/>',
  '.obsidian/app.json': '{}',
  '.trash/Gone.md': '# gone [[Home]]',
});
after(() => removeVault(dir));

test('an Obsidian vault is checked to the end and its links classified by the spec', async () => {
  const vault = await loadVault(dir, { profile: 'obsidian', cache: false });
  const report = checkReport(vault);
  assert.equal(report.pages, 7); // .obsidian and .trash are hidden entries
  const classes = Object.fromEntries(vault.links.map((l) => [`${l.from} ${l.raw}`, [l.class, l.resolution.path]]));
  assert.deepEqual(classes, {
    'Home.md [[Projects/Plan]]': ['resolved', 'Projects/Plan.md'],
    'Home.md [[Inbox]]': ['resolved', 'Inbox.md'],
    'Home.md ![[assets/logo.png]]': ['resolved', 'assets/logo.png'],
    'Home.md ![[Diagram.excalidraw]]': ['unresolved', null],
    'Home.md [[2026-05-10]]': ['resolved', 'Daily/2026-05-10.md'],
    'Home.md [[Plan]]': ['resolved', 'Archive/Plan.md'], // two notes named Plan, equally deep: the shorter path wins
    'Inbox.md [[./Projects/Plan#Goals|plan goals]]': ['resolved', 'Projects/Plan.md'],
    'Projects/Plan.md [[../Inbox]]': ['resolved', 'Inbox.md'],
    'Projects/Plan.md [[Archive/Plan]]': ['resolved', 'Archive/Plan.md'],
    'Projects/Plan.md ![[../assets/chart.svg]]': ['resolved', 'assets/chart.svg'],
    'Archive/Plan.md [[Todo]]': ['resolved', 'Inbox.md'],
    'Archive/Plan.md [[the plan]]': ['resolved', 'Projects/Plan.md'],
    'Broken.md [[nowhere]]': ['unresolved', null],
  });
  assert.ok(vault.diagnostics.some((d) => d.rule === 'ambiguous-link' && d.file === 'Home.md'));
  // Short notes are normal in Obsidian; only empty bodies (and status: stub) are stubs.
  assert.deepEqual(report.stubs, ['Daily/2026-05-10.md', 'Templates/Daily.md']);
  // Same-name notes without titles are not duplicates.
  assert.deepEqual(report.duplicates, []);
  // Obsidian opens any front-matter that parses: a number where aliases belong is a warning, a lone tag is fine.
  assert.deepEqual(report.invalidFrontMatter, []);
  assert.ok(report.diagnostics.some((d) => d.file === 'Broken.md' && d.rule === 'frontmatter-schema' && d.severity === 'warning'));
  assert.ok(!report.diagnostics.some((d) => d.file === 'Templates/Daily.md' && d.rule.startsWith('frontmatter')));
  assert.deepEqual(vault.backlinks('Inbox.md' as VaultPath).map((l) => l.from).sort(), ['Archive/Plan.md', 'Home.md', 'Projects/Plan.md']);
});

test('the topic profile on the same vault reports every page without front-matter', () => {
  const result = kb(['check', dir, '--json', '--no-cache', '--profile', 'topic']);
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout);
  assert.ok(report.diagnostics.some((d: { file: string; rule: string }) => d.file === 'Home.md' && d.rule === 'frontmatter-missing'));
});
