// Measures of the 30_Evaluation pages, loaded from the pages and checked against hand-worked answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const close = (actual: number, expected: number, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
const PROTOCOLS = 'content/30_Evaluation/Evaluation-Protocols.md';
const LEAKAGE = 'content/30_Evaluation/Data-Leakage.md';
const CALIBRATION = 'content/30_Evaluation/Calibration.md';
const OOD = 'content/30_Evaluation/OOD-Detection.md';
const EPISTEMIC = 'content/30_Evaluation/Epistemic-Uncertainty.md';

test('kFoldIndices cuts 10 samples into folds of 4, 3 and 3', async () => {
  const { kFoldIndices } = await pageFunctions(PROTOCOLS, ['kFoldIndices']);
  const folds = kFoldIndices(10, 3);
  assert.deepEqual(folds.map((f: { val: number[] }) => f.val), [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  assert.deepEqual(folds[1].train, [0, 1, 2, 3, 7, 8, 9]);
});

test('iteratedKFold puts every index in exactly one validation fold per repeat', async () => {
  const { iteratedKFold } = await pageFunctions(PROTOCOLS, ['iteratedKFold']);
  const folds = iteratedKFold(11, 4, 3, 7);
  assert.equal(folds.length, 12);
  for (let r = 0; r < 3; r++) {
    const rep = folds.slice(4 * r, 4 * r + 4);
    assert.deepEqual(rep.flatMap((f: { val: number[] }) => f.val).sort((a: number, b: number) => a - b), Array.from({ length: 11 }, (_, i) => i));
    for (const f of rep) assert.equal(f.train.length + f.val.length, 11);
  }
});

test('crossValidate averages the fold scores', async () => {
  const { crossValidate } = await pageFunctions(PROTOCOLS, ['crossValidate']);
  // Score = size of the validation fold: folds of 2 and 4 → mean 3.
  close(crossValidate([{ train: [], val: [0, 1] }, { train: [], val: [2, 3, 4, 5] }], (_t: number[], v: number[]) => v.length), 3);
});

test('pearson is ±1 for exact linear relations and 0 for an orthogonal pattern', async () => {
  const { pearson } = await pageFunctions(LEAKAGE, ['pearson']);
  close(pearson([1, 2, 3], [2, 4, 6]), 1, 1e-12);
  close(pearson([1, 2, 3], [3, 2, 1]), -1, 1e-12);
  // Deviations (-1.5, -0.5, 0.5, 1.5) · (0.5, -0.5, -0.5, 0.5) = 0.
  close(pearson([1, 2, 3, 4], [1, 0, 0, 1]), 0, 1e-12);
});

test('crossSplitDuplicates counts test rows that also occur in train', async () => {
  const { crossSplitDuplicates } = await pageFunctions(LEAKAGE, ['crossSplitDuplicates']);
  assert.equal(crossSplitDuplicates([[1, 2], [3, 4]], [[1, 2], [5, 6], [3, 4], [3, 4.5]]), 2);
});

test('timeSeriesSplit trains only on the past (expanding window)', async () => {
  const { timeSeriesSplit } = await pageFunctions(LEAKAGE, ['timeSeriesSplit']);
  // n = 10, k = 3: test size ⌊10 / 4⌋ = 2, first training window 10 - 3·2 = 4.
  assert.deepEqual(timeSeriesSplit(10, 3), [
    { train: [0, 1, 2, 3], test: [4, 5] },
    { train: [0, 1, 2, 3, 4, 5], test: [6, 7] },
    { train: [0, 1, 2, 3, 4, 5, 6, 7], test: [8, 9] },
  ]);
});

test('ece of a hand example is 0.4 and reliabilityBins reports the two bins', async () => {
  const { ece, reliabilityBins } = await pageFunctions(CALIBRATION, ['ece', 'reliabilityBins']);
  // Confidences 0.9, 0.9 (1 of 2 right) and 0.6, 0.6 (2 of 2 right): ½·0.4 + ½·0.4 = 0.4.
  const probs = [[0.9, 0.1], [0.9, 0.1], [0.4, 0.6], [0.4, 0.6]], labels = [0, 1, 1, 1];
  close(ece(probs, labels, 10), 0.4, 1e-12);
  const bins = reliabilityBins(probs, labels, 10);
  assert.equal(bins.length, 2);
  close(bins[0].accuracy, 1); close(bins[0].confidence, 0.6, 1e-12);
  close(bins[1].accuracy, 0.5); close(bins[1].confidence, 0.9, 1e-12);
});

test('fitTemperature finds T = z / logit(p) for a single logit with accuracy p', async () => {
  const { fitTemperature, binaryEce } = await pageFunctions(CALIBRATION, ['fitTemperature', 'binaryEce']);
  // Four samples with logits (2, 0), three of them class 0: NLL is minimal when softmax gives 3/4,
  // i.e. 2 / T = ln 3.
  const logits = [[2, 0], [2, 0], [2, 0], [2, 0]], labels = [0, 0, 0, 1];
  close(fitTemperature(logits, labels), 2 / Math.log(3), 1e-3);
  // Two samples with logits (0, 2): both predict class 1 with confidence σ(2), one is right → |½ − σ(2)|.
  const sig = 1 / (1 + Math.exp(-2));
  close(binaryEce([[0, 2], [0, 2]], [1, 0], 1), Math.abs(0.5 - sig), 1e-12);
});

test('nllAtTemperature is the softmax cross-entropy of the scaled logits', async () => {
  const { nllAtTemperature } = await pageFunctions(CALIBRATION, ['nllAtTemperature']);
  // Logits (2, 0), label 0: -log(e² / (e² + 1)) = log(1 + e⁻²); at T = 2 the logits become (1, 0).
  close(nllAtTemperature([[2, 0]], [0], 1), Math.log(1 + Math.exp(-2)), 1e-12);
  close(nllAtTemperature([[2, 0]], [1], 2), Math.log(1 + Math.exp(1)), 1e-12);
});

test('auroc counts (OOD, ID) pairs in order, ties half', async () => {
  const { auroc, fprAtTpr } = await pageFunctions(OOD, ['auroc', 'fprAtTpr']);
  // Pairs (1.5>1), (1.5<2), (3>1), (3>2): 3 of 4.
  close(auroc([1, 2], [1.5, 3]), 0.75);
  close(auroc([1, 1], [1, 1]), 0.5);
  close(auroc([0, 1], [2, 3]), 1);
  // OOD scores 5..24: catching 19 of 20 needs threshold 6; ID scores ≥ 6 are 6.5 and 7 → 2 of 4.
  close(fprAtTpr([1, 2, 6.5, 7], Array.from({ length: 20 }, (_, i) => 5 + i), 0.95), 0.5);
});

test('mahalanobisScore with a tied covariance matches the hand computation', async () => {
  const { fitClassGaussians, mahalanobisScore } = await pageFunctions(OOD, ['fitClassGaussians', 'mahalanobisScore']);
  // Class 0 at (±1, 0), class 1 at (10, ±1): means (0,0) and (10,0), centred points (±1,0), (0,±1),
  // shared covariance (÷N = 4) diag(½, ½). At (0, 1): min(1/½, (100 + 1)/½) = 2. At (5, 0): 25/½ = 50.
  const g = fitClassGaussians([[-1, 0], [1, 0], [10, 1], [10, -1]], [0, 0, 1, 1]);
  close(mahalanobisScore([0, 1], g), 2, 1e-9);
  close(mahalanobisScore([5, 0], g), 50, 1e-9);
});

test('uncertaintyDecomposition separates disagreement from ambiguity', async () => {
  const { uncertaintyDecomposition, entropy } = await pageFunctions(EPISTEMIC, ['uncertaintyDecomposition', 'entropy']);
  close(entropy([0.5, 0.5]), Math.log(2), 1e-12);
  // Two sure members that disagree: mean (½, ½) → total ln 2, each member entropy 0.
  const a = uncertaintyDecomposition([[1, 0], [0, 1]]);
  close(a.total, Math.log(2), 1e-12); close(a.aleatoric, 0, 1e-12); close(a.epistemic, Math.log(2), 1e-12);
  // Two members that both say (½, ½): all aleatoric.
  const b = uncertaintyDecomposition([[0.5, 0.5], [0.5, 0.5]]);
  close(b.aleatoric, Math.log(2), 1e-12); close(b.epistemic, 0, 1e-12);
});

test('ensembleStats gives the mean and population std across members', async () => {
  const { ensembleStats } = await pageFunctions(EPISTEMIC, ['ensembleStats']);
  const s = ensembleStats([[1, 3], [3, 5]]);
  assert.deepEqual(s.mean, [2, 4]);
  assert.deepEqual(s.std, [1, 1]);
});

test('auroc of unit-variance Gaussian scores a mean gap μ apart is Φ(μ/√2)', async () => {
  const { auroc, normalCdf, mulberry32, gaussian } = await pageFunctions(OOD, ['auroc', 'normalCdf', 'mulberry32', 'gaussian']);
  // P(O > I) for O ~ N(μ,1), I ~ N(0,1) is P(N(μ, 2) > 0) = Φ(μ/√2). With 20 000 scores on each side the
  // standard error of the Mann–Whitney estimate is below 0.004.
  const noise = gaussian(mulberry32(11));
  const id = Array.from({ length: 20000 }, () => noise());
  for (const mu of [0.5, 1, 2]) {
    const ood = Array.from({ length: 20000 }, () => mu + noise());
    close(auroc(id, ood), normalCdf(mu / Math.SQRT2), 0.01);
  }
  close(normalCdf(0), 0.5, 1e-7);
  close(normalCdf(1.959964), 0.975, 1e-6);
});

test('rocCurve runs from (0, 0) to (1, 1) and its trapezoid area is the auroc', async () => {
  const { rocCurve, auroc } = await pageFunctions(OOD, ['rocCurve', 'auroc']);
  const id = [0.1, 0.4, 0.35, 0.8, 0.5], ood = [0.9, 0.4, 0.6, 0.7];
  const { fpr, tpr } = rocCurve(id, ood);
  assert.deepEqual([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)], [0, 0, 1, 1]);
  let area = 0;
  for (let k = 1; k < fpr.length; k++) area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
  close(area, auroc(id, ood), 1e-12); // the tie at 0.4 becomes one diagonal step, worth half a pair
});
