// Which notes go on the site (site/lib/publish.ts): all but the config's ignore globs, the templates
// folders Obsidian's settings name, and `publish: false`.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { publishRules, templateFolders, unpublishedReason } from '../../site/lib/publish.ts';

function vault(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-publish-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test("the templates folders of Obsidian's Templates plugin and of Templater are read from .obsidian/", async () => {
  const dir = vault({ '.obsidian/templates.json': '{"folder":"/Templates/"}', '.obsidian/plugins/templater-obsidian/data.json': '{"templates_folder":"Meta/tpl"}' });
  assert.deepEqual(await templateFolders(dir), ['Templates', 'Meta/tpl']);
});

test('a missing or broken settings file means no templates folder, and a folder outside the vault is ignored', async () => {
  assert.deepEqual(await templateFolders(vault({ '.obsidian/templates.json': '{not json' })), []);
  assert.deepEqual(await templateFolders(vault({ '.obsidian/templates.json': '{"folder":"../elsewhere"}' })), []);
});

test('ignore globs, templates folders and publish: false keep a note off the site, each with its reason', async () => {
  const rules = await publishRules(vault({ '.obsidian/templates.json': '{"folder":"Templates"}' }), { ignore: ['Private/**', '**/*.draft.md'] });
  assert.match(unpublishedReason(rules, 'Private/a.md', null)!, /ignore glob "Private\/\*\*"/);
  assert.match(unpublishedReason(rules, 'x/y.draft.md', null)!, /ignore glob/);
  assert.match(unpublishedReason(rules, 'Templates/Day.md', {})!, /templates folder/);
  assert.match(unpublishedReason(rules, 'Note.md', { publish: false })!, /publish: false/);
  assert.equal(unpublishedReason(rules, 'Templates.md', { publish: true }), null);
  assert.equal(unpublishedReason(rules, 'Privateer/a.md', null), null);
});
