import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/60_Robustness/Distribution-Shift.md';
type Psi = (expected: number[], actual: number[], bins?: number) => number;

test('psi of a 50/50 reference against a 25/75 sample is 0.25·ln 2 + 0.25·ln 1.5', async () => {
  const { psi } = (await pageFunctions(PAGE, ['psi'])) as { psi: Psi };
  // Two bins over [0, 1]: the reference puts 2 of 4 values in each bin (0.5, 0.5),
  // the sample puts 1 and 3 (0.25, 0.75).
  // PSI = (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.25·ln 2 + 0.25·ln 1.5.
  const expected = 0.25 * Math.log(2) + 0.25 * Math.log(1.5);
  assert.ok(Math.abs(psi([0, 0, 1, 1], [0, 1, 1, 1], 2) - expected) < 1e-12);
  assert.ok(Math.abs(expected - 0.274653) < 1e-6);
});

test('psi is zero for identical samples and symmetric in its two arguments', async () => {
  const { psi } = (await pageFunctions(PAGE, ['psi'])) as { psi: Psi };
  const a = [0.1, 0.2, 0.35, 0.5, 0.55, 0.7, 0.9, 1.0];
  assert.equal(psi(a, a, 4), 0);
  // With the same edges for both, (a − e)·ln(a/e) does not change when a and e swap.
  // Both samples span [0, 1], so the edges taken from either are the same.
  const b = [0, 0.05, 0.1, 0.15, 0.3, 0.6, 0.95, 1.0];
  const ab = psi([0, ...a], [0, ...b], 4);
  const ba = psi([0, ...b], [0, ...a], 4);
  assert.ok(ab > 0);
  assert.ok(Math.abs(ab - ba) < 1e-12);
});

test('psi counts values beyond the reference range in the outer bins instead of dropping them', async () => {
  const { psi } = (await pageFunctions(PAGE, ['psi'])) as { psi: Psi };
  // Reference: one value in each of two bins over [0, 2]. A sample of values far beyond
  // the range all land in the last bin: proportions (1e-4 floor, 1) against (0.5, 0.5):
  // (1e-4 − 0.5)·ln(1e-4/0.5) + (1 − 0.5)·ln(1/0.5).
  const expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2);
  assert.ok(Math.abs(psi([0, 2], [5, 7, 9], 2) - expected) < 1e-12);
});
