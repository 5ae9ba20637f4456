// Measures of the 10_Wiki/Topics pages (Machine Learning, Foundation Models, Domain Adaptation,
// Transfer Learning, Scaling Laws), loaded from the pages and checked against hand-worked answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const close = (actual: number, expected: number, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
const rel = (actual: number, expected: number, tol: number) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `expected ${expected}, got ${actual}`);

test('empiricalRisk is the mean loss over the sample', async () => {
  const { empiricalRisk } = await pageFunctions('content/10_Wiki/Topics/Machine-Learning.md', ['empiricalRisk']);
  // Squared errors 1 and 4 → 2.5; absolute errors 1 and 2 → 1.5.
  close(empiricalRisk([1, 2], [0, 4]), 2.5);
  close(empiricalRisk([1, 2], [0, 4], (p: number, y: number) => Math.abs(p - y)), 1.5);
});

test('majorityBaseline predicts the most frequent class (smallest label on ties)', async () => {
  const { majorityBaseline } = await pageFunctions('content/10_Wiki/Topics/Machine-Learning.md', ['majorityBaseline']);
  assert.deepEqual(majorityBaseline([0, 1, 1, 2, 1]), { label: 1, accuracy: 0.6 });
  assert.deepEqual(majorityBaseline([1, 0]), { label: 0, accuracy: 0.5 });
});

test('trainingFlops and chinchillaAllocation give back Chinchilla (70B parameters, 1.4T tokens)', async () => {
  const { trainingFlops, chinchillaAllocation } = await pageFunctions('content/10_Wiki/Topics/Foundation-Models.md', ['trainingFlops', 'chinchillaAllocation']);
  // 6 · 70e9 · 1.4e12 = 5.88e23; C = 6 N (20 N) = 120 N² → N = sqrt(5.88e23 / 120) = 7e10.
  rel(trainingFlops(70e9, 1.4e12), 5.88e23, 1e-12);
  const a = chinchillaAllocation(5.88e23);
  rel(a.params, 7e10, 1e-9);
  rel(a.tokens, 1.4e12, 1e-9);
});

test('nearestCentroidAccuracy assigns each point to the closest class mean', async () => {
  const { nearestCentroidAccuracy } = await pageFunctions('content/10_Wiki/Topics/Foundation-Models.md', ['nearestCentroidAccuracy']);
  // Centroids 1 (class 0) and 11 (class 1): 3 → 0, 8 → 1, 6.5 → 1 (4.5 < 5.5).
  close(nearestCentroidAccuracy([[0], [2], [10], [12]], [0, 0, 1, 1], [[3], [8], [6.5]], [0, 1, 1]), 1);
  close(nearestCentroidAccuracy([[0], [2], [10], [12]], [0, 0, 1, 1], [[3], [8], [6.5]], [0, 0, 1]), 2 / 3);
});

test('proxyADistance maps domain error 0.5 → 0, 0.25 → 1, 0 → 2', async () => {
  const { proxyADistance } = await pageFunctions('content/10_Wiki/Topics/Domain-Adaptation.md', ['proxyADistance']);
  close(proxyADistance(0.5), 0);
  close(proxyADistance(0.25), 1);
  close(proxyADistance(0), 2);
  close(proxyADistance(0.6), 0);
});

test('importanceWeights are the odds of the domain classifier times nSource / nTarget', async () => {
  const { importanceWeights } = await pageFunctions('content/10_Wiki/Topics/Domain-Adaptation.md', ['importanceWeights']);
  // p = 0.8 → odds 4; p = 0.5 → odds 1, doubled when the source sample is twice as large.
  importanceWeights([0.5, 0.8], 100, 100).forEach((w: number, i: number) => close(w, [1, 4][i]!, 1e-12));
  close(importanceWeights([0.5], 200, 100)[0], 2, 1e-12);
});

test('weightedLine ignores points of weight zero', async () => {
  const { weightedLine } = await pageFunctions('content/10_Wiki/Topics/Domain-Adaptation.md', ['weightedLine']);
  // Only (0, 0) and (1, 1) count: slope 1, intercept 0.
  const l = weightedLine([0, 1, 2], [0, 1, 0], [1, 1, 0]);
  close(l.slope, 1);
  close(l.intercept, 0);
});

test('ridgeProbe without regularisation fits two points exactly', async () => {
  const { ridgeProbe, probeAccuracy } = await pageFunctions('content/10_Wiki/Topics/Transfer-Learning.md', ['ridgeProbe', 'probeAccuracy']);
  // Features (f, 1): class 0 score = 1 - f, class 1 score = f → W = [[-1, 1], [1, 0]].
  const W = ridgeProbe([[0], [1]], [0, 1], 2, 0);
  [[-1, 1], [1, 0]].forEach((row, i) => row.forEach((v, c) => close(W[i][c], v, 1e-9)));
  close(probeAccuracy(W, [[0], [1], [0.2]], [0, 1, 0]), 1);
});

test('hScore is the share of feature variance explained by the class means', async () => {
  const { hScore } = await pageFunctions('content/10_Wiki/Topics/Transfer-Learning.md', ['hScore']);
  // f = (0, 0, 2, 2): all variance (1) is between classes → 1.
  close(hScore([[0], [0], [2], [2]], [0, 0, 1, 1]), 1, 1e-5);
  // f = (0, 1, 1, 2): var 0.5, class means (0.5, 1.5) have var 0.25 → 0.5.
  close(hScore([[0], [1], [1], [2]], [0, 0, 1, 1]), 0.5, 1e-5);
});

test('computeOptimal matches the closed-form Chinchilla optimum', async () => {
  const { computeOptimal, chinchillaLoss } = await pageFunctions('content/10_Wiki/Topics/Scaling-Laws.md', ['computeOptimal', 'chinchillaLoss']);
  // L = 1.69 + 406.4/N^0.34 + 410.7/D^0.28 at N = 1e9, D = 2e10, by hand.
  close(chinchillaLoss(1e9, 2e10), 1.69 + 406.4 / 1e9 ** 0.34 + 410.7 / 2e10 ** 0.28, 1e-12);
  // With D = C / (6N): N* = G (C/6)^(β/(α+β)), G = (αA / (βB))^(1/(α+β)).
  const G = ((0.34 * 406.4) / (0.28 * 410.7)) ** (1 / 0.62);
  for (const C of [1e21, 1e24]) rel(computeOptimal(C).N, G * (C / 6) ** (0.28 / 0.62), 1e-6);
});

test('fitLogLogSlope recovers exponent and prefactor of y = 3 x^-0.5', async () => {
  const { fitLogLogSlope } = await pageFunctions('content/10_Wiki/Topics/Scaling-Laws.md', ['fitLogLogSlope']);
  const x = [1, 10, 100, 1000];
  const fit = fitLogLogSlope(x, x.map((v) => 3 * v ** -0.5));
  close(fit.exponent, 0.5, 1e-12);
  close(fit.prefactor, 3, 1e-9);
});
