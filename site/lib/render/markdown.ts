// One page's Markdown → HTML. Wikilinks come from the engine (by offset, see placeholders.ts);
// math is KaTeX, code is Shiki, executed blocks get their output and charts (SVG) beside them.
// Raw HTML written in a page never reaches the output: it is shown as text, so a page cannot inject
// script; only the renderer's own KaTeX and chart SVG are passed through as raw HTML.
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Properties, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import katex from 'katex';
import type { Code, Nodes, Parent, PhrasingContent, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { toHast, type Handler, type State } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { renderChart } from './chart-svg.ts';
import type { Highlight } from './highlight.ts';
import type { ExecutionPlan, PlannedExample } from './outputs.ts';
import { decodeMatch, maskText, PLACEHOLDER_RE, unmask } from './placeholders.ts';

const processor = unified().use(remarkParse).use(remarkGfm, { singleTilde: false }).use(remarkMath);

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

const sameTitle = (a: string, b: string) => a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();

export function renderMarkdown(input: RenderInput): RenderOutput {
  const raws = input.links.map((l) => l.raw);
  const masked = maskText(input.text, input.bodyStart, input.links);
  const tree = processor.runSync(processor.parse(masked)) as Root;
  const problems: RenderProblem[] = [];
  const executed = { total: 0, verified: 0, stale: 0, charts: 0 };

  dropTitleHeading(tree, input.title);
  prepare(tree, raws, input.plan, false);

  const slugger = new GithubSlugger();
  const headings: RenderedHeading[] = [];

  const handlers: Record<string, Handler> = {
    heading(state: State, node: Extract<Nodes, { type: 'heading' }>) {
      const text = toString(node);
      const id = slugger.slug(text);
      headings.push({ depth: node.depth, text, slug: id });
      const el: Element = { type: 'element', tagName: `h${node.depth}`, properties: { id }, children: state.all(node) as ElementContent[] };
      state.patch(node, el);
      return el;
    },
    code(_state: State, node: Code) {
      const start = node.position?.start.offset ?? -1;
      if (input.plan.hidden.has(start)) return [];
      const orphan = input.plan.orphans.has(start);
      return figureFor(input.highlight(node.value, node.lang), [], orphan ? ['code', 'orphan-output'] : ['code']);
    },
    kbExecuted(_state: State, node: KbExecutedNode) {
      return executedBlock(node, input, problems, executed);
    },
    kbLink(_state: State, node: KbLinkNode) {
      return linkElement(input.view(node.index), node.inLink);
    },
    inlineMath(_state: State, node: Extract<Nodes, { type: 'inlineMath' }>) {
      return mathNode(node.value, false, node, problems);
    },
    math(_state: State, node: Extract<Nodes, { type: 'math' }>) {
      return mathNode(node.value, true, node, problems);
    },
    html(_state: State, node: Extract<Nodes, { type: 'html' }>) {
      return rawHtmlAsText(node.value);
    },
  };

  const hast = toHast(tree, { handlers, allowDangerousHtml: true }) as HastRoot;
  const html = toHtml(hast, { allowDangerousHtml: true });
  return { html, headings, problems, executed };
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

/** Swaps placeholders in text for link nodes, groups examples with their outputs, restores the source elsewhere. */
function prepare(node: Nodes, raws: readonly string[], plan: ExecutionPlan, inLink: boolean) {
  if ('url' in node && typeof node.url === 'string') {
    node.url = unmask(node.url, raws);
    if (!safeUrl(node.url)) node.url = '';
  }
  if ('alt' in node && typeof node.alt === 'string') node.alt = unmask(node.alt, raws);
  if ('title' in node && typeof node.title === 'string') node.title = unmask(node.title, raws);
  if ('value' in node && typeof node.value === 'string' && node.type !== 'text') node.value = unmask(node.value, raws);
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
    next.push(child);
  }
  parent.children = next as Parent['children'];
}

function splitText(node: Text, raws: readonly string[], inLink: boolean): Nodes[] {
  if (!node.value.includes('\uF8FF')) return [node];
  const out: Nodes[] = [];
  let at = 0;
  for (const m of node.value.matchAll(PLACEHOLDER_RE)) {
    const index = decodeMatch(m[1]!, m[2]!);
    if (index >= raws.length) continue;
    if (m.index > at) out.push({ type: 'text', value: node.value.slice(at, m.index) });
    out.push({ type: 'kbLink', index, inLink } as unknown as PhrasingContent);
    at = m.index + m[0].length;
  }
  if (at < node.value.length) out.push({ type: 'text', value: node.value.slice(at) });
  return out;
}

function linkElement(view: LinkView, inLink: boolean): Element {
  const className = ['wikilink', `wl-${view.state}`];
  if (view.embed?.kind === 'image' && view.href) {
    return { type: 'element', tagName: 'img', properties: { src: view.embed.src, alt: view.text, loading: 'lazy', className: ['embed-image'] }, children: [] };
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

function mathNode(value: string, display: boolean, node: Nodes, problems: RenderProblem[]) {
  const options = { displayMode: display, output: 'htmlAndMathml' as const, strict: 'ignore' as const, trust: false, maxExpand: 1000 };
  let html: string;
  try {
    html = katex.renderToString(value, { ...options, throwOnError: true });
  } catch (error) {
    const p = node.position?.start;
    problems.push({ line: p?.line ?? 1, column: p?.column ?? 1, rule: 'site-math', message: `KaTeX could not render this math: ${(error as Error).message}` });
    html = katex.renderToString(value, { ...options, throwOnError: false });
  }
  return { type: 'raw', value: display ? `<div class="math math-display">${html}</div>` : html } as unknown as Element;
}

function rawHtmlAsText(value: string): ElementContent[] {
  const trimmed = value.trim();
  if (/^<!--[\s\S]*-->$/.test(trimmed)) return [];
  if (/^<br\s*\/?>$/i.test(trimmed)) return [{ type: 'element', tagName: 'br', properties: {}, children: [] }];
  return [{ type: 'element', tagName: 'code', properties: { className: ['raw-html'] }, children: [{ type: 'text', value }] }];
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
