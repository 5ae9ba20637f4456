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

test('invertedDropout keeps the mean of many units within 1 % for p = 0.3', async () => {
  const { invertedDropout, mulberry32 } = await pageFunctions(PAGE, ['invertedDropout', 'mulberry32']);
  // E[m·h/(1 − p)] = h; over 200 000 units the standard error of the mean is √(p/(1−p)/n) ≈ 0.0015.
  const out = invertedDropout(new Array(200_000).fill(2), 0.3, mulberry32(9)) as number[];
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  assert.ok(Math.abs(mean / 2 - 1) < 0.01, `mean ${mean}`);
});

test('the setup MLP computes relu layers, applies dropout masks to hidden units, and fits a separable set', async () => {
  const { createMlp, forwardPass, adamStep, accuracyOf, mulberry32 } = await pageFunctions(PAGE, ['createMlp', 'forwardPass', 'adamStep', 'accuracyOf', 'mulberry32']);
  const net = createMlp([2, 2, 1], mulberry32(1));
  // Hand-set weights: hidden = relu([x0 − x1, x1 − x0] + [0, 0.5]), output = h0 + 2·h1 − 1.
  net.W[0].set([1, -1, -1, 1]); net.b[0].set([0, 0.5]);
  net.W[1].set([1, 2]); net.b[1].set([-1]);
  const [, hidden, out] = forwardPass(net, [[3, 1]]);
  assert.deepEqual(Array.from(hidden), [2, 0]); // relu(2), relu(−2 + 0.5)
  assert.deepEqual(Array.from(out), [1]); // 2 + 0 − 1
  const [, masked] = forwardPass(net, [[3, 1]], [[0, 2]]);
  assert.deepEqual(Array.from(masked), [0, 0]);
  // Two clusters, one per class: a few Adam steps separate them.
  const X = [[1, 1], [1.2, 0.8], [-1, -1], [-0.8, -1.2]], y = [1, 1, 0, 0];
  const model = createMlp([2, 8, 2], mulberry32(2));
  const state = { t: 0, m: [], v: [] };
  for (let k = 0; k < 50; k++) adamStep(model, X, y, 0.05, state);
  assert.equal(accuracyOf(model, X, y), 1);
});

test('the setup MLP back-propagates the true gradient (the first Adam step moves each weight against its sign)', async () => {
  const { createMlp, forwardPass, adamStep, mulberry32 } = await pageFunctions(PAGE, ['createMlp', 'forwardPass', 'adamStep', 'mulberry32']);
  const X = [[0.5, -1], [1, 0.3], [-0.7, 0.2]], y = [0, 1, 1];
  const masks = [[2, 0, 2, 2, 2, 0, 0, 2, 2], null];
  const net = createMlp([2, 3, 3, 2], mulberry32(4));
  const crossEntropy = () => {
    const logits = forwardPass(net, X, masks).at(-1) as Float64Array;
    return y.reduce((s, c, i) => {
      const z = [logits[2 * i]!, logits[2 * i + 1]!];
      return s - (z[c]! - Math.log(Math.exp(z[0]!) + Math.exp(z[1]!)));
    }, 0) / y.length;
  };
  // Central differences for every parameter, then one Adam step: its first update is lr·g/(|g| + 1e-7),
  // i.e. −lr·sign(g) wherever |g| ≫ 1e-7.
  const params = [...net.W, ...net.b] as Float64Array[];
  const numeric = params.map((p) => Array.from(p, (_, q) => {
    const keep = p[q]!;
    p[q] = keep + 1e-6; const up = crossEntropy();
    p[q] = keep - 1e-6; const down = crossEntropy();
    p[q] = keep;
    return (up - down) / 2e-6;
  }));
  const before = params.map((p) => Float64Array.from(p));
  adamStep(net, X, y, 1e-3, { t: 0, m: [], v: [] }, masks);
  let checked = 0;
  params.forEach((p, k) => p.forEach((v, q) => {
    const g = numeric[k]![q]!;
    if (Math.abs(g) < 1e-4) return;
    checked++;
    assert.ok(Math.abs((v - before[k]![q]!) + 1e-3 * Math.sign(g)) < 1e-6, `parameter ${k}/${q}: gradient ${g}`);
  }));
  assert.ok(checked > 10, `only ${checked} parameters had a gradient`);
});
