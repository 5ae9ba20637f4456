import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { typecheckBlocks } from '../../runner/typecheck.ts';
import { tempVault } from './helpers.ts';

test('type errors in blocks are reported at their Markdown line and column; tf and plot are known globals', async () => {
  const vault = tempVault('simple.md');
  try {
    writeFileSync(join(vault.dir, 'bad.md'), ['# Bad', '', '```ts setup', 'const base = tf.scalar(1);', '```', '', '```ts', 'const t: tf.Tensor = base.add(1);', 'const n: number = t;', 'plot.line({ title: 1 });', '```', ''].join('\n'));
    const diagnostics = await typecheckBlocks(vault.dir, ['simple.md', 'bad.md']);
    assert.deepEqual(diagnostics.map((d) => [d.file, d.line, d.column]), [['bad.md', 9, 7], ['bad.md', 10, 13]]);
    assert.match(diagnostics[0]!.message, /TS2322/);
  } finally {
    vault.remove();
  }
});
