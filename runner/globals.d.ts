// What a code block sees without imports: `tf` (the chosen backend, ready) and `plot`.
// `kb run --typecheck` compiles blocks against these declarations; editors pick them up too
// (add this file to a tsconfig's `files`, or reference it from a `.d.ts` in the vault).
import * as tfjs from '@tensorflow/tfjs';
import type { PlotApi } from './charts.ts';

declare global {
  // Both the value (`tf.tensor(…)`) and the namespace of types (`x as tf.Tensor`).
  export import tf = tfjs;
  const plot: PlotApi;
}

export {};
