import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/20_Concepts/Bias-Variance-Decomposition.md';
type Decomposition = { bias2: number; variance: number; noise: number; expectedError: number };
type Fns = {
  biasVariance: (predictions: number[][], truth: number[], noiseVar: number) => Decomposition;
  fitPolynomial: (xs: number[], ys: number[], degree: number, lambda?: number) => (x: number) => number;
  legendreFeatures: (x: number, degree: number) => number[];
  mulberry32: (seed: number) => () => number;
  gaussian: (rng: () => number) => number;
};
const load = async () => (await pageFunctions(PAGE, ['biasVariance', 'fitPolynomial', 'legendreFeatures', 'mulberry32', 'gaussian'])) as Fns;

test('bias² + variance equals the mean squared error of the models against the truth, to rounding', async () => {
  const { biasVariance } = await load();
  const truth = [0.5, -1, 2];
  const predictions = [[0.1, -0.7, 2.5], [0.9, -1.4, 1.2], [0.4, -0.2, 2.9], [1.3, -1.1, 1.8]];
  const direct = predictions.reduce((s, p) => s + p.reduce((t, v, j) => t + (v - truth[j]!) ** 2, 0), 0) / (predictions.length * truth.length);
  const d = biasVariance(predictions, truth, 0.25);
  assert.ok(Math.abs(d.bias2 + d.variance - direct) < 1e-12, `${d.bias2 + d.variance} vs ${direct}`);
  assert.ok(Math.abs(d.expectedError - (direct + 0.25)) < 1e-12);
  // identical predictions have no variance; their bias² is the squared offset
  const flat = biasVariance([[1, 1], [1, 1]], [0, 3], 0);
  assert.equal(flat.variance, 0);
  assert.equal(flat.bias2, (1 + 4) / 2);
});

test('fitPolynomial recovers a noise-free cubic exactly and the Legendre recursion gives P2 and P3', async () => {
  const { fitPolynomial, legendreFeatures } = await load();
  const cubic = (x: number) => 1 - 2 * x + 0.5 * x ** 3;
  const xs = [-0.9, -0.6, -0.2, 0.1, 0.4, 0.7, 0.95];
  const model = fitPolynomial(xs, xs.map(cubic), 3);
  for (const x of [-0.8, 0, 0.33, 0.9]) assert.ok(Math.abs(model(x) - cubic(x)) < 1e-10);
  const [p0, p1, p2, p3] = legendreFeatures(0.3, 3);
  assert.deepEqual([p0, p1], [1, 0.3]);
  assert.ok(Math.abs(p2! - (3 * 0.09 - 1) / 2) < 1e-15);
  assert.ok(Math.abs(p3! - (5 * 0.027 - 3 * 0.3) / 2) < 1e-15);
});

test('least squares on a fixed design is unbiased and its mean variance at the design points is σ²·p/n', async () => {
  // Theory: ŷ = H y with H the hat matrix, so Var ŷ_i = σ² H_ii and Σ_i H_ii = trace H = p.
  const { biasVariance, fitPolynomial, mulberry32, gaussian } = await load();
  const n = 12;
  const degree = 2; // p = 3 parameters
  const xs = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const truthFn = (x: number) => 0.3 + x - 2 * x * x; // inside the model class: bias must vanish
  const sigma = 0.5;
  const rng = mulberry32(11);
  const predictions: number[][] = [];
  for (let t = 0; t < 4000; t++) {
    const model = fitPolynomial(xs, xs.map((x) => truthFn(x) + sigma * gaussian(rng)), degree);
    predictions.push(xs.map(model));
  }
  const d = biasVariance(predictions, xs.map(truthFn), sigma * sigma);
  const theory = (sigma * sigma * (degree + 1)) / n; // 0.0625
  assert.ok(d.bias2 < 1e-4, `bias² ${d.bias2}`);
  assert.ok(Math.abs(d.variance - theory) / theory < 0.05, `variance ${d.variance} vs ${theory}`);
});
