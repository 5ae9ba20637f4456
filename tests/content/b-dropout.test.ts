import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/40_Regularization/Dropout.md';
type Dropout = (h: number[], rate: number, rng: () => number) => number[];
const sequence = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

test('invertedDropout zeroes the units whose draw is below the rate and scales the rest by 1/(1 − p)', async () => {
  const { invertedDropout } = (await pageFunctions(PAGE, ['invertedDropout'])) as { invertedDropout: Dropout };
  // p = 0.5: draws 0.1 and 0.4 are below 0.5 (dropped); 0.9 and 0.6 are kept and doubled.
  assert.deepEqual(invertedDropout([1, 2, 3, 4], 0.5, sequence([0.1, 0.9, 0.4, 0.6])), [0, 4, 0, 8]);
  // p = 0.2: only the draw 0.1 drops; kept values are multiplied by 1/0.8 = 1.25.
  assert.deepEqual(invertedDropout([4, 8], 0.2, sequence([0.1, 0.5])), [0, 10]);
});

test('invertedDropout with rate 0 is the identity', async () => {
  const { invertedDropout } = (await pageFunctions(PAGE, ['invertedDropout'])) as { invertedDropout: Dropout };
  assert.deepEqual(invertedDropout([1, -2, 3.5], 0, sequence([0.01])), [1, -2, 3.5]);
});

test('invertedDropout preserves the expectation over evenly spread draws', async () => {
  const { invertedDropout } = (await pageFunctions(PAGE, ['invertedDropout'])) as { invertedDropout: Dropout };
  // With p = 0.25 and the four draws 0.125, 0.375, 0.625, 0.875 (one per quarter of [0, 1)),
  // exactly one of four is dropped and three are scaled by 4/3: mean = (0 + 3 · 4/3 · h) / 4 = h.
  const draws = [0.125, 0.375, 0.625, 0.875];
  const rng = sequence(draws);
  let sum = 0;
  for (let k = 0; k < draws.length; k++) sum += invertedDropout([6], 0.25, rng)[0]!;
  assert.ok(Math.abs(sum / draws.length - 6) < 1e-12);
});
