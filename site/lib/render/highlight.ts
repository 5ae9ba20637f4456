// Shiki highlighting at build time with both themes in one pass: tokens carry --shiki-light and
// --shiki-dark variables and the stylesheet picks one, so dark mode needs no second render.
import type { Element } from 'hast';
import { createHighlighter, type Highlighter } from 'shiki';

const LANGS = ['typescript', 'javascript', 'tsx', 'python', 'json', 'bash', 'yaml', 'markdown', 'html', 'css', 'sql', 'rust', 'cpp', 'c', 'java', 'go', 'diff', 'latex'];
const ALIASES: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', sh: 'bash', shell: 'bash', zsh: 'bash', yml: 'yaml', md: 'markdown', 'c++': 'cpp', tex: 'latex' };

let highlighter: Promise<Highlighter> | null = null;

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({ themes: ['github-light', 'github-dark'], langs: LANGS });
  return highlighter;
}

export interface Highlight {
  (code: string, lang: string | null | undefined): Element;
}

function plain(code: string, lang: string | null | undefined): Element {
  return {
    type: 'element',
    tagName: 'pre',
    properties: { className: ['shiki', 'plain'], dataLang: lang ?? undefined },
    children: [{ type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: code }] }],
  };
}

/** Resolves once Shiki is ready; the returned function is synchronous so the renderer stays sync. */
export async function createHighlight(): Promise<Highlight> {
  const shiki = await getHighlighter();
  const loaded = new Set(shiki.getLoadedLanguages());
  return (code, rawLang) => {
    const lang = rawLang ? (ALIASES[rawLang.toLowerCase()] ?? rawLang.toLowerCase()) : null;
    if (!lang || !loaded.has(lang)) return plain(code, rawLang);
    const root = shiki.codeToHast(code, { lang, themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false });
    const pre = root.children.find((n): n is Element => n.type === 'element');
    if (!pre) return plain(code, rawLang);
    pre.properties.dataLang = rawLang ?? undefined;
    delete pre.properties.tabindex;
    return pre;
  };
}
