// The site model's one home (site/lib/site.ts): `kb dev`'s update after a save derives again only
// what the saved notes can change, and must give exactly what a fresh load of the vault gives.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { siteOptions } from '../../site/lib/options.ts';
import { Site } from '../../site/lib/site.ts';
import { ROOT } from './helpers/build-site.ts';

const work = mkdtempSync(join(tmpdir(), 'kb-site-model-'));
after(() => rmSync(work, { recursive: true, force: true }));

function vaultCopy(name: string): string {
  const dir = join(work, name);
  cpSync(join(ROOT, 'tests/fixtures/site/obsidian-vault'), dir, { recursive: true });
  return dir;
}

const digests = (site: Site) => Object.fromEntries([...site.inputs].map(([path, i]) => [path, i.digest]));

async function sameAsFresh(site: Site) {
  const fresh = await Site.load(site.options);
  assert.deepEqual(digests(site), digests(fresh));
  assert.deepEqual(site.lists, fresh.lists);
  assert.deepEqual(site.graphInput, fresh.graphInput);
}

test('after a text edit that adds and removes links, the updated site equals a fresh load', async () => {
  const dir = vaultCopy('text');
  const options = siteOptions({ KB_VAULT: dir, KB_CACHE_DIR: join(work, 'cache-text') });
  const before = await Site.load(options);
  appendFileSync(join(dir, 'ML.md'), '\nNow linking to [[No front matter]] and [[A B]].\n');
  writeFileSync(join(dir, 'A-B.md'), 'The dash twin, no longer linking anywhere.\n');
  const after = await before.update(['ML.md', 'A-B.md']);
  assert.notDeepEqual(digests(after), digests(before));
  await sameAsFresh(after);
});

test('after a title change, a new note and a deleted note, the updated site equals a fresh load', async () => {
  const dir = vaultCopy('shape');
  const options = siteOptions({ KB_VAULT: dir, KB_CACHE_DIR: join(work, 'cache-shape') });
  const before = await Site.load(options);
  const uris = join(dir, 'Advanced topics/Using URIs.md');
  writeFileSync(uris, readFileSync(uris, 'utf8').replace('title: Using Obsidian URIs', 'title: Obsidian URIs, renamed'));
  writeFileSync(join(dir, 'New note.md'), 'A new note linking to [[Welcome]].\n');
  rmSync(join(dir, 'Graph.md'));
  const after = await before.update(['Advanced topics/Using URIs.md', 'New note.md', 'Graph.md']);
  assert.ok([...after.model.pages.values()].some((p) => p.title === 'Obsidian URIs, renamed'));
  await sameAsFresh(after);
});
