import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageFunctions } from '../helpers/page-code.ts';

const PAGE = 'content/50_Theory/Sharpness-and-PAC-Bayes.md';
type Vec = number[];
const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

// L(w) = ½ Σ a_i w_i², minimum 0 at w = 0.
const a = [1, 4, 0.5];
const quad = (w: Vec) => 0.5 * w.reduce((s, wi, i) => s + a[i]! * wi * wi, 0);
const quadGrad = (w: Vec) => w.map((wi, i) => a[i]! * wi);

type Sharpness = (l: (w: Vec) => number, w: Vec, alpha: number) => number;

test('sharpness of a quadratic minimum is reached at a corner of the box: α²/2 · Σ a_i', async () => {
  const { sharpness } = (await pageFunctions(PAGE, ['sharpness'])) as { sharpness: Sharpness };
  // At w = 0 the box is |ν_i| ≤ α(0 + 1) = α. L is convex and separable, so the maximum is at
  // |ν_i| = α for every i: ½ Σ a_i α². L(0) = 0, so the denominator 1 + L(0) is 1.
  const alpha = 0.1;
  close(sharpness(quad, [0, 0, 0], alpha), 0.5 * alpha * alpha * (1 + 4 + 0.5), 1e-12);
  // Away from zero the box widens to α(|w_i| + 1) and the ratio divides by 1 + L(w).
  // w = 1, α = 0.1 → radius 0.2, worst ν = +0.2: L(1.2) = 0.72, L(1) = 0.5 → (0.72 − 0.5) / 1.5.
  const one = (w: Vec) => 0.5 * w[0]! * w[0]!;
  close(sharpness(one, [1], 0.1), (0.72 - 0.5) / 1.5, 1e-12);
});

test('sharpness finds the worst corner of a coupled loss, which an ascent from one corner can miss', async () => {
  const { sharpness } = (await pageFunctions(PAGE, ['sharpness'])) as { sharpness: Sharpness };
  // L(w) = (w0·w1 − 1.5)², zero at (1, 1.5). α = 0.01 → radii 0.02 and 0.025. The four corners give
  // (1.02·1.525 − 1.5)² = 0.0555² = 0.00308025, (0.98·1.475 − 1.5)² = 0.0545² = 0.00297025, and the mixed
  // corners (1.02·1.475 − 1.5)² = 0.0045² and (0.98·1.525 − 1.5)² = 0.0055². The (−, −) corner is a local
  // maximum for a sign ascent (both partial derivatives point further down there), but (+, +) is larger.
  const coupled = (w: Vec) => (w[0]! * w[1]! - 1.5) ** 2;
  close(sharpness(coupled, [1, 1.5], 0.01), 0.0555 ** 2, 1e-12);
});

test('expectedSharpness of a quadratic minimum approaches σ²/2 · Σ a_i', async () => {
  const { expectedSharpness } = (await pageFunctions(PAGE, ['expectedSharpness'])) as {
    expectedSharpness: (l: (w: Vec) => number, w: Vec, sigma: number, samples?: number, seed?: number) => number;
  };
  // E[½ Σ a_i ν_i²] = ½ σ² Σ a_i for ν ~ N(0, σ²I). σ = 0.1 → 0.0275. The Monte Carlo
  // standard error with 20000 draws is about 2e-4 here (std of ½Σa_iν_i² ≈ 0.03), so 1.5e-3 is safe.
  close(expectedSharpness(quad, [0, 0, 0], 0.1, 20000, 3), 0.5 * 0.01 * 5.5, 1.5e-3);
});

test('pacBayesBound adds expected sharpness and 4·sqrt((‖w‖²/2σ² + ln(2m/δ))/m) to the training loss', async () => {
  const { pacBayesBound } = (await pageFunctions(PAGE, ['pacBayesBound'])) as {
    pacBayesBound: (l: number, s: number, n: number, sigma: number, m: number, delta?: number) => number;
  };
  // KL = 50 / (2·0.25) = 100; ln(2·10000/0.05) = ln 400000 ≈ 12.89922;
  // 4·sqrt(112.89922 / 10000) ≈ 0.425017; plus 0.01 + 0.02 → ≈ 0.455017.
  const value = pacBayesBound(0.01, 0.02, 50, 0.5, 10000, 0.05);
  close(value, 0.03 + 4 * Math.sqrt((100 + Math.log(400000)) / 10000), 1e-12);
  close(value, 0.455017, 1e-5);
  // Larger σ shrinks the KL term: with no sharpness change the bound must go down.
  assert.ok(pacBayesBound(0.01, 0.02, 50, 1, 10000) < value);
});
