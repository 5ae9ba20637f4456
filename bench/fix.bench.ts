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
  const coldDir = scratchCopy(pages, 3);
  const cold = await measureNode([KB, 'fix', coldDir, '--write', '--no-cache']);
  if (cold.code !== 0) throw new Error(`kb fix failed: ${cold.stderr}`);
  const warmDir = scratchCopy(pages, 3);
  await measureNode([KB, 'check', warmDir, '--json']);
  const fix = await measureNode([KB, 'fix', warmDir, '--write']);
  if (fix.code !== 0) throw new Error(`kb fix failed: ${fix.stderr}`);
  return [
    { name: `kb fix --write ${label} (cold, parses every page)`, wallS: cold.wallS, rate: pages / cold.wallS, rateUnit: 'pages/s', peakRssMB: cold.peakRssMB },
    { name: `kb fix --write ${label} (after kb check)`, wallS: fix.wallS, rate: pages / fix.wallS, rateUnit: 'pages/s', peakRssMB: fix.peakRssMB, ...(quick ? {} : { target: '≤ 15 s', ok: fix.wallS <= 15 }) },
    { name: `kb moc --write ${label} (warm cache)`, wallS: moc.wallS, rate: pages / moc.wallS, rateUnit: 'pages/s', peakRssMB: moc.peakRssMB, ...(quick ? {} : { target: '≤ 3 s', ok: moc.wallS <= 3 }) },
  ];
}
