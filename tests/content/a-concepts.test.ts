// Measures of the 20_Concepts pages, loaded from the pages and checked against closed forms and
// small hand examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const close = (actual: number, expected: number, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
const OVERFIT = 'content/20_Concepts/Overfitting-and-Underfitting.md';
const MANIFOLD = 'content/20_Concepts/Manifold-Hypothesis.md';
const CAPACITY = 'content/20_Concepts/Model-Capacity.md';
const DD = 'content/20_Concepts/Double-Descent.md';
const NONPAR = 'content/20_Concepts/Nonparametric-Generalization.md';
const KNOBS = 'content/20_Concepts/Training-Knobs.md';

test('fitPhase splits a validation curve at its minimum', async () => {
  const { fitPhase } = await pageFunctions(OVERFIT, ['fitPhase']);
  const val = [3, 2, 1, 1.5, 2]; // minimum at epoch 2
  assert.equal(fitPhase(val, 1), 'underfitting');
  assert.equal(fitPhase(val, 2), 'best');
  assert.equal(fitPhase(val, 3), 'overfitting');
});

test('mutualInformation of binary variables matches the definition', async () => {
  const { mutualInformation } = await pageFunctions(OVERFIT, ['mutualInformation']);
  close(mutualInformation([0, 0, 1, 1], [0, 0, 1, 1]), Math.log(2)); // a copy of a fair bit: ln 2
  close(mutualInformation([0, 1, 0, 1], [0, 0, 1, 1]), 0); // independent
  // p(0,0)=1/2, p(0,1)=1/4, p(1,1)=1/4; p(x=0)=3/4, p(y)=1/2 each:
  // 1/2 ln(4/3) + 1/4 ln(2/3) + 1/4 ln 2.
  close(mutualInformation([0, 0, 0, 1], [0, 0, 1, 1]), 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2));
});

test('log10InputSpace counts 256^784 MNIST arrays as 10^1888.07', async () => {
  const { log10InputSpace } = await pageFunctions(MANIFOLD, ['log10InputSpace']);
  close(log10InputSpace(784, 256), 784 * 8 * Math.log10(2), 1e-9);
  close(log10InputSpace(2, 10), 2);
});

test('symmetricEigenvalues of small symmetric matrices', async () => {
  const { symmetricEigenvalues } = await pageFunctions(MANIFOLD, ['symmetricEigenvalues']);
  // [[2,1],[1,2]] has eigenvalues 3 (along (1,1)) and 1 (along (1,-1)).
  symmetricEigenvalues([[2, 1], [1, 2]]).forEach((v: number, i: number) => close(v, [3, 1][i]!, 1e-12));
  symmetricEigenvalues([[5, 0, 0], [0, 1, 0], [0, 0, 3]]).forEach((v: number, i: number) => close(v, [5, 3, 1][i]!, 1e-12));
});

test('distanceToUnitCircle of the midpoint of (1,0) and (0,1) is 1 - √½', async () => {
  const { distanceToUnitCircle } = await pageFunctions(MANIFOLD, ['distanceToUnitCircle']);
  close(distanceToUnitCircle([0.5, 0.5]), 1 - Math.SQRT1_2, 1e-12);
  close(distanceToUnitCircle([0, -1]), 0);
});

test('countParams counts weights and biases of dense layers', async () => {
  const { countParams, trainAccuracy } = await pageFunctions(CAPACITY, ['countParams', 'trainAccuracy']);
  // (784 + 1)·512 + (512 + 1)·10 = 401,920 + 5,130.
  assert.equal(countParams([784, 512, 10]), 407050);
  assert.equal(countParams([2, 3]), 9);
  close(trainAccuracy([1, -1, 2], [1, 1, 1]), 2 / 3);
});

test('minNormLeastSquares and ridgeSolve agree with their closed forms', async () => {
  const { minNormLeastSquares, ridgeSolve } = await pageFunctions(DD, ['minNormLeastSquares', 'ridgeSolve']);
  // 3 w1 + 4 w2 = 5 → (0.6, 0.8).
  minNormLeastSquares([[3, 4]], [5]).forEach((v: number, i: number) => close(v, [0.6, 0.8][i]!, 1e-12));
  // One feature, rows 1 and 2, targets 1 and 2, λ = 1: w = Σxy / (Σx² + λ) = 5 / 6.
  close(ridgeSolve([[1], [2]], [1, 2], 1)[0], 5 / 6, 1e-12);
  // p > n: w = Aᵀ(AAᵀ + λ)⁻¹ b = (1, 1) · 2 / (2 + 1).
  ridgeSolve([[1, 1]], [2], 1).forEach((v: number) => close(v, 2 / 3, 1e-12));
});

test('knnPredict takes the majority among the k nearest points', async () => {
  const { knnPredict } = await pageFunctions(NONPAR, ['knnPredict']);
  const X = [[0], [1], [10]], y = [0, 0, 1];
  assert.equal(knnPredict(X, y, [9], 1), 1);
  assert.equal(knnPredict(X, y, [9], 3), 0);
});

test('empiricalNtk of a linear model is the Gram matrix X Xᵀ', async () => {
  const { empiricalNtk, relativeChange } = await pageFunctions(NONPAR, ['empiricalNtk', 'relativeChange']);
  const tf = await import('@tensorflow/tfjs');
  // f(x) = x · w: ∇_w f(x) = x, so K = X Xᵀ = [[1·1+2·2, 1·3+2·(-1)], [·, 3·3+1]] = [[5, 1], [1, 10]].
  const w = tf.variable(tf.tensor2d([[0.3], [-0.7]]));
  const K = empiricalNtk((x: any) => x.matMul(w).sum(), [w], [[1, 2], [3, -1]]);
  [[5, 1], [1, 10]].forEach((row, i) => row.forEach((v, j) => close(K[i][j], v, 1e-5)));
  w.dispose();
  close(relativeChange([[1, 0], [0, 1]], [[1, 0], [0, 2]]), 1 / Math.SQRT2, 1e-12);
});

test('maxStableLearningRate is 2/λmax and largestEigenvalue finds λmax', async () => {
  const { maxStableLearningRate, largestEigenvalue } = await pageFunctions(KNOBS, ['maxStableLearningRate', 'largestEigenvalue']);
  const tf = await import('@tensorflow/tfjs');
  close(maxStableLearningRate(4), 0.5);
  const H = tf.tensor2d([[2, 1], [1, 2]]); // eigenvalues 3 and 1
  close(largestEigenvalue(H), 3, 1e-4);
  H.dispose();
});

test('gradientNoiseScale is tr(Σ) / |G|²', async () => {
  const { gradientNoiseScale } = await pageFunctions(KNOBS, ['gradientNoiseScale']);
  // Gradients 1 and 3: G = 2, variance 1 → 1/4.
  close(gradientNoiseScale([[1], [3]]), 0.25);
  // G = (0, 1); every deviation (±1, ±1) has squared norm 2 → tr Σ = 2, |G|² = 1.
  close(gradientNoiseScale([[1, 0], [-1, 0], [1, 2], [-1, 2]]), 2);
});

test('majorityVote breaks ties towards the smaller label, and knnPredict is the vote of nearestLabels', async () => {
  const { majorityVote, nearestLabels, knnPredict } = await pageFunctions(NONPAR, ['majorityVote', 'nearestLabels', 'knnPredict']);
  assert.equal(majorityVote([1, 0, 1, 0]), 0);
  assert.equal(majorityVote([2, 2, 1]), 2);
  // Distances from 0.4 to 0, 1, 10: 0.16, 0.36, 92.16 → labels in that order.
  assert.deepEqual(nearestLabels([[0], [1], [10]], [0, 1, 1], [0.4], 3), [0, 1, 1]);
  assert.equal(knnPredict([[0], [1], [10]], [0, 1, 1], [0.4], 2), 0); // tie 0/1 → 0
});

test('min-norm random-feature regression peaks at the interpolation threshold p = n', async () => {
  const { minNormLeastSquares, reluFeatures, teacherData, mulberry32, gaussian } = await pageFunctions(DD, ['minNormLeastSquares', 'reluFeatures', 'teacherData', 'mulberry32', 'gaussian']);
  // n = 40 samples, label noise 0.5. For three draws of features and data the test MSE over p is largest
  // within two of p = n (the design matrix is square and nearly singular there), and p = 4n is far below it.
  const d = 8, n = 40, ps = [10, 20, 30, 36, 38, 40, 42, 44, 50, 60, 80, 160];
  for (const seed of [1, 2, 3]) {
    const g = gaussian(mulberry32(50 + seed));
    const W = Array.from({ length: d }, () => Array.from({ length: 160 }, () => g() / Math.sqrt(d)));
    const rand = mulberry32(seed);
    const train = teacherData(n, d, 0.5, rand), test = teacherData(300, d, 0, rand);
    const mse = ps.map((p) => {
      const w = minNormLeastSquares(reluFeatures(train.X, W, p), train.y);
      const F = reluFeatures(test.X, W, p);
      return F.reduce((s: number, f: number[], i: number) => s + (f.reduce((a, v, j) => a + v * w[j], 0) - test.y[i]) ** 2, 0) / F.length;
    });
    const peak = ps[mse.indexOf(Math.max(...mse))]!;
    assert.ok(Math.abs(peak - n) <= 2, `seed ${seed}: peak at p = ${peak}, MSE ${mse.map((v: number) => v.toFixed(2)).join(' ')}`);
    assert.ok(mse.at(-1)! < mse[ps.indexOf(n)]! / 5);
  }
});
