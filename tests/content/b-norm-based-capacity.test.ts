import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Norm-Based-Capacity.md';
type Matrix = number[][];
type Fns = {
  frobeniusNorm: (W: Matrix) => number;
  spectralNorm: (W: Matrix, iterations?: number) => number;
  pathNorm: (weights: Matrix[], p?: 1 | 2) => number;
};
const load = async () => (await pageFunctions(PAGE, ['frobeniusNorm', 'spectralNorm', 'pathNorm'])) as Fns;
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('spectralNorm is the largest singular value of small matrices with known spectra', async () => {
  const { spectralNorm } = await load();
  // [[2,1],[1,2]] is symmetric with eigenvalues 3 and 1, so σ_max = 3.
  close(spectralNorm([[2, 1], [1, 2]]), 3);
  // diag(3, −4): singular values are |3| and |−4|.
  close(spectralNorm([[3, 0], [0, -4]]), 4);
  // rank one u vᵀ with u = (1, 2), v = (2, 0, 1): σ_max = ‖u‖·‖v‖ = √5·√5 = 5.
  close(spectralNorm([[2, 0, 1], [4, 0, 2]]), 5);
  // a 1×n row vector: σ_max is its Euclidean length, here √(9 + 16) = 5.
  close(spectralNorm([[3, 4]]), 5);
});

test('frobeniusNorm is the root of the sum of squared entries', async () => {
  const { frobeniusNorm } = await load();
  close(frobeniusNorm([[1, 2], [3, 4]]), Math.sqrt(30));
});

test('pathNorm of a 2-2-1 network equals the sum over its four enumerated paths', async () => {
  const { pathNorm } = await load();
  // W1 = [[1,2],[3,4]] (hidden × input), W2 = [[1,−1]]. Paths input j → hidden k → output:
  // 1→1: 1·1, 2→1: 2·1, 1→2: 3·(−1), 2→2: 4·(−1).
  // ℓ2 path norm² = 1 + 4 + 9 + 16 = 30; ℓ1 path norm = 1 + 2 + 3 + 4 = 10.
  const net = [[[1, 2], [3, 4]], [[1, -1]]];
  close(pathNorm(net), Math.sqrt(30));
  close(pathNorm(net, 1), 10);
});

test('pathNorm is invariant to node-wise rescaling while the Frobenius product is not', async () => {
  const { pathNorm, frobeniusNorm } = await load();
  const W1 = [[0.5, -1.5, 2], [1, 0.25, -0.75]];
  const W2 = [[2, -3], [0.5, 1]];
  const alpha = 7;
  const R1 = [W1[0]!.map((w) => w * alpha), W1[1]!];
  const R2 = W2.map((row) => [row[0]! / alpha, row[1]!]);
  close(pathNorm([R1, R2]), pathNorm([W1, W2]), 1e-9);
  close(pathNorm([R1, R2], 1), pathNorm([W1, W2], 1), 1e-9);
  const product = (a: Matrix, b: Matrix) => frobeniusNorm(a) ** 2 * frobeniusNorm(b) ** 2;
  assert.ok(Math.abs(product(R1, R2) - product(W1, W2)) > 1);
});
