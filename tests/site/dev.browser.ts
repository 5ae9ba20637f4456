// `kb dev` in Debian's chromium: a page stays open while notes are saved; the saved text, the
// backlinks it adds and the graph show up in that page without anyone reloading it, and a
// front-matter error shows Vite's overlay at the note's file:line:col until it is fixed.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { pathSuffix } from '../../site/lib/slugs.ts';
import { launchBrowser } from './helpers/browser.ts';
import { ROOT } from './helpers/build-site.ts';
import { startDev, type DevServer } from './helpers/dev-server.ts';

const work = mkdtempSync(join(tmpdir(), 'kb-dev-browser-'));
const vault = join(work, 'vault');
let browser: Browser;
let dev: DevServer;

before(async () => {
  cpSync(join(ROOT, 'tests/fixtures/site/obsidian-vault'), vault, { recursive: true });
  dev = await startDev(vault, join(work, 'cache'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await dev?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()} on ${page.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

describe('kb dev', () => {
  test('saving a note shows its new text in the open page, without a reload by the reader', async () => {
    const aSpace = `/a-b-${pathSuffix('A B.md')}/`;
    const { page, problems } = await openPage(dev.url + aSpace);
    assert.match((await page.locator('article').textContent()) ?? '', /The note with a space/);
    appendFileSync(join(vault, 'A B.md'), '\nA sentence written while the page was open.\n');
    await page.waitForFunction(() => /written while the page was open/.test(document.querySelector('article')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a link added in one note shows as a backlink on the open target page and as an edge of the graph", async () => {
    const { page, problems } = await openPage(`${dev.url}/no-front-matter/`);
    // Welcome links here before the save and after it; ML only after it. Each state is read inside the
    // page in one go: a save reloads the open page once when it is rendered and once more when Astro
    // has written its content store, so values read across two calls could straddle a navigation.
    const backlinksShow = (withMl: boolean) =>
      page.waitForFunction(
        (ml) => {
          const names = Array.from(document.querySelectorAll('.backlinks a')).map((a) => a.textContent);
          return names.includes('Welcome') && names.includes('ML') === ml;
        },
        withMl,
        { timeout: 30_000 },
      );
    await backlinksShow(false);
    writeFileSync(join(vault, 'ML.md'), '---\ntags: [twin]\n---\nUpper-case ML note, now linking to [[No front matter]].\n');
    await backlinksShow(true);
    const graph = (await (await page.request.get(`${dev.url}/graph.json`)).json()) as { nodes: [string, string][]; edges: number[] };
    const index = (title: string) => graph.nodes.findIndex((n) => n[1] === title);
    const [ml, target] = [index('ML'), index('No front matter')];
    const edges = graph.edges;
    assert.ok(edges.some((_, i) => i % 2 === 0 && ((edges[i] === ml && edges[i + 1] === target) || (edges[i] === target && edges[i + 1] === ml))), 'graph.json has the new edge');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a new note is served at its URL and shows as a backlink on the open page it links to', async () => {
    const { page, problems } = await openPage(`${dev.url}/welcome/`);
    writeFileSync(join(vault, 'Brand new.md'), 'A note made while the server runs, linking to [[Welcome]].\n');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.backlinks a')).some((a) => a.textContent === 'Brand new'), null, { timeout: 30_000 });
    await page.click('.backlinks a:text-is("Brand new")');
    await page.waitForURL(/\/brand-new\/$/);
    assert.match((await page.locator('article').textContent()) ?? '', /made while the server runs/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a front-matter error shows Vite's overlay with the note's file:line:col, and fixing it updates the page", async () => {
    const { page } = await openPage(`${dev.url}/welcome/`);
    const good = readFileSync(join(vault, 'Welcome.md'), 'utf8');
    writeFileSync(join(vault, 'Welcome.md'), `---\ntags: [start\n---\n${good.split('---\n').slice(2).join('---\n')}`);
    const overlay = page.locator('vite-error-overlay');
    await overlay.waitFor({ state: 'attached', timeout: 30_000 });
    const text = await overlay.evaluate((el) => el.shadowRoot?.textContent ?? '');
    assert.match(text, /Welcome\.md:2:\d+/);
    writeFileSync(join(vault, 'Welcome.md'), good.replace('This vault has twins', 'This vault, fixed, has twins'));
    await page.waitForFunction(() => /This vault, fixed, has twins/.test(document.querySelector('article')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.close();
  });
});
