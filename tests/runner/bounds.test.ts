import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundCharts, boundText, cutUtf8 } from '../../runner/bounds.ts';
import { escapeControls, outputBody } from '../../runner/render.ts';

const limits = { maxOutputBytes: 10, maxCharts: 2, maxChartPoints: 3 };
const line = (i: number) => ({ kind: 'line', title: `c${i}`, x: 'x', y: 'y', series: [{ name: 's', x: [0, 1], y: [i, i] }] });

test('text over the byte budget is cut across stdout, stderr, return value and error in that order, once, with one line saying so', () => {
  const { text, note } = boundText({ stdout: '12345678', stderr: 'abcdef', value: 'v', error: null }, limits);
  assert.deepEqual(text, { stdout: '12345678', stderr: 'ab', value: '', error: null });
  assert.match(note!, /output cut at 10 bytes \(run\.maxOutputBytes/);
  assert.deepEqual(boundText(text, limits), { text, note: null }, 'bounding twice changes nothing');
  assert.equal(cutUtf8('ééé', 3), 'é', 'never half a character');
});

test('charts that are not charts, charts over the point cap and charts past the count cap are left out, each said in one line', () => {
  const big = { kind: 'scatter', title: 'big', x: 'x', y: 'y', series: [{ name: 's', x: [1, 2, 3, 4], y: [1, 2, 3, 4] }] };
  const { charts, notes } = boundCharts([line(1), { kind: 'pie' }, big, line(2), line(3)], limits);
  assert.deepEqual(charts.map((c) => c.title), ['c1', 'c2']);
  assert.equal(notes.length, 3);
  assert.match(notes[0]!, /chart 2 left out: it is not a chart/);
  assert.match(notes[1]!, /chart 3 left out: more than 3 points/);
  assert.match(notes[2]!, /1 chart\(s\) after the first 2 left out/);
});

test('control characters in an output are escaped, so the page stays text and a terminal shows them instead of obeying them', () => {
  assert.equal(escapeControls('a\0b\x1b[31mc\x7f\u202e'), 'a\\x00b\\x1b[31mc\\x7f\\u{202e}');
  assert.equal(outputBody({ stdout: 'tab\there\n', stderr: '', value: null, error: null, charts: [] }), 'tab\there', 'tabs and newlines stay');
  assert.equal(outputBody({ stdout: 'x\0', stderr: '', value: null, error: null, charts: [], notes: ['cut'] }), 'x\\x00\n[cut] cut');
});
