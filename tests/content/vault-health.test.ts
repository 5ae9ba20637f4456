// The shipped vault is the project's own showcase: it must pass its own maintenance tools.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReport, loadVault, planFix } from '../../vault/index.ts';
import { kb } from '../helpers/vault-fixture.ts';

test('content/ has no errors, warnings, unresolved links, stubs or duplicates under the topic profile', async () => {
  const vault = await loadVault('content', { cache: false });
  const report = checkReport(vault);
  assert.ok(report.pages >= 30 + 6, `${report.pages} pages`);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'info'), []);
  assert.equal(report.links.unresolved, 0);
  assert.equal(report.links.resolved, report.links.total);
  assert.deepEqual(report.stubs, []);
  assert.deepEqual(report.duplicates, []);
  assert.equal(new Set([...vault.pages.values()].filter((p) => p.kind === 'moc').map((p) => p.category)).size >= 6, true);
});

test('kb fix content finds nothing to change', async () => {
  assert.deepEqual(planFix(await loadVault('content', { cache: false })).changes, []);
  const result = kb(['fix', 'content', '--json']);
  assert.equal(result.status, 0, result.stdout);
});
