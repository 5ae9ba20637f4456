// Every code pattern of content/ runs and still prints what its page shows: the doctest of the vault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kb } from '../helpers/vault-fixture.ts';

test('kb run content --check --typecheck verifies every embedded output', () => {
  // On the best backend this install has: wasm on a fresh install. CI builds the native backend
  // afterwards and checks it with `kb run content --check --backend tensorflow` (and cpu), so a broken
  // native build fails there instead of quietly falling back here.
  const result = kb(['run', 'content', '--check', '--typecheck', '--json']);
  const report = JSON.parse(result.stdout) as { blocks: { file: string; line: number; status: string }[] };
  const bad = report.blocks.filter((b) => b.status !== 'verified' && b.status !== 'skipped');
  assert.deepEqual(bad, [], result.stderr);
  assert.ok(report.blocks.filter((b) => b.status === 'verified').length >= 60);
  assert.equal(result.status, 0, result.stderr);
});
