// Incremental site builds produce the same site as full builds. On a generated vault (with the
// generator's tricky cases) and on content/: build fully, edit one page (its text, a wikilink added
// and one removed, so two other pages' backlinks change, and a tag), build incrementally, and
// compare every file of the out dir with a fresh full build of the same vault into another folder.
// Also: a page deleted and one added, a site source edited (a full build), and an incremental build
// killed before it finishes (the out dir stays as it was and the next build still matches).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadVault } from '../../vault/index.ts';
import type { VaultPath } from '../../vault/paths.ts';
import { DATE_KEYS, statedDate } from '../../site/lib/feed.ts';
import { buildModel, type SiteModel, type SitePage } from '../../site/lib/model.ts';
import { generateVault } from '../helpers/vault-fixture.ts';
import { buildSite, ROOT, type BuildOptions, type BuildResult } from './helpers/build-site.ts';
import { codeSnapshot } from './helpers/code-snapshot.ts';
import { compareDirs } from './helpers/compare-dirs.ts';
import { checkLinks } from './helpers/link-check.ts';

const work = mkdtempSync(join(tmpdir(), 'kb-site-incremental-'));
const root = codeSnapshot();
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

// Small search shards, so these sites have several and the edit re-indexes only some of them.
const env = { KB_SEARCH_SHARD_PAGES: '40' };
let folders = 0;
const fresh = (name: string) => join(work, `${name}-${++folders}`);

function build(vault: string, out: string, cacheDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  return buildSite(vault, out, { root, cacheDir, env, ...options });
}

function ok(result: BuildResult): string {
  assert.equal(result.code, 0, result.output);
  return result.output;
}

/** How many routes the incremental build built, or a failure if it took the full path. */
function incremental(output: string): number {
  const m = /incremental build: (\d+) of \d+ routes to build/.exec(output);
  assert.ok(m, `expected an incremental build:\n${output.split('\n').filter((l) => l.startsWith('kb build')).join('\n')}`);
  return Number(m[1]);
}

/** Where two files first differ, with some context: what a failure needs to be understood. */
function firstDifference(a: string, b: string): string {
  const [x, y] = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `${a} and ${b} differ at character ${i}:\nincremental: …${x.slice(Math.max(0, i - 150), i + 250)}\nfull:        …${y.slice(Math.max(0, i - 150), i + 250)}`;
}

/** A full build of the vault from nothing (its own out and cache folders) must equal `out`. */
async function assertSameAsFullBuild(vault: string, out: string) {
  const reference = fresh('full');
  ok(await build(vault, reference, fresh('full-cache'), { full: true }));
  // Nothing is normalised: a build writes no dates, build ids or absolute paths into the site.
  const diff = compareDirs(out, reference);
  const first = diff.different[0];
  assert.deepEqual({ onlyInA: diff.onlyInA, onlyInB: diff.onlyInB, different: diff.different }, { onlyInA: [], onlyInB: [], different: [] }, first ? firstDifference(join(out, first), join(reference, first)) : undefined);
  assert.ok(diff.files > 50, `${diff.files} files compared`);
  assert.deepEqual(checkLinks(out).broken, []);
}

interface Edit {
  page: VaultPath;
  /** A built page that `page` links to now (after the edit) and did not before. */
  linked: VaultPath;
  /** A built page that `page` linked to before and does not after. */
  unlinked: VaultPath;
  tag: string;
}

async function siteModel(vault: string): Promise<{ model: SiteModel; text: (p: VaultPath) => string; outlinks: Awaited<ReturnType<typeof loadVault>>['outlinks'] }> {
  const v = await loadVault(vault, { profile: 'topic', cache: false });
  return { model: buildModel(v), text: (p) => v.text(p), outlinks: (p) => v.outlinks(p) };
}

/**
 * Edits one built page with a flow list of tags and a link to another built page: appends a
 * sentence with a word found nowhere else and a link to a page it did not link to, turns every link
 * to that other page into plain text, and replaces its first tag.
 */
async function editOnePage(vault: string, word: string): Promise<Edit> {
  const { model, text, outlinks } = await siteModel(vault);
  const built = [...model.pages.values()].filter((p) => p.kind === 'topic');
  for (const page of built) {
    const source = text(page.path);
    const tags = /^tags: \[([^\]\n]+)\]/m.exec(source);
    if (!tags) continue;
    const links = outlinks(page.path);
    const targetOf = (l: (typeof links)[number]) => (l.class === 'redirect' ? l.finalTarget : l.resolution.path);
    const unlinked = links.find((l) => !l.embed && l.class === 'resolved' && l.resolution.path !== page.path && model.pages.has(l.resolution.path!))?.resolution.path;
    if (!unlinked) continue;
    const linked = built.find((p) => p.path !== page.path && p.path !== unlinked && !links.some((l) => targetOf(l) === p.path) && !/[[\]|#^]/.test(basename(p.path, '.md')));
    if (!linked) continue;
    let edited = source;
    for (const l of links.filter((l) => targetOf(l) === unlinked || l.resolution.path === unlinked).sort((a, b) => b.start - a.start)) {
      const start = l.embed && edited[l.start - 1] === '!' && edited[l.start] === '[' ? l.start - 1 : l.start;
      edited = edited.slice(0, start) + (l.display ?? l.target) + edited.slice(l.end);
    }
    const first = tags[1]!.split(',')[0]!;
    const tag = `incremental-${word}`;
    edited = edited.replace(tags[0], `tags: [${tags[1]!.replace(first, tag)}]`);
    edited += `\n\nThe word ${word} appears on this page only; see [[${basename(linked.path, '.md')}]].\n`;
    writeFileSync(join(vault, page.path), edited);
    return { page: page.path, linked: linked.path, unlinked, tag };
  }
  throw new Error(`no page in ${vault} to edit`);
}

/**
 * Edits one built page's body only (no front-matter, no tag): appends a sentence with `word` and a
 * link to a page it did not link to, and turns its links to one page into plain text. The pages
 * involved embed nothing and are embedded by nothing, so the planner's quick path may take the edit.
 */
async function editBody(vault: string, word: string, which: (page: SitePage) => boolean = () => true): Promise<Edit> {
  const { model, text, outlinks } = await siteModel(vault);
  const built = [...model.pages.values()].filter((p) => p.kind === 'topic' && !/[[\]|#^]/.test(basename(p.path, '.md')) && which(p));
  const embedded = new Set([...model.pages.keys()].flatMap((p) => outlinks(p).flatMap((l) => (l.embed ? [l.resolution.path, l.finalTarget, p] : []))));
  const plain = built.filter((p) => !embedded.has(p.path));
  for (const page of plain) {
    const links = outlinks(page.path);
    const targetOf = (l: (typeof links)[number]) => (l.class === 'redirect' ? l.finalTarget : l.resolution.path);
    const unlinked = links.find((l) => l.class === 'resolved' && l.resolution.path !== page.path && plain.some((p) => p.path === l.resolution.path))?.resolution.path;
    if (!unlinked) continue;
    const linked = plain.find((p) => p.path !== page.path && p.path !== unlinked && !links.some((l) => targetOf(l) === p.path));
    if (!linked) continue;
    let edited = text(page.path);
    for (const l of links.filter((l) => targetOf(l) === unlinked || l.resolution.path === unlinked).sort((a, b) => b.start - a.start)) edited = edited.slice(0, l.start) + (l.display ?? l.target) + edited.slice(l.end);
    edited += `\n\nThe word ${word} appears on this page only; see [[${basename(linked.path, '.md')}]].\n`;
    writeFileSync(join(vault, page.path), edited);
    return { page: page.path, linked: linked.path, unlinked, tag: '' };
  }
  throw new Error(`no page in ${vault} to edit`);
}

const QUICK = /planned from the last build's site state/;
const WHOLE = /planned from the whole vault \(([^)]*)\)/;

const html = (out: string, model: SiteModel, path: VaultPath) => readFileSync(join(out, model.pages.get(path)!.slug, 'index.html'), 'utf8');
const backlinks = (page: string) => /<section class="backlinks">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';

describe('a generated vault', () => {
  let vault: string;
  let out: string;
  let cache: string;
  before(async () => {
    vault = generateVault(250, 7, true).dir;
    out = fresh('dist');
    cache = fresh('cache');
    assert.match(ok(await build(vault, out, cache)), /full build \(no previous build manifest\)/);
  });
  after(() => {
    if (vault) rmSync(dirname(vault), { recursive: true, force: true });
  });

  /** One more body edit: planned from the state the last build left, and equal to a full build. */
  async function quickEditFromLastState(word: string): Promise<void> {
    await editBody(vault, word);
    assert.match(ok(await build(vault, out, cache)), QUICK);
    await assertSameAsFullBuild(vault, out);
  }

  test('an unchanged vault builds nothing, also when a page was saved without a change', async () => {
    const output = ok(await build(vault, out, cache));
    assert.equal(incremental(output), 0);
    assert.match(output, /no file in the vault changed[\s\S]*nothing changed/);
    const page = join(vault, readdirSync(join(vault, '20_Papers')).sort().map((f) => `20_Papers/${f}`)[0]!);
    utimesSync(page, new Date(), new Date());
    const touched = ok(await build(vault, out, cache));
    assert.equal(incremental(touched), 0);
    assert.doesNotMatch(touched, /no file in the vault changed/);
    assert.match(touched, /nothing changed/);
  });

  test('after editing one page (text, a link added and one removed, a tag), the incremental build equals a full build', async () => {
    const edit = await editOnePage(vault, 'quokkaberry');
    const output = ok(await build(vault, out, cache));
    const routes = incremental(output);
    // The page, the two pages whose backlinks changed, two tag pages, the tags index, home, graph.json.
    assert.ok(routes >= 5 && routes <= 12, `${routes} routes built:\n${output}`);
    assert.match(output, /search index: \d+ pages in [1-9]\d* of \d+ shards/);
    const { model } = await siteModel(vault);
    const title = model.pages.get(edit.page)!.title.replace(/&/g, '&amp;');
    assert.match(html(out, model, edit.page), /quokkaberry/);
    assert.ok(backlinks(html(out, model, edit.linked)).includes(`>${title}</a>`), 'the newly linked page lists the edited page among its backlinks');
    assert.ok(!backlinks(html(out, model, edit.unlinked)).includes(`>${title}</a>`), 'the unlinked page no longer lists it');
    assert.ok(existsSync(join(out, 'tags', edit.tag, 'index.html')));
    await assertSameAsFullBuild(vault, out);
  });

  test("after editing one page's body (text, a link added and one removed), the plan comes from the site state and the build equals a full build", async () => {
    const edit = await editBody(vault, 'platypuspear');
    const output = ok(await build(vault, out, cache));
    const routes = incremental(output);
    assert.match(output, QUICK);
    // The page, the two pages whose backlinks changed, home, graph.json, and the sitemap and feed when the page states no date.
    assert.ok(routes >= 4 && routes <= 7, `${routes} routes built:\n${output}`);
    const { model } = await siteModel(vault);
    const title = model.pages.get(edit.page)!.title.replace(/&/g, '&amp;');
    assert.match(html(out, model, edit.page), /platypuspear/);
    assert.ok(backlinks(html(out, model, edit.linked)).includes(`>${title}</a>`), 'the newly linked page lists the edited page among its backlinks');
    assert.ok(!backlinks(html(out, model, edit.unlinked)).includes(`>${title}</a>`), 'the unlinked page no longer lists it');
    await assertSameAsFullBuild(vault, out);
    // And again from the state that build left.
    await quickEditFromLastState('echidnaplum');
  });

  test('a quick edit of a page that states its date leaves the sitemap as it was, and of one that states none rebuilds it from every page; both equal a full build', async () => {
    // The feed (every page's URL and date) reaches Astro only when sitemap.xml or feed.xml is rebuilt.
    let edit = await editBody(vault, 'numbatkiwi', (p) => statedDate(p.data) !== null);
    const sitemap = readFileSync(join(out, 'sitemap.xml'), 'utf8');
    assert.match(ok(await build(vault, out, cache)), QUICK);
    assert.equal(readFileSync(join(out, 'sitemap.xml'), 'utf8'), sitemap, `${edit.page} states its date: the sitemap is as it was`);
    await assertSameAsFullBuild(vault, out);

    // Pages made to state no date (a front-matter change: planned from the whole vault, once).
    const { model } = await siteModel(vault);
    const undated = new Set<string>();
    for (const page of [...model.pages.values()].filter((p) => p.kind === 'topic').slice(0, 40)) {
      const file = join(vault, page.path);
      // (A path stored in another Unicode form than the vault's is left out.)
      if (!existsSync(file)) continue;
      const parts = /^(---\r?\n[\s\S]*?\n---\r?\n)([\s\S]*)$/.exec(readFileSync(file, 'utf8'));
      if (!parts) continue;
      writeFileSync(file, parts[1]!.replace(new RegExp(`^(?:${DATE_KEYS.join('|')}):.*\\r?\\n`, 'gm'), '') + parts[2]);
      undated.add(page.path);
    }
    ok(await build(vault, out, cache));
    edit = await editBody(vault, 'wombatfig', (p) => undated.has(p.path) && statedDate(p.data) === null);
    assert.match(ok(await build(vault, out, cache)), QUICK, `${edit.page} states no date`);
    // Its date is its file's, so the sitemap and feed are rebuilt: from every page, or they would differ.
    await assertSameAsFullBuild(vault, out);
  });

  test('edits the quick path leaves to a full plan (a title, front-matter, an inline tag, an embed) still equal a full build', async () => {
    const { model } = await siteModel(vault);
    const pages = [...model.pages.values()].filter((p) => p.kind === 'topic');
    const edits: [string, (text: string) => string][] = [
      ['a title', (t) => t.replace(/^title: .*$/m, 'title: A Title Changed Incrementally')],
      ['front-matter', (t) => t.replace(/^status: .*$/m, 'status: review').replace(/^---\n/, '---\nlast_reinforced: 2026-01-02\n')],
      ['an inline tag', (t) => `${t}\n\nNow tagged #incremental-inline here.\n`],
      ['an embed', (t) => `${t}\n\n![[${basename(pages[5]!.path, '.md')}]]\n`],
    ];
    for (const [i, [what, change]] of edits.entries()) {
      const page = pages[10 + i]!;
      const file = join(vault, page.path);
      writeFileSync(file, change(readFileSync(file, 'utf8')));
      const output = ok(await build(vault, out, cache));
      incremental(output);
      assert.match(output, WHOLE, `${what}: the whole vault is loaded`);
      await assertSameAsFullBuild(vault, out);
    }
    // The state the full plan left serves the next edit.
    await quickEditFromLastState('bilbygrape');
  });

  test('deleting a page and adding one, the incremental build equals a full build', async () => {
    const { model } = await siteModel(vault);
    const [gone, kept] = [...model.pages.values()].filter((p) => p.kind === 'topic' && (model.backlinks.get(p.path)?.length ?? 0) > 0);
    rmSync(join(vault, gone!.path));
    writeFileSync(
      join(vault, '20_Papers/Incremental-Addition.md'),
      `---\nid: wiki-2026-0101-incremental-addition\ntitle: Incremental Addition\ncategory: 20_Papers\nstatus: draft\ntags: [incremental-added]\n---\n# Incremental Addition\n\nA new page that links to [[${basename(kept!.path, '.md')}]] and says 새로운페이지.\n`,
    );
    const output = ok(await build(vault, out, cache));
    assert.ok(incremental(output) > 0);
    assert.match(output, /[1-9]\d* removed/);
    assert.ok(!existsSync(join(out, gone!.slug, 'index.html')));
    assert.ok(existsSync(join(out, '20_papers/incremental-addition/index.html')));
    await assertSameAsFullBuild(vault, out);
  });

  test('an incremental build stopped before it finishes leaves the out dir as it was, and the next build catches up', async () => {
    const before = fresh('before');
    cpSync(out, before, { recursive: true });
    await editOnePage(vault, 'wombatfig');
    // Stopped once the staging build is under way (the plan is made, Astro is building the changed
    // routes); the build runs in its own process group, so flock and the build under it stop together.
    const stopped = build(vault, out, cache, {
      onSpawn: (child: ChildProcess) =>
        child.stdout!.on('data', (d: Buffer) => {
          if (/incremental build: \d+ of/.test(String(d)) && child.exitCode === null && !child.killed) process.kill(-child.pid!, 'SIGKILL');
        }),
    });
    const result = await stopped;
    assert.notEqual(result.code, 0, 'the build was stopped');
    const diff = compareDirs(out, before);
    assert.deepEqual({ onlyInA: diff.onlyInA, onlyInB: diff.onlyInB, different: diff.different }, { onlyInA: [], onlyInB: [], different: [] });
    incremental(ok(await build(vault, out, cache)));
    await assertSameAsFullBuild(vault, out);
  });

  test('an incremental build that fails (a page fails to render) leaves the out dir as it was', async () => {
    const before = fresh('before');
    cpSync(out, before, { recursive: true });
    // Math nested deeper than KaTeX's recursion can go: rendering the page throws, so Astro's build
    // in the staging folder fails after the plan was made.
    const bad = join(vault, '20_Papers/Incremental-Overflow.md');
    writeFileSync(bad, `---\nid: wiki-2026-0101-incremental-overflow\ntitle: Incremental Overflow\ncategory: 20_Papers\nstatus: draft\n---\n\n$$\n${'{'.repeat(50000)}x${'}'.repeat(50000)}\n$$\n`);
    const result = await build(vault, out, cache);
    assert.notEqual(result.code, 0, result.output);
    incremental(result.output);
    assert.match(result.output, /failed to render[\s\S]*is unchanged/);
    const diff = compareDirs(out, before);
    assert.deepEqual({ onlyInA: diff.onlyInA, onlyInB: diff.onlyInB, different: diff.different }, { onlyInA: [], onlyInB: [], different: [] });
    rmSync(bad);
    assert.equal(incremental(ok(await build(vault, out, cache))), 0, 'with the page gone again, nothing changed since the last build that succeeded');
  });

  test('a failing build (strict mode and an invalid page) leaves the out dir as it was', async () => {
    const before = fresh('before');
    cpSync(out, before, { recursive: true });
    const result = await build(vault, out, cache, { strict: true });
    assert.notEqual(result.code, 0);
    assert.match(result.output, /strict mode/);
    const diff = compareDirs(out, before);
    assert.deepEqual(diff.different.length + diff.onlyInA.length + diff.onlyInB.length, 0);
  });

  test('editing a site source file makes the next build a full one, which says why', async () => {
    appendFileSync(join(root, 'site/styles/global.css'), '\n/* edited by the incremental build test */\n');
    const output = ok(await build(vault, out, cache));
    assert.match(output, /full build \(site code changed since the last build\)/);
    assert.match(ok(await build(vault, out, cache, { full: true })), /full build \(--full\)/);
  });
});

describe('content/', () => {
  test('after editing one page, the incremental build equals a full build', async () => {
    const vault = fresh('content');
    cpSync(join(ROOT, 'content'), vault, { recursive: true, filter: (src) => !src.includes('.kb-cache') });
    const out = fresh('dist');
    const cache = fresh('cache');
    ok(await build(vault, out, cache));
    await editOnePage(vault, 'numbatplum');
    incremental(ok(await build(vault, out, cache)));
    await assertSameAsFullBuild(vault, out);
  });
});
