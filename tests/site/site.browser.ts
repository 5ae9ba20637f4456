// The built site in Debian's chromium: search → result → wikilink → backlink, redirects, KaTeX,
// executed blocks with outputs and chart SVG, hostile input inert, Obsidian's Markdown (callouts,
// embeds, tags, Mermaid…) on an Obsidian-style vault, no console errors anywhere.
// Runs with `npm run test:browser` (needs /usr/bin/chromium); screenshots go to tests/site/artifacts/
// (or $KB_ARTIFACTS).
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './helpers/browser.ts';
import { generateVault } from '../helpers/vault-fixture.ts';
import { buildSite, ROOT } from './helpers/build-site.ts';
import { codeSnapshot } from './helpers/code-snapshot.ts';
import { shardOf } from '../../site/lib/search-shards.ts';
import { serveStatic, type StaticServer } from './helpers/static-server.ts';

const ARTIFACTS = process.env.KB_ARTIFACTS ?? join(ROOT, 'tests/site/artifacts');
const work = mkdtempSync(join(tmpdir(), 'kb-site-browser-'));

let browser: Browser;
let fixture: StaticServer;
let content: StaticServer;
let obsidian: StaticServer;

before(async () => {
  // A snapshot of content/, so pages being edited meanwhile cannot change under the build.
  cpSync(join(ROOT, 'content'), join(work, 'content-vault'), { recursive: true });
  const [a, b, c] = await Promise.all([
    buildSite(join(ROOT, 'tests/fixtures/site/vault'), join(work, 'fixture'), { cacheDir: join(work, 'fixture-cache') }),
    buildSite(join(work, 'content-vault'), join(work, 'content'), { cacheDir: join(work, 'content-cache') }),
    buildSite(join(ROOT, 'tests/fixtures/site/obsidian-vault'), join(work, 'obsidian'), { cacheDir: join(work, 'obsidian-cache') }),
  ]);
  assert.equal(a.code, 0, a.output);
  assert.equal(b.code, 0, b.output);
  assert.equal(c.code, 0, c.output);
  fixture = await serveStatic(join(work, 'fixture'));
  content = await serveStatic(join(work, 'content'));
  obsidian = await serveStatic(join(work, 'obsidian'));
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await fixture?.close();
  await content?.close();
  await obsidian?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A page that records console errors, uncaught exceptions, failed requests and dialogs. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()} on ${page.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog "${d.message()}" on ${page.url()}`);
    void d.dismiss();
  });
  return { page, problems };
}

async function search(page: Page, term: string) {
  await page.fill('header input[type=search]', term);
  await page.press('header input[type=search]', 'Enter');
  await page.waitForURL(/\/search\/\?q=/);
  await page.waitForSelector('.pagefind-ui__result-link', { timeout: 15000 });
}

describe('the fixture site', () => {
  test('home → search a term → open a result → follow a wikilink → see the backlink back', async () => {
    const { page, problems } = await openPage();
    await page.goto(fixture.url);
    await page.screenshot({ path: join(ARTIFACTS, 'home.png') });
    await search(page, 'interpolation');
    await page.click('.pagefind-ui__result-link:text-is("Generalization Gap")');
    await page.waitForURL(/\/topics\/generalization-gap\/$/);
    await page.click('article a.wikilink:text-is("Double-Descent")');
    await page.waitForURL(/\/topics\/double-descent\/$/);
    const backlinks = await page.locator('.backlinks a').allTextContents();
    assert.ok(backlinks.includes('Generalization Gap'), backlinks.join(', '));
    await page.click('.backlinks a:text-is("Generalization Gap")');
    await page.waitForURL(/\/topics\/generalization-gap\/$/);
    assert.deepEqual(problems, []);
  });

  test('Korean text is searchable', async () => {
    const { page, problems } = await openPage();
    await page.goto(fixture.url);
    await search(page, '보간');
    const titles = await page.locator('.pagefind-ui__result-link').allTextContents();
    assert.ok(titles.includes('Double Descent'), titles.join(', '));
    assert.deepEqual(problems, []);
  });

  test('a redirect page URL and an alias URL land on the canonical page', async () => {
    const { page, problems } = await openPage();
    for (const from of ['/topics/old-gap/', '/topics/train-test-gap/']) {
      await page.goto(fixture.url + from);
      await page.waitForURL(/\/topics\/generalization-gap\/$/);
      assert.equal(await page.locator('h1').textContent(), 'Generalization Gap');
    }
    assert.deepEqual(problems, []);
  });

  test('math is rendered by KaTeX', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${fixture.url}/topics/generalization-gap/`);
    const display = page.locator('.katex-display').first();
    assert.ok(await display.isVisible());
    const box = await display.boundingBox();
    assert.ok(box && box.height > 30, `display math is laid out (${box?.height}px)`);
    assert.ok(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), 'KaTeX fonts are shipped with the site');
    await page.screenshot({ path: join(ARTIFACTS, 'topic-page.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });

  test('an executed block shows its output, backend, verified badge and chart SVG; a changed one shows stale', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${fixture.url}/topics/generalization-gap/`);
    const run = page.locator('figure.executed.run-verified').first();
    assert.match((await run.locator('.run-output').textContent()) ?? '', /1\.150 0\.932 0\.734 0\.567/);
    assert.equal(await run.locator('.badge-backend').textContent(), 'backend: tensorflow');
    const chart = run.locator('.run-chart svg.chart');
    assert.ok(await chart.isVisible());
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 100);
    assert.equal(await chart.locator('path.line').count(), 1);
    assert.equal(await page.locator('figure.executed.run-stale .badge-stale').count(), 1);
    assert.deepEqual(problems, []);
  });

  test('script in a title, an alias, a code output, a chart and a javascript: link stays inert', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${fixture.url}/topics/script-attempts/`);
    assert.match((await page.locator('h1').first().textContent()) ?? '', /^<script>window.__xss = 'title'<\/script> Hostile Title$/);
    assert.match((await page.locator('.run-output').textContent()) ?? '', /<img src=x onerror=/);
    assert.equal(await page.locator('article a[href^="javascript:" i]').count(), 0);
    assert.equal(await page.locator('article span.wl-unresolved:text-is("javascript:alert(1)")').count(), 1);
    await page.locator('span.wl-unresolved:text-is("javascript:alert(1)")').click();
    await page.locator('text=click').first().click();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    // The hostile title in search results and the hostile alias's redirect page.
    await search(page, 'Hostile');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    await page.goto(`${fixture.url}/topics/${encodeURIComponent('img-src=x-onerror=window.__xss=1')}/`);
    await page.waitForURL(/\/topics\/script-attempts\/$/);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    assert.deepEqual(problems, []);
  });

  test('the graph page draws every page and the theme toggle switches to dark', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${fixture.url}/graph/`);
    await page.waitForFunction(() => /pages/.test(document.getElementById('graph-info')?.textContent ?? ''));
    assert.match((await page.locator('#graph-info').textContent()) ?? '', /^5 pages · 7 links/);
    await page.click('.theme-toggle');
    assert.ok(['dark', 'light'].includes((await page.evaluate(() => document.documentElement.dataset.theme)) ?? ''));
    await page.screenshot({ path: join(ARTIFACTS, 'graph.png') });
    await page.goto(`${fixture.url}/no-such-page/`);
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
    assert.deepEqual(problems.filter((p) => !p.includes('/no-such-page/')), []);
  });
});

describe('an Obsidian vault', () => {
  const xss = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

  test('callouts of every type render; a folded one opens with the mouse and the keyboard', async () => {
    const { page, problems } = await openPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${obsidian.url}/notes/callouts/`);
    assert.equal(await page.locator('article .callout').count(), 27 + 4, 'every type and alias, an unknown type, a nested pair, a title-only one');
    const folded = page.locator('details.callout[data-callout="faq"]');
    const hidden = folded.locator('.callout-content');
    assert.equal(await hidden.isVisible(), false, 'a `-` callout starts closed');
    await folded.locator('summary').click();
    assert.ok(await hidden.isVisible(), 'a click opens it');
    await folded.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await hidden.isVisible(), false, 'Enter on its summary closes it again');
    assert.ok(await page.locator('details.callout[data-callout="example"] .callout-content').isVisible(), 'a `+` callout starts open');
    assert.equal(await page.locator('.callout[data-callout="info"] .callout[data-callout="warning"]').count(), 1, 'nested callout');
    await page.screenshot({ path: join(ARTIFACTS, 'obsidian-callouts.png'), fullPage: true });
    assert.deepEqual(requests.filter((u) => /mermaid/i.test(u)), [], 'no Mermaid on a page without a diagram');
    assert.deepEqual(problems, []);
  });

  test('highlights, comments, tasks, tags, block ids, raw HTML and a Mermaid diagram, in both themes', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${obsidian.url}/notes/syntax/`);
    assert.deepEqual(await page.locator('article mark').allTextContents(), ['highlighted text', 'bold highlight', 'marked']);
    const body = (await page.locator('article .body').textContent()) ?? '';
    assert.doesNotMatch(body, /inline comment|block comment|hidden-tag/);
    assert.equal(await page.locator('article input[type=checkbox][disabled]').count(), 2);
    assert.equal(await page.locator('article input[type=checkbox]:checked').count(), 1);
    assert.equal(await page.locator('article [id="^para-1"]').textContent(), 'A paragraph with a block id.');
    assert.equal(await page.locator('article details summary:text-is("More")').count(), 1);
    assert.equal(await page.locator('article kbd').count(), 2);
    assert.equal(await xss(page), undefined);
    await page.locator('article .body a:text-is("js link")').click();
    await page.locator('article .body div:text-is("clickable div")').click();
    assert.equal(await xss(page), undefined);
    const diagram = page.locator('article pre.mermaid svg');
    await diagram.waitFor({ timeout: 60000 });
    assert.match((await diagram.textContent()) ?? '', /Start[\s\S]*Works\?[\s\S]*Ship/);
    await page.screenshot({ path: join(ARTIFACTS, 'obsidian-syntax.png'), fullPage: true });
    await page.click('.theme-toggle');
    await page.waitForFunction(() => document.querySelector('pre.mermaid svg') !== null && document.querySelector('pre.mermaid.mermaid-drawn') !== null);
    await page.screenshot({ path: join(ARTIFACTS, 'obsidian-syntax-toggled.png'), fullPage: true });
    await page.locator('article a.tag:text-is("#ml/theory")').click();
    await page.waitForURL(/\/tags\/ml\/theory\/$/);
    assert.ok((await page.locator('main a').allTextContents()).includes('Syntax'), 'the tag page lists the note with the inline tag');
    assert.deepEqual(problems, []);
  });

  test('note, heading and block embeds are transcluded; cycles are marked; media embeds play from the site', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${obsidian.url}/notes/embeds/`);
    const transclusions = page.locator('article .transclusion[data-embed="Notes/Source.md"]');
    assert.equal(await transclusions.count(), 4);
    assert.match((await transclusions.nth(1).textContent()) ?? '', /Section A[\s\S]*Deeper text\./);
    assert.doesNotMatch((await transclusions.nth(1).textContent()) ?? '', /Section B/);
    assert.equal((await transclusions.nth(2).locator('.transclusion-body').textContent())?.trim(), 'A quotable paragraph.');
    assert.ok(await page.locator('article .embed-cycle').first().isVisible());
    assert.equal(await page.locator('article img.embed-image[width="200"]').count(), 1);
    assert.equal(await page.locator('article img.embed-image[width="120"][height="80"]').count(), 1);
    assert.equal(await page.locator('article audio[controls]').count(), 1);
    assert.equal(await page.locator('article video[controls]').count(), 1);
    assert.equal(await page.locator('article .embed-pdf iframe').count(), 1);
    await page.screenshot({ path: join(ARTIFACTS, 'obsidian-embeds.png'), fullPage: true });
    await transclusions.nth(2).locator('.transclusion-link').click();
    await page.waitForURL(/\/notes\/source\/#\^quotable$/);
    assert.equal(await page.locator('article [id="^quotable"]').textContent(), 'A quotable paragraph.');
    assert.deepEqual(problems, []);
  });

  test('a hostile title stays inert on its page, in backlinks, tags, search and the graph', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${obsidian.url}/notes/hostile/`);
    assert.equal(await page.locator('h1').first().textContent(), '<img src=x onerror=alert(1)> Hostile');
    for (const path of ['/notes/syntax/', '/tags/', '/graph/', '/']) {
      await page.goto(obsidian.url + path);
      assert.equal(await page.locator('img[src="x"]').count(), 0, path);
    }
    await page.waitForTimeout(300);
    await search(page, 'Hostile');
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'search');
    assert.deepEqual(problems, [], 'no alert dialog, no console error');
  });
});

describe('the content/ site', () => {
  test('home → search a page title → open it → follow a wikilink → see the backlink back, with no console errors', async () => {
    const { page, problems } = await openPage();
    await page.goto(content.url);
    const first = page.locator('.card a').first();
    const title = (await first.textContent()) ?? '';
    assert.ok(title, 'the home page lists pages');
    await search(page, title.split(/\s+/)[0]!);
    await page.locator('.pagefind-ui__result-link').first().click();
    await page.waitForLoadState('load');
    const from = (await page.locator('h1').first().textContent()) ?? '';
    const link = page.locator('article a.wikilink.wl-resolved[href^="/"]').first();
    if ((await link.count()) > 0) {
      await link.click();
      await page.waitForLoadState('load');
      const backlinks = await page.locator('.backlinks a').allTextContents();
      assert.ok(backlinks.includes(from), `${from} in backlinks of ${page.url()}: ${backlinks.join(', ')}`);
    }
    for (const path of ['/categories/', '/tags/', '/graph/']) await page.goto(content.url + path);
    await page.waitForFunction(() => /pages/.test(document.getElementById('graph-info')?.textContent ?? ''));
    await page.screenshot({ path: join(ARTIFACTS, 'content-graph.png') });
    assert.deepEqual(problems, []);
  });

  test('every content page with math or executed blocks renders them without console errors', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${content.url}/categories/`);
    const categories = await page.locator('main ul a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const pages = new Set<string>();
    for (const c of categories) {
      await page.goto(c);
      for (const href of await page.locator('main ul.columns a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) pages.add(href);
    }
    for (const href of pages) {
      await page.goto(href);
      const katex = await page.locator('.katex').count();
      const errors = await page.locator('.katex-error').count();
      assert.equal(errors, 0, `${href}: ${errors} of ${katex} math spans failed`);
      const charts = await page.locator('.run-chart-error').count();
      assert.equal(charts, 0, `${href}: a chart failed to render`);
    }
    assert.deepEqual(problems, []);
  });
});

describe('a site rebuilt incrementally', () => {
  // A generated vault in small search shards, so search merges several Pagefind indexes; built from a
  // snapshot of the code, so sources edited meanwhile cannot make the rebuild a full one.
  const root = codeSnapshot();
  const options = { root, cacheDir: join(work, 'incremental-cache'), env: { KB_SEARCH_SHARD_PAGES: '40' } };
  const out = join(work, 'incremental');
  let site: StaticServer;
  let other: string;
  let edited: string;
  let vault: string | undefined;
  before(async () => {
    vault = generateVault(250, 11, false).dir;
    const first = await buildSite(vault, out, options);
    assert.equal(first.code, 0, first.output);
    const name = readdirSync(join(vault, '30_Techniques')).sort().find((f) => f.endsWith('.md'))!;
    const page = join(vault, '30_Techniques', name);
    edited = `/30_techniques/${name.slice(0, -3).toLowerCase()}/`;
    // A page in a shard that is neither the edited page's nor the primary one, found only if the
    // search page merges the other shards' indexes.
    const paper = readdirSync(join(vault, '20_Papers'))
      .sort()
      .find((f) => f.endsWith('.md') && ![0, shardOf(edited, 8)].includes(shardOf(`/20_papers/${f.slice(0, -3).toLowerCase()}/`, 8)))!;
    other = /^title: (.+)$/m.exec(readFileSync(join(vault, '20_Papers', paper), 'utf8'))![1]!;
    appendFileSync(page, '\nAn edit with a word found nowhere else, quokkaberry, and 쿼카베리 in Korean.\n');
    const second = await buildSite(vault, out, options);
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /incremental build: \d+ of \d+ routes to build .* 1 of 8 search shards/);
    site = await serveStatic(out);
  });
  after(async () => {
    await site?.close();
    rmSync(root, { recursive: true, force: true });
    if (vault) rmSync(dirname(vault), { recursive: true, force: true });
  });

  test('search finds a word only the edited page has, in English and Korean, and pages of the other shards', async () => {
    const { page, problems } = await openPage();
    await page.goto(site.url);
    for (const term of ['quokkaberry', '쿼카베리']) {
      await search(page, term);
      // Result links without a fragment are pages; those with one are sections of them.
      const pages = (await page.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).filter((h) => !h.includes('#'));
      assert.deepEqual(pages, [`${site.url}${edited}`], term);
    }
    await search(page, other);
    const titles = await page.locator('.pagefind-ui__result-link').allTextContents();
    assert.ok(titles.includes(other), `${other} in ${titles.join(', ')}`);
    await page.click(`.pagefind-ui__result-link:text-is("${other}")`);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').first().textContent(), other);
    assert.deepEqual(problems, []);
  });
});
