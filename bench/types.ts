// One row of `npm run bench`. Every area (check, fix, run, site) contributes rows through a
// `bench/<area>.bench.ts` module whose default export returns them.
export interface BenchRow {
  /** What is measured, e.g. `kb check 10k cold`. */
  name: string;
  wallS?: number;
  /** Throughput in the unit the row names (pages/s, blocks/s, GFLOP/s). */
  rate?: number;
  rateUnit?: string;
  peakRssMB?: number;
  /** The target from the issue, e.g. `≤ 8 s`, and whether the measurement meets it. */
  target?: string;
  ok?: boolean;
  note?: string;
}

export type BenchModule = { default: (options: { quick: boolean }) => Promise<BenchRow[]> };
