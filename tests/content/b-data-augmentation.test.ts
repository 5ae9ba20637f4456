import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/40_Regularization/Data-Augmentation.md';
const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

// Same generator as the page's setup block, so the Monte Carlo checks are reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('mixup mixes inputs and one-hot labels of permuted pairs with the same λ', async () => {
  const { mixup } = (await pageFunctions(PAGE, ['mixup'])) as {
    mixup: (x: number[][], y: number[][], lambda: number, perm: number[]) => { x: number[][]; y: number[][] };
  };
  // Pair 0 with 1 and 1 with 0, λ = 0.25:
  // x̃₀ = 0.25·(0, 0) + 0.75·(4, 8) = (3, 6),   ỹ₀ = 0.25·(1, 0) + 0.75·(0, 1) = (0.25, 0.75)
  // x̃₁ = 0.25·(4, 8) + 0.75·(0, 0) = (1, 2),   ỹ₁ = (0.75, 0.25)
  const out = mixup([[0, 0], [4, 8]], [[1, 0], [0, 1]], 0.25, [1, 0]);
  assert.deepEqual(out.x, [[3, 6], [1, 2]]);
  assert.deepEqual(out.y, [[0.25, 0.75], [0.75, 0.25]]);
  // λ = 1 leaves the batch unchanged.
  assert.deepEqual(mixup([[1, 2], [3, 4]], [[1, 0], [0, 1]], 1, [1, 0]).x, [[1, 2], [3, 4]]);
});

test('circularShift moves every value `shift` places to the right, wrapping around', async () => {
  const { circularShift } = (await pageFunctions(PAGE, ['circularShift'])) as { circularShift: (s: number[], k: number) => number[] };
  assert.deepEqual(circularShift([1, 2, 3, 4], 1), [4, 1, 2, 3]);
  assert.deepEqual(circularShift([1, 2, 3, 4], -1), [2, 3, 4, 1]);
  assert.deepEqual(circularShift([1, 2, 3, 4], 4), [1, 2, 3, 4]);
});

test('sampleBeta matches the Beta mean and variance', async () => {
  const { sampleBeta } = (await pageFunctions(PAGE, ['sampleBeta'])) as { sampleBeta: (a: number, b: number, rng: () => number) => number };
  const moments = (a: number, b: number, n = 20000) => {
    const rng = mulberry32(123);
    const xs = Array.from({ length: n }, () => sampleBeta(a, b, rng));
    const mean = xs.reduce((s, v) => s + v, 0) / n;
    return { mean, variance: xs.reduce((s, v) => s + (v - mean) ** 2, 0) / n, min: Math.min(...xs), max: Math.max(...xs) };
  };
  // Beta(α, β): mean α/(α+β), variance αβ / ((α+β)²(α+β+1)).
  // Beta(1, 1) is uniform: 1/2 and 1/12. Standard errors with 20000 draws are ≈ 0.002 and ≈ 0.0005.
  const u = moments(1, 1);
  close(u.mean, 0.5, 0.01);
  close(u.variance, 1 / 12, 0.005);
  // Beta(2, 5): mean 2/7.
  close(moments(2, 5).mean, 2 / 7, 0.01);
  // Beta(0.5, 0.5) takes the shape < 1 branch of the Gamma sampler: mean 1/2, variance 0.25/(1·2) = 0.125.
  const arc = moments(0.5, 0.5);
  close(arc.mean, 0.5, 0.01);
  close(arc.variance, 0.125, 0.006);
  assert.ok(arc.min >= 0 && arc.max <= 1);
});
