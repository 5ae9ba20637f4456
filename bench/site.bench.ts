// The site build on generated vaults (1k, and 10k unless --quick), side by side with a bare Astro
// build of the same pages (Astro's glob collection rendering each page's Markdown, nothing else:
// tests/fixtures/site/bare-astro). Rows: cold (no caches, no previous build), warm (nothing changed:
// the incremental path finds no route to build), and a rebuild after editing one page (a sentence and
// a wikilink to another page, so that page's backlinks, the home page's link count and graph.json
// change too). Pagefind indexing is part of the kb rows: it is part of `npm run build`. Targets: the
// 10k cold build within 1.5× the bare Astro build of the same run, the one-page rebuild ≤ 5 s.
//
// `kb dev` at 1k pages: a page open in Debian's chromium, one note saved several times, and the time
// from each save to its new text showing in that page (median; target ≤ 1 s).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Manifest, writeVault } from './gen-vault.ts';
import { slugOf, type VaultPath } from '../vault/paths.ts';
import { measureNode, type Measured } from './measure.ts';
import type { BenchRow } from './types.ts';
import { freePort } from '../tests/site/helpers/dev-server.ts';
import { KB } from './vaults.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BARE = join(ROOT, 'tests/fixtures/site/bare-astro');
const ASTRO = join(ROOT, 'node_modules/astro/bin/astro.mjs');

/** The machine is shared: the 1-minute load average when a row started says how contended it was. */
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;

function failed(m: Measured, what: string): never {
  throw new Error(`${what} exited ${m.code}: ${(m.stderr || m.stdout).slice(-600)}`);
}

/** Astro's glob loader aborts on malformed YAML, so the bare baseline gets the vault without those pages. */
function bareVault(vault: string, manifest: Manifest, dir: string): number {
  cpSync(vault, dir, { recursive: true });
  for (const page of manifest.invalidFrontMatter) rmSync(join(dir, page), { force: true });
  return manifest.invalidFrontMatter.length;
}

async function sizeRows(pages: number, work: string): Promise<BenchRow[]> {
  const label = pages >= 1000 ? `${pages / 1000}k` : String(pages);
  const vault = join(work, `v${label}`);
  const manifest = writeVault(vault, { pages, seed: 1 });
  const rows: BenchRow[] = [];

  // Bare Astro: cold, then warm.
  const bare = join(work, `bare-${label}`);
  const removed = bareVault(vault, manifest, bare);
  const bareEnv = { ...process.env, BARE_VAULT: bare, BARE_OUT: join(work, `bare-dist-${label}`), BARE_CACHE_DIR: join(work, `bare-cache-${label}`) };
  for (const kind of ['cold', 'warm']) {
    const started = load();
    const m = await measureNode([ASTRO, 'build', '--root', BARE, '--silent'], { cwd: BARE, env: bareEnv });
    if (m.code !== 0) failed(m, `bare astro build ${label} ${kind}`);
    rows.push({ name: `site ${label}: bare Astro glob build, ${kind}`, wallS: m.wallS, peakRssMB: m.peakRssMB, rate: (pages - removed) / m.wallS, rateUnit: 'pages/s', note: `baseline; ${removed} pages with malformed front-matter removed (Astro aborts on them); ${started}` });
  }

  // kb site: cold (no engine parse cache, no render records, no previous build), warm, and after editing one page.
  rmSync(join(vault, '.kb-cache'), { recursive: true, force: true });
  const kbEnv = { ...process.env, KB_VAULT: vault, KB_OUT: join(work, `kb-dist-${label}`), KB_CACHE_DIR: join(work, `kb-cache-${label}`), KB_STRICT: '', KB_VERIFY: '0' };
  const kb = async (kind: string, target?: string, limit?: { s: number; mb?: number }) => {
    const started = load();
    const m = await measureNode([KB, 'build'], { cwd: ROOT, env: kbEnv });
    if (m.code !== 0) failed(m, `kb site build ${label} ${kind}`);
    const out = m.stdout + m.stderr;
    const rendered = /(\d+) pages \((\d+) rendered/.exec(out);
    const path = /incremental build: (\d+) of (\d+) routes to build.*?(\d+) of (\d+) search shards/.exec(out);
    const how = path ? `incremental: ${path[1]} of ${path[2]} routes, ${path[3]} of ${path[4]} search shards` : /full build \(([^)]*)\)/.exec(out)?.[0] ?? '';
    const ok = limit ? m.wallS <= limit.s && (limit.mb === undefined || m.peakRssMB <= limit.mb) : undefined;
    rows.push({ name: `site ${label}: kb build (Astro + Pagefind), ${kind}`, wallS: m.wallS, peakRssMB: m.peakRssMB, rate: pages / m.wallS, rateUnit: 'pages/s', target, ok, note: `${how}${rendered ? `; ${rendered[2]} of ${rendered[1]} pages rendered` : ''}; ${started}` });
    return m;
  };
  const big = pages >= 10000;
  const bareCold = rows[0]!.wallS!;
  const cold = await kb('cold', big ? `≤ 1.5 × bare Astro (${(1.5 * bareCold).toFixed(1)} s)` : undefined, big ? { s: 1.5 * bareCold } : undefined);
  rows[rows.length - 1]!.note += `; ${(cold.wallS / bareCold).toFixed(2)} × bare Astro cold`;
  await kb('warm (nothing changed)', big ? '≤ 10 s, ≤ 3 GB' : undefined, big ? { s: 10, mb: 3072 } : undefined);
  const named = [...readFileSync(`${vault}.manifest.json`, 'utf8').matchAll(/"([^"]+\.md)"/g)].map((m) => m[1]!);
  const candidates = [...new Set(named)].filter((p) => existsSync(join(vault, p)) && !manifest.invalidFrontMatter.includes(p) && !manifest.redirectPages.includes(p));
  const [page, other] = candidates;
  if (page && other) {
    const file = join(vault, page);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nOne more sentence, edited for the rebuild benchmark; see [[${other.replace(/^.*\//, '').replace(/\.md$/, '')}]].\n`);
    await kb('rebuild after editing one page', big ? '≤ 5 s, ≤ 3 GB' : undefined, big ? { s: 5, mb: 3072 } : undefined);
  }
  if (!big && candidates[2]) rows.push(await devRow(label, vault, candidates[2], join(work, `kb-dist-${label}`), join(work, `kb-dev-cache-${label}`)));
  rmSync(vault, { recursive: true, force: true });
  return rows;
}


/** `kb dev`: median time from saving a note to its new text showing in the open page. */
async function devRow(label: string, vault: string, page: string, dist: string, cacheDir: string): Promise<BenchRow> {
  const name = `site ${label}: kb dev, edit-to-reload (median of 5 saves)`;
  const chromium = process.env.KB_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return { name, note: `skipped: no Chromium at ${chromium}` };
  const slug = slugOf(page as VaultPath);
  if (!existsSync(join(dist, slug, 'index.html'))) return { name, note: `skipped: ${page} has no page at /${slug}/` };
  const port = await freePort();
  const started = load();
  const child = spawn(process.execPath, [KB, 'dev', vault, '--port', String(port)], { cwd: ROOT, env: { ...process.env, KB_CACHE_DIR: cacheDir }, detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const { launchBrowser } = await import('../tests/site/helpers/browser.ts');
  const browser = await launchBrowser();
  try {
    const t0 = performance.now();
    while (!/kb dev: serving/.test(output)) {
      if (child.exitCode !== null || performance.now() - t0 > 300_000) throw new Error(`kb dev did not start:\n${output.slice(-600)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const startS = (performance.now() - t0) / 1000;
    const tab = await browser.newPage();
    await tab.goto(`http://localhost:${port}/${encodeURI(slug)}/`);
    const file = join(vault, page);
    const original = readFileSync(file, 'utf8');
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const marker = `dev-bench-edit-${i}-${Date.now()}`;
      const saved = performance.now();
      writeFileSync(file, `${original}\n${marker}\n`);
      await tab.waitForFunction((m) => document.body?.textContent?.includes(m) ?? false, marker, { timeout: 30_000, polling: 'raf' });
      times.push((performance.now() - saved) / 1000);
      await tab.waitForLoadState('load');
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    return { name, wallS: median, target: '≤ 1 s', ok: median <= 1, note: `saves ${times.map((t) => t.toFixed(2)).join(', ')} s; server ready in ${startS.toFixed(1)} s; ${started}` };
  } catch (error) {
    // The build rows stay in the table; this one says what kb dev printed.
    const said = output.split('\n').filter((l) => /kb dev|ERROR|WARN/.test(l)).slice(-4).join(' | ');
    return { name, target: '≤ 1 s', ok: false, note: `${(error as Error).message.split('\n')[0]}; kb dev said: ${said}; ${started}` };
  } finally {
    await browser.close();
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
  }
}

export default async function siteBench({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'kb-site-bench-'));
  try {
    const rows = await sizeRows(1000, work);
    if (!quick) rows.push(...(await sizeRows(10000, work)));
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
