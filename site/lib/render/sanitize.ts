// Raw HTML written in a note is parsed (hast-util-raw, so `<details>` opened in one block and closed
// in another nests as in a browser) and then passes an allowlist (hast-util-sanitize): GitHub's
// schema, plus what Obsidian users write (`<mark>`, `<u>`, `<small>`…) and the callout markup the
// renderer itself builds around note content. Scripts, styles, frames, event handlers and
// `javascript:`/`data:` URLs never pass.
//
// What the renderer builds from trusted data and needs attributes no note may write (Shiki's
// styles, KaTeX, chart SVG, media players, transclusions) is set aside as a slot — an empty
// `<kb-slot>` whose key holds a random nonce — before sanitizing, and put back after. A note cannot
// forge a slot: it cannot know the nonce, and unknown slots are removed.
import { randomUUID } from 'node:crypto';
import type { Element, ElementContent, Nodes, Parent, Root } from 'hast';
import { raw } from 'hast-util-raw';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';

const SLOT = 'kb-slot';

/** Classes the renderer puts on elements that hold note content (callouts, highlights). */
const CLASSES = ['callout', 'callout-title', 'callout-title-inner', 'callout-icon', 'callout-content', 'is-collapsible', 'task-list-item', 'contains-task-list'];

const schema: Schema = {
  ...defaultSchema,
  // Heading and block ids must be exactly what links point at; the site's scripts read no named
  // globals, so ids are not prefixed. `name` still is (it clobbers `document.x` on forms and images).
  clobber: ['name'],
  tagNames: [...defaultSchema.tagNames!, 'mark', 'u', 'small', 'abbr', 'cite', 'dfn', SLOT],
  strip: ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'textarea', 'select', 'svg', 'math', 'title'],
  attributes: {
    ...defaultSchema.attributes,
    [SLOT]: ['dataSlot'],
    div: [...(defaultSchema.attributes!.div ?? []), ['className', ...CLASSES], 'dataCallout', 'dataCalloutStyle', 'dataCalloutFold', 'role', 'ariaLabel'],
    details: [['className', ...CLASSES], 'dataCallout', 'dataCalloutStyle', 'dataCalloutFold', 'open'],
    summary: [...(defaultSchema.attributes!.summary ?? []), ['className', ...CLASSES]],
    span: [['className', ...CLASSES]],
    li: [['className', ...CLASSES]],
    abbr: ['title'],
    dfn: ['title'],
  },
};

/** Trusted subtrees set aside while the rest of the tree is sanitized. */
export class Slots {
  readonly #nonce = randomUUID();
  readonly #held = new Map<string, ElementContent[]>();

  /** An empty placeholder element that `restore` replaces by `content`. */
  hold(...content: ElementContent[]): Element {
    const key = `${this.#nonce}:${this.#held.size}`;
    this.#held.set(key, content);
    return { type: 'element', tagName: SLOT, properties: { dataSlot: key }, children: [] };
  }

  /** Parses raw HTML, sanitizes, and puts the held subtrees back (slots a note wrote are dropped). */
  finish(tree: Root, hasRaw: boolean): Root {
    const parsed = hasRaw ? (raw(tree) as Root) : tree;
    const clean = sanitize(parsed, schema) as Root;
    if (hasRaw) dropRelativeImages(clean);
    this.#restore(clean);
    return clean;
  }

  #restore(node: Parent) {
    const out: (typeof node.children)[number][] = [];
    for (const child of node.children) {
      if (child.type === 'element' && child.tagName === SLOT) {
        const key = child.properties.dataSlot;
        const held = typeof key === 'string' ? this.#held.get(key) : undefined;
        if (held) out.push(...(held as typeof out));
        continue;
      }
      if ('children' in child) this.#restore(child);
      out.push(child);
    }
    node.children = out;
  }
}

/** True when the tree holds raw HTML from the note (only then is the HTML parser needed). */
export function hasRawHtml(node: Nodes): boolean {
  if (node.type === 'raw') return true;
  return 'children' in node && node.children.some((c) => hasRawHtml(c as Nodes));
}

/**
 * An `<img>` a note wrote with a relative `src` would be fetched from the site, where the vault's
 * files are not (attachments are served from the URLs the engine resolved `![[…]]` to): it keeps
 * its alt text only. Only web images pass.
 */
function dropRelativeImages(node: Parent) {
  const kept: Nodes[] = [];
  for (const child of node.children) {
    if (child.type === 'element' && child.tagName === 'img' && !/^https?:/i.test(String(child.properties.src ?? ''))) {
      if (typeof child.properties.alt === 'string' && child.properties.alt) kept.push({ type: 'text', value: child.properties.alt });
      continue;
    }
    if (child.type === 'element') dropRelativeImages(child);
    kept.push(child);
  }
  node.children = kept as typeof node.children;
}
