// What a code block sees without imports: `tf` (the chosen backend, ready) and `plot`.
// `kb run --typecheck` compiles blocks against these declarations; editors pick them up too
// (add this file to a tsconfig's `files`, or reference it from a `.d.ts` in the vault).
import type * as tfjs from '@tensorflow/tfjs';
import type { PlotApi } from './charts.ts';

declare global {
  const tf: typeof tfjs;
  const plot: PlotApi;
}

export {};
