// The site's renderer and model over the fixture vault, without an Astro build: links come from the
// engine, hostile input stays inert, outputs and charts follow the runner's reading of the page.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadVault, type Vault } from '../../vault/index.ts';
import type { VaultPath } from '../../vault/paths.ts';
import { buildModel, type SiteModel } from '../../site/lib/model.ts';
import { createHighlight, type Highlight } from '../../site/lib/render/highlight.ts';
import { renderMarkdown, safeUrl, type RenderOutput } from '../../site/lib/render/markdown.ts';
import { executionPlan } from '../../site/lib/render/outputs.ts';
import { maskText, unmask } from '../../site/lib/render/placeholders.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/site/vault', import.meta.url));

let vault: Vault;
let model: SiteModel;
let highlight: Highlight;

before(async () => {
  vault = await loadVault(FIXTURE, { profile: 'topic', cache: false });
  model = buildModel(vault, '/');
  highlight = await createHighlight();
});

function render(path: string): RenderOutput {
  const p = path as VaultPath;
  const page = vault.pages.get(p)!;
  const text = vault.text(p);
  const links = vault.outlinks(p);
  const views = links.map((l) => model.linkView(l));
  return renderMarkdown({
    text,
    bodyStart: page.frontMatter.end,
    links: links.map((l) => ({ start: l.start, end: l.end, raw: text.slice(l.start, l.end) })),
    view: (i) => views[i]!,
    highlight,
    plan: executionPlan(page),
    title: page.title,
  });
}

/** The attributes of the element whose text is `text` (first match). */
function elementWithText(html: string, tag: string, text: string): string | null {
  const re = new RegExp(`<${tag}\\b([^>]*)>${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</${tag}>`);
  return re.exec(html)?.[1] ?? null;
}

describe('links', () => {
  test('a resolved wikilink points at the URL of the page the engine resolved it to', () => {
    const html = render('Topics/Generalization-Gap.md').html;
    assert.match(elementWithText(html, 'a', 'Double-Descent') ?? '', /href="\/topics\/double-descent\/"/);
  });

  test('a link to a redirect page goes straight to the final page', () => {
    const html = render('Topics/Generalization-Gap.md').html;
    const attrs = elementWithText(html, 'a', 'Old-Gap') ?? '';
    assert.match(attrs, /href="\/topics\/generalization-gap\/"/);
    assert.match(attrs, /wl-redirect/);
  });

  test('an anchor link keeps its display text and targets the heading id', () => {
    const html = render('Topics/Generalization-Gap.md').html;
    assert.match(elementWithText(html, 'a', 'Korean notes') ?? '', /href="\/topics\/double-descent\/#korean-notes"/);
    assert.match(render('Topics/Double-Descent.md').html, /<h2 id="korean-notes">/);
  });

  test('an unresolved link is visibly marked and is not a link', () => {
    const html = render('Topics/Generalization-Gap.md').html;
    const attrs = elementWithText(html, 'span', 'Sharpness-Aware-Minimization');
    assert.ok(attrs, 'rendered as a span');
    assert.match(attrs, /wl-unresolved/);
  });

  test('a fixable link is marked and leads to the page the engine says it means', () => {
    const attrs = elementWithText(render('Topics/Generalization-Gap.md').html, 'a', 'double_descent') ?? '';
    assert.match(attrs, /wl-fixable/);
    assert.match(attrs, /href="\/topics\/double-descent\/"/);
  });

  test('a wikilink in a table cell keeps its escaped divider and display text', () => {
    const html = render('Topics/Double-Descent.md').html;
    assert.match(html, /<td><a [^>]*href="\/topics\/generalization-gap\/"[^>]*>the gap<\/a><\/td>/);
  });

  test('an image embed of an attachment becomes an <img> served from the site', () => {
    assert.match(render('Topics/Generalization-Gap.md').html, /<img src="\/attachments\/img\/diagram\.png"/);
  });

  test('backlinks count links through redirect pages and leave out the page itself', () => {
    const back = model.backlinks.get('Topics/Generalization-Gap.md' as VaultPath) ?? [];
    assert.deepEqual(back.map((b) => b.from).sort(), ['Topics/Double-Descent.md', 'Topics/Script-Attempts.md', 'Topics/Topics MOC.md', 'Topics/일반화 이론.md']);
  });
});

describe('pages and redirect URLs', () => {
  test('a page with invalid front-matter is left out and reported', () => {
    assert.equal(model.pages.has('Broken-Front-Matter.md' as VaultPath), false);
    assert.ok(model.excluded.some((d) => d.file === 'Broken-Front-Matter.md' && d.severity === 'error'));
  });

  test('a redirect page and an alias each get a redirect URL to the canonical page', () => {
    const bySlug = new Map(model.redirects.map((r) => [r.slug as string, r]));
    assert.equal(bySlug.get('topics/old-gap')?.toUrl, '/topics/generalization-gap/');
    assert.equal(bySlug.get('topics/old-gap')?.reason, 'redirect');
    assert.equal(bySlug.get('topics/train-test-gap')?.toUrl, '/topics/generalization-gap/');
    assert.equal(bySlug.get('topics/train-test-gap')?.reason, 'alias');
  });

  test('a Korean page name becomes a Korean URL, percent-encoded in links', () => {
    assert.equal(model.pages.get('Topics/일반화 이론.md' as VaultPath)?.url, '/topics/%EC%9D%BC%EB%B0%98%ED%99%94-%EC%9D%B4%EB%A1%A0/');
    assert.match(render('Topics/Double-Descent.md').html, /href="\/topics\/%EC%9D%BC%EB%B0%98%ED%99%94-%EC%9D%B4%EB%A1%A0\/"/);
  });

  test('a base path prefixes every URL', () => {
    const based = buildModel(vault, '/wiki/');
    assert.equal(based.pages.get('Topics/Double-Descent.md' as VaultPath)?.url, '/wiki/topics/double-descent/');
  });
});

describe('hostile input', () => {
  test('raw HTML loses scripts, handlers and unsafe images; script links and hostile outputs stay inert', () => {
    const html = render('Topics/Script-Attempts.md').html;
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /window.__xss = 'body'/, 'a script element is dropped with its content');
    assert.doesNotMatch(html, /<img src="?x/i, 'an image with a relative src is not fetched from the site');
    assert.doesNotMatch(html, /href="\s*javascript:/i);
    assert.doesNotMatch(html, /<[a-z][^<>]*\son\w+\s*=/i, 'no element carries an event-handler attribute');
  });

  test('javascript:, data: and obfuscated schemes are not safe link targets', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x']) assert.equal(safeUrl(url), false, url);
    for (const url of ['https://example.org', 'mailto:a@b.c', '/x/', '../y', '#h', 'page?q=1']) assert.equal(safeUrl(url), true, url);
  });
});

describe('code and outputs', () => {
  test('an executed block shows its output, backend, verified badge and a chart SVG', () => {
    const out = render('Topics/Generalization-Gap.md');
    assert.equal(out.executed.verified, 1);
    assert.equal(out.executed.charts, 1);
    assert.match(out.html, /<span class="badge badge-backend">backend: tensorflow<\/span><span class="badge badge-verified"/);
    assert.match(out.html, /<pre class="run-output"><code>1\.150 0\.932 0\.734 0\.567/);
    assert.match(out.html, /<svg class="chart"[^>]*aria-label="VC bound on the gap"/);
  });

  test('when the build could not run blocks (no sandbox), a current output is marked unverified, not verified', () => {
    process.env.KB_OUTPUTS_UNVERIFIED = '1';
    try {
      const out = render('Topics/Generalization-Gap.md');
      assert.equal(out.executed.verified, 0);
      assert.match(out.html, /<span class="badge badge-unverified"[^>]*>unverified<\/span>/);
    } finally {
      delete process.env.KB_OUTPUTS_UNVERIFIED;
    }
  });

  test('an output recorded from older code is marked stale', () => {
    const out = render('Topics/Generalization-Gap.md');
    assert.equal(out.executed.stale, 1);
    assert.match(out.html, /class="code executed run-stale"/);
  });

  test('setup blocks are shown folded, labelled as running before every example', () => {
    const html = render('Topics/Generalization-Gap.md').html;
    assert.match(html, /<details class="setup"><summary>Setup — runs before every example on this page<\/summary><figure class="code setup-code"><pre [^>]*><code><span class="line"><span[^>]*>const<\/span><span[^>]*> ns/);
    assert.doesNotMatch(html, /<details class="setup" open/);
  });

  test('math renders with KaTeX', () => {
    const html = render('Topics/Generalization-Gap.md').html;
    assert.match(html, /<div class="math math-display"><span class="katex-display">/);
    assert.match(html, /<span class="katex">/);
  });

  test('headings get ids and the title heading is not repeated', () => {
    const out = render('Topics/Generalization-Gap.md');
    assert.deepEqual(out.headings.map((h) => h.slug).slice(0, 2), ['definition', 'example']);
    assert.doesNotMatch(out.html, /<h1/);
  });
});

describe('placeholders', () => {
  test('masking keeps every offset and line and round-trips through unmask', () => {
    const text = '---\na: 1\n---\nsee [[A|b]] and [[C]]\n';
    const spans = [
      { start: text.indexOf('[[A'), end: text.indexOf('[[A') + 8 },
      { start: text.indexOf('[[C'), end: text.indexOf('[[C') + 5 },
    ];
    const masked = maskText(text, 12, spans);
    assert.equal(masked.length, text.length);
    assert.equal(masked.split('\n').length, text.split('\n').length);
    assert.equal(unmask(masked.slice(12), ['[[A|b]]x', '[[C]]']).includes('[[C]]'), true);
  });
});
