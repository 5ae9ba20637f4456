import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/PAC-Bayes-Bounds.md';
type Fns = {
  gaussianKl: (normSq: number, sigma: number) => number;
  complexityK: (kl: number, m: number, delta: number) => number;
  tightBound: (trainLoss: number, K: number) => number;
  looseBound: (trainLoss: number, kl: number, m: number, delta: number) => number;
  binaryKl: (q: number, p: number) => number;
  klInverse: (q: number, c: number) => number;
};
const load = async () => (await pageFunctions(PAGE, ['gaussianKl', 'complexityK', 'tightBound', 'looseBound', 'binaryKl', 'klInverse'])) as Fns;

test('with zero training loss the tight bound is exactly 𝒦 = 2(KL + ln(2m/δ))/(m − 1)', async () => {
  const { complexityK, tightBound } = await load();
  const K = complexityK(100, 5001, 0.05);
  assert.ok(Math.abs(K - (2 * (100 + Math.log(10002 / 0.05))) / 5000) < 1e-15);
  assert.equal(tightBound(0, K), K);
  // a hand-computed case: L̂ = 0.04, 𝒦 = 0.01 → 0.04 + √0.0004 + 0.01 = 0.07
  assert.ok(Math.abs(tightBound(0.04, 0.01) - 0.07) < 1e-15);
});

test('klInverse solves kl(q‖p) = c and lies between q and q + √(2qc) + 2c, the tight form with 𝒦 = 2c', async () => {
  const { klInverse, binaryKl, tightBound } = await load();
  for (const q of [0, 0.001, 0.02, 0.1, 0.3, 0.6]) {
    for (const c of [1e-4, 1e-3, 0.01, 0.05, 0.2]) {
      const p = klInverse(q, c);
      assert.ok(p >= q);
      if (p < 1 - 1e-12) assert.ok(Math.abs(binaryKl(q, p) - c) < 1e-9, `kl(${q}‖${p}) = ${binaryKl(q, p)} vs ${c}`);
      assert.ok(p <= tightBound(q, 2 * c) + 1e-12, `q=${q} c=${c}: ${p} > ${tightBound(q, 2 * c)}`);
    }
  }
  assert.equal(binaryKl(0.3, 0.3), 0);
});

test('the tight form never exceeds the loose 4√(·/m) form wherever 𝒦 ≤ 1 and m ≥ 2', async () => {
  const { complexityK, tightBound, looseBound } = await load();
  let checked = 0;
  for (const m of [2, 10, 100, 1e3, 1e4, 1e6]) {
    for (const kl of [0, 1, 10, 100, 1e4]) {
      for (const delta of [0.01, 0.05, 0.5]) {
        const K = complexityK(kl, m, delta);
        if (K > 1) continue;
        for (const q of [0, 0.01, 0.1, 0.5, 1]) {
          assert.ok(tightBound(q, K) <= looseBound(q, kl, m, delta) + 1e-12, `m=${m} kl=${kl} δ=${delta} q=${q}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 100);
});

test('gaussianKl matches the general KL between N(w, σ²I) and N(0, σ²I)', async () => {
  const { gaussianKl } = await load();
  // KL(N(μ1,Σ1)‖N(μ0,Σ0)) = ½[tr(Σ0⁻¹Σ1) + (μ0−μ1)ᵀΣ0⁻¹(μ0−μ1) − k + ln(detΣ0/detΣ1)]; equal Σ leaves ½‖w‖²/σ².
  const w = [0.5, -1, 2, 0.25];
  const sigma = 0.7;
  const k = w.length;
  const general = 0.5 * (k + w.reduce((s, v) => s + v * v, 0) / sigma ** 2 - k + 0);
  assert.ok(Math.abs(gaussianKl(w.reduce((s, v) => s + v * v, 0), sigma) - general) < 1e-12);
});
