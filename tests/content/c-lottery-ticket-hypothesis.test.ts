import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/20_Concepts/Lottery-Ticket-Hypothesis.md';
type Net = { d: number; hidden: number; W1: Float64Array; w2: Float64Array };
type Mask = { W1: Float64Array; w2: Float64Array };
type Fns = {
  mulberry32: (seed: number) => () => number;
  gaussian: (rng: () => number) => number;
  initNet: (d: number, hidden: number, seed: number) => Net;
  forward: (net: Net, x: number[]) => number;
  trainNet: (net: Net, X: number[][], y: number[], opts?: { maxSteps?: number; targetLoss?: number; mask?: Mask }) => { steps: number; loss: number };
  errorRate: (net: Net, X: number[][], y: number[]) => number;
  magnitudeMask: (net: Net, keep: number) => Mask;
  randomMask: (net: Net, keep: number, seed: number) => Mask;
  copyNet: (net: Net) => Net;
};
const NAMES = ['mulberry32', 'gaussian', 'initNet', 'forward', 'trainNet', 'errorRate', 'magnitudeMask', 'randomMask', 'copyNet'];
const load = async () => (await pageFunctions(PAGE, NAMES)) as Fns;
const count = (m: Float64Array) => m.reduce((s, v) => s + v, 0);

test('magnitudeMask keeps exactly the largest round(k·n) weights per layer, the output layer at half the pruning rate', async () => {
  const { initNet, magnitudeMask } = await load();
  const net = initNet(6, 20, 3);
  const mask = magnitudeMask(net, 0.25);
  assert.equal(count(mask.W1), Math.round(0.25 * 120));
  assert.equal(count(mask.w2), Math.round((1 - 0.75 / 2) * 20));
  const kept = Array.from(net.W1).filter((_, i) => mask.W1[i] === 1).map(Math.abs);
  const cut = Array.from(net.W1).filter((_, i) => mask.W1[i] === 0).map(Math.abs);
  assert.ok(Math.min(...kept) >= Math.max(...cut));
  assert.ok(Array.from(mask.W1).every((v) => v === 0 || v === 1));
});

test('randomMask keeps the same number of weights as magnitudeMask', async () => {
  const { initNet, randomMask, magnitudeMask } = await load();
  const net = initNet(6, 20, 3);
  const r = randomMask(net, 0.25, 9);
  const m = magnitudeMask(net, 0.25);
  assert.equal(count(r.W1), count(m.W1));
  assert.equal(count(r.w2), count(m.w2));
});

test('training under a mask keeps every pruned weight exactly zero, and pruning zero weights leaves the function unchanged', async () => {
  const { initNet, trainNet, magnitudeMask, copyNet, forward, mulberry32, gaussian } = await load();
  const rng = mulberry32(2);
  const X = Array.from({ length: 40 }, () => Array.from({ length: 4 }, () => gaussian(rng)));
  const y = X.map((x) => (x[0]! - x[2]! > 0 ? 1 : -1));
  const net = initNet(4, 12, 5);
  const mask = magnitudeMask(net, 0.3);
  const sub = copyNet(net);
  trainNet(sub, X, y, { maxSteps: 200, mask });
  sub.W1.forEach((w, i) => { if (mask.W1[i] === 0) assert.ok(w === 0, `W1[${i}] = ${w}`); });
  sub.w2.forEach((w, k) => { if (mask.w2[k] === 0) assert.ok(w === 0, `w2[${k}] = ${w}`); });
  // the trained subnetwork is already zero outside the mask: applying its mask again changes nothing
  const again = copyNet(sub);
  trainNet(again, X, y, { maxSteps: 0, mask });
  for (const x of X.slice(0, 5)) assert.equal(forward(again, x), forward(sub, x));
});

test('a 50% ticket rewound to the original initialization fits the data and matches the dense test error', async () => {
  const { initNet, trainNet, magnitudeMask, copyNet, errorRate, mulberry32, gaussian } = await load();
  const rng = mulberry32(1989);
  const V = Array.from({ length: 3 }, () => Array.from({ length: 5 }, () => gaussian(rng)));
  const teacher = (x: number[]) => V.reduce((s, v, k) => s + (k % 2 ? -1 : 1) * Math.max(0, v.reduce((t, vj, j) => t + vj * x[j]!, 0)), 0);
  const sample = (n: number) => {
    const X = Array.from({ length: n }, () => Array.from({ length: 5 }, () => gaussian(rng)));
    return { X, y: X.map((x) => (teacher(x) > 0 ? 1 : -1)) };
  };
  const testSet = sample(1000);
  const train = sample(150);
  const init = initNet(5, 40, 4);
  const dense = copyNet(init);
  trainNet(dense, train.X, train.y, { maxSteps: 800, targetLoss: 0.02 });
  const ticket = copyNet(init);
  const fit = trainNet(ticket, train.X, train.y, { maxSteps: 800, targetLoss: 0.02, mask: magnitudeMask(dense, 0.5) });
  assert.ok(fit.loss < 0.02, `ticket loss ${fit.loss}`);
  assert.equal(errorRate(ticket, train.X, train.y), 0);
  const gap = errorRate(ticket, testSet.X, testSet.y) - errorRate(dense, testSet.X, testSet.y);
  assert.ok(Math.abs(gap) < 0.03, `gap ${gap}`);
});
