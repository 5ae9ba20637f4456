// The parts of a page's Markdown the engine keeps (headings, code blocks, comments, inline code,
// tables, wikilinks), read straight from micromark's events: the token stream remark-parse compiles
// into mdast. kb only needs a few of the tree's nodes, and compiling the whole tree was a sixth of
// all parsing. Every value is sliced from its token as mdast-util-from-markdown slices it, through
// the token's own tokenizer; a heading with inline markup is compiled alone. Where that is not
// exact (a heading with a `[`, whose meaning may hang on a definition elsewhere; a fence info with
// escapes or references; a setext heading over several lines), the reader gives up and the page is
// read from the tree instead.
// tests/vault/markdown-events.test.ts pins both readings equal.
import type { Event, Token, TokenizeContext } from 'micromark-util-types';
import type { CodeBlock, Heading } from './types.ts';

/** A wikilink as remark-wiki-link's mdast node has it: `alias` is the target when none is written. */
export interface RawWikiLink {
  value: string;
  alias: string;
  /** File offsets of the link's `[[` and of its end. */
  start: number;
  end: number;
  inTable: boolean;
}

export interface MarkdownBlocks {
  headings: Heading[];
  codeBlocks: CodeBlock[];
  /** Code, inline code and HTML comments: not text for the stub test, and no place for a `%%` comment. */
  excluded: [number, number][];
  links: RawWikiLink[];
}

/** Where the parsed source sits in the file: its first line and the offset of that line's start. */
export interface SourceShift {
  lines: number;
  offset: number;
}

/** Characters that make a heading's text differ from its source: escapes, references, code, links, HTML, emphasis. */
const NOT_PLAIN_HEADING = /[\\&`[\]<*_]/;
const NOT_PLAIN_INFO = /[\\&]/;
/** An HTML comment, as the tree reader tells one: an HTML block's value may start with its indent. */
const COMMENT_START = /[ \t]*<!--/y;

/**
 * micromark reads `![` as the start of an image, so `![[x]]` never reaches the wiki-link tokenizer.
 * Swapping the `!` for a private-use character of the same length keeps every offset and lets the
 * link through; the original character is looked up again to mark the link as an embed.
 */
export const EMBED_MARK = '\uE000';

/**
 * Where the events' offsets and values come from: the source micromark read, or the uncut body when
 * it read one with its prose runs cut (prose-runs.ts).
 */
export interface EventOrigin {
  at(offset: number): number;
  endAt(offset: number): number;
  slice(token: Token, context: TokenizeContext): string;
}

const AS_READ: EventOrigin = { at: (offset) => offset, endAt: (offset) => offset, slice: (token, context) => context.sliceSerialize(token) };

interface OpenCode {
  lang: string | null;
  meta: string | null;
  parts: string[];
}

/**
 * Reads the blocks from the events of one parse (after micromark's postprocess) of `source`, whose
 * offsets are shifted by `shift` into `text`, the whole file. `headingText` gives the text of a
 * heading whose content is not plain, or null when only the page's tree can. Null when a page needs
 * the tree.
 */
export function blocksFromEvents(events: Event[], text: string, shift: SourceShift, headingText: (content: string) => string | null, origin: EventOrigin = AS_READ): MarkdownBlocks | null {
  const headings: Heading[] = [];
  const codeBlocks: CodeBlock[] = [];
  const excluded: [number, number][] = [];
  const links: RawWikiLink[] = [];
  let lastHeading: string | null = null;
  let heading: { depth: number; text: string } | null = null;
  let code: OpenCode | null = null;
  let link: { value: string; alias: string | null } | null = null;
  let tables = 0;
  let images = 0;

  for (let index = 0; index < events.length; index++) {
    const [kind, token, context] = events[index]!;
    const enter = kind === 'enter';
    // A string: the wiki-link extension's token types are not in micromark's map.
    switch (token.type as string) {
      case 'atxHeading':
      case 'setextHeading':
        if (enter) heading = { depth: 0, text: '' };
        else if (heading) {
          lastHeading = headingTextOf(heading.text);
          headings.push({ depth: heading.depth, text: lastHeading, line: token.start.line + shift.lines, start: origin.at(token.start.offset) + shift.offset, end: origin.endAt(token.end.offset) + shift.offset });
          heading = null;
        }
        break;
      case 'atxHeadingSequence':
        if (!enter && heading && heading.depth === 0) heading.depth = origin.slice(token, context).length;
        break;
      case 'setextHeadingLineSequence':
        if (!enter && heading) heading.depth = origin.slice(token, context).codePointAt(0) === 61 ? 1 : 2;
        break;
      case 'atxHeadingText':
      case 'setextHeadingText':
        if (!enter && heading) {
          if (token.start.line !== token.end.line) return null;
          const content = origin.slice(token, context);
          if (NOT_PLAIN_HEADING.test(content)) {
            const rich = headingText(content);
            if (rich === null) return null;
            heading.text = rich;
          } else heading.text = content;
        }
        break;
      case 'codeFenced':
      case 'codeIndented':
        if (enter) code = { lang: null, meta: null, parts: [] };
        else if (code) {
          const joined = code.parts.join('');
          const value = token.type === 'codeFenced' ? joined.replace(/^(\r?\n|\r)|(\r?\n|\r)$/g, '') : joined.replace(/(\r?\n|\r)$/g, '');
          const span = { start: origin.at(token.start.offset) + shift.offset, end: origin.endAt(token.end.offset) + shift.offset, line: token.start.line + shift.lines, endLine: token.end.line + shift.lines };
          codeBlocks.push(codeBlockAt(text, span, code.lang, code.meta, value, lastHeading));
          excluded.push([span.start, span.end]);
          code = null;
        }
        break;
      case 'codeFencedFenceInfo':
      case 'codeFencedFenceMeta':
        if (!enter && code) {
          const value = origin.slice(token, context);
          if (NOT_PLAIN_INFO.test(value)) return null;
          if (token.type === 'codeFencedFenceInfo') code.lang = value;
          else code.meta = value;
        }
        break;
      case 'codeFlowValue':
        if (!enter && code) code.parts.push(origin.slice(token, context));
        break;
      case 'lineEnding':
        // Kept in a code value as mdast-util-from-markdown keeps them (its fence line holds none).
        if (!enter && code) code.parts.push(origin.slice(token, context));
        break;
      case 'htmlFlow':
      case 'htmlText':
        if (!enter) {
          const start = origin.at(token.start.offset) + shift.offset;
          COMMENT_START.lastIndex = start;
          if (COMMENT_START.test(text)) excluded.push([start, origin.endAt(token.end.offset) + shift.offset]);
        }
        break;
      case 'codeText':
        if (!enter) excluded.push([origin.at(token.start.offset) + shift.offset, origin.endAt(token.end.offset) + shift.offset]);
        break;
      case 'table':
        tables += enter ? 1 : -1;
        break;
      case 'image':
        // An image's label becomes its `alt` string: mdast keeps no node, wikilink or other, from it.
        images += enter ? 1 : -1;
        break;
      case 'wikiLink':
        if (enter) link = { value: '', alias: null };
        else if (link) {
          if (images === 0) {
            links.push({
              value: link.value,
              alias: link.alias || link.value,
              start: origin.at(token.start.offset) + shift.offset,
              end: origin.endAt(token.end.offset) + shift.offset,
              inTable: tables > 0,
            });
          }
          link = null;
        }
        break;
      case 'wikiLinkTarget':
        if (!enter && link) link.value = origin.slice(token, context);
        break;
      case 'wikiLinkAlias':
        if (!enter && link) link.alias = origin.slice(token, context);
        break;
    }
  }
  return { headings, codeBlocks, excluded, links };
}

/** A heading's text as the engine keeps it, from what mdast's `toString` gives (or the plain source). */
export function headingTextOf(text: string): string {
  return text.replaceAll(EMBED_MARK, '!').trim();
}

/** A code block from its span in the file and the values both readers take from their own source. */
export function codeBlockAt(text: string, span: { start: number; end: number; line: number; endLine: number }, lang: string | null, meta: string | null, value: string, heading: string | null): CodeBlock {
  // Indented code has no fence; its content starts on its first line.
  const fenced = /^[ \t]{0,3}(?:```|~~~)/.test(text.slice(span.start, span.start + 6));
  return {
    lang,
    meta,
    value: value.replaceAll(`${EMBED_MARK}[[`, '![['),
    start: span.start,
    end: span.end,
    line: span.line,
    endLine: span.endLine,
    contentLine: span.line + (fenced ? 1 : 0),
    heading,
    fenced,
  };
}
