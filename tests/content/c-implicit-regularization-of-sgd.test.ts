import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/40_Regularization/Implicit-Regularization-of-SGD.md';
type Fns = {
  mulberry32: (seed: number) => () => number;
  gaussian: (rng: () => number) => number;
  dot: (a: number[], b: number[]) => number;
  norm: (a: number[]) => number;
  sub: (a: number[], b: number[]) => number[];
  minNormSolution: (X: number[][], y: number[]) => number[];
  sgdLeastSquares: (X: number[][], y: number[], opts: { w0: number[]; eta: number; epochs: number; batch: number; seed?: number }) => number[];
  logisticDirection: (X: number[][], y: number[], opts: { eta: number; steps: number; record: number[] }) => { step: number; direction: number[]; margin: number }[];
  diagonalNet: (X: number[][], y: number[], opts: { alpha: number; eta: number; steps: number }) => number[];
};
const NAMES = ['mulberry32', 'gaussian', 'dot', 'norm', 'sub', 'minNormSolution', 'sgdLeastSquares', 'logisticDirection', 'diagonalNet'];
const load = async () => (await pageFunctions(PAGE, NAMES)) as Fns;

async function problem(d = 40, n = 12) {
  const f = await load();
  const rng = f.mulberry32(17);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => f.gaussian(rng)));
  const wStar = Array.from({ length: d }, (_, j) => (j < 2 ? 1 : 0));
  return { ...f, rng, X, y: X.map((x) => f.dot(x, wStar)), wStar, d, n };
}

test('minNormSolution interpolates, lies in the row space and is shorter than any other interpolant', async () => {
  const { X, y, d, rng, gaussian, dot, norm, sub, minNormSolution } = await problem();
  const w = minNormSolution(X, y);
  X.forEach((x, i) => assert.ok(Math.abs(dot(x, w) - y[i]!) < 1e-9));
  // adding any null-space direction keeps interpolation but lengthens w
  const z = Array.from({ length: d }, () => gaussian(rng));
  const nullPart = sub(z, minNormSolution(X, X.map((x) => dot(x, z))));
  X.forEach((x) => assert.ok(Math.abs(dot(x, nullPart)) < 1e-9));
  const other = w.map((v, j) => v + nullPart[j]!);
  assert.ok(norm(other) > norm(w));
  assert.ok(Math.abs(norm(other) ** 2 - norm(w) ** 2 - norm(nullPart) ** 2) < 1e-9); // orthogonal
});

test('GD and batch-1 SGD from zero reach the minimum-norm interpolant; from w0 they keep w0’s off-data part', async () => {
  const { X, y, d, n, rng, gaussian, dot, norm, sub, minNormSolution, sgdLeastSquares } = await problem();
  const wMin = minNormSolution(X, y);
  const zero = new Array<number>(d).fill(0);
  const gd = sgdLeastSquares(X, y, { w0: zero, eta: 0.05, epochs: 3000, batch: n });
  const sgd = sgdLeastSquares(X, y, { w0: zero, eta: 0.01, epochs: 3000, batch: 1 });
  assert.ok(norm(sub(gd, wMin)) < 1e-6, `GD ${norm(sub(gd, wMin))}`);
  assert.ok(norm(sub(sgd, wMin)) < 1e-6, `SGD ${norm(sub(sgd, wMin))}`);
  const w0 = Array.from({ length: d }, () => gaussian(rng));
  const offData = sub(w0, minNormSolution(X, X.map((x) => dot(x, w0))));
  const fromW0 = sgdLeastSquares(X, y, { w0, eta: 0.05, epochs: 3000, batch: n });
  assert.ok(norm(sub(fromW0, wMin.map((v, j) => v + offData[j]!))) < 1e-6);
});

test('on the symmetric separable set the normalized margin of logistic GD rises towards the maximum margin 1', async () => {
  const { logisticDirection } = await load();
  const P = [[1, -1], [1, 0], [1, 1], [3, 4], [4, 5], [2.5, 6]];
  const X = [...P, ...P.map((p) => p.map((v) => -v))];
  const y = [...P.map(() => 1), ...P.map(() => -1)];
  const rec = logisticDirection(X, y, { eta: 0.5, steps: 20000, record: [10, 100, 1000, 20000] });
  for (let i = 1; i < rec.length; i++) assert.ok(rec[i]!.margin > rec[i - 1]!.margin);
  const last = rec.at(-1)!;
  assert.ok(last.margin <= 1 + 1e-12 && 1 - last.margin < 1e-3, `${last.margin}`);
  assert.ok(Math.abs(last.direction[1]!) < 0.01);
});

test('a diagonal linear network recovers a sparse teacher from a small initialization but not from a large one', async () => {
  const { X, y, wStar, norm, sub, diagonalNet } = await problem();
  const small = diagonalNet(X, y, { alpha: 0.001, eta: 0.02, steps: 40000 });
  const large = diagonalNet(X, y, { alpha: 1, eta: 0.02, steps: 20000 });
  assert.ok(norm(sub(small, wStar)) ** 2 < 0.01, `small ${norm(sub(small, wStar)) ** 2}`);
  assert.ok(norm(sub(large, wStar)) ** 2 > 0.1, `large ${norm(sub(large, wStar)) ** 2}`);
});
