import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Network-Size-and-Capacity-Measures.md';
type Net = { d: number; hidden: number; W1: Float64Array; w2: Float64Array };
type Fns = {
  mulberry32: (seed: number) => () => number;
  gaussian: (rng: () => number) => number;
  initNet: (d: number, hidden: number, seed: number, scale?: number) => Net;
  forward: (net: Net, x: number[]) => number;
  trainNet: (net: Net, X: number[][], y: number[], opts?: { maxSteps?: number; targetLoss?: number }) => { steps: number; loss: number };
  errorRate: (net: Net, X: number[][], y: number[]) => number;
  l2Measure: (net: Net, gamma: number) => number;
  path1Measure: (net: Net, gamma: number) => number;
  path2Measure: (net: Net, gamma: number) => number;
  spectralMeasure: (net: Net, gamma: number) => number;
  expectedSharpness: (net: Net, X: number[][], y: number[], sigma: number, draws?: number, seed?: number) => number;
};
const NAMES = ['mulberry32', 'gaussian', 'initNet', 'forward', 'trainNet', 'errorRate', 'l2Measure', 'path1Measure', 'path2Measure', 'spectralMeasure', 'expectedSharpness'];
const load = async () => (await pageFunctions(PAGE, NAMES)) as Fns;
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

// Every hidden unit copied once with its outgoing weight halved: the same function on twice the width.
function doubled(net: Net): Net {
  const W1 = new Float64Array(2 * net.W1.length);
  W1.set(net.W1);
  W1.set(net.W1, net.W1.length);
  const w2 = new Float64Array(2 * net.hidden);
  net.w2.forEach((w, k) => {
    w2[k] = w / 2;
    w2[k + net.hidden] = w / 2;
  });
  return { d: net.d, hidden: 2 * net.hidden, W1, w2 };
}

test('doubling the width of the same function keeps ℓ2 and both path measures and doubles the spectral measure', async () => {
  const { initNet, forward, l2Measure, path1Measure, path2Measure, spectralMeasure, mulberry32, gaussian } = await load();
  const net = initNet(5, 12, 4);
  const wide = doubled(net);
  const rng = mulberry32(8);
  for (let t = 0; t < 5; t++) {
    const x = Array.from({ length: 5 }, () => gaussian(rng));
    close(forward(wide, x), forward(net, x), 1e-12);
  }
  // ‖W1‖_F² doubles and ‖w2‖² halves; Σ_k w2_k²‖W1_k‖² halves while h₁ doubles; Σ|w2_k|‖W1_k‖₁ is unchanged.
  close(l2Measure(wide, 1.5), l2Measure(net, 1.5));
  close(path1Measure(wide, 1.5), path1Measure(net, 1.5));
  close(path2Measure(wide, 1.5), path2Measure(net, 1.5));
  // duplicated rows double W1ᵀW1 (so ‖W1‖₂²), h₁ doubles, ‖w2‖² halves: ×2 overall
  close(spectralMeasure(wide, 1.5), 2 * spectralMeasure(net, 1.5), 1e-6);
});

test('expectedSharpness is exactly zero without noise and grows with σ', async () => {
  const { initNet, forward, expectedSharpness, mulberry32, gaussian } = await load();
  const rng = mulberry32(3);
  const X = Array.from({ length: 80 }, () => Array.from({ length: 4 }, () => gaussian(rng)));
  const net = initNet(4, 16, 2);
  // labels the net itself produces, so its own training error is 0 and any error comes from the noise
  const y = X.map((x) => (forward(net, x) > 0 ? 1 : -1));
  assert.equal(expectedSharpness(net, X, y, 0), 0);
  const small = expectedSharpness(net, X, y, 0.05, 20);
  const large = expectedSharpness(net, X, y, 1, 20);
  assert.ok(small >= 0 && large > small + 0.1, `${small} ${large}`);
});

test('a narrow and a wide network both interpolate the same training set', async () => {
  const { mulberry32, gaussian, initNet, trainNet, errorRate } = await load();
  const rng = mulberry32(12);
  const X = Array.from({ length: 100 }, () => Array.from({ length: 6 }, () => gaussian(rng)));
  const y = X.map((x) => (Math.max(0, x[0]! + x[1]!) - Math.max(0, x[2]! - x[3]!) > 0.2 ? 1 : -1));
  for (const h of [16, 128]) {
    const net = initNet(6, h, 1);
    const fit = trainNet(net, X, y, { maxSteps: 5000 });
    assert.ok(fit.loss < 0.01, `h=${h} loss ${fit.loss}`);
    assert.equal(errorRate(net, X, y), 0);
  }
});
