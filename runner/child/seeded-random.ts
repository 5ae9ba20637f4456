// A small seeded PRNG to replace Math.random inside a block's process. tfjs draws its default seeds
// (random ops, initialisers) and `model.fit` its shuffles from Math.random, so this one seed makes a
// whole block reproducible. sfc32: fast, 128-bit state, good enough statistically for examples.

/** A Math.random-compatible function: values in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs still carry the seed's low entropy; discard them as sfc32's authors advise.
  for (let i = 0; i < 15; i++) next();
  return next;
}
