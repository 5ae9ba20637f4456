// Obsidian's Markdown as the site renders it, construct by construct: callouts, highlights,
// comments, tasks, block ids, inline tags, embeds (notes, sections, blocks, media), Mermaid, setup
// blocks, and raw HTML through the sanitizer with hostile inputs. Notes that link or embed come from
// the engine (a fixture vault, or a vault written to a temporary folder); the rest is rendered alone.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadVault, type Vault } from '../../vault/index.ts';
import type { VaultPath } from '../../vault/paths.ts';
import { buildModel, type SiteModel } from '../../site/lib/model.ts';
import { collectEmbeds, MAX_EMBED_DEPTH, MAX_TRANSCLUSIONS } from '../../site/lib/render/embeds.ts';
import { createHighlight, type Highlight } from '../../site/lib/render/highlight.ts';
import { CALLOUT_TYPES } from '../../site/lib/render/callouts.ts';
import { renderMarkdown, SETUP_LABEL } from '../../site/lib/render/markdown.ts';
import { EMPTY_PLAN, executionPlan } from '../../site/lib/render/outputs.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/site/obsidian-vault', import.meta.url));
const temp: string[] = [];

let highlight: Highlight;
let fixture: { vault: Vault; model: SiteModel };

before(async () => {
  highlight = await createHighlight();
  fixture = await open(FIXTURE);
});

after(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function open(dir: string) {
  const vault = await loadVault(dir, { profile: 'obsidian', cache: false });
  return { vault, model: buildModel(vault, '/') };
}

/** A vault of the given notes, written to a temporary folder and loaded by the engine. */
async function vaultOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'kb-obsidian-render-'));
  temp.push(dir);
  mkdirSync(join(dir, '.obsidian'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return open(dir);
}

/** A note of the vault rendered as the site renders it (links, views and embeds from the engine). */
function renderNote(path: string, { vault, model } = fixture, base = '/') {
  const p = path as VaultPath;
  const page = vault.pages.get(p)!;
  const links = vault.outlinks(p);
  const views = links.map((l) => model.linkView(l));
  return renderMarkdown({
    text: vault.text(p),
    bodyStart: page.frontMatter.present ? page.frontMatter.end : 0,
    links: links.map((l) => ({ start: l.start, end: l.end, raw: l.raw })),
    view: (i) => views[i]!,
    highlight,
    plan: executionPlan(page),
    title: page.title,
    embeds: collectEmbeds(vault, model, p),
    base,
  });
}

/** Markdown with no wikilinks, rendered alone. */
function renderText(text: string, base = '/') {
  return renderMarkdown({ text, bodyStart: 0, links: [], view: () => assert.fail('no links'), highlight, plan: EMPTY_PLAN, base });
}

describe('callouts', () => {
  test('every Obsidian type and alias is a callout of its own name, styled as its type', () => {
    for (const [type, style] of Object.entries(CALLOUT_TYPES)) {
      const html = renderText(`> [!${type}]\n> Body of ${type}.`).html;
      assert.match(html, new RegExp(`^<div class="callout" data-callout="${type}"${style === type ? '' : ` data-callout-style="${style}"`} role="note">`), type);
      assert.match(html, new RegExp(`<span class="callout-title-inner">${type[0]!.toUpperCase()}${type.slice(1)}</span>`), `${type}: its default title is its name`);
      assert.match(html, new RegExp(`<div class="callout-content">\\n<p>Body of ${type}.</p>`), type);
      assert.match(html, /<span class="callout-icon"><svg [^>]*aria-hidden="true"/, `${type} has an icon hidden from screen readers`);
    }
  });

  test('the type is case-insensitive and an unknown type looks like a note but keeps its name', () => {
    assert.match(renderText('> [!TIP]\n> x').html, /data-callout="tip"/);
    const html = renderText('> [!my-kind] Mine\n> x').html;
    assert.match(html, /<div class="callout" data-callout="my-kind" data-callout-style="note" role="note">/);
  });

  test('a custom title keeps its inline markup, and a callout may be a title alone', () => {
    const html = renderText('> [!tip] A **bold** ==title==').html;
    assert.match(html, /<span class="callout-title-inner">A <strong>bold<\/strong> <mark>title<\/mark><\/span><\/div><\/div>$/);
    assert.doesNotMatch(html, /callout-content/);
  });

  test('`-` folds a callout closed and `+` open, as <details>/<summary>', () => {
    const closed = renderText('> [!faq]- Folded\n> Hidden until opened.').html;
    assert.match(closed, /^<details class="callout" data-callout="faq" data-callout-style="question" data-callout-fold="-"><summary class="callout-title">/);
    assert.match(closed, /<\/summary><div class="callout-content">\n<p>Hidden until opened.<\/p>\n<\/div><\/details>$/);
    assert.match(renderText('> [!example]+ Open\n> Shown.').html, /^<details class="callout" data-callout="example" data-callout-fold="\+" open><summary class="callout-title">/);
  });

  test('callouts nest, and the first line continues into the body lazily', () => {
    const html = renderText('> [!info] Outer\n> Outer text.\n> > [!warning] Inner\n> > Nested.').html;
    assert.match(html, /data-callout="info"[\s\S]*<p>Outer text.<\/p>\n<div class="callout" data-callout="warning" role="note">[\s\S]*<p>Nested.<\/p>\n<\/div><\/div>\n<\/div><\/div>$/);
  });

  test('a plain blockquote stays a blockquote', () => {
    assert.match(renderText('> just a quote [!tip]').html, /^<blockquote>\n<p>just a quote \[!tip\]<\/p>\n<\/blockquote>$/);
  });
});

describe('inline syntax', () => {
  test('==highlights== become <mark>, with markup inside, not in code', () => {
    const html = renderText('==a== and ==**b** c== but `==d==` and a == b ==').html;
    assert.equal(html, '<p><mark>a</mark> and <mark><strong>b</strong> c</mark> but <code>==d==</code> and a == b ==</p>');
  });

  test('%%comments%% are removed inline and across blocks, but not in code', () => {
    assert.equal(renderText('Visible %%hidden%% text.').html, '<p>Visible  text.</p>');
    const block = renderText('Before.\n\n%%\nA hidden paragraph.\n\n# Hidden heading\n%%\n\nAfter `%%kept%%`.').html;
    assert.equal(block, '<p>Before.</p>\n<p>After <code>%%kept%%</code>.</p>');
    assert.equal(renderText('```\n%% in code %%\n```').html.includes('%% in code %%'), true);
    assert.equal(renderText('Shown. %%never closed\n\nstill hidden').html, '<p>Shown. </p>');
  });

  test('a comment hides the links and tags inside it', async () => {
    const v = await vaultOf({ 'A.md': 'See %%[[B]] #secret%% [[B]].\n', 'B.md': 'b\n' });
    const html = renderNote('A.md', v).html;
    assert.equal(html.match(/<a /g)?.length, 1);
    assert.doesNotMatch(html, /secret/);
  });

  test('task lists render as disabled checkboxes', () => {
    const html = renderText('- [ ] open\n- [x] done').html;
    assert.match(html, /<li class="task-list-item"><input type="checkbox" disabled> open<\/li>/);
    assert.match(html, /<li class="task-list-item"><input type="checkbox" checked disabled> done<\/li>/);
  });

  test('inline #tags link to their tag pages; digits, code, URLs and headings are not tags', () => {
    const html = renderText('# Heading\n\nTags: #ml/theory, #Obsidian and **#bold** not #1984, `#code`, a#b, [x](https://e.org/#frag) or &#35;x.', '/wiki/').html;
    assert.match(html, /<a class="tag" href="\/wiki\/tags\/ml\/theory\/">#ml\/theory<\/a>/);
    assert.match(html, /<a class="tag" href="\/wiki\/tags\/obsidian\/">#Obsidian<\/a>/);
    assert.match(html, /<strong><a class="tag" href="\/wiki\/tags\/bold\/">#bold<\/a><\/strong>/);
    assert.equal(html.match(/class="tag"/g)?.length, 3);
    assert.match(html, /<h1 id="heading">Heading<\/h1>/);
  });

  test('the tags the renderer links are the tags the engine gives the note (no link to a missing tag page)', async () => {
    const v = await vaultOf({
      'A.md': '---\ntags: [fm]\n---\n#one **#two** `#no` \\#no &#35;no #1984\n\n```\n#no\n```\n\n%% #no %%\n\n- [ ] #three\n> [!tip] #four\n',
    });
    const linked = [...renderNote('A.md', v).html.matchAll(/<a class="tag" href="\/tags\/([^/]+)\/">/g)].map((m) => m[1]);
    assert.deepEqual(linked, ['one', 'two', 'three', 'four']);
    assert.deepEqual(v.model.pages.get('A.md' as VaultPath)!.tags, ['fm', 'one', 'two', 'three', 'four']);
    assert.deepEqual(v.model.tags.get('three'), ['A.md']);
  });

  test('a block id becomes the block’s anchor and leaves the text', () => {
    const html = renderText('A paragraph. ^para-1\n\n- item ^item-1\n- other\n\n| a |\n| - |\n| 1 |\n\n^table-1').html;
    assert.match(html, /<p id="\^para-1">A paragraph.<\/p>/);
    assert.match(html, /<li id="\^item-1">item<\/li>/);
    assert.match(html, /<table id="\^table-1">/);
    assert.doesNotMatch(html, /\^(para|item|table)-1</);
  });

  test('a link to a block goes to its anchor', async () => {
    const v = await vaultOf({ 'A.md': '[[B#^quote]]\n', 'B.md': 'Quoted. ^quote\n' });
    assert.match(renderNote('A.md', v).html, /href="\/b\/#\^quote"/);
    assert.match(renderNote('B.md', v).html, /<p id="\^quote">Quoted.<\/p>/);
  });
});

describe('embeds', () => {
  test('a note embed transcludes the whole note, headed by a link to it', () => {
    const html = renderNote('Notes/Embeds.md').html;
    assert.match(html, /<div class="transclusion" data-embed="Notes\/Source.md" data-pagefind-ignore><div class="transclusion-head"><a href="\/notes\/source\/" class="transclusion-link">Source<\/a><\/div><div class="transclusion-body"><p>Intro of the source note.<\/p>/);
  });

  test('a heading embed transcludes that section, down to the next heading of its level', () => {
    const html = renderNote('Notes/Embeds.md').html;
    const section = /<a href="\/notes\/source\/#section-a" class="transclusion-link">Source › Section A<\/a><\/div><div class="transclusion-body">([\s\S]*?)<\/div><\/div>/.exec(html)?.[1];
    assert.ok(section);
    assert.match(section, /^<h2>Section A<\/h2>[\s\S]*<h3>Sub of A<\/h3>\n<p>Deeper text.<\/p>$/);
    assert.doesNotMatch(section, /Section B/);
  });

  test('a block embed transcludes that block only, without repeating its id', () => {
    const html = renderNote('Notes/Embeds.md').html;
    assert.match(html, /Source › \^quotable<\/a><\/div><div class="transclusion-body"><p>A quotable paragraph.<\/p><\/div><\/div>/);
    assert.match(html, /Source › \^point<\/a><\/div><div class="transclusion-body"><ul>\n<li>listed point<\/li>\n<\/ul><\/div><\/div>/);
    assert.doesNotMatch(html, /id="\^/);
  });

  test('embedded headings add nothing to the page’s table of contents', () => {
    assert.deepEqual(renderNote('Notes/Embeds.md').headings.map((h) => h.text), ['Self section']);
  });

  test('an embed cycle A → B → A shows a marker instead of looping', () => {
    const html = renderNote('Notes/Cycle A.md').html;
    assert.match(html, /data-embed="Notes\/Cycle B.md"[\s\S]*<div class="transclusion embed-cycle" role="note">[\s\S]*Embed cycle: Cycle A is already shown/);
  });

  test('a note embedding itself, or a section embedding itself, stops at once', async () => {
    const v = await vaultOf({ 'Self.md': 'Me: ![[Self]]\n\n## Part\n\nPart: ![[Self#Part]]\n' });
    const html = renderNote('Self.md', v).html;
    assert.match(html, /Embed cycle: Self is already shown/);
    assert.equal(html.match(/embed-cycle/g)?.length, 2);
  });

  test('embeds nested past the depth limit show a marker', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= MAX_EMBED_DEPTH + 2; i++) files[`N${i}.md`] = `Level ${i}\n\n![[N${i + 1}]]\n`;
    const html = renderNote('N0.md', await vaultOf(files)).html;
    assert.match(html, new RegExp(`Level ${MAX_EMBED_DEPTH}`));
    assert.doesNotMatch(html, new RegExp(`Level ${MAX_EMBED_DEPTH + 1}`));
    assert.match(html, /embed-depth[\s\S]*Embed depth limit \(4\) reached/);
  });

  test('an embed fan-out is bounded per page', async () => {
    const row = '![[Leaf]] '.repeat(10);
    const v = await vaultOf({ 'Fan.md': `![[Mid]]\n\n${'![[Mid]]\n\n'.repeat(9)}`, 'Mid.md': `${row}\n`, 'Leaf.md': 'leaf\n' });
    const html = renderNote('Fan.md', v).html;
    assert.equal(html.match(/<div class="transclusion" data-embed=/g)?.length, MAX_TRANSCLUSIONS);
    assert.ok(html.match(/<p>leaf<\/p>/g)!.length < 100);
    assert.match(html, /Embed limit \(64 per page\) reached/);
  });

  test('a missing heading or block says so inside the transclusion', async () => {
    const v = await vaultOf({ 'A.md': '![[B#Nope]]\n\n![[B#^nope]]\n', 'B.md': 'b\n' });
    const html = renderNote('A.md', v).html;
    assert.match(html, /<p>“Nope” is not in this note.<\/p>/);
    assert.match(html, /<p>“\^nope” is not in this note.<\/p>/);
  });

  test('an embed of a note the engine could not resolve stays a marked link', async () => {
    const html = renderNote('A.md', await vaultOf({ 'A.md': '![[Nowhere]]\n' })).html;
    assert.match(html, /<span class="wikilink wl-unresolved embed embed-page"[^>]*>↪ Nowhere<\/span>/);
  });

  test('editing an embedded note changes the embedding page’s inputs, so it is rendered again', async () => {
    const a = await vaultOf({ 'A.md': '![[B]]\n', 'B.md': 'first\n' });
    const b = await vaultOf({ 'A.md': '![[B]]\n', 'B.md': 'second\n' });
    const { embedKey } = await import('../../site/lib/render/embeds.ts');
    const key = (v: typeof a) => JSON.stringify(embedKey(v.vault, collectEmbeds(v.vault, v.model, 'A.md' as VaultPath)));
    assert.notEqual(key(a), key(b));
  });

  test('image embeds take their size from `|200` or `|200x100`', () => {
    const html = renderNote('Notes/Embeds.md').html;
    assert.match(html, /<img src="\/attachments\/attachments\/pic.png" alt="pic.png" loading="lazy" class="embed-image" width="200">/);
    assert.match(html, /<img src="\/attachments\/attachments\/pic.png" alt="pic.png" loading="lazy" class="embed-image" width="120" height="80">/);
  });

  test('audio, video and PDF embeds get players, with a link as fallback', async () => {
    const html = renderNote('Notes/Embeds.md').html;
    assert.match(html, /<audio src="\/attachments\/attachments\/sound.wav" controls preload="metadata" class="embed-audio" title="sound.wav"><a href="\/attachments\/attachments\/sound.wav"/);
    assert.match(html, /<video src="\/attachments\/attachments\/clip.mp4" controls preload="metadata" class="embed-video"/);
    assert.match(html, /<span class="embed-pdf"><iframe src="\/attachments\/attachments\/doc.pdf" title="doc.pdf" loading="lazy"><\/iframe><a href="\/attachments\/attachments\/doc.pdf"/);
    const kinds = await vaultOf(Object.fromEntries([['A.md', ['mp3', 'm4a', 'ogg', 'flac', '3gp', 'webm', 'ogv', 'mov', 'mkv'].map((e) => `![[f.${e}]]`).join('\n\n')], ...['mp3', 'm4a', 'ogg', 'flac', '3gp', 'webm', 'ogv', 'mov', 'mkv'].map((e) => [`f.${e}`, 'x'])]));
    const media = renderNote('A.md', kinds).html;
    assert.equal(media.match(/<audio /g)?.length, 5);
    assert.equal(media.match(/<video /g)?.length, 4);
  });
});

describe('code', () => {
  test('a mermaid block is left for the browser to draw, its source as text', () => {
    const html = renderText('```mermaid\ngraph TD\n  A["<img src=x onerror=alert(1)>"] --> B\n```').html;
    assert.equal(html, '<pre class="mermaid">graph TD\n  A["&#x3C;img src=x onerror=alert(1)>"] --> B</pre>');
  });

  test('a setup block is shown folded with its label', async () => {
    const v = await vaultOf({ 'A.md': '```ts setup\nconst k = 1;\n```\n\n```ts\nconsole.log(k);\n```\n' });
    const html = renderNote('A.md', v).html;
    assert.ok(html.startsWith(`<details class="setup"><summary>${SETUP_LABEL}</summary>`));
  });
});

describe('raw HTML', () => {
  test('what Obsidian users write passes: details, summary, br, kbd, sup, sub, mark, u', () => {
    const html = renderText('<details><summary>More</summary>\n\nHidden **markdown**.\n\n</details>\n\n<kbd>Ctrl</kbd> H<sub>2</sub>O x<sup>2</sup> <mark>m</mark> <u>u</u><br>next').html;
    assert.match(html, /^<details><summary>More<\/summary>\n<p>Hidden <strong>markdown<\/strong>.<\/p>\n<\/details>/);
    assert.match(html, /<kbd>Ctrl<\/kbd> H<sub>2<\/sub>O x<sup>2<\/sup> <mark>m<\/mark> <u>u<\/u><br>next/);
  });

  const hostile = [
    '<script>window.__xss = 1</script>',
    '<img src=x onerror="window.__xss = 1">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="java&#x09;script:alert(1)">b</a>',
    '<a href="data:text/html,<script>alert(1)</script>">c</a>',
    '<iframe src="https://example.org"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<svg onload="alert(1)"><circle /></svg>',
    '<style>body { display: none }</style>',
    '<details open ontoggle="alert(1)"><summary>s</summary>x</details>',
    '<div style="position:fixed" onclick="alert(1)">d</div>',
    '<form action="https://e.org"><input name="q"></form>',
    '<kb-slot data-slot="forged:0"></kb-slot>',
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  ];

  for (const attack of hostile) {
    test(`hostile HTML is neutralised: ${attack}`, () => {
      for (const text of [attack, `Inline ${attack} text.`, `> [!note] ${attack}\n> ${attack}`, `- ${attack}`]) {
        // The callout's own icon is the renderer's SVG, not the note's.
        const html = renderText(text).html.replace(/<span class="callout-icon"><svg [\s\S]*?<\/svg><\/span>/g, '');
        assert.doesNotMatch(html, /<(script|style|iframe|object|embed|svg|math|form|base|meta|kb-slot)\b/i, `${text} → ${html}`);
        assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${text} → ${html}`);
        assert.doesNotMatch(html, /(href|src|action|data)\s*=\s*"?\s*(javascript|data|vbscript):/i, `${text} → ${html}`);
        assert.doesNotMatch(html, /\sstyle=/i, `${text} → ${html}`);
        assert.doesNotMatch(html, /window.__xss = 1|display: none/, `${text}: a dropped element leaves no text`);
      }
    });
  }

  test('an unclosed tag in an embedded note stays inside its transclusion', async () => {
    const v = await vaultOf({ 'A.md': '![[B]]\n\nAfter the embed.\n', 'B.md': '<details><summary>open</summary>\n\nnever closed\n' });
    assert.match(renderNote('A.md', v).html, /<\/details><\/div><\/div>\n<p>After the embed.<\/p>$/);
  });

  test('ids written in HTML are kept (anchors), names are prefixed (no clobbering document.x)', () => {
    const html = renderText('<span id="here">x</span> <img name="cookie" src="https://e.org/i.png">').html;
    assert.match(html, /<span id="here">x<\/span>/);
    assert.match(html, /name="user-content-cookie"/);
  });
});
