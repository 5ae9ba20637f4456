import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/60_Robustness/Concept-Drift.md';
type PageHinkley = (stream: number[], delta?: number, lambda?: number) => number;

test('pageHinkley raises its alarm where the hand-computed statistic first exceeds λ', async () => {
  const { pageHinkley } = (await pageFunctions(PAGE, ['pageHinkley'])) as { pageHinkley: PageHinkley };
  // δ = 0, stream 0,0,0,0,1,1,1. Running means: 0,0,0,0, 1/5, 1/3, 3/7.
  // m_t: 0, 0, 0, 0, 0.8, 0.8 + 2/3 ≈ 1.4667, 1.4667 + 4/7 ≈ 2.0381; M_t stays 0.
  // With λ = 1.5 the first t with m_t − M_t > 1.5 is index 6; with λ = 1 it is index 5.
  assert.equal(pageHinkley([0, 0, 0, 0, 1, 1, 1], 0, 1.5), 6);
  assert.equal(pageHinkley([0, 0, 0, 0, 1, 1, 1], 0, 1), 5);
});

test('pageHinkley stays silent on a constant stream and when δ absorbs the change', async () => {
  const { pageHinkley } = (await pageFunctions(PAGE, ['pageHinkley'])) as { pageHinkley: PageHinkley };
  // A constant stream: every x_t equals the running mean, m_t = −δ·t only decreases → no alarm.
  assert.equal(pageHinkley(new Array<number>(500).fill(1), 0.005, 1), -1);
  // δ = 1 subtracts more than any 0/1 deviation can add, so m_t never rises above its minimum by 1.5.
  assert.equal(pageHinkley([0, 0, 0, 0, 1, 1, 1], 1, 1.5), -1);
});
