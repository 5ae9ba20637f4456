import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Lipschitz-Robustness.md';
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('lipschitzUpperBound is the product of the layers’ spectral norms', async () => {
  const { lipschitzUpperBound } = (await pageFunctions(PAGE, ['lipschitzUpperBound'])) as { lipschitzUpperBound: (w: number[][][]) => number };
  // One linear layer x ↦ (3, 4)·x: the bound equals the true constant ‖(3, 4)‖ = 5.
  close(lipschitzUpperBound([[[3, 4]]]), 5);
  // diag(2, 1) then diag(3, 0.5): spectral norms 2 and 3, product 6.
  close(lipschitzUpperBound([[[2, 0], [0, 1]], [[3, 0], [0, 0.5]]]), 6);
});

test('maxGradientNorm of a linear function is the norm of its weight vector at every point', async () => {
  const { maxGradientNorm } = (await pageFunctions(PAGE, ['maxGradientNorm'])) as {
    maxGradientNorm: (g: (x: number[]) => number[], p: number[][]) => number;
  };
  // f(x) = 3x₁ + 4x₂ has ∇f = (3, 4) everywhere, so the maximum gradient norm is 5.
  close(maxGradientNorm(() => [3, 4], [[0, 0], [1, -2], [5, 5]]), 5);
  // f(x) = |x| in 1-D at points −2 and 0.5 with gradients −1 and 1; scaled by 2 → 2.
  close(maxGradientNorm((x) => [2 * Math.sign(x[0]!)], [[-2], [0.5]]), 2);
});

test('certifiedRadius equals the exact distance to the boundary for the identity classifier', async () => {
  const { certifiedRadius } = (await pageFunctions(PAGE, ['certifiedRadius'])) as { certifiedRadius: (m: number, l: number) => number };
  // f(x) = x in ℝ² (W = I, ‖W‖₂ = 1). At x = (1, 0) class 0 wins with margin 1. The boundary is
  // x₁ = x₂, at distance |1 − 0| / ‖(1, −1)‖ = 1/√2 — the certified radius margin/(√2·L) is tight here.
  close(certifiedRadius(1, 1), 1 / Math.SQRT2);
  // margin 1.5 with L = 2 (diag(2, 1)): 1.5 / (2√2).
  close(certifiedRadius(1.5, 2), 1.5 / (2 * Math.SQRT2));
  // A misclassified point (negative margin) is certified for no radius.
  assert.equal(certifiedRadius(-0.3, 1), 0);
});

test('log10CoveringCells grows linearly in the input dimension', async () => {
  const { log10CoveringCells } = (await pageFunctions(PAGE, ['log10CoveringCells'])) as { log10CoveringCells: (c: number, e: number, n: number) => number };
  // ⌈4 / 0.5⌉ = 8 cells per axis: 8² = 64 in two dimensions, 8^784 in 784.
  close(log10CoveringCells(4, 0.5, 2), Math.log10(64));
  close(log10CoveringCells(4, 0.5, 784), 784 * Math.log10(8));
  // ⌈1 / 0.3⌉ = 4 per axis.
  close(log10CoveringCells(1, 0.3, 3), Math.log10(64));
});
