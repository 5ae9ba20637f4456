import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/60_Robustness/Invariant-Features-and-Domain-Generalization.md';
type W = [number, number];
type Moments = { Sxx: number[][]; Sxy: number[]; Syy: number };
type Fns = {
  mulberry32: (seed: number) => () => number;
  sampleEnv: (s: number, n: number, rng: () => number) => { x: W; y: number }[];
  envRisk: (w: W, s: number) => number;
  pooledOls: (m: number) => W;
  moments: (data: { x: W; y: number }[]) => Moments;
  risk: (m: Moments, w: W) => number;
  irmGradient: (m: Moments, w: W) => number;
  trainIrm: (envs: Moments[], lambda: number, start?: W, steps?: number) => W;
};
const NAMES = ['mulberry32', 'sampleEnv', 'envRisk', 'pooledOls', 'moments', 'risk', 'irmGradient', 'trainIrm'];
const load = async () => (await pageFunctions(PAGE, NAMES)) as Fns;
// population moments of environment s: E[XXᵀ] = [[1,1],[1,2+s²]], E[XY] = [1,2], E[Y²] = 2
const population = (s: number): Moments => ({ Sxx: [[1, 1], [1, 2 + s * s]], Sxy: [1, 2], Syy: 2 });

test('envRisk is the mean squared error measured on a large sample of the environment', async () => {
  const { mulberry32, sampleEnv, envRisk } = await load();
  const rng = mulberry32(4);
  for (const [w, s] of [[[0.3, 0.6], 2], [[1, 0], 0.5], [[0.5, 0.5], 1]] as [W, number][]) {
    const data = sampleEnv(s, 200000, rng);
    const mse = data.reduce((acc, { x, y }) => acc + (y - w[0] * x[0] - w[1] * x[1]) ** 2, 0) / data.length;
    assert.ok(Math.abs(mse / envRisk(w, s) - 1) < 0.01, `${mse} vs ${envRisk(w, s)}`);
  }
});

test('pooledOls(s²) is the least-squares solution of one environment and risk() agrees with envRisk on population moments', async () => {
  const { pooledOls, risk, envRisk, trainIrm } = await load();
  for (const s of [0.2, 1, 3]) {
    const [a, b] = pooledOls(s * s);
    assert.ok(Math.abs(a - (s * s) / (1 + s * s)) < 1e-15 && Math.abs(b - 1 / (1 + s * s)) < 1e-15);
    for (const w of [[0.2, 0.7], [1, 0], [a, b]] as W[]) assert.ok(Math.abs(risk(population(s), w) - envRisk(w, s)) < 1e-12);
    // λ = 0 is ordinary least squares
    const w0 = trainIrm([population(s)], 0);
    assert.ok(Math.abs(w0[0] - a) < 1e-6 && Math.abs(w0[1] - b) < 1e-6, `${w0} vs ${[a, b]}`);
  }
});

test('the IRMv1 gradient vanishes for the causal predictor in every environment but not for ERM, and is d/dc R(c·w) at c = 1', async () => {
  const { irmGradient, risk, pooledOls } = await load();
  for (const s of [0.2, 1, 10]) assert.ok(Math.abs(irmGradient(population(s), [1, 0])) < 1e-15);
  const erm = pooledOls((0.04 + 1) / 2);
  assert.ok(Math.abs(irmGradient(population(0.2), erm)) > 0.05);
  assert.ok(Math.abs(irmGradient(population(1), erm)) > 0.05);
  const m = population(0.7);
  const w: W = [0.4, 0.3];
  const h = 1e-6;
  const numeric = (risk(m, [w[0] * (1 + h), w[1] * (1 + h)]) - risk(m, [w[0] * (1 - h), w[1] * (1 - h)])) / (2 * h);
  assert.ok(Math.abs(numeric - irmGradient(m, w)) < 1e-8);
});

test('annealed IRM reaches the causal predictor on population moments, while a cold start at large λ stays near the trivial w = 0', async () => {
  const { trainIrm, pooledOls } = await load();
  const envs = [population(0.2), population(1)];
  let w: W = pooledOls(0.52);
  for (const lambda of [1, 10, 100, 1000, 10000]) w = trainIrm(envs, lambda, w);
  // the penalised objective is ill-conditioned along the invariant valley, so 5000 steps per λ leave a few hundredths
  assert.ok(Math.abs(w[0] - 1) < 0.02 && Math.abs(w[1]) < 0.05, `${w}`);
  const cold = trainIrm(envs, 10000);
  assert.ok(Math.abs(cold[0]) < 0.05 && Math.abs(cold[1]) < 0.05, `${cold}`);
});
