// Obsidian's inline `#tags`: one syntax rule shared by the engine (which tags a note has, for the
// site's tag pages) and the renderer (which text becomes a tag link), so the two never disagree on
// what a tag is. Obsidian's rules: a tag starts at `#` after the start of a line, a blank or opening
// punctuation; it holds letters, digits, `_`, `-` and `/` (nesting, `#area/sub`); pure digits
// (`#1984`) are not a tag; nothing in code, math or a `%%comment%%` is a tag, and a heading's `# `
// marker is not one (`#` must be followed by a tag character).
import { obsidianComments } from './obsidian-comments.ts';

export interface TagMatch {
  /** The tag without its `#`, as written (`area/sub`). */
  tag: string;
  /** Offset of the `#` in the searched string, and the end of the tag. */
  start: number;
  end: number;
}

// The character before `#` must not be one that makes it part of a word, a URL fragment (`page#x`),
// an entity (`&#38;`), a wikilink anchor (`[[#h]]`) or a second `#`.
const TAG = /(?<![^\s(*_~="'“‘>])#([\p{L}\p{N}\p{M}_\-/]+)/gu;

/** The tags in one run of plain text (a text node, a line). */
export function tagsInText(value: string): TagMatch[] {
  if (!value.includes('#')) return [];
  const found: TagMatch[] = [];
  for (const m of value.matchAll(TAG)) {
    const tag = m[1]!.replace(/\/+$/, '');
    if (tag === '' || /^[\p{N}/]+$/u.test(tag) || tag.startsWith('/')) continue;
    found.push({ tag, start: m.index, end: m.index + 1 + tag.length });
  }
  return found;
}

const FENCE = /^ {0,3}(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})/;

/**
 * The inline tags of a note (`text` the whole file, `bodyStart` past its front-matter), each once,
 * in the order first written; tags differing only in case are one tag, as in Obsidian. A line scan
 * rather than a Markdown parse, so the site model can afford it for every note: fenced code, `$$`
 * math blocks, inline code, HTML comments and `%%comments%%` are blanked first. (Indented code
 * blocks are read as text.)
 */
export function inlineTags(text: string, bodyStart: number): string[] {
  // Most notes have no tag-like text at all (a heading's `# ` is not one): then nothing is blanked.
  TAG.lastIndex = bodyStart;
  const any = TAG.test(text);
  TAG.lastIndex = 0;
  if (!any) return [];
  const code: [number, number][] = [];
  let fence: { char: string; length: number; start: number } | null = null;
  let math: number | null = null;
  let at = bodyStart;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl + 1;
    const line = text.slice(at, end);
    const open = FENCE.exec(line);
    if (fence) {
      if (open && open[1]![0] === fence.char && open[1]!.length >= fence.length && line.trim().replace(/^(>\s?)*/, '').replace(/[`~]/g, '') === '') {
        code.push([fence.start, end]);
        fence = null;
      }
    } else if (math !== null) {
      if (line.includes('$$')) {
        code.push([math, end]);
        math = null;
      }
    } else if (open) fence = { char: open[1]![0]!, length: open[1]!.length, start: at };
    else if (/^\s*\$\$/.test(line)) {
      // `$$x$$` on one line is a whole block; a lone `$$` opens one.
      if (line.trim().slice(2).includes('$$')) code.push([at, end]);
      else math = at;
    } else {
      for (const m of line.matchAll(/(`+)[\s\S]*?(?<!`)\1(?!`)|<!--[\s\S]*?-->|\$[^$\n]+\$/g)) code.push([at + m.index, at + m.index + m[0].length]);
    }
    at = end;
  }
  if (fence) code.push([fence.start, text.length]);
  if (math !== null) code.push([math, text.length]);
  const hidden = [...code, ...obsidianComments(text, bodyStart, code)].sort((a, b) => a[0] - b[0]);
  let visible = text.slice(0, bodyStart).replace(/[^\n]/g, ' ');
  let cursor = bodyStart;
  for (const [a, b] of hidden) {
    if (b <= cursor) continue;
    visible += text.slice(cursor, Math.max(cursor, a)) + text.slice(Math.max(cursor, a), b).replace(/[^\n]/g, ' ');
    cursor = b;
  }
  visible += text.slice(cursor);
  const seen = new Map<string, string>();
  for (const { tag } of tagsInText(visible)) {
    const key = tag.toLowerCase();
    if (!seen.has(key)) seen.set(key, tag);
  }
  return [...seen.values()];
}

/** Front-matter tags then inline tags, each once (case-insensitively, the first spelling kept). */
export function mergeTags(frontMatter: readonly string[], inline: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of [...frontMatter, ...inline]) {
    const tag = raw.replace(/^#/, '');
    if (tag && !seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  }
  return [...seen.values()];
}
