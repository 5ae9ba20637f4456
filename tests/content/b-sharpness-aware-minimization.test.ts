import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/40_Regularization/Sharpness-Aware-Minimization.md';
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('samPerturbation is ρ times the unit gradient, and zero for a zero gradient', async () => {
  const { samPerturbation } = (await pageFunctions(PAGE, ['samPerturbation'])) as { samPerturbation: (g: number[], rho: number) => number[] };
  // ‖(3, 4)‖ = 5 → 0.5 · (3, 4) / 5 = (0.3, 0.4).
  const e = samPerturbation([3, 4], 0.5);
  close(e[0]!, 0.3);
  close(e[1]!, 0.4);
  assert.deepEqual(samPerturbation([0, 0], 0.5), [0, 0]);
});

test('samStep takes the gradient at the perturbed point w + ε̂ and applies it at w', async () => {
  const { samStep } = (await pageFunctions(PAGE, ['samStep'])) as {
    samStep: (w: number[], g: (w: number[]) => number[], lr: number, rho: number) => number[];
  };
  // L(w) = w², ∇L = 2w. At w = 1: ε̂ = 0.05 · sign(2) = 0.05; ∇L(1.05) = 2.1; w ← 1 − 0.1 · 2.1 = 0.79.
  close(samStep([1], (w) => [2 * w[0]!], 0.1, 0.05)[0]!, 0.79);
  // L(w) = w₁² + 10 w₂², ∇L = (2w₁, 20w₂). At (1, 1): g = (2, 20), ‖g‖ = √404,
  // ε̂ = 0.1 · g / √404; the step uses ∇L(w + ε̂) = (2(1 + ε̂₁), 20(1 + ε̂₂)) with lr 0.01.
  const n = Math.sqrt(404);
  const e1 = (0.1 * 2) / n, e2 = (0.1 * 20) / n;
  const w = samStep([1, 1], (v) => [2 * v[0]!, 20 * v[1]!], 0.01, 0.1);
  close(w[0]!, 1 - 0.01 * 2 * (1 + e1));
  close(w[1]!, 1 - 0.01 * 20 * (1 + e2));
  // With ρ = 0 it is a plain gradient step.
  close(samStep([1], (v) => [2 * v[0]!], 0.1, 0)[0]!, 0.8);
});
