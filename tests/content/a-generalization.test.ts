// The measures of the seed page (Generalization in AI), loaded from the page itself and checked
// against answers worked out by hand or in closed form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/10_Wiki/Topics/Generalization-in-AI.md';
const close = (actual: number, expected: number, tol = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

test('stratifiedSplit keeps every class in the same proportion and partitions the indices', async () => {
  const { stratifiedSplit } = await pageFunctions(PAGE, ['stratifiedSplit']);
  // 10 samples of class 0 and 10 of class 1, split 50/50: each half holds 5 of each class.
  const labels = [...Array(10).fill(0), ...Array(10).fill(1)];
  const [a, b] = stratifiedSplit(labels, [0.5, 0.5], 3);
  assert.equal(a.filter((i: number) => labels[i] === 1).length, 5);
  assert.equal(b.filter((i: number) => labels[i] === 1).length, 5);
  assert.deepEqual([...a, ...b].sort((x: number, y: number) => x - y), labels.map((_, i) => i));
});

test('overfitCheck flags a relative gap above the threshold', async () => {
  const { overfitCheck } = await pageFunctions(PAGE, ['overfitCheck']);
  // (0.6 - 0.5) / 0.5 = 0.2 > 0.1; (0.52 - 0.5) / 0.5 = 0.04 < 0.1.
  const high = overfitCheck(0.5, 0.6);
  close(high.gap, 0.2);
  assert.equal(high.overfit, true);
  assert.equal(overfitCheck(0.5, 0.52).overfit, false);
});

test('EarlyStopping stops after `patience` epochs without improvement and remembers the best epoch', async () => {
  const { EarlyStopping } = await pageFunctions(PAGE, ['EarlyStopping']);
  const stop = new EarlyStopping(2);
  // 1, 0.9, 0.8 improve; 0.85 and 0.86 are two bad epochs in a row: stop at epoch 4.
  const decisions = [1, 0.9, 0.8, 0.85, 0.86].map((v, i) => stop.step(v, i));
  assert.deepEqual(decisions, [false, false, false, false, true]);
  assert.equal(stop.best, 0.8);
  assert.equal(stop.bestEpoch, 2);
});

test('minNormLeastSquares returns the minimum-norm solution when underdetermined and the exact fit otherwise', async () => {
  const { minNormLeastSquares } = await pageFunctions(PAGE, ['minNormLeastSquares']);
  // 3 w1 + 4 w2 = 5: the min-norm solution is b a / |a|^2 = 5 (3, 4) / 25 = (0.6, 0.8).
  minNormLeastSquares([[3, 4]], [5]).forEach((v: number, i: number) => close(v, [0.6, 0.8][i]!, 1e-9));
  // Points on y = 1 + 2x with features (1, x): least squares recovers (1, 2).
  minNormLeastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 5]).forEach((v: number, i: number) => close(v, [1, 2][i]!, 1e-9));
});

test('mahalanobis matches the closed form for a diagonal covariance', async () => {
  const { mahalanobisFit, mahalanobis } = await pageFunctions(PAGE, ['mahalanobisFit', 'mahalanobis']);
  // Points (±2, 0), (0, ±1): mean 0, sample covariance diag(8/3, 2/3) (n - 1 = 3).
  const { mean, covInv } = mahalanobisFit([[2, 0], [-2, 0], [0, 1], [0, -1]]);
  close(mahalanobis([2, 0], mean, covInv), Math.sqrt(4 / (8 / 3)), 1e-5);
  close(mahalanobis([0, 1], mean, covInv), Math.sqrt(1 / (2 / 3)), 1e-5);
  close(mahalanobis([1, 1], mean, covInv), Math.sqrt(3 / 8 + 3 / 2), 1e-5);
});

test('psi of two bins with shares (0.5, 0.5) → (0.25, 0.75) is ln(3) / 4', async () => {
  const { psi } = await pageFunctions(PAGE, ['psi']);
  // Bins [0, 1.5) and [1.5, 3]: expected 2 + 2, actual 1 + 3.
  // (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) = 0.25 (ln 2 + ln 1.5) = 0.25 ln 3.
  close(psi([0, 1, 2, 3], [0, 3, 3, 3], 2), Math.log(3) / 4, 1e-5);
  close(psi([0, 1, 2, 3], [0, 1, 2, 3], 2), 0);
});

test('worstGroupAccuracy is the minimum of the per-group accuracies', async () => {
  const { worstGroupAccuracy } = await pageFunctions(PAGE, ['worstGroupAccuracy']);
  // group 0: 1 of 2 right, group 1: 2 of 2, group 2: 1 of 2.
  const r = worstGroupAccuracy([1, 1, 0, 0, 1, 0], [1, 0, 0, 0, 1, 1], [0, 0, 1, 1, 2, 2]);
  assert.equal(r.worst, 0.5);
  assert.deepEqual([...r.perGroup.entries()], [[0, 0.5], [1, 1], [2, 0.5]]);
});

test('droLoss goes from the mean (small eta) to the max (large eta)', async () => {
  const { droLoss } = await pageFunctions(PAGE, ['droLoss']);
  close(droLoss([0.7, 0.7, 0.7], 5), 0.7, 1e-12);
  // eta = 1, losses (0, ln 3): log((1 + 3) / 2) = ln 2.
  close(droLoss([0, Math.log(3)], 1), Math.log(2), 1e-12);
  close(droLoss([0.2, 0.4], 1e-6), 0.3, 1e-6);
  // eta = 1000, losses (0, 1): 1 + log((e^-1000 + 1) / 2) / 1000 ≈ 1 - ln 2 / 1000.
  close(droLoss([0, 1], 1000), 1 - Math.log(2) / 1000, 1e-9);
});

test('padCrop shifts the image inside a zero border', async () => {
  const { padCrop } = await pageFunctions(PAGE, ['padCrop']);
  const tf = await import('@tensorflow/tfjs');
  const img = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  // Padded 4×4 image has the 2×2 block at rows/cols 1..2.
  const at = (dy: number, dx: number) => {
    const t = padCrop(img, 1, dy, dx);
    const v = Array.from(t.dataSync());
    t.dispose();
    return v;
  };
  assert.deepEqual(at(1, 1), [1, 2, 3, 4]);
  assert.deepEqual(at(0, 0), [0, 0, 0, 1]);
  assert.deepEqual(at(2, 2), [4, 0, 0, 0]);
  img.dispose();
});

test('augment keeps the batch shape and the [0, 1] pixel range', async () => {
  const { augment, mulberry32 } = await pageFunctions(PAGE, ['augment', 'mulberry32']);
  const tf = await import('@tensorflow/tfjs');
  const batch = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 1);
  const out = augment(batch, mulberry32(3), 2, 0.5);
  assert.deepEqual(out.shape, [2, 8, 8, 3]);
  const values = Array.from(out.dataSync() as Float32Array);
  assert.ok(values.every((v) => v >= 0 && v <= 1));
  tf.dispose([batch, out]);
});

test('mixup mixes inputs and labels with the same λ', async () => {
  const { mixup } = await pageFunctions(PAGE, ['mixup']);
  const tf = await import('@tensorflow/tfjs');
  const x = tf.tensor2d([[0, 0], [2, 4]]);
  const y = tf.tensor2d([[1, 0], [0, 1]]);
  // λ = 0.25, partner of row 0 is row 1: 0.25 (0, 0) + 0.75 (2, 4) = (1.5, 3); labels (0.25, 0.75).
  const m = mixup(x, y, 0.25, [1, 0]);
  const mx = m.x.arraySync(), my = m.y.arraySync();
  [1.5, 3].forEach((v, i) => close(mx[0][i], v, 1e-6));
  [0.25, 0.75].forEach((v, i) => close(my[0][i], v, 1e-6));
  [0.5, 1].forEach((v, i) => close(mx[1][i], v, 1e-6));
  tf.dispose([x, y, m.x, m.y]);
});

test('sampleBeta(2, 2) has mean 1/2 and variance 1/20', async () => {
  const { sampleBeta, mulberry32 } = await pageFunctions(PAGE, ['sampleBeta', 'mulberry32']);
  // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)) = 0.05 for a = 2.
  const rand = mulberry32(1);
  const xs = Array.from({ length: 4000 }, () => sampleBeta(2, rand));
  const m = xs.reduce((s, v) => s + v, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
  close(m, 0.5, 0.02);
  close(v, 0.05, 0.005);
});

test('samStep on a quadratic equals the closed-form SAM update', async () => {
  const { samStep } = await pageFunctions(PAGE, ['samStep']);
  const tf = await import('@tensorflow/tfjs');
  // L(w) = ½ Σ a_i w_i², a = (2, 0.5), w = (1, -2): g = (2, -1), ε = ρ g / √5,
  // w' = w - lr · a ⊙ (w + ε).
  const a = [2, 0.5], w0 = [1, -2], lr = 0.1, rho = 0.05;
  const g = w0.map((v, i) => a[i]! * v);
  const norm = Math.hypot(...g);
  const expected = w0.map((v, i) => v - lr * a[i]! * (v + (rho * g[i]!) / norm));
  const w = tf.variable(tf.tensor1d(w0));
  const coef = tf.tensor1d(a);
  samStep(w, (v: any) => v.square().mul(coef).sum().mul(0.5), lr, rho);
  Array.from(w.dataSync()).forEach((v, i) => close(v, expected[i]!, 1e-5));
  tf.dispose([w, coef]);
});

test('flatness of a quadratic at its minimum is ½ σ² Σ a_i', async () => {
  const { flatness } = await pageFunctions(PAGE, ['flatness']);
  // E[½ Σ a_i ν_i²] = ½ σ² Σ a_i = ½ · 0.01 · 2.5 = 0.0125 for a = (2, 0.5), σ = 0.1.
  const f = flatness(([x, y]: number[]) => 0.5 * (2 * x! * x! + 0.5 * y! * y!), [0, 0], 0.1, 20000, 1);
  close(f, 0.0125, 0.0125 * 0.05);
});

test('fitPowerLaw recovers the parameters of noiseless power-law data', async () => {
  const { fitPowerLaw } = await pageFunctions(PAGE, ['fitPowerLaw']);
  const N = [1, 4, 16, 64, 256, 1024];
  const fit = fitPowerLaw(N, N.map((n) => 2 + 10 * n ** -0.5));
  close(fit.a, 2, 1e-4);
  close(fit.b, 10, 1e-3);
  close(fit.c, 0.5, 1e-4);
});

test('robustnessEval reports the accuracy under each perturbation', async () => {
  const { robustnessEval } = await pageFunctions(PAGE, ['robustnessEval']);
  const tf = await import('@tensorflow/tfjs');
  // Classifier: x0 > 0. Shifting x0 by -1.5 moves (1, 0) and (2, 0) to -0.5 and 0.5: one of the
  // two positives is lost, the negatives stay right → 3 of 4.
  const predict = (x: any) => Array.from(x.slice([0, 0], [-1, 1]).greater(0).dataSync() as Uint8Array).map(Number);
  const x = tf.tensor2d([[1, 0], [-1, 0], [2, 0], [-0.5, 0]]);
  const r = robustnessEval(predict, x, [1, 0, 1, 0], {
    clean: (v: any) => v,
    shift: (v: any) => v.sub(tf.tensor2d([[1.5, 0]])),
  });
  assert.equal(r.clean, 1);
  assert.equal(r.shift, 0.75);
  x.dispose();
});

test('ece of a hand example with two bins is 0.4', async () => {
  const { ece } = await pageFunctions(PAGE, ['ece']);
  // Bin 0.9: accuracy 1/2 vs confidence 0.9 (gap 0.4, weight 1/2); bin 0.6: 1 vs 0.6 (gap 0.4, weight 1/2).
  close(ece([0.9, 0.9, 0.6, 0.6], [true, false, true, true]), 0.4, 1e-12);
  close(ece([1, 1], [true, true]), 0, 1e-12);
});

test('linearProbe scores 1 on held-out data of a linearly separable task', async () => {
  const { linearProbe } = await pageFunctions(PAGE, ['linearProbe']);
  // Label = [x0 > 0] with a margin of 1 around the boundary.
  const make = (xs: number[]) => ({ X: xs.map((v, i) => [v, (i % 3) - 1]), y: xs.map((v) => (v > 0 ? 1 : 0)) });
  const tr = make([-3, -2, -1, 1, 2, 3]), te = make([-2.5, -1.5, 1.5, 2.5]);
  assert.equal(linearProbe(tr.X, tr.y, te.X, te.y), 1);
});
