// The Markdown side of a page: one unified processor (remark-parse + GFM tables + remark-wiki-link)
// yields headings, wikilinks with their source positions, code blocks, the Graph section and the
// text measures of the stub test. Positions index the file's full text, front-matter included.
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import remarkWikiLink from 'remark-wiki-link';
import type { Construct, Extension, TokenizeContext, Tokenizer } from 'micromark-util-types';
import { unified, type Processor } from 'unified';
import type { LineIndex } from './lines.ts';
import { asLinkTarget } from './paths.ts';
import type { CodeBlock, Heading, ParsedPage, WikiLink } from './types.ts';

/**
 * GFM tables only: links need to know they sit in a table cell (where the divider is `\|`), while
 * the rest of GFM (autolink literals above all) halves parsing speed and changes no link.
 */
function remarkGfmTables(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(tablesBeforeDelimiterRows());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

/**
 * micromark-extension-gfm-table tries its construct at the start of every line of every paragraph
 * and reads the whole line as a possible head row before it can fail: a third of all parsing time.
 * A head row is always the line just above a delimiter row, a line of only `|`, `:`, `-` and blanks
 * (after any `>` or indent) holding a `-` and a `|` or `:`, which the extension accepts as nothing
 * else. So the construct is let through only on such head lines and on the rows of a table already
 * open (the same test the extension makes first); everywhere else it fails at once, as it would
 * have after reading the line. Trees are identical (tests/vault/markdown-tables.test.ts).
 */
const DELIMITER_ROW = /^[ \t>]*(?=[^\n]*-)(?=[^\n]*[|:])[|:\- \t]+\r?$/gm;

/** Lines (1-based) of the document being parsed that sit just above a delimiter row. */
let headLines = new Set<number>();

export function tableHeadLines(text: string, bodyStart: number, lines: LineIndex): Set<number> {
  const found = new Set<number>();
  DELIMITER_ROW.lastIndex = bodyStart;
  for (let m = DELIMITER_ROW.exec(text); m !== null; m = DELIMITER_ROW.exec(text)) {
    found.add(lines.point(m.index).line - 1);
    DELIMITER_ROW.lastIndex = Math.max(DELIMITER_ROW.lastIndex, m.index + 1);
  }
  return found;
}

function tablesBeforeDelimiterRows(): Extension {
  const table = (gfmTable().flow as Record<string, Construct>).null as Construct;
  const tokenize: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
    const inner = table.tokenize.call(this, effects, ok, nok);
    if (headLines.has(this.now().line)) return inner;
    let index = this.events.length - 1;
    while (index > -1 && (this.events[index]![1].type === 'lineEnding' || this.events[index]![1].type === 'linePrefix')) index--;
    const tail = index > -1 ? this.events[index]![1].type : null;
    return tail === 'tableHead' || tail === 'tableRow' ? inner : nok;
  };
  return { flow: { null: [{ ...table, tokenize }] } };
}

// remark-wiki-link's default alias divider is `:`, which would split `[[E:x]]`; Obsidian's is `|`.
const processor = unified().use(remarkParse).use(remarkGfmTables).use(remarkWikiLink, { aliasDivider: '|' }).freeze();

/**
 * micromark reads `![` as the start of an image, so `![[x]]` never reaches the wiki-link tokenizer.
 * Swapping the `!` for a private-use character of the same length keeps every offset and lets the
 * link through; the original character is looked up again to mark the link as an embed.
 */
const EMBED_MARK = '\uE000';

export const ERROR_CAPTURE_MARKERS = ['Error:', 'Traceback (most recent call last):', '[ERROR]', "I'm sorry, but", 'As an AI language model', '오류가 발생했습니다'];

/** What the Markdown body contributes to a parsed page. */
export type MarkdownFacts = Pick<ParsedPage, 'headings' | 'links' | 'codeBlocks' | 'graph' | 'bodyTextLength' | 'bodyEmpty' | 'errorCapture'>;

/**
 * Parses `text` (the whole file) with everything before `bodyStart` (BOM, front-matter) blanked out,
 * so the tree's offsets are file offsets.
 */
export function parseMarkdown(text: string, bodyStart: number, lines: LineIndex): MarkdownFacts {
  const deep = deepestNesting(text, bodyStart, lines);
  if (deep.depth > MAX_NESTING) throw new NestingTooDeepError(deep.line, deep.depth);
  const tree = markdownTree(text, bodyStart, lines);

  const headings: Heading[] = [];
  const codeBlocks: CodeBlock[] = [];
  const rawLinks: { node: WikiLinkNode; inTable: boolean }[] = [];
  const excluded: [number, number][] = []; // code and HTML comments: not text for the stub test
  let lastHeading: string | null = null;

  const walk = (node: RootContent | Root, inTable: boolean) => {
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? 0;
    switch (node.type) {
      case 'heading': {
        lastHeading = toString(node).replaceAll(EMBED_MARK, '!').trim();
        headings.push({ depth: node.depth, text: lastHeading, line: node.position!.start.line, start, end });
        break;
      }
      case 'code': {
        // Indented code has no fence; its content starts on its first line.
        const fenced = /^[ \t]{0,3}(?:```|~~~)/.test(text.slice(start, start + 6));
        codeBlocks.push({
          lang: node.lang ?? null,
          meta: node.meta ?? null,
          value: node.value.replaceAll(`${EMBED_MARK}[[`, '![['),
          start,
          end,
          line: node.position!.start.line,
          endLine: node.position!.end.line,
          contentLine: node.position!.start.line + (fenced ? 1 : 0),
          heading: lastHeading,
          fenced,
        });
        excluded.push([start, end]);
        return;
      }
      case 'html': {
        if (/^\s*<!--/.test(node.value)) excluded.push([start, end]);
        return;
      }
      case 'inlineCode':
        excluded.push([start, end]);
        return;
      case 'table':
        inTable = true;
        break;
    }
    if ((node as { type: string }).type === 'wikiLink') rawLinks.push({ node: node as unknown as WikiLinkNode, inTable });
    if ('children' in node) for (const child of node.children as RootContent[]) walk(child, inTable);
  };
  walk(tree, false);

  const comments = obsidianComments(text, bodyStart, excluded);
  excluded.push(...comments);
  const graph = graphSection(headings, text.length);
  const links: WikiLink[] = [];
  for (const { node, inTable } of rawLinks) {
    const start = node.position.start.offset;
    if (comments.some(([a, b]) => start >= a && start < b)) continue;
    links.push(toWikiLink(text, node, inTable, graph, lines));
  }

  const stub = stubMeasures(text, bodyStart, lines, headings, excluded, graph, codeBlocks);
  return { headings, links, codeBlocks, graph, ...stub };
}

/** The mdast tree of the body, with everything before `bodyStart` blanked so offsets are file offsets. */
export function markdownTree(text: string, bodyStart: number, lines: LineIndex): Root {
  const blanked = text.slice(0, bodyStart).replace(/[^\r\n]/g, ' ') + text.slice(bodyStart).replaceAll('![[', `${EMBED_MARK}[[`);
  // Set for this (synchronous) parse only; see tablesBeforeDelimiterRows.
  headLines = tableHeadLines(text, bodyStart, lines);
  try {
    return processor.parse(blanked) as Root;
  } finally {
    headLines = new Set();
  }
}

/**
 * micromark's container handling is superlinear in nesting depth (1,500 nested list levels take
 * minutes) and mdast recursion overflows the stack on thousands of nested quotes. Real notes never
 * nest this deep, so such a page is refused before parsing and read by the line scanner instead.
 */
export const MAX_NESTING = 64;

export class NestingTooDeepError extends Error {
  readonly line: number;
  readonly depth: number;

  constructor(line: number, depth: number) {
    super(`line ${line} nests ${depth} levels deep (more than ${MAX_NESTING})`);
    this.name = 'NestingTooDeepError';
    this.line = line;
    this.depth = depth;
  }
}

function deepestNesting(text: string, bodyStart: number, lines: LineIndex): { depth: number; line: number } {
  let worst = { depth: 0, line: 0 };
  for (let line = lines.point(bodyStart).line; line <= lines.lineCount; line++) {
    let depth = 0;
    let spaces = 0;
    for (let i = lines.lineStart(line); i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 62 /* > */) depth++;
      else if (c === 32) spaces++;
      else if (c === 9) spaces += 4;
      else break;
    }
    depth += spaces >> 2;
    if (depth > worst.depth) worst = { depth, line };
  }
  return worst;
}

/**
 * The degraded reading of a page the Markdown parser refused: wikilinks found line by line outside
 * fenced code, so the page still joins the graph with correct positions.
 */
export function scanLinksByLine(text: string, bodyStart: number, lines: LineIndex): WikiLink[] {
  const links: WikiLink[] = [];
  let fence: string | null = null;
  for (let line = lines.point(bodyStart).line; line <= lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const content = text.slice(start, lines.lineEnd(line));
    const marker = /^[\s>]*(```+|~~~+)/.exec(content)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      continue;
    }
    if (fence !== null) continue;
    for (const match of content.matchAll(/(!?)\[\[([^\[\]\n]+)\]\]/g)) {
      const inner = match[2]!;
      const bar = inner.search(/\\?\|/);
      const value = bar === -1 ? inner : inner.slice(0, bar);
      const display = bar === -1 ? null : inner.slice(bar).replace(/^\\?\|/, '');
      const hash = value.indexOf('#');
      const offset = start + match.index;
      links.push({
        raw: match[0],
        target: asLinkTarget((hash === -1 ? value : value.slice(0, hash)).trim()),
        anchor: hash === -1 ? null : value.slice(hash + 1).trim(),
        display,
        embed: match[1] === '!',
        inTable: false,
        inGraph: false,
        start: offset,
        end: offset + match[0].length,
        line,
        column: match.index + 1,
      });
    }
  }
  return links;
}

interface WikiLinkNode {
  type: 'wikiLink';
  value: string;
  data: { alias?: string };
  position: { start: { offset: number; line: number; column: number }; end: { offset: number } };
}

function toWikiLink(text: string, node: WikiLinkNode, inTable: boolean, graph: MarkdownFacts['graph'], lines: LineIndex): WikiLink {
  let linkStart = node.position.start.offset;
  const end = node.position.end.offset;
  const embed = text[linkStart - 1] === '!';
  if (embed) linkStart -= 1;
  const raw = text.slice(linkStart, end);
  // In a table cell the divider is written `\|`; remark-wiki-link leaves the backslash on the target.
  let value = node.value;
  if (inTable && value.endsWith('\\')) value = value.slice(0, -1);
  // The plugin's alias equals the target when none was written; only a real `|` makes a display text.
  const inner = raw.slice(embed ? 3 : 2, -2);
  const hasDisplay = /(?<!\\)\||\\\|/.test(inner);
  const hash = value.indexOf('#');
  const target = (hash === -1 ? value : value.slice(0, hash)).trim();
  const anchor = hash === -1 ? null : value.slice(hash + 1).trim();
  const point = lines.point(linkStart);
  return {
    raw,
    target: asLinkTarget(target),
    anchor,
    display: hasDisplay ? (node.data.alias ?? null) : null,
    embed,
    inTable,
    inGraph: graph !== null && linkStart >= graph.start && linkStart < graph.end,
    start: linkStart,
    end,
    line: point.line,
    column: point.column,
  };
}

/** spec §4: the first level-2 heading whose text contains `Graph`, up to the next level-2 heading. */
function graphSection(headings: Heading[], textEnd: number): MarkdownFacts['graph'] {
  const index = headings.findIndex((h) => h.depth === 2 && h.text.includes('Graph'));
  if (index === -1) return null;
  const heading = headings[index]!;
  const next = headings.slice(index + 1).find((h) => h.depth <= 2);
  return { start: heading.start, end: next ? next.start : textEnd, headingLine: heading.line };
}

/** `%%…%%` regions outside code: Obsidian comments, which hide links and text alike. */
function obsidianComments(text: string, bodyStart: number, code: [number, number][]): [number, number][] {
  const regions: [number, number][] = [];
  const inCode = (offset: number) => code.some(([a, b]) => offset >= a && offset < b);
  let from = text.indexOf('%%', bodyStart);
  while (from !== -1) {
    if (inCode(from)) {
      from = text.indexOf('%%', from + 2);
      continue;
    }
    const close = text.indexOf('%%', from + 2);
    const end = close === -1 ? text.length : close + 2;
    regions.push([from, end]);
    from = close === -1 ? -1 : text.indexOf('%%', end);
  }
  return regions;
}

/** spec §5: body text without headings, blank lines, comments, code and the Graph section. */
function stubMeasures(
  text: string,
  bodyStart: number,
  lines: LineIndex,
  headings: Heading[],
  excluded: [number, number][],
  graph: MarkdownFacts['graph'],
  codeBlocks: CodeBlock[],
): Pick<MarkdownFacts, 'bodyTextLength' | 'bodyEmpty' | 'errorCapture'> {
  const cut: [number, number][] = [...excluded, ...headings.map((h) => [h.start, h.end] as [number, number])];
  if (graph) cut.push([graph.start, graph.end]);
  cut.sort((a, b) => a[0] - b[0]);
  let kept = '';
  let cursor = bodyStart;
  for (const [a, b] of cut) {
    if (b <= cursor) continue;
    if (a > cursor) kept += text.slice(cursor, a);
    kept += ' ';
    cursor = Math.max(cursor, b);
  }
  if (cursor < text.length) kept += text.slice(cursor);
  const collapsed = kept.replace(/\s+/g, ' ').trim();

  let errorCapture: MarkdownFacts['errorCapture'] = null;
  const inCode = (line: number) => codeBlocks.some((c) => line >= c.line && line <= c.endLine);
  const firstLine = lines.point(bodyStart).line;
  for (let line = firstLine; line <= lines.lineCount && !errorCapture; line++) {
    const content = text.slice(lines.lineStart(line), lines.lineEnd(line));
    const trimmed = content.trimStart();
    const marker = ERROR_CAPTURE_MARKERS.find((m) => trimmed.startsWith(m));
    if (marker && !inCode(line)) errorCapture = { line, column: content.length - trimmed.length + 1, marker };
  }
  return { bodyTextLength: collapsed.length, bodyEmpty: collapsed.length === 0, errorCapture };
}
