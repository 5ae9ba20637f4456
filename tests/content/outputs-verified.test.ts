// Every code pattern of content/ runs and still prints what its page shows: the doctest of the vault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kb } from '../helpers/vault-fixture.ts';

test('kb run content --check --typecheck verifies every embedded output', () => {
  // In CI the native backend is built by setup:native, and forcing it makes a broken build fail
  // here instead of quietly falling back to wasm.
  const backend = process.env.CI ? ['--backend', 'tensorflow'] : [];
  const result = kb(['run', 'content', '--check', '--typecheck', '--json', ...backend]);
  const report = JSON.parse(result.stdout) as { blocks: { file: string; line: number; status: string }[] };
  const bad = report.blocks.filter((b) => b.status !== 'verified' && b.status !== 'skipped');
  assert.deepEqual(bad, [], result.stderr);
  assert.ok(report.blocks.filter((b) => b.status === 'verified').length >= 60);
  assert.equal(result.status, 0, result.stderr);
});
