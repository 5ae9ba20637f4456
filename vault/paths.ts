// Branded string types: a vault path, a page name, a link target and a URL slug are all strings,
// and mixing them up is the classic wiki-generator bug (Quartz does the same).
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Vault-relative, POSIX `/`, NFC, with extension: `10_Wiki/Topics/Generalization-in-AI.md`. */
export type VaultPath = Brand<string, 'VaultPath'>;
/** A page's file name without `.md`: `Generalization-in-AI`. */
export type PageName = Brand<string, 'PageName'>;
/** What a wikilink names, anchor removed: `Double-Descent`, `../img/a.png`, `Topics/Note`. */
export type LinkTarget = Brand<string, 'LinkTarget'>;
/** A URL path segment sequence for the site: `10_wiki/topics/generalization-in-ai`. */
export type Slug = Brand<string, 'Slug'>;

export const asVaultPath = (s: string) => s.normalize('NFC').replace(/\\/g, '/') as VaultPath;
export const asLinkTarget = (s: string) => s as LinkTarget;

/** shared/spec/vault.md §1: NFC, lower-case, trimmed, inner whitespace runs → one space. */
export function key(s: string): string {
  // NFC is a no-op on ASCII, which most names are; skipping it halves the cost of indexing a vault.
  const nfc = /^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFC');
  return nfc.toLowerCase().trim().replace(/\s+/g, ' ');
}

/** shared/spec/vault.md §1: `key` without any whitespace, `-` or `_`. */
export function fuzzy(s: string): string {
  return fuzzyOfKey(key(s));
}

/** `fuzzy` of a string whose `key` is `k`: for a caller that needs both. */
export function fuzzyOfKey(k: string): string {
  return k.replace(/[\s\-_]/g, '');
}

export function pageNameOf(path: VaultPath): PageName {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return (file.toLowerCase().endsWith('.md') ? file.slice(0, -3) : file) as PageName;
}

export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Path without the `.md` suffix, as rule 1 of link resolution compares it. */
export function stripMd(path: string): string {
  return path.toLowerCase().endsWith('.md') ? path.slice(0, -3) : path;
}

/** Site URL path for a page: lower-cased path segments, spaces as `-`, everything else kept (the browser encodes it). */
export function slugOf(path: VaultPath): Slug {
  return stripMd(path)
    .split('/')
    .map((seg) => key(seg).replace(/ /g, '-').replace(/[?#%"<>\\^`{|}]/g, ''))
    .join('/') as Slug;
}

/** Orders strings by Unicode code point (the spec's sort order); `<` alone compares UTF-16 units. */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}
