import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/60_Robustness/Distribution-Shift.md';
type PsiOptions = { bins?: number; epsilon?: number; outOfRange?: 'outer-bins' | 'drop' };
type Psi = (expected: number[], actual: number[], options?: PsiOptions) => number;
const loadPsi = async () => ((await pageFunctions(PAGE, ['psi'])) as { psi: Psi }).psi;

test('psi of a 50/50 reference against a 25/75 sample is 0.25·ln 2 + 0.25·ln 1.5', async () => {
  const psi = await loadPsi();
  // Two bins over [0, 1]: the reference puts 2 of 4 values in each bin (0.5, 0.5),
  // the sample puts 1 and 3 (0.25, 0.75).
  // PSI = (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.25·ln 2 + 0.25·ln 1.5.
  const expected = 0.25 * Math.log(2) + 0.25 * Math.log(1.5);
  assert.ok(Math.abs(psi([0, 0, 1, 1], [0, 1, 1, 1], { bins: 2 }) - expected) < 1e-12);
  assert.ok(Math.abs(expected - 0.274653) < 1e-6);
});

test('psi is zero for identical samples and symmetric when both arguments give the same edges', async () => {
  const psi = await loadPsi();
  const a = [0.1, 0.2, 0.35, 0.5, 0.55, 0.7, 0.9, 1.0];
  assert.equal(psi(a, a, { bins: 4 }), 0);
  // With the same edges for both, (a − e)·ln(a/e) does not change when a and e swap.
  // Both samples span [0, 1], so the edges taken from either are the same.
  const b = [0, 0.05, 0.1, 0.15, 0.3, 0.6, 0.95, 1.0];
  const ab = psi([0, ...a], [0, ...b], { bins: 4 });
  const ba = psi([0, ...b], [0, ...a], { bins: 4 });
  assert.ok(ab > 0);
  assert.ok(Math.abs(ab - ba) < 1e-12);
});

test('psi is not symmetric when the edges come from references with different ranges', async () => {
  const psi = await loadPsi();
  // Edges from [0, 1] (bins [0, .5), [.5, 1]) versus from [0, 4] (bins [0, 2), [2, 4]).
  const narrow = [0, 0.2, 0.8, 1], wide = [0, 1, 3, 4];
  // narrow as reference (shares 0.5, 0.5): of wide, 0 falls in bin 0 and 1, 3, 4 in bin 1 → (0.25, 0.75).
  // wide as reference (shares 0.5, 0.5): all of narrow falls in bin 0 → (1, 0), floored to (1, 1e-4).
  const forward = psi(narrow, wide, { bins: 2 });
  const backward = psi(wide, narrow, { bins: 2 });
  assert.ok(Math.abs(forward - (0.25 * Math.log(2) + 0.25 * Math.log(1.5))) < 1e-12);
  assert.ok(Math.abs(backward - (0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5))) < 1e-12);
});

test('psi counts values beyond the reference range in the outer bins, or drops them on request', async () => {
  const psi = await loadPsi();
  // Reference: one value in each of two bins over [0, 2]. Values far beyond the range all land in
  // the last bin: shares (1e-4 floor, 1) against (0.5, 0.5).
  const outer = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2);
  assert.ok(Math.abs(psi([0, 2], [5, 7, 9], { bins: 2 }) - outer) < 1e-12);
  // Dropped (numpy's histogram with the reference's edges): nothing is left, both shares hit the floor ε.
  const dropped = 2 * (1e-9 - 0.5) * Math.log(1e-9 / 0.5);
  assert.ok(Math.abs(psi([0, 2], [5, 7, 9], { bins: 2, outOfRange: 'drop', epsilon: 1e-9 }) - dropped) < 1e-9);
});

test('psi of N(0,1) against N(μ,1) approaches the Jeffreys divergence μ² from below', async () => {
  const { psi, mulberry32, gaussian } = (await pageFunctions(PAGE, ['psi', 'mulberry32', 'gaussian'])) as {
    psi: Psi; mulberry32: (seed: number) => () => number; gaussian: (rng: () => number) => number;
  };
  // KL(N(0,1)‖N(μ,1)) = μ²/2 each way, so the symmetrised sum is μ². Binning into 10 bins loses a
  // little information (data processing), and 200 000 draws keep the sampling bias near bins/n = 5e-5.
  const rng = mulberry32(3);
  const n = 200_000;
  const reference = Array.from({ length: n }, () => gaussian(rng));
  for (const mu of [0.3, 0.5, 1]) {
    const ratio = psi(reference, Array.from({ length: n }, () => mu + gaussian(rng))) / (mu * mu);
    assert.ok(ratio > 0.85 && ratio < 1.05, `μ=${mu}: PSI/μ² = ${ratio}`);
  }
});
