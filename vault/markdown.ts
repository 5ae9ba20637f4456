// The Markdown side of a page: one unified processor (remark-parse + GFM tables + remark-wiki-link)
// yields headings, wikilinks with their source positions, code blocks, the Graph section and the
// text measures of the stub test. Positions index the file's full text, front-matter included.
// Pages are read from the processor's micromark events (markdown-events.ts), and from its mdast
// tree where that reader gives up; the two readings are pinned equal by tests.
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import remarkWikiLink from 'remark-wiki-link';
import { parse, preprocess } from 'micromark';
import { EditMap } from 'micromark-util-edit-map';
import { subtokenize } from 'micromark-util-subtokenize';
import type { Construct, Event, Extension, TokenizeContext, Tokenizer } from 'micromark-util-types';
import { unified, type Processor } from 'unified';
import type { LineIndex } from './lines.ts';
import { blocksFromEvents, codeBlockAt, EMBED_MARK, headingTextOf, type EventOrigin, type MarkdownBlocks, type RawWikiLink, type SourceShift } from './markdown-events.ts';
import { cutProseRuns } from './prose-runs.ts';
import { countBelow } from './sorted.ts';
import { obsidianComments } from './obsidian-comments.ts';
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
 * have after reading the line. Trees are identical (tests/vault/markdown-tree.test.ts).
 */
const DELIMITER_ROW = /^[ \t>]*[|:\- \t]+\r?$/gm;

/** Lines (1-based) of the document being parsed that sit just above a delimiter row. */
let headLines = new Set<number>();

export function tableHeadLines(text: string, bodyStart: number, lines: LineIndex): Set<number> {
  const found = new Set<number>();
  DELIMITER_ROW.lastIndex = bodyStart;
  for (let m = DELIMITER_ROW.exec(text); m !== null; m = DELIMITER_ROW.exec(text)) {
    // Tested here rather than by lookaheads in the pattern, which read every line of prose to its end.
    if (m[0].includes('-') && /[|:]/.test(m[0])) found.add(lines.point(m.index).line - 1);
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

/**
 * micromark's EditMap applies its edits by copying the whole event list, and setext headings apply
 * one per heading to the document's events so far: a note of 4,000 `text` / `---` pairs took 75 s.
 * The same edits applied from the first edited index on give the same list, in time proportional
 * to what follows that index (a few events for a setext heading).
 */
EditMap.prototype.consume = function consume(this: { map: [number, number, Event[]][]; index: Map<number, number> }, events: Event[]): void {
  this.map.sort((a, b) => a[0] - b[0]);
  if (this.map.length === 0) return;
  const first = this.map[0]![0];
  const tail = events.slice(first);
  events.length = first;
  let cursor = first;
  for (const [at, remove, add] of this.map) {
    for (let i = cursor; i < at; i++) events.push(tail[i - first]!);
    for (const event of add) events.push(event);
    cursor = at + remove;
  }
  for (let i = cursor; i < first + tail.length; i++) events.push(tail[i - first]!);
  this.map.length = 0;
  this.index.clear();
} as typeof EditMap.prototype.consume;

// remark-wiki-link's default alias divider is `:`, which would split `[[E:x]]`; Obsidian's is `|`.
const processor = unified().use(remarkParse).use(remarkGfmTables).use(remarkWikiLink, { aliasDivider: '|' }).freeze();

/**
 * micromark-extension-wiki-link tries every `[[` and reads on until a `]` or the end of the line
 * before it can fail, so a line of thousands of unclosed `[[` (or of `[` alone) costs the square of
 * its length. A `[[` can only open a link if the first `]` after it on its line is the first of a
 * `]]` (the target and the alias both end at the first `]`), which sorted offsets answer at once:
 * where that fails the construct fails at once, as it would have after reading the line. Links
 * are found exactly as before (tests/vault/no-damage.test.ts compares with the plain plugin).
 */
let closers: { source: string; brackets: number[]; eols: number[] } | null = null;

function firstAtOrAfter(sorted: number[], from: number): number | undefined {
  return sorted[countBelow(sorted, from)];
}

function wikiLinkCanClose(open: number): boolean {
  if (closers === null) return true;
  const close = firstAtOrAfter(closers.brackets, open + 2);
  if (close === undefined || closers.source.charCodeAt(close + 1) !== 93 /* ] */) return false;
  const eol = firstAtOrAfter(closers.eols, open + 2);
  return eol === undefined || eol > close;
}

function offsetsOf(source: string, pattern: RegExp): number[] {
  const found: number[] = [];
  for (const m of source.matchAll(pattern)) found.push(m.index);
  return found;
}

for (const extension of processor.data('micromarkExtensions') ?? []) {
  const construct = (extension.text as Record<number, Construct> | undefined)?.[91];
  if (!construct) continue;
  const tokenize = construct.tokenize;
  construct.tokenize = function (this: TokenizeContext, effects, ok, nok) {
    const inner = tokenize.call(this, effects, ok, nok);
    return wikiLinkCanClose(this.now().offset) ? inner : nok;
  };
}

/**
 * The same micromark, with the extensions the processor installed, made once for every page read
 * by events: combining the extensions was 2% of parsing. Of its state only `defined` (definition
 * labels) and `lazy` (lazy lines) belong to one document, and they are reset before each.
 */
const eventParser = parse({ extensions: processor.data('micromarkExtensions') });

export const ERROR_CAPTURE_MARKERS = ['Error:', 'Traceback (most recent call last):', '[ERROR]', "I'm sorry, but", 'As an AI language model', '오류가 발생했습니다'];
const MARKER_STARTS = new Set(ERROR_CAPTURE_MARKERS.map((m) => m.charCodeAt(0)));

/** What the Markdown body contributes to a parsed page. */
export type MarkdownFacts = Pick<ParsedPage, 'headings' | 'links' | 'codeBlocks' | 'graph' | 'bodyTextLength' | 'bodyEmpty' | 'errorCapture'>;

/**
 * Reads the Markdown of `text` (the whole file) after `bodyStart` (BOM, front-matter); every offset
 * and position is a file offset and position.
 */
export function parseMarkdown(text: string, bodyStart: number, lines: LineIndex): MarkdownFacts {
  const deep = deepestNesting(text, bodyStart, lines);
  if (deep.depth > MAX_NESTING) throw new NestingTooDeepError(deep.line, deep.depth);
  const blocks = markdownBlocks('events', text, bodyStart, lines) ?? markdownBlocks('tree', text, bodyStart, lines)!;

  const comments = obsidianComments(text, bodyStart, blocks.excluded);
  const excluded = [...blocks.excluded, ...comments];
  const graph = graphSection(blocks.headings, text.length);
  const links: WikiLink[] = [];
  for (const link of blocks.links) {
    if (comments.some(([a, b]) => link.start >= a && link.start < b)) continue;
    links.push(toWikiLink(text, link, graph, lines));
  }

  const stub = stubMeasures(text, bodyStart, lines, blocks.headings, excluded, graph, blocks.codeBlocks);
  return { headings: blocks.headings, links, codeBlocks: blocks.codeBlocks, graph, ...stub };
}

/**
 * One reading of a body's blocks: by micromark's events (null where that reader gives up), from a
 * body with its long prose runs cut (prose-runs.ts) or, for `events-uncut`, as it is; or by the mdast tree.
 */
export function markdownBlocks(reader: 'events' | 'events-uncut' | 'tree', text: string, bodyStart: number, lines: LineIndex): MarkdownBlocks | null {
  if (reader === 'tree') return blocksFromTree(markdownTree(text, bodyStart, lines), text);
  const body = bodySource(text, bodyStart, lines);
  const cut = reader === 'events' ? cutProseRuns(body.source) : null;
  if (cut === null) return withTableHeads(text, bodyStart, lines, body, () => blocksFromEvents(markdownEvents(body.source), text, body.shift, headingTextAlone));
  const origin: EventOrigin = {
    at: cut.at,
    endAt: cut.endAt,
    // A value with no cut in it reads as micromark serializes it (tabs, virtual spaces); one with a cut
    // is sliced from the uncut body, which holds no tab where runs were cut.
    slice: (token, context) => (cut.uncut(token.start.offset, token.end.offset) ? context.sliceSerialize(token) : body.source.slice(cut.at(token.start.offset), cut.endAt(token.end.offset))),
  };
  return withTableHeads(text, bodyStart, lines, { firstLine: body.firstLine, source: cut.source }, () => blocksFromEvents(markdownEvents(cut.source), text, body.shift, headingTextAlone, origin));
}

/**
 * The text mdast gives a heading whose content has inline markup, from the content parsed alone as
 * a heading: inline parsing looks beyond a heading only for definitions, which only a `[` can use.
 */
function headingTextAlone(content: string): string | null {
  if (content.includes('[')) return null;
  // A parse of its own: the document's link closers do not index this text.
  const outer = closers;
  closers = null;
  let heading: RootContent | undefined;
  try {
    // Closed by a sequence of its own, so that `#`s ending the content (`**x** ##`) stay content.
    heading = (processor.parse(`# ${content} #`) as Root).children[0];
  } finally {
    closers = outer;
  }
  return heading?.type === 'heading' ? toString(heading) : null;
}

/** The same blocks read from the mdast tree: the reference reading, and the one for pages the events reader gives up on. */
function blocksFromTree(tree: Root, text: string): MarkdownBlocks {
  const headings: Heading[] = [];
  const codeBlocks: CodeBlock[] = [];
  const links: RawWikiLink[] = [];
  const excluded: [number, number][] = [];
  let lastHeading: string | null = null;

  const walk = (node: RootContent | Root, inTable: boolean) => {
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? 0;
    switch (node.type) {
      case 'heading': {
        lastHeading = headingTextOf(toString(node));
        headings.push({ depth: node.depth, text: lastHeading, line: node.position!.start.line, start, end });
        break;
      }
      case 'code': {
        const span = { start, end, line: node.position!.start.line, endLine: node.position!.end.line };
        codeBlocks.push(codeBlockAt(text, span, node.lang ?? null, node.meta ?? null, node.value, lastHeading));
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
    if ((node as { type: string }).type === 'wikiLink') {
      const link = node as unknown as WikiLinkNode;
      links.push({ value: link.value, alias: link.data.alias ?? link.value, start, end, inTable });
    }
    if ('children' in node) for (const child of node.children as RootContent[]) walk(child, inTable);
  };
  walk(tree, false);
  return { headings, codeBlocks, excluded, links };
}

/**
 * What micromark reads of a page: the body from the start of its first line (anything before
 * `bodyStart` on that line blanked, embeds masked), and how to shift its positions back into the
 * file. Handing micromark the front-matter as blank lines instead, the simpler way to keep file
 * offsets, cost a tenth of all parsing.
 */
function bodySource(text: string, bodyStart: number, lines: LineIndex): { source: string; shift: SourceShift; firstLine: number } {
  const firstLine = lines.point(bodyStart).line;
  const from = lines.lineStart(firstLine);
  const source = ' '.repeat(bodyStart - from) + text.slice(bodyStart).replaceAll('![[', `${EMBED_MARK}[[`);
  return { source, shift: { lines: firstLine - 1, offset: from }, firstLine };
}

/** Runs one (synchronous) parse of `body` with its table heads (in its own line numbers; see tablesBeforeDelimiterRows) and link closers (see wikiLinkCanClose) set. */
function withTableHeads<T>(text: string, bodyStart: number, lines: LineIndex, body: { firstLine: number; source: string }, parse: () => T): T {
  headLines = new Set([...tableHeadLines(text, bodyStart, lines)].map((line) => line - body.firstLine + 1));
  closers = { source: body.source, brackets: offsetsOf(body.source, /\]/g), eols: offsetsOf(body.source, /[\r\n]/g) };
  try {
    return parse();
  } finally {
    headLines = new Set();
    closers = null;
  }
}

function markdownEvents(source: string): Event[] {
  eventParser.defined = [];
  eventParser.lazy = {};
  const events = eventParser.document().write(preprocess()(source, undefined, true));
  const triggers = textTriggers(source);
  // micromark's postprocess subtokenizes until a pass finds nothing left to expand. The first pass
  // brings the flow, and with it every text chunk, into the document's events; plain text is then
  // left unexpanded, and the second pass parses the rest. All a third pass would expand is the
  // string content of link destinations and titles, which holds nothing the reader keeps.
  if (!subtokenize(events)) {
    leavePlainTextUnparsed(events, triggers);
    subtokenize(events);
  }
  return events;
}

/**
 * Inline parsing is a fifth of micromark's work, and the events reader keeps only three things it
 * makes: wikilinks (`[[`, an embed's masked `!` included), code spans (`` ` ``) and HTML comments
 * (`<!--`). Links, images and other HTML matter only when they hold one of those, which then has its
 * own trigger. A run of text (a paragraph's lines, a heading's content, a table cell) holding none
 * is left as one unparsed chunk; headings are read from their raw source anyway.
 */
const TEXT_TRIGGER = /\[\[|`|<!--/g;

function textTriggers(source: string): number[] {
  const offsets: number[] = [];
  for (let m = TEXT_TRIGGER.exec(source); m !== null; m = TEXT_TRIGGER.exec(source)) offsets.push(m.index);
  return offsets;
}

function leavePlainTextUnparsed(events: Event[], triggers: number[]): void {
  for (let index = 0; index < events.length; index++) {
    const [kind, token] = events[index]!;
    // A paragraph's lines are one chain of linked chunks, parsed as one text: all or none is left.
    if (token.contentType !== 'text' || kind !== 'enter' || token.previous !== undefined) continue;
    let plain = true;
    for (let chunk: typeof token | undefined = token; chunk && plain; chunk = chunk.next) plain = !triggerWithin(triggers, chunk.start.offset, chunk.end.offset);
    if (plain) for (let chunk: typeof token | undefined = token; chunk; chunk = chunk.next) chunk.contentType = undefined;
  }
}

function triggerWithin(sorted: number[], from: number, to: number): boolean {
  const first = countBelow(sorted, from);
  return first < sorted.length && sorted[first]! < to;
}

/** The mdast tree of the body, with file positions. It equals the tree of the whole file with its front-matter blanked (tests/vault/markdown-tree.test.ts). */
export function markdownTree(text: string, bodyStart: number, lines: LineIndex): Root {
  const body = bodySource(text, bodyStart, lines);
  const tree = withTableHeads(text, bodyStart, lines, body, () => processor.parse(body.source) as Root);
  if (body.shift.offset > 0) {
    shiftPositions(tree, body.shift);
    // The blanked lines would have started the document at its first character.
    tree.position!.start = { line: 1, column: 1, offset: 0 };
  }
  return tree;
}

function shiftPositions(node: Root | RootContent, shift: SourceShift): void {
  const position = node.position;
  if (position) {
    position.start.line += shift.lines;
    position.start.offset! += shift.offset;
    position.end.line += shift.lines;
    position.end.offset! += shift.offset;
  }
  if ('children' in node) for (const child of node.children) shiftPositions(child, shift);
}

/**
 * micromark's container handling is superlinear in nesting depth (1,500 nested list levels take
 * minutes, and so does a line of 10,000 `- `) and mdast recursion overflows the stack on thousands
 * of nested quotes. Real notes never nest this deep, so such a page is refused before parsing and
 * read by the line scanner instead.
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

/**
 * The deepest container nesting a line opens: quotes, indentation, and list markers, each of which
 * opens a list inside the last (`- - - …` on one line is ten thousand nested lists to micromark).
 */
function deepestNesting(text: string, bodyStart: number, lines: LineIndex): { depth: number; line: number } {
  let worst = { depth: 0, line: 0 };
  const blank = (i: number) => i >= text.length || text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13;
  for (let line = lines.point(bodyStart).line; line <= lines.lineCount; line++) {
    let depth = 0;
    let spaces = 0;
    for (let i = lines.lineStart(line); i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 62 /* > */) depth++;
      else if (c === 32) spaces++;
      else if (c === 9) spaces += 4;
      else if ((c === 45 /* - */ || c === 42 /* * */ || c === 43) /* + */ && blank(i + 1)) depth++;
      else if (c >= 48 && c <= 57) {
        // An ordered list marker: up to nine digits, then `.` or `)` and a blank.
        let j = i;
        while (j < text.length && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = text.charCodeAt(j);
        if ((d !== 46 && d !== 41) || !blank(j + 1)) break;
        depth++;
        i = j;
      } else break;
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
}

function toWikiLink(text: string, link: RawWikiLink, graph: MarkdownFacts['graph'], lines: LineIndex): WikiLink {
  let linkStart = link.start;
  const end = link.end;
  const embed = text[linkStart - 1] === '!';
  if (embed) linkStart -= 1;
  const raw = text.slice(linkStart, end);
  // In a table cell the divider is written `\|`; remark-wiki-link leaves the backslash on the target.
  let value = link.value;
  if (link.inTable && value.endsWith('\\')) value = value.slice(0, -1);
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
    display: hasDisplay ? link.alias : null,
    embed,
    inTable: link.inTable,
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
  // The length the kept text would have with every run of blanks collapsed to one space and the ends
  // trimmed (a cut region counts as a blank), counted in place rather than built and replaced.
  let length = 0;
  let blank = false;
  let cursor = bodyStart;
  for (let c = 0; c <= cut.length; c++) {
    const [a, b] = c < cut.length ? cut[c]! : [text.length, text.length];
    if (b <= cursor && c < cut.length) continue;
    for (let i = cursor; i < a; i++) {
      if (isBlank(text.charCodeAt(i))) blank = length > 0;
      else {
        length += blank ? 2 : 1;
        blank = false;
      }
    }
    if (c < cut.length) blank = length > 0;
    cursor = Math.max(cursor, b);
  }

  let errorCapture: MarkdownFacts['errorCapture'] = null;
  const inCode = (line: number) => codeBlocks.some((c) => line >= c.line && line <= c.endLine);
  const firstLine = lines.point(bodyStart).line;
  for (let line = firstLine; line <= lines.lineCount && !errorCapture; line++) {
    let at = lines.lineStart(line);
    const end = lines.lineEnd(line);
    while (at < end && isBlank(text.charCodeAt(at))) at++;
    const marker = MARKER_STARTS.has(text.charCodeAt(at)) ? ERROR_CAPTURE_MARKERS.find((m) => text.startsWith(m, at) && at + m.length <= end) : undefined;
    if (marker && !inCode(line)) errorCapture = { line, column: at - lines.lineStart(line) + 1, marker };
  }
  // Empty means nothing at all after the front-matter (spec §5, obsidian): a heading, code, a comment
  // or a placeholder is content. Stops at the first non-blank character, so it costs nothing on a real page.
  let bodyEmpty = true;
  for (let i = bodyStart; i < text.length && bodyEmpty; i++) if (!isBlank(text.charCodeAt(i))) bodyEmpty = false;
  return { bodyTextLength: length, bodyEmpty, errorCapture };
}

/** What `\s` matches (and `trim` removes): ASCII blanks, NBSP, the Unicode space separators, line and paragraph separators, BOM. */
function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
