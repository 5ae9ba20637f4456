// `npm run bench [-- area…] [--quick]`: runs every bench/<area>.bench.ts and prints one table.
import { readdirSync } from 'node:fs';
import { styleText } from 'node:util';
import type { BenchModule, BenchRow } from './types.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const here = new URL('.', import.meta.url);
const areas = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .filter((area) => only.length === 0 || only.includes(area))
  .sort();

const rows: BenchRow[] = [];
for (const area of areas) {
  console.error(styleText('dim', `bench: ${area}…`));
  const mod = (await import(new URL(`${area}.bench.ts`, here).href)) as BenchModule;
  try {
    rows.push(...(await mod.default({ quick })));
  } catch (error) {
    rows.push({ name: `${area}: failed`, note: error instanceof Error ? error.message : String(error), ok: false });
  }
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined ? '' : n.toFixed(digits));
const table = rows.map((r) => ({
  bench: r.name,
  'wall s': fmt(r.wallS),
  rate: r.rate === undefined ? '' : `${fmt(r.rate, r.rate >= 100 ? 0 : 1)} ${r.rateUnit ?? ''}`.trim(),
  'peak RSS MB': fmt(r.peakRssMB, 0),
  target: r.target ?? '',
  ok: r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  note: r.note ?? '',
}));
const columns = Object.keys(table[0] ?? { bench: '' }) as (keyof (typeof table)[number])[];
const widths = columns.map((c) => Math.max(c.length, ...table.map((row) => row[c].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(columns));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(columns.map((c) => row[c])));
if (rows.some((r) => r.ok === false)) process.exitCode = 1;
