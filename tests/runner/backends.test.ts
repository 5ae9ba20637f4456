import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nativeUnavailableReason } from '../../runner/backends.ts';
import { runVault } from '../../runner/run.ts';
import { tempVault } from './helpers.ts';

test('outputs written on cpu verify on wasm, and outputs written on wasm verify on cpu', async () => {
  for (const [writer, checker] of [['cpu', 'wasm'], ['wasm', 'cpu']] as const) {
    const vault = tempVault('simple.md');
    try {
      await runVault(vault.dir, ['simple.md'], { mode: 'write', backend: writer, cacheFile: null });
      assert.match(vault.read('simple.md'), new RegExp(`output backend=${writer} `));
      const check = await runVault(vault.dir, ['simple.md'], { mode: 'check', backend: checker, cacheFile: null });
      assert.equal(check.backend, checker);
      assert.deepEqual(check.blocks.map((b) => b.status), ['verified', 'verified'], `${writer} → ${checker}`);
    } finally {
      vault.remove();
    }
  }
});

const nativeMissing = nativeUnavailableReason();
if (nativeMissing) console.log(`# skipping the native backend test: ${nativeMissing}`);

test('where @tensorflow/tfjs-node is installed, it is the backend chosen', { skip: nativeMissing ?? false }, async () => {
  const vault = tempVault('simple.md');
  try {
    const report = await runVault(vault.dir, ['simple.md'], { mode: 'write', cacheFile: null });
    assert.equal(report.backend, 'tensorflow');
    assert.deepEqual(report.blocks.map((b) => [b.status, b.backend]), [['written', 'tensorflow'], ['written', 'tensorflow']]);
    // Native outputs verify on wasm too, within the default tolerances.
    const check = await runVault(vault.dir, ['simple.md'], { mode: 'check', backend: 'wasm', cacheFile: null });
    assert.deepEqual(check.blocks.map((b) => b.status), ['verified', 'verified']);
  } finally {
    vault.remove();
  }
});
