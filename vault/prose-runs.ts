// The body as the events reader hands it to micromark: long runs of letters, digits and spaces cut
// to their first and last character. micromark spends much of a page's parse stepping through prose
// one character at a time, and no character inside such a run can change what the reader keeps:
// block structure is decided at line starts and by lines made only of markers, a wikilink's target
// only needs a non-blank character, and code spans and comments by backticks and `<!--`; and as a
// run keeps its first and last character, no two other characters become neighbours. Every offset
// micromark reports is mapped back (`at`, `endAt`), and values are sliced from the uncut body.
// Where a run could matter, nothing is cut: a page with a link reference definition (`]:`, whose
// labels are matched by their text); lines holding `&`, `\`, a tab, a fence (whose info ends at a
// space), `](` (a link destination, which a space ends; also the line after it, where a destination
// may sit), or `<` before a letter or `/!?` (raw HTML or an autolink; a tag left open at the line's
// end keeps the lines up to its `>` uncut too). Nor is a run cut that starts with a digit
// (`1234567890.` is no list item, `12345678.` is). tests/vault/markdown-events.test.ts pins the
// readings of cut and uncut bodies equal, on hand-made cases, content/ and random bodies.

import { countBelow } from './sorted.ts';

/** Unicode letters kb cuts: Latin, Greek to Devanagari and beyond, kana and CJK, Hangul syllables (all in the BMP, none a space or mark of Markdown). */
const LETTER = 'A-Za-z\\u00C0-\\u02FF\\u0370-\\u1FFF\\u3040-\\u9FFF\\uAC00-\\uD7A3';
/** A run: starts with a letter, ends with a letter or digit, and holds only those and spaces. */
const RUN = new RegExp(`[${LETTER}][${LETTER}0-9 ]*[${LETTER}0-9]`, 'g');
/** Shorter runs are left as they are: cutting them saves less than the cut costs. */
const MIN_RUN = 6;
const UNCUT_PAGE = /\]:/;
const UNCUT_LINE = /[&\\\t]|```|~~~/;
const LINK_DESTINATION = /\]\(/;
const TAG_OPEN = /<[A-Za-z/!?]/g;

/** Where the last tag (or comment, or autolink) opens on `line`; -1 when none does. */
function lastTagOpening(line: string): number {
  let last = -1;
  if (!line.includes('<')) return last;
  TAG_OPEN.lastIndex = 0;
  for (let m = TAG_OPEN.exec(line); m !== null; m = TAG_OPEN.exec(line)) last = m.index;
  return last;
}

export interface CutBody {
  /** The body micromark reads. */
  source: string;
  /** Where the character at `offset` in `source` sits in the uncut body. */
  at(offset: number): number;
  /** Where a span of `source` that ends (exclusive) at `offset` ends in the uncut body: after the same character. */
  endAt(offset: number): number;
  /** Whether `source` and the uncut body hold the same text from `start` to `end` (offsets in `source`). */
  uncut(start: number, end: number): boolean;
}

/** The body with its long prose runs cut, or null when nothing would be cut. */
export function cutProseRuns(body: string): CutBody | null {
  if (UNCUT_PAGE.test(body)) return null;
  // Where a cut starts (an offset in the cut text) and how many characters all cuts up to it removed.
  const starts: number[] = [];
  const removed: number[] = [];
  let total = 0;
  const parts: string[] = [];
  let from = 0;
  let afterDestination = false;
  let tagOpen = false;
  while (from <= body.length) {
    let end = body.indexOf('\n', from);
    if (end < 0) end = body.length;
    const line = body.slice(from, end);
    const destination = LINK_DESTINATION.test(line);
    // A line that opens a tag, or goes on with one opened above; the tag stays open past the line
    // when no `>` follows its last opening (or, going on, when the line has no `>` at all).
    const opening = lastTagOpening(line);
    const inTag: boolean = tagOpen || opening >= 0;
    if (inTag) {
      const close = line.lastIndexOf('>');
      tagOpen = opening >= 0 ? close < opening : close < 0;
    }
    if (afterDestination || destination || inTag || UNCUT_LINE.test(line)) parts.push(line);
    else {
      RUN.lastIndex = 0;
      let kept = 0;
      for (let m = RUN.exec(line); m !== null; m = RUN.exec(line)) {
        const run = m[0];
        if (run.length < MIN_RUN) continue;
        parts.push(line.slice(kept, m.index + 1), run[run.length - 1]!);
        // The cut starts just after the run's first character, at its offset in the cut text.
        starts.push(from + m.index + 1 - total);
        total += run.length - 2;
        removed.push(total);
        kept = m.index + run.length;
      }
      parts.push(line.slice(kept));
    }
    afterDestination = destination;
    if (end === body.length) break;
    parts.push('\n');
    from = end + 1;
  }
  if (total === 0) return null;
  const source = parts.join('');
  const shiftAt = (offset: number) => {
    // The cuts at or before `offset` (a cut at c keeps the run's first character before c).
    const cuts = countBelow(starts, offset + 1);
    return cuts === 0 ? 0 : removed[cuts - 1]!;
  };
  return {
    source,
    at: (offset) => offset + shiftAt(offset),
    // A span may end just after a run's first character, where a cut starts: it ends after that character.
    endAt: (offset) => (offset === 0 ? 0 : offset + shiftAt(offset - 1)),
    uncut: (start, end) => end <= start || shiftAt(start) === shiftAt(end - 1),
  };
}
