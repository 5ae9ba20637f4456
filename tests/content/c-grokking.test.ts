import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/20_Concepts/Grokking.md';
type Task = { d: number; n: number; X: number[][]; y: number[]; wStar: number[]; rng: () => number };
type Record = { step: number; trainLoss: number; testAcc: number; testMse: number; nullNorm: number };
type Fns = {
  gaussian: (rng: () => number) => number;
  mulberry32: (seed: number) => () => number;
  norm: (a: number[]) => number;
  dot: (a: number[], b: number[]) => number;
  makeTask: (d: number, n: number, seed: number) => Task;
  rowSpaceBasis: (X: number[][]) => number[][];
  project: (Q: number[][], v: number[]) => number[];
  testAccuracy: (w: number[], wStar: number[]) => number;
  trainWithDecay: (task: Task, opts: { w0: number[]; eta: number; lambda: number; steps: number; Q: number[][] }) => { w: number[]; history: Record[] };
  predictedGrokStep: (nullNorm0: number, signalNorm: number, eta: number, lambda: number) => number;
};
const NAMES = ['gaussian', 'mulberry32', 'norm', 'dot', 'makeTask', 'rowSpaceBasis', 'project', 'testAccuracy', 'trainWithDecay', 'predictedGrokStep'];
const load = async () => (await pageFunctions(PAGE, NAMES)) as Fns;

async function setup(alpha: number) {
  const f = await load();
  const task = f.makeTask(40, 20, 3);
  const Q = f.rowSpaceBasis(task.X);
  const u = Array.from({ length: 40 }, () => f.gaussian(task.rng));
  const w0 = u.map((v) => (alpha * v) / f.norm(u));
  const P0 = f.project(Q, w0);
  const null0 = f.norm(w0.map((v, i) => v - P0[i]!));
  const signal = f.norm(f.project(Q, task.wStar));
  return { ...f, task, Q, w0, null0, signal };
}

test('rowSpaceBasis is orthonormal and spans the training inputs', async () => {
  const { task, Q, dot, project } = await setup(1);
  assert.equal(Q.length, task.n);
  for (let a = 0; a < Q.length; a++) for (let b = 0; b < Q.length; b++) assert.ok(Math.abs(dot(Q[a]!, Q[b]!) - (a === b ? 1 : 0)) < 1e-10);
  for (const x of task.X) assert.ok(project(Q, x).every((v, i) => Math.abs(v - x[i]!) < 1e-9));
});

test('the off-data component decays exactly as (1 − ηλ)^t and never moves without weight decay', async () => {
  const { task, Q, w0, null0, trainWithDecay } = await setup(15);
  const eta = 0.1;
  const lambda = 0.02;
  const { history } = trainWithDecay(task, { w0, eta, lambda, steps: 2000, Q });
  for (const h of history) {
    const expected = (1 - eta * lambda) ** h.step * null0;
    assert.ok(Math.abs(h.nullNorm - expected) <= 1e-8 * null0, `step ${h.step}: ${h.nullNorm} vs ${expected}`);
  }
  const frozen = trainWithDecay(task, { w0, eta, lambda: 0, steps: 1000, Q }).history;
  for (const h of frozen) assert.ok(Math.abs(h.nullNorm - null0) < 1e-9 * null0);
  // memorised without generalising: training loss ~0 but accuracy far below the ceiling
  assert.ok(frozen.at(-1)!.trainLoss < 1e-10 && frozen.at(-1)!.testAcc < 0.6);
});

test('predictedGrokStep is the step where the off-data component falls below the signal, and accuracy then reaches the ceiling', async () => {
  const { task, Q, w0, null0, signal, trainWithDecay, predictedGrokStep } = await setup(15);
  const eta = 0.1;
  const lambda = 0.02;
  const predicted = predictedGrokStep(null0, signal, eta, lambda);
  const { history } = trainWithDecay(task, { w0, eta, lambda, steps: 6000, Q });
  const below = history.find((h) => h.nullNorm < signal)!;
  const before = history[history.indexOf(below) - 1]!;
  assert.ok(before.step <= predicted && predicted <= below.step, `${before.step} ≤ ${predicted} ≤ ${below.step}`);
  const ceiling = 1 - Math.acos(signal) / Math.PI;
  assert.ok(Math.abs(history.at(-1)!.testAcc - ceiling) < 0.01, `${history.at(-1)!.testAcc} vs ${ceiling}`);
  assert.equal(predictedGrokStep(10, 1, 0.1, 0), Infinity);
});

test('testAccuracy is the sign agreement of two linear rules on Gaussian inputs', async () => {
  const { testAccuracy, mulberry32, gaussian, dot } = await load();
  const rng = mulberry32(9);
  const w = [1, 0.5, -0.3, 0];
  const v = [0.2, 1, 0.4, -1];
  let agree = 0;
  const N = 20000;
  for (let t = 0; t < N; t++) {
    const x = w.map(() => gaussian(rng));
    if (Math.sign(dot(w, x)) === Math.sign(dot(v, x))) agree++;
  }
  assert.ok(Math.abs(agree / N - testAccuracy(w, v)) < 0.01);
  assert.ok(1 - testAccuracy(w, w.map((x) => 3 * x)) < 1e-7); // acos near 1 loses about half the digits
  assert.ok(testAccuracy(w, w.map((x) => -x)) < 1e-7);
});
