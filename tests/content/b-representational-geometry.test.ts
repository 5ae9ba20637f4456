import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Representational-Geometry.md';
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('participationRatio counts the directions the variance is spread over', async () => {
  const { participationRatio } = (await pageFunctions(PAGE, ['participationRatio'])) as { participationRatio: (p: number[][]) => number };
  // ±e1, ±e2 in ℝ³: mean 0, covariance diag(1/2, 1/2, 0) → (1/2 + 1/2)² / (1/4 + 1/4) = 2.
  close(participationRatio([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]]), 2);
  // (±2, 0), (0, ±√2): covariance diag(4·2/4, 2·2/4) = diag(2, 1) → 3² / (4 + 1) = 9/5.
  close(participationRatio([[2, 0], [-2, 0], [0, Math.SQRT2], [0, -Math.SQRT2]]), 9 / 5);
  // Points on one line through the origin, in any direction: a single non-zero eigenvalue → 1.
  close(participationRatio([[1, 2], [2, 4], [-3, -6], [0.5, 1]]), 1);
  // The same cloud scaled by 10 has the same ratio (scale invariance).
  close(participationRatio([[20, 0], [-20, 0], [0, 10 * Math.SQRT2], [0, -10 * Math.SQRT2]]), 9 / 5);
});

test('manifoldSeparability is squared centroid distance over the summed squared radii', async () => {
  const { manifoldSeparability } = (await pageFunctions(PAGE, ['manifoldSeparability'])) as {
    manifoldSeparability: (a: number[][], b: number[][]) => number;
  };
  // A = {(0, ±1)}, B = {(4, ±1)}: centroids (0, 0) and (4, 0), distance² 16;
  // every point is 1 from its centroid, so both radii² are 1 → 16 / 2 = 8.
  close(manifoldSeparability([[0, 1], [0, -1]], [[4, 1], [4, -1]]), 8);
  // Widening B to (4, ±3) makes its radius² 9 → 16 / 10.
  close(manifoldSeparability([[0, 1], [0, -1]], [[4, 3], [4, -3]]), 1.6);
});

test('classMarkers averages the per-class participation ratio and the pairwise separability', async () => {
  const { classMarkers, pearson } = await pageFunctions('content/50_Theory/Representational-Geometry.md', ['classMarkers', 'pearson']);
  // Class 0: ±e1, ±e2 around (0, 0) → PR 2, radius² 1. Class 1: the same shape around (4, 0) → PR 2, radius² 1.
  // Separability of the pair: 16 / (1 + 1) = 8.
  const square = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  const reps = [...square, ...square.map(([a, b]) => [a! + 4, b!])];
  const { meanPr, meanSep } = classMarkers(reps, [0, 0, 0, 0, 1, 1, 1, 1], 2);
  assert.ok(Math.abs(meanPr - 2) < 1e-12 && Math.abs(meanSep - 8) < 1e-12, `${meanPr} ${meanSep}`);
  assert.ok(Math.abs(pearson([1, 2, 3], [2, 4, 6]) - 1) < 1e-12);
  assert.ok(Math.abs(pearson([1, 2, 3], [3, 2, 1]) + 1) < 1e-12);
  assert.ok(Math.abs(pearson([1, 2, 3, 4], [1, -1, -1, 1])) < 1e-12);
});
