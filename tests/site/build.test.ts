// The real build (Astro + Pagefind) of the fixture vault and of content/: bad pages are reported and
// left out, strict mode fails, every internal link in the output resolves, redirects are static,
// and a rebuild after editing one page renders only the pages whose inputs changed.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSite, ROOT, type BuildResult } from './helpers/build-site.ts';
import { checkLinks } from './helpers/link-check.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/site/vault');
const work = mkdtempSync(join(tmpdir(), 'kb-site-build-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('the fixture vault', () => {
  const out = join(work, 'fixture-dist');
  let result: BuildResult;
  before(async () => {
    result = await buildSite(FIXTURE, out, { cacheDir: join(work, 'fixture-cache') });
  });

  test('one page with malformed YAML is reported with kb check diagnostics and the rest is built', () => {
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /Broken-Front-Matter\.md\n[\s\S]*4:1\s+error\s+malformed YAML[^\n]*yaml-syntax/);
    assert.equal(existsSync(join(out, 'broken-front-matter/index.html')), false);
    for (const page of ['index.html', 'topics/generalization-gap/index.html', 'topics/double-descent/index.html', 'topics/script-attempts/index.html', 'topics/topics-moc/index.html', 'topics/일반화-이론/index.html', '404.html']) {
      assert.ok(existsSync(join(out, page)), page);
    }
  });

  test('every internal link and asset in the built site resolves', () => {
    const { pages, links, broken } = checkLinks(out);
    assert.ok(pages > 10 && links > 100, `${pages} pages, ${links} links checked`);
    assert.deepEqual(broken, []);
  });

  test('a redirect page and an alias URL are static redirects with a canonical and a visible link', () => {
    for (const from of ['topics/old-gap', 'topics/train-test-gap']) {
      const html = readFileSync(join(out, from, 'index.html'), 'utf8');
      assert.match(html, /<meta http-equiv="refresh" content="0; url=\/topics\/generalization-gap\/">/);
      assert.match(html, /<link rel="canonical" href="\/topics\/generalization-gap\/">/);
      assert.match(html, /<a href="\/topics\/generalization-gap\/">Generalization Gap<\/a>/);
    }
  });

  test('a Pagefind index of the topic pages is written (one shard for a small site)', () => {
    assert.ok(existsSync(join(out, 'pagefind/0/pagefind.js')));
    assert.ok(existsSync(join(out, 'pagefind/0/pagefind-ui.js')));
    assert.match(readFileSync(join(out, 'search/index.html'), 'utf8'), /data-bundles="\/pagefind\/0\/"/);
  });

  test('the hostile page has no script of its own', () => {
    const html = readFileSync(join(out, 'topics/script-attempts/index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[0]);
    assert.ok(scripts.every((s) => !s.includes('__xss')), scripts.join('\n'));
  });
});

describe('strict mode', () => {
  test('an invalid page fails the build, after every diagnostic is printed', async () => {
    const result = await buildSite(FIXTURE, join(work, 'strict-dist'), { strict: true, search: false, cacheDir: join(work, 'strict-cache') });
    assert.notEqual(result.code, 0);
    assert.match(result.output, /4:1\s+error\s+malformed YAML/);
    assert.match(result.output, /strict mode/);
  });
});

describe('rebuilds', () => {
  test('after editing one page, only the pages whose inputs changed are rendered again', async () => {
    const vault = join(work, 'edit-vault');
    cpSync(FIXTURE, vault, { recursive: true });
    const options = { search: false, cacheDir: join(work, 'edit-cache') };
    const first = await buildSite(vault, join(work, 'edit-dist'), options);
    assert.match(first.output, /5 pages \(5 rendered, 0 unchanged\)/, first.output);
    const page = join(vault, 'Topics/Double-Descent.md');
    writeFileSync(page, readFileSync(page, 'utf8').replace('Test error first falls', 'Test error first drops'));
    const second = await buildSite(vault, join(work, 'edit-dist'), options);
    assert.match(second.output, /\d+ pages \(1 rendered, \d+ unchanged\)/, second.output);
    assert.match(readFileSync(join(work, 'edit-dist/topics/double-descent/index.html'), 'utf8'), /Test error first drops/);
  });
});

describe('content/', () => {
  test('the real vault builds and every internal link in it resolves', async () => {
    const out = join(work, 'content-dist');
    // A snapshot, so pages being edited meanwhile cannot change under the build.
    cpSync(join(ROOT, 'content'), join(work, 'content-vault'), { recursive: true });
    // CI builds content/ strictly: one invalid page there is a failure, not a warning.
    const result = await buildSite(join(work, 'content-vault'), out, { strict: true, cacheDir: join(work, 'content-cache') });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(checkLinks(out).broken, []);
  });
});
