// Charts from the runner's output-chart blocks become static SVG: readable axes, escaped text,
// and a reported (never thrown) error for a body that is not a chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { niceTicks, renderChart } from '../../site/lib/render/chart-svg.ts';

test('axis ticks are round numbers that cover the data', () => {
  assert.deepEqual(niceTicks(0.13, 0.97), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(3, 3).length > 1, true);
  const ticks = niceTicks(-12, 47);
  assert.ok(ticks[0]! <= -12 && ticks[ticks.length - 1]! >= 47);
});

test('a line chart draws one path per series and a legend entry per series', () => {
  const result = renderChart(JSON.stringify({ kind: 'line', title: 'loss', x: 'epoch', y: 'loss', series: [{ name: 'train', x: [1, 2, 3], y: [3, 2, 1] }, { name: 'val', x: [1, 2, 3], y: [3, 2.5, 2.4] }] }));
  assert.ok(result.ok);
  assert.equal(result.svg.match(/<path class="series line/g)?.length, 2);
  assert.equal(result.svg.match(/<g class="legend/g)?.length, 2);
});

test('a log axis labels decades with their values', () => {
  const result = renderChart(JSON.stringify({ kind: 'line', title: 'scaling', x: 'N', y: 'loss', logX: true, series: [{ name: 'a', x: [10, 100, 1000], y: [3, 2, 1] }] }));
  assert.ok(result.ok);
  assert.match(result.svg, />100<\/text>/);
  assert.match(result.svg, />1000<\/text>/);
  assert.equal(renderChart(JSON.stringify({ kind: 'line', title: '', x: '', y: '', logY: true, series: [{ name: 'a', x: [1], y: [0] }] })).ok, false);
});

test('a bar chart draws one rect per category and series', () => {
  const result = renderChart(JSON.stringify({ kind: 'bar', title: 'acc', x: 'split', y: 'accuracy', categories: ['train', 'test'], series: [{ name: 'a', values: [0.9, 0.7] }, { name: 'b', values: [0.8, 0.75] }] }));
  assert.ok(result.ok);
  assert.equal(result.svg.match(/<\/title><\/rect>/g)?.length, 4);
});

test('text in a chart is escaped', () => {
  const result = renderChart(JSON.stringify({ kind: 'scatter', title: '<script>x</script>', x: 'a"b', y: "'", series: [{ name: '<b>', x: [1], y: [1] }] }));
  assert.ok(result.ok);
  assert.doesNotMatch(result.svg, /<script|<b>|a"b/);
});

test('a body that is not a chart is reported with what is wrong', () => {
  const notJson = renderChart('{kind: line');
  assert.equal(notJson.ok, false);
  assert.match(!notJson.ok ? notJson.message : '', /not valid JSON/);
  const mismatched = renderChart(JSON.stringify({ kind: 'bar', title: '', x: '', y: '', categories: ['a', 'b'], series: [{ name: 's', values: [1] }] }));
  assert.equal(mismatched.ok, false);
  assert.match(!mismatched.ok ? mismatched.message : '', /one value per category/);
});
