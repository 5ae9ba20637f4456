// kb check with its default human output (what a user sees) on generated vaults: cold, warm (nothing
// changed) and after editing one page, each against the naive single-threaded remark parse of the
// same vault measured in the same run (bench/naive-remark.ts); and a 50k-page vault warm.
// Each kb row is the median of three runs, with their range in the note: this machine's speed drifts
// by a fifth from one minute to the next, and one run alone says little.
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureNode, type Measured } from './measure.ts';
import type { BenchRow } from './types.ts';
import { KB, scratchCopy } from './vaults.ts';

/** How many times faster than the naive remark parse kb must be (issue 16), at 10k pages. */
const SPEEDUP: Record<number, { cold: number; warm: number; edit: number }> = { 10000: { cold: 4, warm: 50, edit: 25 } };
/** Seconds, warm, default output. */
const WARM_LIMIT: Record<number, number> = { 50000: 2 };
const RUNS = 3;
const NAIVE = fileURLToPath(new URL('./naive-remark.ts', import.meta.url));

const median = (runs: Measured[]) => runs.map((m) => m.wallS).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;

export default async function checkBench({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const pages of quick ? [2000] : [2000, 10000, 50000]) {
    const dir = scratchCopy(pages);
    const label = `${pages / 1000}k`;
    // The default human report, as on a terminal: the whole report goes to stderr, which is a pipe here.
    const run = (args: string[]) => measureNode([KB, 'check', dir, ...args]);
    const repeat = async (before: () => void, args: string[]) => {
      const runs: Measured[] = [];
      for (let i = 0; i < RUNS; i++) {
        before();
        runs.push(await run(args));
      }
      return runs;
    };
    const row = (name: string, runs: Measured[], target?: { text: string; ok: boolean }): BenchRow => ({
      name: `kb check ${label} ${name}`,
      wallS: median(runs),
      rate: pages / median(runs),
      rateUnit: 'pages/s',
      peakRssMB: Math.max(...runs.map((m) => m.peakRssMB)),
      ...(target ? { target: target.text, ok: target.ok } : {}),
      note: `median of ${runs.length}: ${runs.map((m) => m.wallS.toFixed(2)).join(' / ')} s; ${runs[0]!.stderr.split('\n').length} lines of output`,
    });

    if (pages === 50000) {
      await run([]); // fills the caches
      const limit = WARM_LIMIT[pages]!;
      const warm = await repeat(() => {}, []);
      rows.push(row('warm (nothing changed), human output', warm, { text: `≤ ${limit} s`, ok: median(warm) <= limit }));
      continue;
    }

    const naive = await measureNode([NAIVE, dir]);
    if (naive.code !== 0) throw new Error(`naive remark parse failed: ${naive.stderr}`);
    rows.push({ name: `naive remark parse ${label} (one thread, no cache)`, wallS: naive.wallS, rate: pages / naive.wallS, rateUnit: 'pages/s', peakRssMB: naive.peakRssMB, note: 'the baseline of the kb check rows below' });
    const speedup = SPEEDUP[pages];
    const versus = (runs: Measured[], times: number | undefined) => {
      const factor = naive.wallS / median(runs);
      return times === undefined ? undefined : { text: `≥ ${times}× naive (got ${factor.toFixed(1)}×)`, ok: factor >= times };
    };
    const cold = await repeat(() => {}, ['--no-cache']);
    rows.push(row('cold (--no-cache), human output', cold, versus(cold, speedup?.cold)));
    await run([]); // fills the caches
    const warm = await repeat(() => {}, []);
    rows.push(row('warm (nothing changed), human output', warm, versus(warm, speedup?.warm)));
    const page = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.md') && !f.startsWith('.'))!;
    let edits = 0;
    const edit = () => appendFileSync(join(dir, page), `\nOne more sentence with a link to [[Somewhere New ${++edits}]].\n`);
    const edited = await repeat(edit, []);
    rows.push(row('one page edited, human output', edited, versus(edited, speedup?.edit)));
  }
  return rows;
}
