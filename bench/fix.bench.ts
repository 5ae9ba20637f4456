// kb fix --write and kb moc on a generated 10k vault.
import { measureNode } from './measure.ts';
import type { BenchRow } from './types.ts';
import { KB, scratchCopy } from './vaults.ts';

export default async function fixBench({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const pages = quick ? 2000 : 10000;
  const label = `${pages / 1000}k`;
  const mocDir = scratchCopy(pages, 2);
  await measureNode([KB, 'check', mocDir, '--json']); // warm parse cache, as a user who ran check first
  const moc = await measureNode([KB, 'moc', mocDir, '--write']);
  const fixDir = scratchCopy(pages, 3);
  const fix = await measureNode([KB, 'fix', fixDir, '--write', '--no-cache']);
  if (fix.code !== 0) throw new Error(`kb fix failed: ${fix.stderr}`);
  return [
    { name: `kb fix --write ${label} (cold)`, wallS: fix.wallS, rate: pages / fix.wallS, rateUnit: 'pages/s', peakRssMB: fix.peakRssMB, ...(quick ? {} : { target: '≤ 15 s', ok: fix.wallS <= 15 }) },
    { name: `kb moc --write ${label} (warm cache)`, wallS: moc.wallS, rate: pages / moc.wallS, rateUnit: 'pages/s', peakRssMB: moc.peakRssMB, ...(quick ? {} : { target: '≤ 3 s', ok: moc.wallS <= 3 }) },
  ];
}
