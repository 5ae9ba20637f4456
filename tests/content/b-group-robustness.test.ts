import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/60_Robustness/Group-Robustness.md';
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('worstGroupAccuracy is the minimum of the per-group accuracies', async () => {
  const { worstGroupAccuracy } = (await pageFunctions(PAGE, ['worstGroupAccuracy'])) as {
    worstGroupAccuracy: (p: number[], y: number[], g: number[]) => { worst: number; perGroup: Map<number, number> };
  };
  // Group 0: 2/2 right, group 1: 2/2, group 2: 0/2, group 3: 1/2 → worst 0 while the average is 5/8.
  const r = worstGroupAccuracy([1, 1, 0, 0, 1, 0, 1, 1], [1, 1, 0, 0, 0, 1, 1, 0], [0, 0, 1, 1, 2, 2, 3, 3]);
  assert.equal(r.worst, 0);
  assert.deepEqual([...r.perGroup.entries()], [[0, 1], [1, 1], [2, 0], [3, 0.5]]);
  // Unequal group sizes: group 7 has 1/3 right, group 2 has 1/1 → worst 1/3.
  close(worstGroupAccuracy([0, 0, 1, 1], [0, 1, 0, 1], [7, 7, 7, 2]).worst, 1 / 3);
});

test('groupDroWeights multiplies each weight by exp(η·loss) and renormalises', async () => {
  const { groupDroWeights } = (await pageFunctions(PAGE, ['groupDroWeights'])) as { groupDroWeights: (q: number[], l: number[], eta: number) => number[] };
  // q = (1/2, 1/2), losses (0, ln 2), η = 1: unnormalised (1/2, 1) → (1/3, 2/3).
  const q = groupDroWeights([0.5, 0.5], [0, Math.log(2)], 1);
  close(q[0]!, 1 / 3);
  close(q[1]!, 2 / 3);
  // Equal losses leave q unchanged.
  const same = groupDroWeights([0.2, 0.3, 0.5], [1, 1, 1], 5);
  [0.2, 0.3, 0.5].forEach((v, i) => close(same[i]!, v));
});

test('softMaxRisk interpolates between the mean (η → 0) and the maximum (η → ∞)', async () => {
  const { softMaxRisk } = (await pageFunctions(PAGE, ['softMaxRisk'])) as { softMaxRisk: (l: number[], eta: number) => number };
  // Equal losses: log mean exp(η ℓ) / η = ℓ for every η.
  close(softMaxRisk([0.7, 0.7, 0.7], 3), 0.7);
  // Losses (0, ln 3), η = 1: log((1 + 3)/2) = ln 2.
  close(softMaxRisk([0, Math.log(3)], 1), Math.log(2));
  // Limits: mean 0.45 and max 1.2 for (0.1, 0.2, 0.3, 1.2).
  close(softMaxRisk([0.1, 0.2, 0.3, 1.2], 1e-6), 0.45, 1e-5);
  // For large η the gap to the max is ≈ log(G)/η = log 4 / 1000.
  close(softMaxRisk([0.1, 0.2, 0.3, 1.2], 1000), 1.2 - Math.log(4) / 1000, 1e-9);
});
