// kb check on generated 2k and 10k vaults: cold, warm (nothing changed), and after editing one page.
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { measureNode } from './measure.ts';
import type { BenchRow } from './types.ts';
import { KB, scratchCopy } from './vaults.ts';

const TARGETS: Record<number, { cold: number; warm: number; edit: number }> = { 10000: { cold: 8, warm: 1, edit: 1.5 } };

export default async function checkBench({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const pages of quick ? [2000] : [2000, 10000]) {
    const dir = scratchCopy(pages);
    const target = TARGETS[pages];
    const run = (args: string[]) => measureNode([KB, 'check', dir, '--json', ...args]);
    const row = (name: string, m: Awaited<ReturnType<typeof run>>, limit?: number): BenchRow => ({
      name: `kb check ${pages / 1000}k ${name}`,
      wallS: m.wallS,
      rate: pages / m.wallS,
      rateUnit: 'pages/s',
      peakRssMB: m.peakRssMB,
      ...(limit === undefined ? {} : { target: `≤ ${limit} s`, ok: m.wallS <= limit }),
    });
    rows.push(row('cold (--no-cache)', await run(['--no-cache']), target?.cold));
    await run([]); // fills the caches
    rows.push(row('warm (nothing changed)', await run([]), target?.warm));
    const page = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.md') && !f.startsWith('.'))!;
    appendFileSync(join(dir, page), '\nOne more sentence with a link to [[Somewhere New]].\n');
    rows.push(row('one page edited', await run([]), target?.edit));
  }
  return rows;
}
