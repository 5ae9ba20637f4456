// The Obsidian-style fixture vault's site in Debian's chromium: twins reachable by clicking, the
// plain URL of twins listing both, no console errors, no serious or critical axe-core violations on
// home, a note, search and graph in light and dark mode, keyboard use of search and the graph, and
// Hangul and emoji drawn with the site's own fonts (Debian's chromium has no CJK system font here).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { pathSuffix } from '../../site/lib/slugs.ts';
import { seriousViolations } from './helpers/axe.ts';
import { launchBrowser } from './helpers/browser.ts';
import { buildSite, ROOT } from './helpers/build-site.ts';
import { serveStatic, type StaticServer } from './helpers/static-server.ts';

const ARTIFACTS = process.env.KB_ARTIFACTS ?? join(ROOT, 'tests/site/artifacts');
const work = mkdtempSync(join(tmpdir(), 'kb-obsidian-browser-'));
let browser: Browser;
let site: StaticServer;

before(async () => {
  const built = await buildSite(join(ROOT, 'tests/fixtures/site/obsidian-vault'), join(work, 'dist'), { cacheDir: join(work, 'cache') });
  assert.equal(built.code, 0, built.output);
  site = await serveStatic(join(work, 'dist'));
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

async function openPage(colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()} on ${page.url()}`);
  });
  return { page, problems };
}

describe('an Obsidian vault in the browser', () => {
  test('both notes of a slug collision are reachable by clicking, and their shared plain URL lists both', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${site.url}/welcome/`);
    await page.click('article a.wikilink:text-is("A B")');
    await page.waitForURL(new RegExp(`/a-b-${pathSuffix('A B.md')}/$`));
    assert.equal(await page.locator('article h1').first().textContent(), 'A B');
    await page.goBack();
    await page.click('article a.wikilink:text-is("A-B")');
    await page.waitForURL(new RegExp(`/a-b-${pathSuffix('A-B.md')}/$`));
    assert.equal(await page.locator('article h1').first().textContent(), 'A-B');
    await page.goto(`${site.url}/a-b/`);
    await page.click('a:text-is("A B")');
    await page.waitForURL(new RegExp(`/a-b-${pathSuffix('A B.md')}/$`));
    assert.deepEqual(problems, []);
  });

  test('Hangul and emoji in headings and in KaTeX are drawn with the fonts the site ships', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${site.url}/welcome/`);
    const heading = page.locator('article .body h2').first();
    assert.match((await heading.textContent()) ?? '', /헤시안 행렬 🧠/);
    const covered = await page.evaluate(async () => {
      const families = (el: Element) => getComputedStyle(el).fontFamily;
      // load() resolves with the shipped faces whose unicode-range covers the text: none means boxes.
      const [hangul, emoji] = await Promise.all([document.fonts.load('16px "Noto Sans KR Variable"', '헤시안'), document.fonts.load('16px "Noto Color Emoji"', '🧠')]);
      await document.fonts.ready;
      return {
        heading: families(document.querySelector('article .body h2')!),
        katex: families(document.querySelector('.katex .mord.text .mord')!),
        hangul: hangul.length,
        emoji: emoji.length,
      };
    });
    assert.match(covered.katex, /Noto Sans KR/, `KaTeX \\text falls back to the shipped Hangul font: ${covered.katex}`);
    assert.match(covered.heading, /Noto Color Emoji/, covered.heading);
    assert.ok(covered.hangul > 0, 'a shipped Hangul face covers 헤시안');
    assert.ok(covered.emoji > 0, 'a shipped emoji face covers 🧠');
    await heading.screenshot({ path: join(ARTIFACTS, 'obsidian-hangul-heading.png') });
    await page.locator('.katex .mord.text').first().screenshot({ path: join(ARTIFACTS, 'obsidian-katex-hangul.png') });
    assert.deepEqual(problems, []);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`home, a note, search and graph have no serious or critical axe-core violations (${scheme})`, async () => {
      const { page, problems } = await openPage(scheme);
      const found: string[] = [];
      for (const path of ['/', '/welcome/', '/search/?q=twin', '/graph/']) {
        await page.goto(site.url + path);
        if (path.startsWith('/search')) await page.waitForSelector('.pagefind-ui__result-link', { timeout: 15000 });
        if (path === '/graph/') await page.waitForFunction(() => /pages/.test(document.getElementById('graph-info')?.textContent ?? ''));
        found.push(...(await seriousViolations(page)));
      }
      assert.deepEqual(found, []);
      assert.deepEqual(problems, []);
    });
  }

  test('search is usable from the keyboard: type in the header box, Enter, Tab to a result, Enter opens it', async () => {
    const { page, problems } = await openPage();
    await page.goto(site.url);
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'q', '/ focuses the search box');
    await page.keyboard.type('obsidian URIs');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    await page.waitForSelector('.pagefind-ui__result-link', { timeout: 15000 });
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.classList.contains('pagefind-ui__result-link'))); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/advanced-topics\/using-uris\/$/);
    assert.deepEqual(problems, []);
  });

  test('the graph is usable from the keyboard: type to find a page, arrow to it, Enter opens it', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${site.url}/graph/`);
    await page.waitForFunction(() => /pages/.test(document.getElementById('graph-info')?.textContent ?? ''));
    await page.focus('#graph-find');
    await page.keyboard.type('using');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/advanced-topics\/using-uris\/$/);
    assert.deepEqual(problems, []);
  });
});
