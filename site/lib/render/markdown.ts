// One page's Markdown → HTML, as Obsidian shows it. Wikilinks come from the engine (by offset, see
// placeholders.ts); math is KaTeX, code is Shiki, executed blocks get their output and charts (SVG)
// beside them. Obsidian's own syntax: callouts (callouts.ts), `==highlights==`, `%%comments%%`,
// block ids `^id`, inline `#tags`, note/heading/block embeds transcluded (embeds.ts), image sizes,
// audio, video and PDF embeds, Mermaid diagrams (drawn in the browser by site/scripts/mermaid.ts).
// Raw HTML written in a note passes only through the allowlist in sanitize.ts.
import GithubSlugger, { slug as headingSlug } from 'github-slugger';
import type { Element, ElementContent, Properties, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import katex from 'katex';
import { highlightMarkFromMarkdown } from 'mdast-util-highlight-mark';
import type { Blockquote, Code, List, ListItem, Nodes, Paragraph, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { toHast, type Handler, type State } from 'mdast-util-to-hast';
import { highlightMark } from 'micromark-extension-highlight-mark';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { tagsInText } from '../../../vault/inline-tags.ts';
import { obsidianComments } from '../../../vault/obsidian-comments.ts';
import { slugOf, type VaultPath } from '../../../vault/paths.ts';
import { calloutIcon, readCallout } from './callouts.ts';
import { renderChart } from './chart-svg.ts';
import { MAX_EMBED_DEPTH, MAX_TRANSCLUSIONS, type EmbedRef, type EmbedTable } from './embeds.ts';
import type { Highlight } from './highlight.ts';
import type { ExecutionPlan, PlannedExample } from './outputs.ts';
import { decodeMatch, maskText, PLACEHOLDER_RE, unmask } from './placeholders.ts';
import { hasRawHtml, Slots } from './sanitize.ts';

function obsidianSyntax(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(highlightMark());
  (data.fromMarkdownExtensions ??= []).push(highlightMarkFromMarkdown);
}

const processor = unified().use(remarkParse).use(remarkGfm, { singleTilde: false }).use(remarkMath).use(obsidianSyntax);

export type LinkState = 'resolved' | 'redirect' | 'fixable' | 'unresolved' | 'unbuilt';

/** How one engine link is shown: the site model decides, the renderer only draws it. */
export interface LinkView {
  state: LinkState;
  /** Absolute site URL (base included), or null when there is nothing to link to. */
  href: string | null;
  text: string;
  title: string;
  embed: null | { kind: 'image'; src: string } | { kind: 'file' | 'page'; label: string };
}

export interface LinkSpan {
  start: number;
  end: number;
  raw: string;
}

export interface RenderInput {
  text: string;
  bodyStart: number;
  links: readonly LinkSpan[];
  view: (index: number) => LinkView;
  highlight: Highlight;
  /** The runner's reading of the page's examples and embedded outputs. */
  plan: ExecutionPlan;
  /** A leading `# Title` equal to this is dropped: the layout prints the title. */
  title?: string;
  /** What the page's note embeds transclude (embeds.ts); without it they show as links. */
  embeds?: EmbedTable | null;
  /** The site's base URL, for tag links. */
  base?: string;
}

export interface RenderedHeading {
  depth: number;
  text: string;
  slug: string;
}

export interface RenderProblem {
  line: number;
  column: number;
  rule: string;
  message: string;
}

export interface RenderOutput {
  html: string;
  headings: RenderedHeading[];
  problems: RenderProblem[];
  executed: { total: number; verified: number; stale: number; charts: number };
}

interface KbLinkNode {
  type: 'kbLink';
  index: number;
  inLink: boolean;
}

interface KbExecutedNode {
  type: 'kbExecuted';
  code: Code;
  example: PlannedExample;
  output: Code | null;
  charts: Code[];
}

interface KbTagNode {
  type: 'kbTag';
  tag: string;
  /** `#tag`, so the heading text and slug of a heading holding a tag read as written. */
  value: string;
}

interface KbEmbedNode {
  type: 'kbEmbed';
  index: number;
}

/** One note being rendered: the page itself, or a note transcluded into it. */
interface Source {
  path: VaultPath | null;
  text: string;
  bodyStart: number;
  links: readonly LinkSpan[];
  view: (index: number) => LinkView;
  plan: ExecutionPlan;
  refs: readonly (EmbedRef | null)[];
}

/** What one page's render shares across the notes transcluded into it. */
interface Page {
  input: RenderInput;
  problems: RenderProblem[];
  executed: RenderOutput['executed'];
  headings: RenderedHeading[];
  /** Transclusions left before MAX_TRANSCLUSIONS. */
  budget: number;
  renders: number;
}

/** Private-use character that stands for a commented-out character until the tree is built. */
const COMMENTED = '\uF8FD';
const COMMENTED_RE = /\uF8FD/g;

// A `#` written escaped (`\#`, `&#35;`, `&#x23;`, `&num;`) is never a tag, in Obsidian as in the
// engine's reading (vault/inline-tags.ts). Markdown would decode it to a bare `#` before the tag
// pass could tell, so its `#` or `&` is swapped for a private-use mark of the same length before
// parsing and put back once the tags are found (in code, the source is put back as written).
const ESCAPED_HASH = /\\#|&(?=#35;|#x23;|num;)/gi;
const HASH_MARK = '\uF8FC';
const AMP_MARK = '\uF8FB';
const maskEscapedHashes = (text: string) => text.replace(ESCAPED_HASH, (m) => (m === '&' ? AMP_MARK : `\\${HASH_MARK}`));
/** Text: the escaped `#` it stood for. */
const hashesInText = (value: string) => (value.includes(HASH_MARK) || value.includes(AMP_MARK) ? value.replace(/\\?\uF8FC/g, '#').replace(/\uF8FB(?:#35;|#x23;|num;)/gi, '#') : value);
/** Code, URLs, HTML: the source as written. */
const hashesAsWritten = (value: string) => (value.includes(HASH_MARK) || value.includes(AMP_MARK) ? value.replace(/\uF8FC/g, '#').replace(/\uF8FB/g, '&') : value);

const sameTitle = (a: string, b: string) => a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();

export function renderMarkdown(input: RenderInput): RenderOutput {
  const page: Page = { input, problems: [], executed: { total: 0, verified: 0, stale: 0, charts: 0 }, headings: [], budget: MAX_TRANSCLUSIONS, renders: 0 };
  const source: Source = {
    path: input.embeds?.self ?? null,
    text: input.text,
    bodyStart: input.bodyStart,
    links: input.links,
    view: input.view,
    plan: input.plan,
    refs: input.embeds?.refs ?? [],
  };
  const hast = renderNote(page, source, { primary: true, anchor: null, stack: source.path ? [embedKeyOf(source.path, null)] : [] });
  return { html: toHtml(hast, { allowDangerousHtml: true }), headings: page.headings, problems: page.problems, executed: page.executed };
}

/** The Markdown tree of a note: links masked, `%%comments%%` out, Obsidian's constructs in place. */
function noteTree(source: Source, anchors: boolean): { tree: Root; blocks: Map<string, Nodes> } {
  const raws = source.links.map((l) => l.raw);
  let masked = maskEscapedHashes(maskText(source.text, source.bodyStart, source.links));
  let tree = processor.runSync(processor.parse(masked)) as Root;
  if (masked.includes('%%', source.bodyStart)) {
    const regions = obsidianComments(masked, source.bodyStart, codeRanges(tree));
    if (regions.length) {
      // Commented characters become a private-use mark (line breaks stay), so every offset holds
      // and the comment cannot open or close any construct; the marks are removed from the tree.
      let out = '';
      let at = 0;
      for (const [a, b] of regions) {
        out += masked.slice(at, a) + masked.slice(a, b).replace(/[^\r\n]/g, COMMENTED);
        at = b;
      }
      masked = out + masked.slice(at);
      tree = processor.runSync(processor.parse(masked)) as Root;
    }
  }
  prepare(tree, raws, source.plan, false);
  const blocks = new Map<string, Nodes>();
  blockIds(tree, blocks, anchors);
  inlineTags(tree);
  splitEmbeds(tree, source);
  return { tree, blocks };
}

/** Where `%%` does not open a comment: code, math and HTML comments (as the engine reads them). */
function codeRanges(node: Nodes, out: [number, number][] = []): [number, number][] {
  const p = node.position;
  if (p && (node.type === 'code' || node.type === 'inlineCode' || node.type === 'math' || node.type === 'inlineMath' || (node.type === 'html' && node.value.startsWith('<!--')))) {
    out.push([p.start.offset!, p.end.offset!]);
  }
  if ('children' in node) for (const c of node.children) codeRanges(c, out);
  return out;
}

interface RenderScope {
  primary: boolean;
  anchor: string | null;
  /** `path#anchor` of every note being transcluded around this one, outermost first. */
  stack: string[];
}

const embedKeyOf = (path: string, anchor: string | null) => `${path}#${anchor ?? ''}`;

function renderNote(page: Page, source: Source, scope: RenderScope): HastRoot {
  const { input } = page;
  // Ids only on the page's own blocks: a note transcluded twice must not repeat them.
  const { tree, blocks } = noteTree(source, scope.primary);
  if (scope.primary) dropTitleHeading(tree, input.title);
  if (scope.anchor !== null) {
    const part = selectPart(tree, blocks, scope.anchor);
    tree.children = part ?? [{ type: 'paragraph', children: [{ type: 'text', value: `“${scope.anchor}” is not in this note.` }] }];
  }
  const slots = new Slots();
  const slugger = new GithubSlugger();
  const base = input.base ?? '/';

  const handlers: Record<string, Handler> = {
    heading(state: State, node: Extract<Nodes, { type: 'heading' }>) {
      const text = hashesInText(toString(node));
      const properties: Properties = {};
      if (scope.primary) {
        properties.id = slugger.slug(text);
        page.headings.push({ depth: node.depth, text, slug: properties.id as string });
      }
      const el: Element = { type: 'element', tagName: `h${node.depth}`, properties, children: state.all(node) as ElementContent[] };
      state.patch(node, el);
      return el;
    },
    code(_state: State, node: Code) {
      const start = node.position?.start.offset ?? -1;
      if (node.lang?.toLowerCase() === 'mermaid') {
        return slots.hold({ type: 'element', tagName: 'pre', properties: { className: ['mermaid'] }, children: [{ type: 'text', value: node.value }] });
      }
      const pre = input.highlight(node.value, node.lang);
      if (source.plan.hidden.has(start)) return slots.hold(setupBlock(pre));
      const orphan = source.plan.orphans.has(start);
      return slots.hold(figureFor(pre, [], orphan ? ['code', 'orphan-output'] : ['code']));
    },
    kbExecuted(_state: State, node: KbExecutedNode) {
      return slots.hold(executedBlock(node, input, scope.primary ? page.problems : [], scope.primary ? page.executed : { total: 0, verified: 0, stale: 0, charts: 0 }));
    },
    kbLink(_state: State, node: KbLinkNode) {
      return slots.hold(linkElement(source.view(node.index), node.inLink));
    },
    kbTag(_state: State, node: KbTagNode) {
      const href = `${base.endsWith('/') ? base : `${base}/`}tags/${encodeURI(slugOf(`${node.tag}.md` as VaultPath))}/`;
      return slots.hold({ type: 'element', tagName: 'a', properties: { className: ['tag'], href }, children: [{ type: 'text', value: node.value }] });
    },
    kbEmbed(_state: State, node: KbEmbedNode) {
      return slots.hold(transclusion(page, source, node.index, scope));
    },
    text(state: State, node: Text) {
      const el = { type: 'text' as const, value: hashesInText(node.value) };
      state.patch(node, el);
      return el;
    },
    highlight(state: State, node: Parent) {
      return { type: 'element', tagName: 'mark', properties: {}, children: state.all(node as Nodes) as ElementContent[] };
    },
    blockquote(state: State, node: Blockquote) {
      return calloutElement(state, node, slots) ?? { type: 'element', tagName: 'blockquote', properties: {}, children: state.wrap(state.all(node) as ElementContent[], true) };
    },
    inlineMath(_state: State, node: Extract<Nodes, { type: 'inlineMath' }>) {
      return slots.hold(mathNode(node.value, false, node, scope.primary ? page.problems : []));
    },
    math(_state: State, node: Extract<Nodes, { type: 'math' }>) {
      return slots.hold(mathNode(node.value, true, node, scope.primary ? page.problems : []));
    },
  };

  // A transcluded note's footnotes get ids of their own, apart from the page's.
  const clobberPrefix = scope.primary ? 'user-content-' : `user-content-embed${++page.renders}-`;
  const hast = toHast(tree, { handlers, allowDangerousHtml: true, clobberPrefix }) as HastRoot;
  return slots.finish(hast, hasRawHtml(hast));
}

function dropTitleHeading(tree: Root, title: string | undefined) {
  if (!title) return;
  const first = tree.children.findIndex((n) => n.type !== 'html' && n.type !== 'yaml');
  const node = tree.children[first];
  if (node?.type === 'heading' && node.depth === 1 && sameTitle(toString(node), title)) tree.children.splice(first, 1);
}

/**
 * Only web, mail and relative URLs become links: `javascript:`, `data:`, `vbscript:` and any other
 * scheme are dropped. Browsers ignore tabs, newlines and leading spaces in a scheme, so those go first.
 */
export function safeUrl(url: string): boolean {
  const bare = url.replace(/[\u0000-\u0020\u007f-\u00a0]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(bare);
  return !scheme || ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase());
}

/**
 * Swaps placeholders in text for link nodes, groups examples with their outputs, restores the
 * source elsewhere, takes out commented characters (and what a comment leaves empty).
 */
function prepare(node: Nodes, raws: readonly string[], plan: ExecutionPlan, inLink: boolean) {
  if ('url' in node && typeof node.url === 'string') {
    node.url = hashesAsWritten(unmask(node.url, raws));
    if (!safeUrl(node.url)) node.url = '';
  }
  if ('alt' in node && typeof node.alt === 'string') node.alt = hashesInText(unmask(node.alt, raws).replace(COMMENTED_RE, ''));
  if ('title' in node && typeof node.title === 'string') node.title = hashesInText(unmask(node.title, raws));
  if ('value' in node && typeof node.value === 'string' && node.type !== 'text') node.value = hashesAsWritten(unmask(node.value, raws).replace(COMMENTED_RE, ''));
  if (!('children' in node)) return;
  const parent = node as Parent;
  const startOf = (n: Nodes) => n.position?.start.offset ?? -1;
  const byStart = new Map<number, Code>();
  for (const child of parent.children) if (child.type === 'code') byStart.set(startOf(child), child);
  const absorbed = new Set<Nodes>();
  for (const child of parent.children) {
    if (child.type !== 'code') continue;
    const example = plan.examples.get(startOf(child));
    if (!example) continue;
    for (const at of [example.output, ...example.charts]) {
      const block = at === null ? undefined : byStart.get(at);
      if (block) absorbed.add(block);
    }
  }
  const next: Nodes[] = [];
  for (const child of parent.children) {
    if (absorbed.has(child)) continue;
    const example = child.type === 'code' ? plan.examples.get(startOf(child)) : undefined;
    if (child.type === 'code' && example) {
      const output = example.output === null ? null : (byStart.get(example.output) ?? null);
      const charts = example.charts.map((at) => byStart.get(at)).filter((c): c is Code => c !== undefined);
      next.push({ type: 'kbExecuted', code: child, example, output, charts } as unknown as Nodes);
      continue;
    }
    if (child.type === 'text') {
      next.push(...splitText(child, raws, inLink));
      continue;
    }
    if ((child.type === 'link' || child.type === 'image') && !safeUrl(unmask(child.url, raws))) {
      // An unsafe link keeps its text and loses its target; an unsafe image keeps its alt text.
      const text: Nodes = child.type === 'image' ? { type: 'text', value: child.alt ?? '' } : { type: 'emphasis', children: child.children };
      prepare(text, raws, plan, inLink);
      next.push(...(text.type === 'emphasis' ? text.children : [text]));
      continue;
    }
    prepare(child, raws, plan, inLink || child.type === 'link' || child.type === 'linkReference');
    // A paragraph (or heading, html) that held only a comment is gone with it.
    if ((child.type === 'paragraph' || child.type === 'heading') && child.children.every((c) => c.type === 'text' && c.value.trim() === '')) continue;
    if (child.type === 'html' && child.value.trim() === '') continue;
    next.push(child);
  }
  parent.children = next as Parent['children'];
}

function splitText(node: Text, raws: readonly string[], inLink: boolean): Nodes[] {
  const value = node.value.includes(COMMENTED) ? node.value.replace(COMMENTED_RE, '') : node.value;
  if (!value.includes('\uF8FF')) return value === '' ? [] : [value === node.value ? node : { ...node, value }];
  const out: Nodes[] = [];
  let at = 0;
  for (const m of value.matchAll(PLACEHOLDER_RE)) {
    const index = decodeMatch(m[1]!, m[2]!);
    if (index >= raws.length) continue;
    if (m.index > at) out.push({ type: 'text', value: value.slice(at, m.index) });
    out.push({ type: 'kbLink', index, inLink } as unknown as PhrasingContent);
    at = m.index + m[0].length;
  }
  if (at < value.length) out.push({ type: 'text', value: value.slice(at) });
  return out;
}

// `^id` ends the block it names: `text ^id` (a paragraph, a list item) or, alone on the line after a
// table, list, quote or code block, that block.
const BLOCK_ID = /(?:^|[ \t]+|\r?\n)\^([A-Za-z0-9-]+)[ \t]*$/;

/** Moves every block id from the text to the block (an `id` attribute `^id`), recording it in `blocks`. */
function blockIds(parent: Parent, blocks: Map<string, Nodes>, anchors: boolean) {
  const children = parent.children as Nodes[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === 'paragraph') {
      const id = takeBlockId(child);
      if (id !== null) {
        if (child.children.length === 0 && i > 0 && children[i - 1]!.type !== 'paragraph') {
          setBlockId(children[i - 1]!, id, blocks, anchors);
          children.splice(i--, 1);
        } else setBlockId(child, id, blocks, anchors);
      }
      continue;
    }
    if (child.type === 'listItem') {
      const first = child.children[0];
      const id = first?.type === 'paragraph' ? takeBlockId(first) : null;
      if (id !== null) setBlockId(child, id, blocks, anchors);
    }
    if ('children' in child && child.type !== 'heading') blockIds(child as Parent, blocks, anchors);
  }
}

function takeBlockId(node: Paragraph): string | null {
  const last = node.children.at(-1);
  if (last?.type !== 'text') return null;
  const m = BLOCK_ID.exec(last.value);
  if (!m) return null;
  last.value = last.value.slice(0, m.index);
  if (last.value === '') node.children.pop();
  return m[1]!;
}

function setBlockId(node: Nodes, id: string, blocks: Map<string, Nodes>, anchors: boolean) {
  if (blocks.has(id)) return;
  blocks.set(id, node);
  if (!anchors) return;
  node.data = { ...node.data, hProperties: { ...((node.data as { hProperties?: Properties } | undefined)?.hProperties ?? {}), id: `^${id}` } };
}

/** Inline `#tags` in text (not in code, link text or URLs) become tag links. */
function inlineTags(node: Nodes) {
  if (!('children' in node) || node.type === 'link' || node.type === 'linkReference') return;
  const parent = node as Parent;
  if (!parent.children.some((c) => c.type === 'text' && c.value.includes('#'))) {
    for (const c of parent.children) inlineTags(c as Nodes);
    return;
  }
  const next: Nodes[] = [];
  for (const child of parent.children as Nodes[]) {
    if (child.type !== 'text') {
      inlineTags(child);
      next.push(child);
      continue;
    }
    let at = 0;
    for (const m of tagsInText(child.value)) {
      if (m.start > at) next.push({ type: 'text', value: child.value.slice(at, m.start) });
      next.push({ type: 'kbTag', tag: m.tag, value: `#${m.tag}` } as unknown as Nodes);
      at = m.end;
    }
    if (at === 0) next.push(child);
    else if (at < child.value.length) next.push({ type: 'text', value: child.value.slice(at) });
  }
  parent.children = next as Parent['children'];
}

/** A paragraph holding note embeds is split around them: a transclusion is a block, as in Obsidian. */
function splitEmbeds(parent: Parent, source: Source) {
  const isEmbed = (n: Nodes) => n.type === ('kbLink' as string) && source.refs[(n as unknown as KbLinkNode).index] != null;
  const next: Nodes[] = [];
  for (const child of parent.children as Nodes[]) {
    if (child.type === 'paragraph' && child.children.some((c) => isEmbed(c))) {
      let run: PhrasingContent[] = [];
      const flush = () => {
        if (run.some((c) => c.type !== 'text' || c.value.trim() !== '')) next.push({ type: 'paragraph', children: run });
        run = [];
      };
      for (const c of child.children) {
        if (isEmbed(c)) {
          flush();
          next.push({ type: 'kbEmbed', index: (c as unknown as KbLinkNode).index } as unknown as Nodes);
        } else if (c.type !== 'break') run.push(c);
      }
      flush();
      continue;
    }
    if ('children' in child && child.type !== 'heading' && child.type !== 'link') splitEmbeds(child as Parent, source);
    next.push(child);
  }
  parent.children = next as Parent['children'];
}

/** The part of a note an embed anchor names: a heading's section, or the block with that id. */
function selectPart(tree: Root, blocks: Map<string, Nodes>, anchor: string): RootContent[] | null {
  if (anchor.startsWith('^')) {
    const block = blocks.get(anchor.slice(1));
    if (!block) return null;
    if (block.type === 'listItem') return [{ type: 'list', ordered: false, spread: false, children: [block as ListItem] } as List];
    return [block as RootContent];
  }
  // `Note#H1#H2` names H2 under H1; the innermost heading decides.
  const wanted = headingSlug(anchor.split('#').filter(Boolean).at(-1) ?? anchor);
  const at = tree.children.findIndex((n) => n.type === 'heading' && headingSlug(toString(n)) === wanted);
  if (at === -1) return null;
  const depth = (tree.children[at] as Extract<RootContent, { type: 'heading' }>).depth;
  let end = at + 1;
  while (end < tree.children.length) {
    const n = tree.children[end]!;
    if (n.type === 'heading' && n.depth <= depth) break;
    end++;
  }
  return tree.children.slice(at, end);
}

function transclusion(page: Page, source: Source, index: number, scope: RenderScope): Element {
  const ref = source.refs[index]!;
  const view = source.view(index);
  const table = page.input.embeds!;
  const note = table.notes[ref.note];
  const key = embedKeyOf(ref.note, ref.anchor);
  const label = note ? `${note.title}${ref.anchor ? ` › ${ref.anchor}` : ''}` : view.text;
  const head: Element = {
    type: 'element',
    tagName: 'div',
    properties: { className: ['transclusion-head'] },
    children: [view.href ? { type: 'element', tagName: 'a', properties: { href: view.href, className: ['transclusion-link'] }, children: [{ type: 'text', value: label }] } : { type: 'text', value: label }],
  };
  const marker = (kind: string, text: string): Element => ({
    type: 'element',
    tagName: 'div',
    properties: { className: ['transclusion', `embed-${kind}`], role: 'note' },
    children: [head, { type: 'element', tagName: 'p', properties: { className: ['embed-marker'] }, children: [{ type: 'text', value: text }] }],
  });
  if (scope.stack.includes(key)) return marker('cycle', `Embed cycle: ${label} is already shown around this embed, so it is not embedded again.`);
  if (!note || scope.stack.length > MAX_EMBED_DEPTH) return marker('depth', `Embed depth limit (${MAX_EMBED_DEPTH}) reached: follow the link to read ${label}.`);
  if (page.budget <= 0) return marker('limit', `Embed limit (${MAX_TRANSCLUSIONS} per page) reached: follow the link to read ${label}.`);
  page.budget--;
  const inner: Source = {
    path: note.path,
    text: note.text,
    bodyStart: note.bodyStart,
    links: note.links,
    view: (i) => note.views[i]!,
    plan: note.plan,
    refs: note.refs,
  };
  const body = renderNote(page, inner, { primary: false, anchor: ref.anchor, stack: [...scope.stack, key] });
  return {
    type: 'element',
    tagName: 'div',
    // Search finds the text on the note it belongs to, not on every page that embeds it.
    properties: { className: ['transclusion'], dataEmbed: ref.note, dataPagefindIgnore: true },
    children: [head, { type: 'element', tagName: 'div', properties: { className: ['transclusion-body'] }, children: body.children as ElementContent[] }],
  };
}

function calloutElement(state: State, node: Blockquote, slots: Slots): Element | null {
  const callout = readCallout(node);
  if (!callout) return null;
  const foldable = callout.fold !== '';
  const titleChildren: ElementContent[] = callout.title ? (state.all({ type: 'paragraph', children: callout.title } as Paragraph) as ElementContent[]) : [{ type: 'text', value: callout.defaultTitle }];
  const title: Element = {
    type: 'element',
    tagName: foldable ? 'summary' : 'div',
    properties: { className: ['callout-title'] },
    children: [
      { type: 'element', tagName: 'span', properties: { className: ['callout-icon'] }, children: [slots.hold({ type: 'raw', value: calloutIcon(callout.style) } as unknown as ElementContent)] },
      { type: 'element', tagName: 'span', properties: { className: ['callout-title-inner'] }, children: titleChildren },
    ],
  };
  const children: ElementContent[] = [title];
  const body = state.all({ type: 'blockquote', children: callout.body } as Blockquote) as ElementContent[];
  if (body.length) children.push({ type: 'element', tagName: 'div', properties: { className: ['callout-content'] }, children: state.wrap(body, true) });
  const properties: Properties = { className: ['callout'], dataCallout: callout.type };
  if (callout.style !== callout.type) properties.dataCalloutStyle = callout.style;
  if (foldable) {
    properties.dataCalloutFold = callout.fold;
    if (callout.fold === '+') properties.open = true;
    return { type: 'element', tagName: 'details', properties, children };
  }
  properties.role = 'note';
  return { type: 'element', tagName: 'div', properties, children };
}

const AUDIO = /\.(mp3|wav|m4a|ogg|3gp|flac)$/i;
const VIDEO = /\.(mp4|webm|ogv|mov|mkv)$/i;
const PDF = /\.pdf$/i;

function linkElement(view: LinkView, inLink: boolean): Element {
  const className = ['wikilink', `wl-${view.state}`];
  if (view.embed?.kind === 'image' && view.href) {
    // `![[img.png|200]]` and `![[img.png|200x100]]` size the image; any other text is its alt.
    const size = /^\s*(\d+)(?:\s*x\s*(\d+))?\s*$/.exec(view.text);
    const properties: Properties = { src: view.embed.src, alt: size ? (view.title.split('/').pop() ?? '') : view.text, loading: 'lazy', className: ['embed-image'] };
    if (size) {
      properties.width = Number(size[1]);
      if (size[2]) properties.height = Number(size[2]);
    }
    return { type: 'element', tagName: 'img', properties, children: [] };
  }
  if (view.embed?.kind === 'file' && view.href) {
    const file = decodeURIComponent(view.href.split(/[?#]/)[0]!);
    const fallback: Element = { type: 'element', tagName: 'a', properties: { href: view.href, className: [...className, 'embed', 'embed-file'] }, children: [{ type: 'text', value: view.embed.label }] };
    if (AUDIO.test(file)) return media('audio', view, fallback);
    if (VIDEO.test(file)) return media('video', view, fallback);
    if (PDF.test(file)) {
      // Phrasing content only (a PDF is often embedded mid-paragraph); the stylesheet makes it a block.
      return {
        type: 'element',
        tagName: 'span',
        properties: { className: ['embed-pdf'] },
        children: [{ type: 'element', tagName: 'iframe', properties: { src: view.href, title: view.text, loading: 'lazy' }, children: [] }, fallback],
      };
    }
  }
  const children: ElementContent[] = [{ type: 'text', value: view.embed && view.embed.kind !== 'image' ? view.embed.label : view.text }];
  const properties: Properties = { className, title: view.title };
  if (view.embed) (properties.className as string[]).push('embed', `embed-${view.embed.kind}`);
  if (view.href && !inLink) {
    properties.href = view.href;
    return { type: 'element', tagName: 'a', properties, children };
  }
  return { type: 'element', tagName: 'span', properties, children };
}

function media(tagName: 'audio' | 'video', view: LinkView, fallback: Element): Element {
  return {
    type: 'element',
    tagName,
    properties: { src: view.href ?? undefined, controls: true, preload: 'metadata', className: [`embed-${tagName}`], title: view.text },
    children: [fallback],
  };
}

function mathNode(value: string, display: boolean, node: Nodes, problems: RenderProblem[]): ElementContent {
  const options = { displayMode: display, output: 'htmlAndMathml' as const, strict: 'ignore' as const, trust: false, maxExpand: 1000 };
  let html: string;
  try {
    html = katex.renderToString(value, { ...options, throwOnError: true });
  } catch (error) {
    const p = node.position?.start;
    problems.push({ line: p?.line ?? 1, column: p?.column ?? 1, rule: 'site-math', message: `KaTeX could not render this math: ${(error as Error).message}` });
    html = katex.renderToString(value, { ...options, throwOnError: false });
  }
  return { type: 'raw', value: display ? `<div class="math math-display">${html}</div>` : html } as unknown as ElementContent;
}

export const SETUP_LABEL = 'Setup — runs before every example on this page';

/** A setup block: shown, folded, so readers see what every example on the page starts from. */
function setupBlock(pre: Element): Element {
  return {
    type: 'element',
    tagName: 'details',
    properties: { className: ['setup'] },
    children: [{ type: 'element', tagName: 'summary', properties: {}, children: [{ type: 'text', value: SETUP_LABEL }] }, figureFor(pre, [], ['code', 'setup-code'])],
  };
}

function figureFor(pre: Element, after: ElementContent[], className: string[] = ['code']): Element {
  return { type: 'element', tagName: 'figure', properties: { className }, children: [pre, ...after] };
}

function badge(text: string, kind: string, title?: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: ['badge', `badge-${kind}`], title }, children: [{ type: 'text', value: text }] };
}

const STATE_TEXT: Record<PlannedExample['state'], string> = { verified: 'verified', unverified: 'unverified', stale: 'stale', missing: 'not run yet', norun: 'not run' };
const STATE_TITLE: Record<PlannedExample['state'], string> = {
  verified: 'the output was recorded from exactly this code (kb run --check)',
  unverified: 'recorded from this code, but this build could not run it to check (no sandbox, or the vault does not let kb execute code)',
  stale: 'the code changed since this output was recorded (kb run --write refreshes it)',
  missing: 'no output is embedded yet (kb run --write records it)',
  norun: 'this block is marked norun',
};

function executedBlock(node: KbExecutedNode, input: RenderInput, problems: RenderProblem[], counts: RenderOutput['executed']): Element {
  const { example } = node;
  const pre = input.highlight(node.code.value, node.code.lang);
  if (example.state === 'norun') return figureFor(pre, []);
  counts.total++;
  if (example.state === 'verified') counts.verified++;
  if (example.state === 'stale') counts.stale++;
  const head: ElementContent[] = [badge(STATE_TEXT[example.state], example.state, STATE_TITLE[example.state])];
  if (example.backend) head.unshift(badge(`backend: ${example.backend}`, 'backend'));
  const parts: ElementContent[] = [{ type: 'element', tagName: 'div', properties: { className: ['run-meta'] }, children: head }];
  if (node.output) {
    parts.push({
      type: 'element',
      tagName: 'pre',
      properties: { className: ['run-output'] },
      children: [{ type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: node.output.value }] }],
    });
  }
  for (const chart of node.charts) {
    const result = renderChart(chart.value);
    counts.charts += result.ok ? 1 : 0;
    if (result.ok) {
      parts.push({ type: 'element', tagName: 'div', properties: { className: ['run-chart'] }, children: [{ type: 'raw', value: result.svg } as unknown as ElementContent] });
    } else {
      const p = chart.position?.start;
      problems.push({ line: p?.line ?? 1, column: p?.column ?? 1, rule: 'site-chart', message: result.message });
      parts.push({ type: 'element', tagName: 'p', properties: { className: ['run-chart-error'] }, children: [{ type: 'text', value: result.message }] });
    }
  }
  return figureFor(pre, parts, ['code', 'executed', `run-${example.state}`]);
}
