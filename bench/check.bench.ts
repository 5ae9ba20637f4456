// kb check on generated 2k and 10k vaults: cold, warm (nothing changed), and after editing one page.
// Each row is the median of three runs, with their range in the note: this machine's speed drifts
// by a fifth from one minute to the next, and one run alone says little.
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { measureNode, type Measured } from './measure.ts';
import type { BenchRow } from './types.ts';
import { KB, scratchCopy } from './vaults.ts';

const TARGETS: Record<number, { cold: number; warm: number; edit: number }> = { 10000: { cold: 8, warm: 1, edit: 1.5 } };
const RUNS = 3;

export default async function checkBench({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const pages of quick ? [2000] : [2000, 10000]) {
    const dir = scratchCopy(pages);
    const target = TARGETS[pages];
    const run = (args: string[]) => measureNode([KB, 'check', dir, '--json', ...args]);
    const row = (name: string, runs: Measured[], limit?: number): BenchRow => {
      const walls = runs.map((m) => m.wallS).sort((a, b) => a - b);
      const median = walls[Math.floor(walls.length / 2)]!;
      return {
        name: `kb check ${pages / 1000}k ${name}`,
        wallS: median,
        rate: pages / median,
        rateUnit: 'pages/s',
        peakRssMB: Math.max(...runs.map((m) => m.peakRssMB)),
        ...(limit === undefined ? {} : { target: `≤ ${limit} s`, ok: median <= limit }),
        note: `median of ${walls.length}: ${walls.map((w) => w.toFixed(2)).join(' / ')} s`,
      };
    };
    const repeat = async (before: () => void, args: string[]) => {
      const runs: Measured[] = [];
      for (let i = 0; i < RUNS; i++) {
        before();
        runs.push(await run(args));
      }
      return runs;
    };
    rows.push(row('cold (--no-cache)', await repeat(() => {}, ['--no-cache']), target?.cold));
    await run([]); // fills the caches
    rows.push(row('warm (nothing changed)', await repeat(() => {}, []), target?.warm));
    const page = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.md') && !f.startsWith('.'))!;
    let edits = 0;
    const edit = () => appendFileSync(join(dir, page), `\nOne more sentence with a link to [[Somewhere New ${++edits}]].\n`);
    rows.push(row('one page edited', await repeat(edit, []), target?.edit));
  }
  return rows;
}
