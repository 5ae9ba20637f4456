import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/40_Regularization/Early-Stopping.md';
type EarlyStopping = (losses: number[], patience: number, minDelta?: number) => { stopEpoch: number; bestEpoch: number };
const history = [1.0, 0.8, 0.7, 0.72, 0.69, 0.695, 0.71, 0.75, 0.8];

test('earlyStopping stops after `patience` epochs without improvement and keeps the best epoch', async () => {
  const { earlyStopping } = (await pageFunctions(PAGE, ['earlyStopping'])) as { earlyStopping: EarlyStopping };
  // Epoch by epoch with patience 2: best 1.0 (0), 0.8 (1), 0.7 (2); 0.72 → wait 1; 0.69 new best (4), wait 0;
  // 0.695 → wait 1; 0.71 → wait 2 = patience → stop at epoch 6, restore epoch 4.
  assert.deepEqual(earlyStopping(history, 2), { stopEpoch: 6, bestEpoch: 4 });
});

test('earlyStopping ignores improvements smaller than minDelta', async () => {
  const { earlyStopping } = (await pageFunctions(PAGE, ['earlyStopping'])) as { earlyStopping: EarlyStopping };
  // minDelta 0.02: 0.69 is not below 0.7 − 0.02 = 0.68, so after the best at epoch 2 the epochs 3 and 4
  // both count as no improvement → stop at epoch 4 with best epoch 2.
  assert.deepEqual(earlyStopping(history, 2, 0.02), { stopEpoch: 4, bestEpoch: 2 });
});

test('earlyStopping runs to the last epoch when patience is never exhausted', async () => {
  const { earlyStopping } = (await pageFunctions(PAGE, ['earlyStopping'])) as { earlyStopping: EarlyStopping };
  assert.deepEqual(earlyStopping(history, 10), { stopEpoch: 8, bestEpoch: 4 });
  // A strictly decreasing history never waits: the best is the last epoch.
  assert.deepEqual(earlyStopping([3, 2, 1], 1), { stopEpoch: 2, bestEpoch: 2 });
});

test('crossEntropyOf is the mean softmax cross-entropy of the setup MLP', async () => {
  const { createMlp, crossEntropyOf, mulberry32 } = await pageFunctions(PAGE, ['createMlp', 'crossEntropyOf', 'mulberry32']);
  const net = createMlp([1, 2], mulberry32(1));
  // Logits (2x, −x): for x = 1 they are (2, −1); the loss of class 0 is ln(1 + e^{−3}), of class 1 is 3 + ln(1 + e^{−3}).
  net.W[0].set([2, -1]); net.b[0].set([0, 0]);
  const expected = (Math.log1p(Math.exp(-3)) + 3 + Math.log1p(Math.exp(-3))) / 2;
  assert.ok(Math.abs(crossEntropyOf(net, [[1], [1]], [0, 1]) - expected) < 1e-12);
});
