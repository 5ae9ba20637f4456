// Link resolution, exactly shared/spec/vault.md §3: one resolver for the CLI, fixes and the site.
import { folderOf, fuzzy, fuzzyOfKey, key, stripMd, type VaultPath } from './paths.ts';
import type { Page, Resolution, ResolutionRule } from './types.ts';

const MD_EXT = /\.md$/i;

/**
 * Obsidian's own attachment formats (spec §3). A missing `img.png` is a missing attachment; a missing
 * `Node.js` is a note not yet written, like any other unresolved page link.
 */
export const ATTACHMENT_FORMATS: ReadonlySet<string> = new Set(['png', 'jpg', 'jpeg', 'gif', 'bmp', 'svg', 'webp', 'avif', 'mp3', 'wav', 'm4a', 'ogg', '3gp', 'flac', 'mp4', 'webm', 'ogv', 'mov', 'mkv', 'pdf', 'canvas', 'base']);

/** The extension of the target's last segment (lower-case, without the dot), `.md` excepted; or null. */
export function extensionOf(target: string): string | null {
  const last = target.slice(target.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  if (dot <= 0 || dot === last.length - 1) return null;
  const ext = last.slice(dot + 1).toLowerCase();
  return ext === 'md' || /\s/.test(ext) ? null : ext;
}

/**
 * The last segment has another extension (`img.png`, `Node.js`, `v1.2`): the target is looked up
 * among attachments first, then among pages (spec §3, amended: dotted note names are pages).
 */
export function looksLikeAttachment(target: string): boolean {
  return extensionOf(target) !== null;
}

/** The target names one of Obsidian's attachment formats: missing, it is a missing attachment, never a page. */
export function isAttachmentFormat(target: string): boolean {
  const ext = extensionOf(target);
  return ext !== null && ATTACHMENT_FORMATS.has(ext);
}

const UNRESOLVED: Resolution = { path: null, rule: null, attachment: false, ambiguous: [] };

function push(map: Map<string, VaultPath[]>, k: string, path: VaultPath) {
  const list = map.get(k);
  if (list) {
    if (list.at(-1) !== path) list.push(path);
  } else map.set(k, [path]);
}

/**
 * Obsidian prefers the note with the shortest path; the spec breaks ties lexicographically. Shortest
 * is counted in folders first (what Obsidian shows as "shortest path when possible"), then characters.
 */
export function preferShortest(a: string, b: string): number {
  const depth = a.split('/').length - b.split('/').length;
  if (depth !== 0) return depth;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A resolver's name tables, as plain data (kept by the incremental check: vault/check-incremental.ts). */
export interface ResolverIndex {
  byName: [string, VaultPath[]][];
  byTitle: [string, VaultPath[]][];
  byAlias: [string, VaultPath[]][];
  byFuzzy: [string, VaultPath[]][];
  attachmentsByName: [string, VaultPath[]][];
}

export class Resolver {
  readonly #byName: Map<string, VaultPath[]>;
  readonly #byTitle: Map<string, VaultPath[]>;
  readonly #byAlias: Map<string, VaultPath[]>;
  readonly #byFuzzy: Map<string, VaultPath[]>;
  readonly #attachmentsByName: Map<string, VaultPath[]>;
  // A vault repeats the same targets on many pages; every target but a relative one resolves the
  // same from any page, so each is resolved once (results are shared, and never mutated).
  readonly #resolved = new Map<string, Resolution>();
  readonly #fuzzyMatched = new Map<string, VaultPath[]>();

  /** `index`: the tables of another resolver (`toIndex`) to take instead of indexing `pages` and `attachments`. */
  constructor(pages: Iterable<Page>, attachments: Iterable<VaultPath>, index?: ResolverIndex) {
    this.#byName = new Map(index?.byName);
    this.#byTitle = new Map(index?.byTitle);
    this.#byAlias = new Map(index?.byAlias);
    this.#byFuzzy = new Map(index?.byFuzzy);
    this.#attachmentsByName = new Map(index?.attachmentsByName);
    if (index) return;
    // Each key once, its fuzzy key made from it: indexing 10k pages is mostly these.
    for (const page of pages) {
      const name = key(page.name);
      push(this.#byName, name, page.path);
      push(this.#byFuzzy, fuzzyOfKey(name), page.path);
      const title = explicitTitle(page);
      if (title !== null) {
        const k = key(title);
        push(this.#byTitle, k, page.path);
        push(this.#byFuzzy, fuzzyOfKey(k), page.path);
      }
      for (const alias of page.aliases) {
        const k = key(alias);
        push(this.#byAlias, k, page.path);
        push(this.#byFuzzy, fuzzyOfKey(k), page.path);
      }
    }
    for (const file of attachments) push(this.#attachmentsByName, key(file.slice(file.lastIndexOf('/') + 1)), file);
  }

  /** Its name tables as data, for `fromIndex` to rebuild the same resolver without computing a key. */
  toIndex(): ResolverIndex {
    return { byName: [...this.#byName], byTitle: [...this.#byTitle], byAlias: [...this.#byAlias], byFuzzy: [...this.#byFuzzy], attachmentsByName: [...this.#attachmentsByName] };
  }

  /** The resolver whose `toIndex` this is: indexing 10k pages' names costs far more than reading the tables back. */
  static fromIndex(index: ResolverIndex): Resolver {
    return new Resolver([], [], index);
  }

  /** Resolves a link target (anchor already removed) written on page `from`. */
  resolve(rawTarget: string, from: VaultPath): Resolution {
    const known = this.#resolved.get(rawTarget);
    if (known !== undefined) return known;
    let target = rawTarget.trim();
    if (target === '') return { path: from, rule: 'self', attachment: false, ambiguous: [] };
    // `[[Node.js.md]]` names the page alone; `[[Node.js]]` is a file named so if there is one, else the page.
    const explicitPage = MD_EXT.test(target);
    if (explicitPage) target = target.slice(0, -3);
    const tryAttachment = !explicitPage && looksLikeAttachment(target);
    if (target.startsWith('./') || target.startsWith('../')) {
      const joined = joinRelative(folderOf(from), target);
      if (joined === null) return UNRESOLVED;
      return this.#firstOf(tryAttachment, (attachment) => this.#byExactPath(joined, attachment));
    }
    // Only results that do not depend on `from` are remembered.
    const resolution = this.#firstOf(tryAttachment, (attachment) => this.#resolveAnywhere(target, attachment));
    this.#resolved.set(rawTarget, resolution);
    return resolution;
  }

  /** As an attachment when the target could be one and such a file exists, else as a page. */
  #firstOf(tryAttachment: boolean, resolve: (attachment: boolean) => Resolution): Resolution {
    if (tryAttachment) {
      const file = resolve(true);
      if (file.path !== null) return file;
    }
    return resolve(false);
  }

  #resolveAnywhere(target: string, attachment: boolean): Resolution {
    if (target.startsWith('/')) return this.#byExactPath(target.replace(/^\/+/, ''), attachment);
    if (target.includes('/')) return this.#bySuffix(target, attachment);
    const k = key(target);
    if (attachment) return pick(this.#attachmentsByName.get(k), 'attachment', true);
    return pickIfAny(this.#byName.get(k), 'name') ?? pickIfAny(this.#byTitle.get(k), 'title') ?? pickIfAny(this.#byAlias.get(k), 'alias') ?? UNRESOLVED;
  }

  /**
   * Whether a link written `[[target]]` (no `.md`) could reach something other than the page: a
   * non-page file of that name, or a name in one of Obsidian's attachment formats. Only then does a
   * link to the page need its `.md` (spec §7 step 3).
   */
  needsMdSuffix(target: string): boolean {
    if (!looksLikeAttachment(target)) return false;
    if (isAttachmentFormat(target)) return true;
    const t = target.replace(/^\/+/, '');
    return (t.includes('/') ? this.#bySuffix(t, true) : pick(this.#attachmentsByName.get(key(t)), 'attachment', true)).path !== null;
  }

  /** Pages whose name, title or alias has the target's fuzzy key (the fixable-link test). */
  fuzzyMatches(target: string): VaultPath[] {
    let matches = this.#fuzzyMatched.get(target);
    if (matches === undefined) {
      matches = this.#byFuzzy.get(fuzzy(target.replace(MD_EXT, ''))) ?? [];
      this.#fuzzyMatched.set(target, matches);
    }
    return matches;
  }

  /** Pages a bare name would resolve to by rule 2: more than one means the name is ambiguous. */
  pagesNamed(name: string): VaultPath[] {
    return this.#byName.get(key(name)) ?? [];
  }

  // Rule 1: pages (or attachments) whose path ends with the target on a segment boundary.
  #bySuffix(target: string, attachment: boolean): Resolution {
    const last = target.slice(target.lastIndexOf('/') + 1);
    const wanted = key(target);
    const candidates = attachment ? this.#attachmentsByName.get(key(last)) : this.#byName.get(key(last));
    const matches = (candidates ?? []).filter((p) => {
      const have = key(attachment ? p : stripMd(p));
      return have === wanted || have.endsWith(`/${wanted}`);
    });
    return pick(matches, attachment ? 'attachment' : 'path', attachment);
  }

  #byExactPath(path: string, attachment: boolean): Resolution {
    const last = path.slice(path.lastIndexOf('/') + 1);
    const candidates = attachment ? this.#attachmentsByName.get(key(last)) : this.#byName.get(key(last));
    const wanted = key(path);
    const matches = (candidates ?? []).filter((p) => key(attachment ? p : stripMd(p)) === wanted);
    return pick(matches, attachment ? 'attachment' : 'path', attachment);
  }
}

function pick(matches: VaultPath[] | undefined, rule: ResolutionRule, attachment: boolean): Resolution {
  if (!matches || matches.length === 0) return UNRESOLVED;
  if (matches.length === 1) return { path: matches[0]!, rule, attachment, ambiguous: [] };
  const sorted = [...matches].sort(preferShortest);
  return { path: sorted[0]!, rule, attachment, ambiguous: sorted.slice(1) };
}

function pickIfAny(matches: VaultPath[] | undefined, rule: ResolutionRule): Resolution | null {
  return matches && matches.length > 0 ? pick(matches, rule, false) : null;
}

/** `./x` and `../x` against the linking page's folder; null when it climbs out of the vault. */
function joinRelative(folder: string, target: string): string | null {
  const parts = folder === '' ? [] : folder.split('/');
  for (const segment of target.split('/')) {
    if (segment === '.' || segment === '') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.join('/');
}

/** The title written in front-matter, if any: a missing title must not make same-name notes duplicates. */
export function explicitTitle(page: Page): string | null {
  const title = page.frontMatter.data?.title;
  return typeof title === 'string' && title.trim() !== '' ? title : null;
}
