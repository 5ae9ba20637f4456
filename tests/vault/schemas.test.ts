// The zod schemas are the single source of truth; the JSON Schema files for editors derive from them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { jsonSchemas, topicPage } from '../../schemas/index.ts';

test('schemas/*.schema.json are up to date with the zod schemas (run `npm run schemas`)', () => {
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    const onDisk = JSON.parse(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8'));
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(schema)), `schemas/${file} is stale`);
  }
});

test('a redirect page must have status redirect, and a redirect status needs duplicate_of', () => {
  const base = { id: 'wiki-2026-0101-x', title: 'X', category: 'C' };
  assert.equal(topicPage.safeParse({ ...base, status: 'draft', duplicate_of: 'wiki-2026-0101-y' }).success, false);
  assert.equal(topicPage.safeParse({ ...base, status: 'redirect' }).success, false);
  assert.equal(topicPage.safeParse({ ...base, status: 'redirect', duplicate_of: 'wiki-2026-0101-y' }).success, true);
});

test('last_reinforced must be a real calendar date', () => {
  const base = { id: 'wiki-2026-0101-x', title: 'X', category: 'C', status: 'draft' };
  assert.equal(topicPage.safeParse({ ...base, last_reinforced: '2024-02-29' }).success, true);
  assert.equal(topicPage.safeParse({ ...base, last_reinforced: '2026-02-29' }).success, false);
  assert.equal(topicPage.safeParse({ ...base, last_reinforced: '2026-13-45' }).success, false);
});
