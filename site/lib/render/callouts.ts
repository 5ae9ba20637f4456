// Obsidian callouts: a blockquote whose first line is `[!type]`, optionally `+` (foldable, open) or
// `-` (foldable, closed), then an optional title. Foldable callouts are <details>/<summary>, so they
// open and close with the keyboard and announce their state without a script; the others are a
// <div role="note">. Unknown types look like `note` but keep their name in `data-callout`, so a
// stylesheet can still give them their own colour, as Obsidian's snippets do.
import type { Blockquote, Paragraph, PhrasingContent } from 'mdast';

/** Every type Obsidian documents, with its aliases, and the style (and icon) each one takes. */
export const CALLOUT_TYPES: Record<string, string> = {
  note: 'note',
  abstract: 'abstract',
  summary: 'abstract',
  tldr: 'abstract',
  info: 'info',
  todo: 'todo',
  tip: 'tip',
  hint: 'tip',
  important: 'tip',
  success: 'success',
  check: 'success',
  done: 'success',
  question: 'question',
  help: 'question',
  faq: 'question',
  warning: 'warning',
  caution: 'warning',
  attention: 'warning',
  failure: 'failure',
  fail: 'failure',
  missing: 'failure',
  danger: 'danger',
  error: 'danger',
  bug: 'bug',
  example: 'example',
  quote: 'quote',
  cite: 'quote',
};

// 24×24 stroke icons, drawn for this site.
const ICON_PATHS: Record<string, string> = {
  note: '<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="m13 7 4 4"/>',
  abstract: '<rect x="6" y="4" width="12" height="17" rx="2"/><path d="M9 3h6v3H9zM9 11h6M9 15h6"/>',
  info: '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.01"/>',
  todo: '<circle cx="12" cy="12" r="9"/><path d="m8 12 3 3 5-6"/>',
  tip: '<path d="M12 3c1 4 6 6 6 11a6 6 0 0 1-12 0c0-3 2-4 2-7 2 1 3 2 4 4 1-3 0-6 0-8z"/>',
  success: '<path d="m5 12 5 5 9-10"/>',
  question: '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.4-1 1-1 1.7v.5M12 17v.01"/>',
  warning: '<path d="M12 4 2.5 20h19z"/><path d="M12 10v4M12 17v.01"/>',
  failure: '<path d="M6 6l12 12M18 6 6 18"/>',
  danger: '<path d="M13 2 4 14h7l-1 8 9-12h-7z"/>',
  bug: '<rect x="8" y="6" width="8" height="14" rx="4"/><path d="M4 13h4M16 13h4M5 7l3 2M19 7l-3 2M5 19l3-2M19 19l-3-2"/>',
  example: '<path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01"/>',
  quote: '<path d="M7 7h4v4c0 3-1 5-4 6M14 7h4v4c0 3-1 5-4 6"/>',
};

export function calloutIcon(style: string): string {
  return `<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${ICON_PATHS[style] ?? ICON_PATHS.note}</svg>`;
}

export interface Callout {
  /** The type as written, lower-cased (`faq`), and the style it takes (`question`). */
  type: string;
  style: string;
  fold: '' | '+' | '-';
  /** The title's inline content, or null for the default title (the type, capitalised). */
  title: PhrasingContent[] | null;
  defaultTitle: string;
  /** The blockquote's content after the first line. */
  body: Blockquote['children'];
}

const HEAD = /^\[!([^\]\s]+)\]([+-]?)[ \t]*/;

/** Reads a blockquote as a callout, or null when its first line is not `[!type]`. */
export function readCallout(node: Blockquote): Callout | null {
  const first = node.children[0];
  if (first?.type !== 'paragraph') return null;
  const lead = first.children[0];
  if (lead?.type !== 'text') return null;
  const head = HEAD.exec(lead.value);
  if (!head) return null;
  const type = head[1]!.toLowerCase();
  // The title is the rest of the first line, inline markup included; the paragraph's later lines
  // (lazy continuation of the `> [!type]` line) are the first paragraph of the body.
  const title: PhrasingContent[] = [];
  const rest: PhrasingContent[] = [];
  const children: PhrasingContent[] = [{ ...lead, value: lead.value.slice(head[0].length) }, ...first.children.slice(1)];
  let inTitle = true;
  for (const child of children) {
    if (!inTitle) rest.push(child);
    else if (child.type === 'text' && child.value.includes('\n')) {
      const nl = child.value.indexOf('\n');
      if (nl > 0) title.push({ type: 'text', value: child.value.slice(0, nl) });
      if (nl < child.value.length - 1) rest.push({ type: 'text', value: child.value.slice(nl + 1) });
      inTitle = false;
    } else if (child.type === 'break') inTitle = false;
    else title.push(child);
  }
  const body: Blockquote['children'] = [];
  if (rest.length) body.push({ type: 'paragraph', children: rest, position: first.position } as Paragraph);
  body.push(...node.children.slice(1));
  const blank = title.every((c) => c.type === 'text' && c.value.trim() === '');
  return {
    type,
    style: CALLOUT_TYPES[type] ?? 'note',
    fold: head[2] as Callout['fold'],
    title: blank ? null : title,
    defaultTitle: type.charAt(0).toUpperCase() + type.slice(1),
    body,
  };
}
