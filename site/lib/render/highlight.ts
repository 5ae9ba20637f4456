// Shiki highlighting at build time with both themes in one pass: tokens carry --shiki-light and
// --shiki-dark variables and the stylesheet picks one, so dark mode needs no second render.
import type { Element } from 'hast';
import { bundledLanguagesInfo, createHighlighter, type BundledLanguage, type Highlighter } from 'shiki';

const LANGS: BundledLanguage[] = ['typescript', 'javascript', 'tsx', 'python', 'json', 'bash', 'yaml', 'markdown', 'html', 'css', 'sql', 'rust', 'cpp', 'c', 'java', 'go', 'diff', 'latex'];
const ALIASES: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', sh: 'bash', shell: 'bash', zsh: 'bash', yml: 'yaml', md: 'markdown', 'c++': 'cpp', tex: 'latex' };

/**
 * The names a block's language may have for each grammar of LANGS (its Shiki id and aliases): a block
 * is highlighted when its language names one of them, and shown plain otherwise, whichever grammars
 * happen to be loaded (embedded ones such as R in Markdown included).
 */
const GRAMMAR_OF = new Map<string, BundledLanguage>(
  LANGS.flatMap((lang) => {
    const info = bundledLanguagesInfo.find((l) => l.id === lang || l.aliases?.includes(lang));
    return [lang, ...(info ? [info.id, ...(info.aliases ?? [])] : [])].map((name): [string, BundledLanguage] => [name, lang]);
  }),
);

let highlighter: Promise<Highlighter> | null = null;

/** One Shiki a thread, its grammars loaded as asked for: loading all of them takes half a second. */
function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({ themes: ['github-light', 'github-dark'], langs: [] });
  return highlighter;
}

export interface Highlight {
  (code: string, lang: string | null | undefined): Element;
  /** Grammars blocks asked for that are not loaded yet: their blocks came out plain. */
  readonly missing: ReadonlySet<BundledLanguage>;
  /** The same with the missing grammars loaded. */
  more(): Promise<Highlight>;
}

function plain(code: string, lang: string | null | undefined): Element {
  return {
    type: 'element',
    tagName: 'pre',
    properties: { className: ['shiki', 'plain'], dataLang: lang ?? undefined },
    children: [{ type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: code }] }],
  };
}

/**
 * Resolves once Shiki is ready; the returned function is synchronous so the renderer stays sync.
 * `onDemand`: no grammar is loaded yet, and a block whose grammar is missing comes out plain and is
 * noted in `missing`, for the caller to render it again with `more()`: a build that renders one
 * page needs a grammar or two, not all 18.
 */
export async function createHighlight(options: { onDemand?: boolean } = {}): Promise<Highlight> {
  const shiki = await getHighlighter();
  if (!options.onDemand) await load(shiki, LANGS);
  return highlightWith(shiki);
}

/** The names of every grammar this thread's Shiki has loaded, ever since (so an older `Highlight` sees grammars a newer one loaded). */
let loaded = new Set<string>();

async function load(shiki: Highlighter, langs: Iterable<BundledLanguage>): Promise<void> {
  await shiki.loadLanguage(...[...langs].filter((lang) => !loaded.has(lang)));
  loaded = new Set(shiki.getLoadedLanguages());
}

function highlightWith(shiki: Highlighter): Highlight {
  const missing = new Set<BundledLanguage>();
  const highlight = (code: string, rawLang: string | null | undefined): Element => {
    const lang = rawLang ? (ALIASES[rawLang.toLowerCase()] ?? rawLang.toLowerCase()) : null;
    const grammar = lang === null ? undefined : GRAMMAR_OF.get(lang);
    if (!lang || grammar === undefined) return plain(code, rawLang);
    if (!loaded.has(lang)) {
      missing.add(grammar);
      return plain(code, rawLang);
    }
    const root = shiki.codeToHast(code, { lang, themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false });
    const pre = root.children.find((n): n is Element => n.type === 'element');
    if (!pre) return plain(code, rawLang);
    pre.properties.dataLang = rawLang ?? undefined;
    delete pre.properties.tabindex;
    return pre;
  };
  const more = async () => {
    await load(shiki, missing);
    return highlightWith(shiki);
  };
  return Object.assign(highlight, { missing, more });
}
