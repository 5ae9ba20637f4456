import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/60_Robustness/Adversarial-Robustness.md';
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('fgsm moves every coordinate by ε in the direction of the gradient sign', async () => {
  const { fgsm } = (await pageFunctions(PAGE, ['fgsm'])) as { fgsm: (x: number[], g: number[], e: number) => number[] };
  const adv = fgsm([0.5, -1, 2], [3, -0.01, 0], 0.1);
  close(adv[0]!, 0.6);
  close(adv[1]!, -1.1);
  close(adv[2]!, 2); // zero gradient: sign 0, the coordinate stays
});

test('linearRobustMargin is y(w·x + b) − ε‖w‖₁, and FGSM attains it exactly', async () => {
  const { linearRobustMargin, fgsm } = (await pageFunctions(PAGE, ['linearRobustMargin', 'fgsm'])) as {
    linearRobustMargin: (w: number[], b: number, x: number[], y: 1 | -1, e: number) => number;
    fgsm: (x: number[], g: number[], e: number) => number[];
  };
  // w = (2, −1), b = 0.5, x = (1, 1): score 2 − 1 + 0.5 = 1.5; ‖w‖₁ = 3; ε = 0.1 → 1.5 − 0.3 = 1.2.
  const w = [2, -1];
  close(linearRobustMargin(w, 0.5, [1, 1], 1, 0.1), 1.2);
  // For y = −1 the margin is −1.5 − 0.3.
  close(linearRobustMargin(w, 0.5, [1, 1], -1, 0.1), -1.8);
  // The loss gradient for y = +1 points along −w; the FGSM point has score 1.5 − ε‖w‖₁.
  const adv = fgsm([1, 1], [-2, 1], 0.1);
  close(2 * adv[0]! - adv[1]! + 0.5, 1.2);
});

test('projectLinf clips each coordinate into [x − ε, x + ε]', async () => {
  const { projectLinf } = (await pageFunctions(PAGE, ['projectLinf'])) as { projectLinf: (a: number[], x: number[], e: number) => number[] };
  const p = projectLinf([1.5, -0.4, 0.05], [1, 0, 0], 0.1);
  close(p[0]!, 1.1);
  close(p[1]!, -0.1);
  close(p[2]!, 0.05);
});

test('robustnessEval reports the accuracy of the predictions on each attacked input set', async () => {
  const { robustnessEval } = (await pageFunctions(PAGE, ['robustnessEval'])) as {
    robustnessEval: (
      predict: (X: number[][]) => number[],
      attacks: Record<string, (X: number[][], y: number[]) => number[][]>,
      X: number[][],
      y: number[],
    ) => Record<string, number>;
  };
  // Threshold classifier 1[x > 0]; labels match the clean inputs exactly.
  const predict = (X: number[][]) => X.map((x) => (x[0]! > 0 ? 1 : 0));
  const X = [[-2], [-1], [1], [2]];
  const y = [0, 0, 1, 1];
  const result = robustnessEval(predict, {
    clean: (A) => A,
    flip: (A) => A.map((x) => [-x[0]!]), // every prediction wrong
    shiftRight: (A) => A.map((x) => [x[0]! + 1.5]), // only −2 stays negative: 3 of 4 right
  }, X, y);
  assert.deepEqual(result, { clean: 1, flip: 0, shiftRight: 0.75 });
});

test('inputGradient of the setup MLP matches central differences of the cross-entropy', async () => {
  const { createMlp, forwardPass, inputGradient, mulberry32 } = await pageFunctions(PAGE, ['createMlp', 'forwardPass', 'inputGradient', 'mulberry32']);
  const net = createMlp([2, 8, 2], mulberry32(3));
  const X = [[0.3, -0.2], [1.1, 0.4]], y = [1, 0];
  const loss = (rows: number[][]) => {
    const z = forwardPass(net, rows).at(-1) as Float64Array;
    return y.reduce((s, c, i) => s - (z[2 * i + c]! - Math.log(Math.exp(z[2 * i]!) + Math.exp(z[2 * i + 1]!))), 0) / y.length;
  };
  const g = inputGradient(net, X, y) as number[][];
  X.forEach((row, i) => row.forEach((_, j) => {
    const shifted = (h: number) => X.map((r, k) => r.map((v, l) => (k === i && l === j ? v + h : v)));
    const numeric = (loss(shifted(1e-6)) - loss(shifted(-1e-6))) / 2e-6;
    assert.ok(Math.abs(g[i]![j]! - numeric) < 1e-7, `∂/∂x[${i}][${j}]: ${g[i]![j]} vs ${numeric}`);
  }));
});
