// Issue 15's rows: pathological notes cost bounded time and memory, and the write guard's preflight
// is a small part of `kb fix` (its full runs are the rows of fix.bench.ts and check.bench.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVault, planFix, preflightChanges, type VaultPath } from '../vault/index.ts';
import { parsePage } from '../vault/parse-page.ts';
import { measureNode } from './measure.ts';
import type { BenchRow } from './types.ts';
import { KB, scratchCopy } from './vaults.ts';

const front = '---\nid: wiki-2026-0101-p\ntitle: P\ncategory: C\nstatus: draft\n---\n';

function parseRow(name: string, body: string, target?: number): BenchRow {
  const text = `${front}${body}\n`;
  const t0 = performance.now();
  const page = parsePage('P.md', text);
  const wallS = (performance.now() - t0) / 1000;
  const how = page.diagnostics.some((d) => d.rule === 'markdown-unparsed') ? 'read line by line' : 'parsed';
  return { name, wallS, ...(target === undefined ? {} : { target: `≤ ${target} s`, ok: wallS <= target }), note: `${(text.length / 1e3).toFixed(0)} kB, ${page.links.length} links, ${how}` };
}

export default async function noDamageBench({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  parsePage('Warm.md', `${front}# Warm\n\nA [[link]] and text.\n`);
  const rows: BenchRow[] = [
    parseRow('parse a note: one line of 10,000 `- `', `${'- '.repeat(10_000)}[[A]]`, 0.1),
    // Each `[[` was read to the end of its line before failing: quadratic in the line's length.
    parseRow('parse a note: one line of 10,000 unclosed `[[a `', `${'[[a '.repeat(10_000)}[[A]]`, 1),
    // Linear since micromark's EditMap is applied from the first edit (vault/markdown.ts); 75 s before.
    parseRow('parse a note: 4,000 `text` / `---` setext headings', 'text\n---\n\n'.repeat(4000)),
  ];

  // A 50 MB note of 1.2 M wikilinks: skipped by limits.maxNoteBytes (5 MB), hashed in 1 MB chunks.
  const work = mkdtempSync(join(tmpdir(), 'kb-bench-huge-'));
  try {
    const vault = join(work, 'vault');
    mkdirSync(vault);
    const links = Array.from({ length: 1000 }, (_, i) => `[[Target-Note-Number-${String(i).padStart(4, '0')}]] `).join('');
    writeFileSync(join(vault, 'Huge.md'), `${front}${links.repeat(1200)}\n`);
    writeFileSync(join(vault, 'A.md'), `${front}# A\n\nA short note.\n`);
    const huge = await measureNode([KB, 'check', vault, '--json', '--no-cache'], { env: { ...process.env, KB_CACHE_DIR: join(work, 'cache') } });
    const skipped = huge.stdout.includes('note-too-large');
    rows.push({ name: 'kb check: a 50 MB note with 1.2 M wikilinks', wallS: huge.wallS, peakRssMB: huge.peakRssMB, target: '≤ 300 MB RSS, no crash', ok: huge.code !== null && huge.code <= 1 && huge.peakRssMB <= 300 && skipped, note: `exit ${huge.code}, ${skipped ? 'reported and skipped' : 'NOT skipped'}` });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  // The preflight of a whole `kb fix` plan (what the guard adds before the first write).
  const pages = quick ? 2000 : 10000;
  const dir = scratchCopy(pages, 3);
  const vault = await loadVault(dir);
  const plan = planFix(vault);
  const t0 = performance.now();
  const { conflicts } = await preflightChanges(vault.dir, plan.changes, { diskPath: (p: VaultPath) => vault.diskPath(p), expectedText: (p: VaultPath) => (vault.pages.has(p) ? vault.text(p) : undefined) });
  const wallS = (performance.now() - t0) / 1000;
  rows.push({ name: `kb fix ${pages / 1000}k: guard and preflight of the plan`, wallS, rate: plan.changes.length / wallS, rateUnit: 'changes/s', note: `${plan.changes.length} changes checked, ${conflicts.length} conflicts` });
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
