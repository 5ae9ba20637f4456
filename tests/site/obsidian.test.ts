// Any Obsidian vault builds (issue 18): the profile comes from `.obsidian/`, every note is on the site
// but the config's ignore globs, the templates folders and `publish: false`, twins that slug alike
// all get a URL and links follow them, no code is executed, and the config's site settings give the
// title, language, footer, canonical URLs, sitemap and feed. The fixture is tests/fixtures/site/obsidian-vault.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathSuffix } from '../../site/lib/slugs.ts';
import { buildSite, ROOT, type BuildResult } from './helpers/build-site.ts';
import { checkLinks } from './helpers/link-check.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/site/obsidian-vault');
const work = mkdtempSync(join(tmpdir(), 'kb-site-obsidian-'));
const out = join(work, 'dist');
const html = (file: string) => readFileSync(join(out, file), 'utf8');
let result: BuildResult;

before(async () => {
  // verify stays on: under obsidian the build must decide by itself not to run anything.
  result = await buildSite(FIXTURE, out, { cacheDir: join(work, 'cache'), verify: true });
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('an Obsidian vault', () => {
  test('is built under the obsidian profile, and executes no code block', () => {
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /as profile obsidian \(\.obsidian\/ folder\)/);
    assert.match(result.output, /code blocks are not executed/);
    assert.doesNotMatch(result.output, /code blocks verified/);
  });

  test('every note is on the site, including one without front-matter and one with broken YAML (reported at its line)', () => {
    for (const page of ['welcome', 'no-front-matter', 'broken-yaml', 'advanced-topics/using-uris', 'ml']) assert.ok(existsSync(join(out, page, 'index.html')), page);
    assert.match(result.output, /Broken yaml\.md\n[\s\S]*2:17\s+warning\s+malformed YAML/);
  });

  test('ignored notes, templates and publish: false stay off the site, and so do their titles', () => {
    for (const page of ['private/secret', 'templates/meeting', 'daily-notes/_templater/day', 'draft-idea']) assert.equal(existsSync(join(out, page)), false, page);
    const all = [html('index.html'), html('welcome/index.html'), html('sitemap.xml'), html('feed.xml'), html('graph.json')].join('\n');
    assert.doesNotMatch(all, /Secret|Meeting|tp\.date/);
    // An attachment under an ignore glob is not copied, and a link to it is not a link.
    assert.equal(existsSync(join(out, 'attachments/Private')), false);
    // (Ignored files are outside the engine's view, so the link reads as unresolved: nothing says the file exists.)
    assert.match(html('welcome/index.html'), /<span class="wikilink wl-unresolved"[^>]*>plan\.pdf<\/span>/);
    assert.doesNotMatch(html('welcome/index.html'), /href="[^"]*plan\.pdf"/);
  });

  test('twins that slug alike each get a URL suffixed by their own path, links follow them, and the plain URL lists both', () => {
    const aSpace = `a-b-${pathSuffix('A B.md')}`;
    const aDash = `a-b-${pathSuffix('A-B.md')}`;
    const upper = `ml-${pathSuffix('ML.md')}`;
    const graph = `graph-${pathSuffix('Graph.md')}`;
    for (const page of [aSpace, aDash, upper, 'ml', graph]) assert.ok(existsSync(join(out, page, 'index.html')), page);
    const welcome = html('welcome/index.html');
    for (const url of [aSpace, aDash, upper, graph]) assert.match(welcome, new RegExp(`href="/${url}/"`), url);
    // `[[ml]]` and `[[ML]]` both resolve to one twin (the engine's ambiguous-link warning says which); the tag page lists both.
    const twins = html('tags/twin/index.html');
    for (const url of [upper, 'ml']) assert.match(twins, new RegExp(`href="/${url}/"`), url);
    const shared = html('a-b/index.html');
    assert.match(shared, new RegExp(`href="/${aSpace}/"`));
    assert.match(shared, new RegExp(`href="/${aDash}/"`));
    // The site's own /graph/ is still the graph.
    assert.match(html('graph/index.html'), /id="graph"/);
    const { broken } = checkLinks(out);
    assert.deepEqual(broken, []);
  });

  test("the config's site settings: title, language, footer, canonical and OpenGraph URLs on its baseUrl", () => {
    const page = html('welcome/index.html');
    assert.match(page, /<html lang="en">/);
    assert.match(page, /<title>Welcome · Fixture Garden<\/title>/);
    assert.match(page, /<link rel="canonical" href="https:\/\/garden\.example\.org\/notes\/welcome\/">/);
    assert.match(page, /<meta property="og:url" content="https:\/\/garden\.example\.org\/notes\/welcome\/">/);
    assert.match(page, /<meta property="og:type" content="article">/);
    assert.match(page, /<meta name="twitter:card" content="summary">/);
    assert.match(page, /© The fixture authors/);
    assert.match(page, /<a class="brand" href="\/"><img src="\/attachments\/img\/logo\.svg" alt="" width="24" height="24">Fixture Garden<\/a>/);
    assert.ok(existsSync(join(out, 'attachments/img/logo.svg')));
    assert.match(html('index.html'), /<h1>Fixture Garden<\/h1>/);
  });

  test('sitemap.xml lists every page and feed.xml is an Atom feed of them, both on the baseUrl', () => {
    const sitemap = html('sitemap.xml');
    assert.match(sitemap, /<loc>https:\/\/garden\.example\.org\/notes\/welcome\/<\/loc><lastmod>\d{4}-\d\d-\d\d<\/lastmod>/);
    // The home page and the 16 published notes (not Draft idea, Private/, Templates/, Daily notes/_templater/).
    assert.equal((sitemap.match(/<url>/g) ?? []).length, 1 + 16);
    const feed = html('feed.xml');
    assert.match(feed, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/);
    assert.match(feed, /<title>Fixture Garden<\/title>/);
    assert.match(feed, /<entry><title>Using Obsidian URIs<\/title><link href="https:\/\/garden\.example\.org\/notes\/advanced-topics\/using-uris\/"\/>/);
  });
});

describe('the CLI', () => {
  test('kb build, kb dev and kb preview have --help, and node site/build.ts --help is kb build --help', () => {
    for (const args of [['cli/kb.mjs', 'build', '--help'], ['cli/kb.mjs', 'dev', '--help'], ['cli/kb.mjs', 'preview', '--help'], ['site/build.ts', '--help']]) {
      const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /^Usage: kb (build|dev|preview)/, args.join(' '));
    }
  });

  test('an unknown profile is a usage error naming the choices', () => {
    const run = spawnSync(process.execPath, ['cli/kb.mjs', 'build', FIXTURE, '--profile', 'nope'], { cwd: ROOT, encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /topic, obsidian/);
  });
});
