import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePage } from '../../vault/parse-page.ts';
import { parseInfo, pageBlocks } from '../../runner/blocks.ts';
import { compareOutputs } from '../../runner/compare.ts';
import { embeddedOutputs } from '../../runner/embedded.ts';
import { renderEmbedded } from '../../runner/render.ts';
import { compileBlock, mapToMarkdown } from '../../runner/compile.ts';

test('info-string flags are read in any order, and a bad value is reported with its column', () => {
  const { options, problems } = parseInfo('throws timeout=500 seed=7 rtol=1e-2 allow-leak norun');
  assert.deepEqual(options, { norun: true, setup: false, throws: true, allowLeak: true, timeoutMs: 500, rtol: 0.01, atol: null, seed: 7 });
  assert.deepEqual(problems, []);
  const bad = parseInfo('seed=0 colour=red');
  assert.equal(bad.problems.length, 2);
  assert.match(bad.problems[0]!.message, /0 means unseeded/);
  assert.equal(bad.problems[1]!.column, 7);
});

test('numbers agree within tolerance, while integers, words and line counts must match exactly', () => {
  assert.ok(compareOutputs('loss 0.2500001\n[2, 3]', 'loss 0.25\r\n[2, 3]  ').equal);
  assert.ok(compareOutputs('[[ 1.0000, -2.0000]]', '[[1.0000 , -2.0000]]').equal, 'column padding is ignored');
  assert.equal(compareOutputs('shape [2, 3]', 'shape [2, 4]').firstDifference, 1);
  assert.equal(compareOutputs('loss 0.25', 'loss 0.26').equal, false);
  assert.equal(compareOutputs('loss 0.25', 'gain 0.25').equal, false);
  assert.equal(compareOutputs('a\nb', 'a').firstDifference, 2);
  assert.ok(compareOutputs('x 1.5', 'x 1.6', { rtol: 0.1 }).equal);
});

test('an output block, then chart blocks, pair with the example above; a changed example reads as stale', () => {
  const text = [
    '# P', '', '```ts setup', 'const k = 2;', '```', '', '```ts', 'console.log(k);', '```', '',
    '```output backend=cpu hash=WRONG', '2', '```', '',
    '```output-chart hash=WRONG', '{"kind":"line","title":"t","x":"a","y":"b","series":[{"name":"s","x":[1],"y":[2]}]}', '```', '',
    'Prose.', '', '```output backend=cpu hash=x', 'orphan', '```', '',
    '```ts norun', 'while (true) {}', '```', '',
  ].join('\n');
  const page = parsePage('p.md', text);
  const { examples, orphans } = embeddedOutputs(page);
  assert.equal(examples.length, 2);
  assert.equal(examples[0]!.state, 'stale');
  assert.equal(examples[0]!.output!.text, '2');
  assert.equal(examples[0]!.charts[0]!.chart!.kind, 'line');
  assert.equal(examples[1]!.state, 'norun');
  assert.deepEqual(orphans.map((o) => o.line), [21]);

  // With the right hash the same output is current.
  const hash = examples[0]!.example.hash;
  const fixed = parsePage('p.md', text.replaceAll('hash=WRONG', `hash=${hash}`));
  assert.equal(embeddedOutputs(fixed).examples[0]!.state, 'verified');
  assert.equal(pageBlocks(fixed).examples[0]!.setup.length, 1);
});

test('an output holding backticks gets a longer fence, in the file\'s line ending', () => {
  const text = renderEmbedded({ stdout: 'a ```fenced``` word\n', stderr: 'warn\n', value: '3', error: null, charts: [] }, { backend: 'wasm', hash: 'abc' }, '\r\n');
  assert.equal(text, '````output backend=wasm hash=abc\r\na ```fenced``` word\r\n[stderr]\r\nwarn\r\n[return]\r\n3\r\n````');
});

test('a position in the compiled block maps back to the Markdown line, past the setup code', () => {
  const compiled = compileBlock([{ code: 'const a: number = 1;', line: 10 }, { code: 'const b = a;\nthrow new Error(String(b));', line: 20 }], 'ts');
  const line = compiled.js.split('\n').findIndex((l) => l.includes('throw')) + 1;
  const column = compiled.js.split('\n')[line - 1]!.indexOf('throw');
  assert.deepEqual(mapToMarkdown(compiled, line, column), { line: 21, column: 1 });
});
