import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Margin-Bounds.md';
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('margins are the true-class logit minus the largest other logit, negative when wrong', async () => {
  const { margins } = (await pageFunctions(PAGE, ['margins'])) as { margins: (l: number[][], y: number[]) => number[] };
  const logits = [
    [2.0, 0.5, -1.0], // y = 0: 2.0 − max(0.5, −1.0) = 1.5
    [0.1, 0.3, 0.2], // y = 1: 0.3 − 0.2 = 0.1
    [1.0, 3.0, 0.0], // y = 2: 0.0 − 3.0 = −3.0
    [0.0, 0.0, 4.0], // y = 2: 4.0 − 0.0 = 4.0
  ];
  const m = margins(logits, [0, 1, 2, 2]);
  [1.5, 0.1, -3.0, 4.0].forEach((v, i) => close(m[i]!, v));
});

test('marginAtQuantile takes the ⌊ε·m⌋-th smallest margin', async () => {
  const { marginAtQuantile } = (await pageFunctions(PAGE, ['marginAtQuantile'])) as { marginAtQuantile: (v: number[], e: number) => number };
  const values = [5, -1, 3, 0.5, 2, 4, 1, 6, 7, 8]; // sorted: −1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8
  assert.equal(marginAtQuantile(values, 0), -1); // index 0: the minimum
  assert.equal(marginAtQuantile(values, 0.1), 0.5); // index ⌊1⌋ = 1
  assert.equal(marginAtQuantile(values, 0.25), 1); // index ⌊2.5⌋ = 2
  assert.equal(marginAtQuantile(values, 1), 8); // clamped to the last index
  assert.deepEqual(values, [5, -1, 3, 0.5, 2, 4, 1, 6, 7, 8]); // input left unsorted
});

test('normalizedCapacity matches the four margin-normalised measures worked out by hand on a 2-2-1 network', async () => {
  const { normalizedCapacity } = (await pageFunctions(PAGE, ['normalizedCapacity'])) as {
    normalizedCapacity: (w: number[][][], g: number) => { l2: number; l1Path: number; l2Path: number; spectral: number };
  };
  // W1 = [[1,2],[3,4]] (h1 = 2), W2 = [[1,−1]] (h2 = 1), γ = 2 so γ² = 4.
  // ‖W1‖_F² = 30, ‖W2‖_F² = 2            → ℓ2: 4·30 · 4·2 / 4 = 240
  // Σ_paths |Π w| = 1 + 2 + 3 + 4 = 10   → ℓ1-path: (2·2·10)² / 4 = 400
  // Σ_paths Π w² = 30, factors 4h1·4h2 = 32 → ℓ2-path: 32·30 / 4 = 240
  // ‖W1‖_2² = largest eigenvalue of W1ᵀW1 = [[10,14],[14,20]]: 15 + √221; ‖W2‖_2² = 2
  //                                        → spectral: 2(15 + √221) · 1·2 / 4 = 15 + √221
  const c = normalizedCapacity([[[1, 2], [3, 4]], [[1, -1]]], 2);
  close(c.l2, 240);
  close(c.l1Path, 400);
  close(c.l2Path, 240);
  close(c.spectral, 15 + Math.sqrt(221), 1e-6);
});
