import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { runVault, type BlockReport } from '../../runner/run.ts';
import { tempVault } from './helpers.ts';

test('blocks that throw, loop, exhaust memory, exit, write files, fetch or leak are each contained and reported, and the others still run', async () => {
  const vault = tempVault('hostile.md');
  const marker = '/tmp/kb-runner-hostile-written.txt';
  const original = vault.read('hostile.md').split('\n');
  try {
    const report = await runVault(vault.dir, ['hostile.md'], { mode: 'write', backend: 'cpu', memoryMB: 512, cacheFile: null });
    const at = (heading: string): BlockReport => {
      const line = original.indexOf(`## ${heading}`) + 1;
      const block = report.blocks.find((b) => b.line > line);
      assert.ok(block, `a block after "## ${heading}"`);
      return block;
    };
    assert.equal(at('Passes').status, 'written');
    assert.equal(at('Still passes').status, 'written');

    const thrown = at('Throws');
    assert.equal(thrown.status, 'error');
    assert.match(thrown.message!, /unexpected failure for shape 2,2/);
    assert.deepEqual([thrown.line, thrown.column], [21, 7], 'the error is reported at the Markdown line of the throw');

    assert.equal(at('Loops forever').status, 'timeout');
    assert.match(at('Allocates without bound').message!, /memory cap/);
    assert.match(at('Calls process.exit').message!, /process\.exit\(3\) is not allowed/);
    assert.match(at('Writes a file').message!, /allow-fs-write|restricted/);
    assert.equal(existsSync(marker), false, 'the file was not written');
    assert.match(at('Calls fetch').message!, /fetch\(\) is not allowed/);

    const leak = at('Leaks tensors');
    assert.equal(leak.status, 'failed');
    assert.equal(leak.leakedTensors, 1);

    const expected = at('Throws as expected');
    assert.equal(expected.status, 'written', 'a `throws` block that throws passes, and its tensors cut short by the error are not a leak');
    assert.equal(expected.leakedTensors, 1);

    const text = vault.read('hostile.md');
    assert.equal(text.match(/^```output /gm)?.length, 3, 'only the three passing blocks got outputs');
    assert.match(text, /\[throws\]\nError: Size\(2\) must match the product of shape 3/);
    assert.match(text, /```output backend=cpu hash=[0-9a-f]{16}\nTensor\n {4}14\n```/);
  } finally {
    vault.remove();
  }
});
