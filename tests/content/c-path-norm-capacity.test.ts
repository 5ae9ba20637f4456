import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Path-Norm-Capacity.md';
type Net = { d: number; hidden: number; W1: Float64Array; w2: Float64Array };
type Fns = {
  mulberry32: (seed: number) => () => number;
  gaussian: (rng: () => number) => number;
  initNet: (d: number, hidden: number, seed: number) => Net;
  forward: (net: Net, x: number[]) => number;
  layers: (net: Net) => number[][][];
  normPQ: (W: number[][], p: number, q: number) => number;
  maxNormProduct: (ws: number[][][], p?: number) => number;
  pathNorm1: (ws: number[][][]) => number;
  rescale: (net: Net, c: number[]) => Net;
  balance: (net: Net) => Net;
  maxNormCapacity: (net: Net, gamma: number) => number;
};
const NAMES = ['mulberry32', 'gaussian', 'initNet', 'forward', 'layers', 'normPQ', 'maxNormProduct', 'pathNorm1', 'rescale', 'balance', 'maxNormCapacity'];
const load = async () => (await pageFunctions(PAGE, NAMES)) as Fns;
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('normPQ takes the ℓp norm of each unit and then the ℓq norm across units', async () => {
  const { normPQ } = await load();
  const W = [[3, -4], [1, 0], [0, -2]];
  // row ℓ1 norms 7, 1, 2; row ℓ2 norms 5, 1, 2
  assert.equal(normPQ(W, 1, Infinity), 7);
  assert.equal(normPQ(W, 1, 1), 10);
  assert.equal(normPQ(W, 2, Infinity), 5);
  close(normPQ(W, 2, 2), Math.sqrt(9 + 16 + 1 + 4)); // ℓ2,2 is the Frobenius norm
  close(normPQ(W, 2, 1), 8);
});

test('pathNorm1 of the 2-2-1 example equals the sum over its four enumerated paths', async () => {
  const { pathNorm1, maxNormProduct } = await load();
  const ws = [[[1, -2], [0.5, 3]], [[2, -1]]];
  // |2·1| + |2·(−2)| + |(−1)·0.5| + |(−1)·3| = 2 + 4 + 0.5 + 3
  assert.equal(pathNorm1(ws), 9.5);
  // ‖W1‖_{1,∞} = max(3, 3.5) and ‖w2‖_{1,∞} = 3
  assert.equal(maxNormProduct(ws), 10.5);
});

test('balancing makes Π‖W_i‖_{1,∞} equal the ℓ1 path norm, and no rescaling goes below it', async () => {
  const { initNet, layers, balance, rescale, maxNormProduct, pathNorm1, forward, mulberry32, gaussian } = await load();
  const rng = mulberry32(21);
  for (const seed of [1, 2, 3, 4, 5]) {
    const net = initNet(4, 9, seed);
    const path = pathNorm1(layers(net));
    close(maxNormProduct(layers(balance(net))), path, 1e-12);
    assert.ok(maxNormProduct(layers(net)) >= path - 1e-12);
    for (let t = 0; t < 50; t++) {
      const c = Array.from({ length: 9 }, () => Math.exp(2 * gaussian(rng)));
      const moved = rescale(net, c);
      assert.ok(maxNormProduct(layers(moved)) >= path - 1e-9);
      close(pathNorm1(layers(moved)), path, 1e-9);
      const x = [gaussian(rng), gaussian(rng), gaussian(rng), gaussian(rng)];
      close(forward(moved, x), forward(net, x), 1e-9);
    }
  }
});

test('maxNormCapacity is the squared max-norm product over the squared margin', async () => {
  const { maxNormCapacity } = await load();
  const net: Net = { d: 2, hidden: 2, W1: Float64Array.from([1, -2, 0.5, 3]), w2: Float64Array.from([2, -1]) };
  close(maxNormCapacity(net, 2), 10.5 ** 2 / 4);
});
