// The site never parses a wikilink itself: the engine already found every link with its source
// offsets. Before the Markdown parse, each link's span is replaced by an opaque run of private-use
// characters of exactly the same length that encodes the link's index. Markdown treats the run as
// plain text (no emphasis, no table pipe, no escapes), offsets stay file offsets, and every text
// node that holds a run maps back to the engine's ResolvedLink by index.
const MARK = '\uF8FF';
const PAD = '\uF8FE';
const DIGIT0 = 0xe000;
const BASE = 0x1000; // U+E000–U+EFFF: 4096 digits, two digits cover 16M links per page
const MIN_SPAN = 4; // mark + two digits + at least one pad never happens below `[[a]]` (5 chars)

export const PLACEHOLDER_RE = /\uF8FF([\uE000-\uEFFF])([\uE000-\uEFFF])\uF8FE*/g;

function encode(index: number, length: number): string {
  const hi = String.fromCharCode(DIGIT0 + Math.floor(index / BASE));
  const lo = String.fromCharCode(DIGIT0 + (index % BASE));
  return MARK + hi + lo + PAD.repeat(length - 3);
}

export function decodeMatch(hi: string, lo: string): number {
  return (hi.charCodeAt(0) - DIGIT0) * BASE + (lo.charCodeAt(0) - DIGIT0);
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Blanks `[0, bodyStart)` (BOM, front-matter) keeping line breaks, and swaps each span for its
 * placeholder. Spans must not overlap; a span shorter than a placeholder is left as written.
 */
export function maskText(text: string, bodyStart: number, spans: readonly Span[]): string {
  const order = spans.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start);
  const parts: string[] = [text.slice(0, bodyStart).replace(/[^\r\n]/g, ' ')];
  let at = bodyStart;
  for (const s of order) {
    if (s.start < at || s.end - s.start < MIN_SPAN || s.end > text.length) continue;
    parts.push(text.slice(at, s.start), encode(s.i, s.end - s.start));
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Puts the original source back wherever a placeholder ended up outside plain text (a URL, an alt, math). */
export function unmask(value: string, raws: readonly string[]): string {
  if (!value.includes(MARK)) return value;
  return value.replace(PLACEHOLDER_RE, (whole, hi: string, lo: string) => raws[decodeMatch(hi, lo)] ?? whole);
}
