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

test('when the preferred backend cannot load, the pool falls back to the next one and says why', async () => {
  const { Pool } = await import('../../runner/pool.ts');
  const { compileBlock } = await import('../../runner/compile.ts');
  const announced: { backend: string; fellBack: { backend: string; reason: string }[] }[] = [];
  // A backend name tfjs does not know stands in for a native addon that fails to load.
  const pool = new Pool({ backends: ['missing' as 'cpu', 'cpu'], size: 1, memoryMB: 1024, onBackend: (r) => announced.push(r) });
  pool.expect(1);
  try {
    const outcome = await pool.run({ js: compileBlock([{ code: 'console.log(tf.getBackend())', line: 1 }], 'ts').js, filename: 'b', seed: 1, timeoutMs: 30_000 });
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.kind === 'done' && outcome.result.stdout, 'cpu\n');
  } finally {
    pool.close();
  }
  assert.equal(announced.length, 1);
  assert.equal(announced[0]!.backend, 'cpu');
  assert.equal(announced[0]!.fellBack[0]!.backend, 'missing');
});
