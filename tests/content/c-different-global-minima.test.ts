import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Different-Global-Minima.md';
type Net = { d: number; hidden: number; W1: Float64Array; w2: Float64Array };
type Grads = { W1: Float64Array; w2: Float64Array };
type Fns = {
  mulberry32: (seed: number) => () => number;
  gaussian: (rng: () => number) => number;
  initNet: (d: number, hidden: number, seed: number, scale?: number) => Net;
  forward: (net: Net, x: number[]) => number;
  lossGrad: (net: Net, X: number[][], y: number[], grads?: Grads) => number;
  trainNet: (net: Net, X: number[][], y: number[], opts?: { maxSteps?: number; targetLoss?: number }) => { steps: number; loss: number };
  errorRate: (net: Net, X: number[][], y: number[]) => number;
  marginQuantile: (net: Net, X: number[][], y: number[], eps?: number) => number;
  l2Measure: (net: Net, gamma: number) => number;
  path1Measure: (net: Net, gamma: number) => number;
  path2Measure: (net: Net, gamma: number) => number;
  spectralMeasure: (net: Net, gamma: number) => number;
  kendallTau: (a: number[], b: number[]) => number;
};
const NAMES = ['mulberry32', 'gaussian', 'initNet', 'forward', 'lossGrad', 'trainNet', 'errorRate', 'marginQuantile', 'l2Measure', 'path1Measure', 'path2Measure', 'spectralMeasure', 'kendallTau'];
const load = async () => (await pageFunctions(PAGE, NAMES)) as Fns;
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

// a 2-input, 2-hidden-unit net: W1 = [[1, -2], [0.5, 3]], w2 = [2, -1]
const tiny = (): Net => ({ d: 2, hidden: 2, W1: Float64Array.from([1, -2, 0.5, 3]), w2: Float64Array.from([2, -1]) });

test('the margin-normalised measures of a 2-unit net equal their hand-computed values', async () => {
  const { l2Measure, path1Measure, path2Measure, spectralMeasure } = await load();
  const net = tiny();
  const gamma = 2;
  // ‖W1‖_F² = 1 + 4 + 0.25 + 9 = 14.25, ‖w2‖² = 5 → (4·14.25)(4·5)/γ² = 285
  close(l2Measure(net, gamma), 285);
  // Σ_paths |w2_k W1_kj| = 2·(1 + 2) + 1·(0.5 + 3) = 9.5 → (2·2·9.5)²/4 = 361
  close(path1Measure(net, gamma), 361);
  // Σ_paths w2_k² W1_kj² = 4·5 + 1·9.25 = 29.25 → 4·h1·4·h2·29.25/γ² = 16·2·29.25/4 = 234
  close(path2Measure(net, gamma), 234);
  // W1ᵀW1 = [[1.25, -0.5], [-0.5, 13]]: λ_max = (14.25 + √(11.75² + 1))/2; spectral = h1·λ_max·‖w2‖²/γ²
  const lambda = (14.25 + Math.sqrt(11.75 ** 2 + 1)) / 2;
  close(spectralMeasure(net, gamma), (2 * lambda * 5) / 4, 1e-9);
});

test('path measures are invariant to node-wise rescaling while the ℓ2 product is not', async () => {
  const { forward, l2Measure, path1Measure, path2Measure } = await load();
  const net = tiny();
  const scaled: Net = { ...net, W1: Float64Array.from([5, -10, 0.5, 3]), w2: Float64Array.from([0.4, -1]) };
  for (const x of [[0.3, -0.7], [1, 1], [-2, 0.1]]) close(forward(scaled, x), forward(net, x), 1e-12);
  close(path1Measure(scaled, 1), path1Measure(net, 1));
  close(path2Measure(scaled, 1), path2Measure(net, 1));
  assert.ok(Math.abs(l2Measure(scaled, 1) - l2Measure(net, 1)) > 10);
});

test('lossGrad returns the gradient of the logistic loss (checked by central differences)', async () => {
  const { initNet, lossGrad, mulberry32, gaussian } = await load();
  const rng = mulberry32(5);
  const X = Array.from({ length: 7 }, () => Array.from({ length: 3 }, () => gaussian(rng)));
  const y = X.map((_, i) => (i % 2 === 0 ? 1 : -1));
  const net = initNet(3, 4, 9);
  const grads = { W1: new Float64Array(12), w2: new Float64Array(4) };
  lossGrad(net, X, y, grads);
  const h = 1e-6;
  for (const [p, g] of [[net.W1, grads.W1], [net.w2, grads.w2]] as const) {
    for (let i = 0; i < p.length; i++) {
      const keep = p[i]!;
      p[i] = keep + h;
      const up = lossGrad(net, X, y);
      p[i] = keep - h;
      const down = lossGrad(net, X, y);
      p[i] = keep;
      close(g[i]!, (up - down) / (2 * h), 1e-6);
    }
  }
});

test('true and random-label training sets both reach the same loss, and the random-label minimum is worse and larger', async () => {
  const { mulberry32, gaussian, initNet, trainNet, errorRate, marginQuantile, l2Measure } = await load();
  const rng = mulberry32(31);
  const teacher = Array.from({ length: 6 }, () => gaussian(rng));
  const sample = (n: number) => {
    const X = Array.from({ length: n }, () => Array.from({ length: 6 }, () => gaussian(rng)));
    return { X, y: X.map((x) => (x.reduce((s, v, j) => s + v * teacher[j]!, 0) > 0 ? 1 : -1)) };
  };
  const test = sample(1000);
  const clean = sample(100);
  const extra = sample(100);
  const mixedY = [...clean.y, ...extra.X.map(() => (rng() < 0.5 ? 1 : -1))];
  const a = initNet(6, 24, 1);
  const b = initNet(6, 24, 1);
  const fa = trainNet(a, clean.X, clean.y, { maxSteps: 5000 });
  const fb = trainNet(b, [...clean.X, ...extra.X], mixedY, { maxSteps: 5000 });
  assert.ok(fa.loss < 0.01 && fb.loss < 0.01);
  assert.equal(errorRate(b, [...clean.X, ...extra.X], mixedY), 0);
  assert.ok(errorRate(b, test.X, test.y) > errorRate(a, test.X, test.y) + 0.05);
  const ga = marginQuantile(a, clean.X, clean.y);
  const gb = marginQuantile(b, [...clean.X, ...extra.X], mixedY);
  assert.ok(l2Measure(b, gb) > 3 * l2Measure(a, ga));
});

test('kendallTau is 1 for the same order, −1 for the reverse and 0 for a balanced shuffle', async () => {
  const { kendallTau } = await load();
  assert.equal(kendallTau([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // pairs: (1,2)+ (1,3)− (2,3)−  ... [1,2,3] vs [2,3,1]: (1,2):+ (1,3):− (2,3):− → −1/3
  close(kendallTau([1, 2, 3], [2, 3, 1]), -1 / 3);
});
