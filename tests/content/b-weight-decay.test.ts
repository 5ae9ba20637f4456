import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/40_Regularization/Weight-Decay.md';
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);
type Ridge = (X: number[][], y: number[], lambda: number) => number[];

test('ridgeRegression in one dimension is Σxy / (Σx² + λ)', async () => {
  const { ridgeRegression } = (await pageFunctions(PAGE, ['ridgeRegression'])) as { ridgeRegression: Ridge };
  // x = (1, 2, 3), y = (2, 3, 7): Σxy = 2 + 6 + 21 = 29, Σx² = 14; λ = 1 → 29 / 15.
  close(ridgeRegression([[1], [2], [3]], [2, 3, 7], 1)[0]!, 29 / 15);
});

test('ridgeRegression with an orthonormal design shrinks Xᵀy by 1/(1 + λ)', async () => {
  const { ridgeRegression } = (await pageFunctions(PAGE, ['ridgeRegression'])) as { ridgeRegression: Ridge };
  // X = I₃ so XᵀX = I and Xᵀy = y: w = y / (1 + λ) with λ = 0.5.
  const w = ridgeRegression([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [3, -1.5, 0.75], 0.5);
  [2, -1, 0.5].forEach((v, i) => close(w[i]!, v));
});

test('ridgeRegression with λ = 0 recovers an exact linear relation', async () => {
  const { ridgeRegression } = (await pageFunctions(PAGE, ['ridgeRegression'])) as { ridgeRegression: Ridge };
  // y = 2·x₁ − 3·x₂ + 0.5·x₃ exactly, four points in general position.
  const X = [[1, 0, 2], [0, 1, 1], [2, 1, 0], [1, 3, 1]];
  const y = X.map((x) => 2 * x[0]! - 3 * x[1]! + 0.5 * x[2]!);
  const w = ridgeRegression(X, y, 0);
  [2, -3, 0.5].forEach((v, i) => close(w[i]!, v, 1e-9));
});

test('softThreshold shrinks towards zero by t and returns exactly zero inside [−t, t]', async () => {
  const { softThreshold } = (await pageFunctions(PAGE, ['softThreshold'])) as { softThreshold: (z: number, t: number) => number };
  close(softThreshold(1.5, 0.5), 1);
  close(softThreshold(-2, 0.5), -1.5);
  assert.equal(softThreshold(-0.3, 0.5), 0);
  assert.equal(softThreshold(0.5, 0.5), 0);
});

test('with no loss gradient, AdamW decays geometrically by (1 − ηλ) while L2 inside Adam moves by about η per step whatever λ is', async () => {
  const { adamWithDecay } = await pageFunctions('content/40_Regularization/Weight-Decay.md', ['adamWithDecay']);
  const zero = (w: number[]) => w.map(() => 0);
  // Decoupled: the Adam step of a zero gradient is 0/(0 + ε) = 0, so w_t = (1 − ηλ)^t. Over steps 1..2 the
  // "tail" average is the mean of w_2 alone (steps 2..2): 0.99² with η = 0.1, λ = 0.1.
  const decoupled = adamWithDecay(zero, [1], 2, 0.1, 0.1, 'decoupled');
  assert.ok(Math.abs(decoupled[0] - 0.99 ** 2) < 1e-12);
  // Coupled: the gradient is λw > 0 at every step, and Adam normalises it to m̂/√v̂ ≈ 1, so each step removes
  // about η = 0.01 regardless of λ: after 10 steps from 1, w ≈ 0.9 for λ = 0.001 and for λ = 10 alike.
  for (const lambda of [0.001, 10]) {
    const coupled = adamWithDecay(zero, [1], 20, 0.01, lambda, 'coupled');
    // The tail averages steps 11..20, where w runs from about 0.89 to 0.80: mean ≈ 0.845.
    assert.ok(Math.abs(coupled[0] - 0.845) < 0.01, `λ=${lambda}: ${coupled[0]}`);
  }
});
