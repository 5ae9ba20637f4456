// What a page's note embeds (`![[Note]]`, `![[Note#Heading]]`, `![[Note#^block]]`) transclude: the
// notes the engine resolved each embed to, followed to a depth limit, as plain data a render worker
// can receive. The site never resolves a link itself: the target is the engine's resolution (or a
// redirect's final page), and only notes the site builds are transcluded.
import type { VaultPath } from '../../../vault/paths.ts';
import type { ResolvedLink } from '../../../vault/types.ts';
import type { SiteModel, VaultView } from '../model.ts';
import type { LinkSpan, LinkView } from './markdown.ts';
import { executionPlan, type ExecutionPlan } from './outputs.ts';

/** Embeds nested deeper than this show a marker instead of their content. */
export const MAX_EMBED_DEPTH = 4;
/** At most this many transclusions on one page, however the embeds fan out. */
export const MAX_TRANSCLUSIONS = 64;

export interface EmbedRef {
  note: VaultPath;
  /** `Heading`, `H1#H2` or `^blockid`, as written; null for the whole note. */
  anchor: string | null;
}

export interface EmbeddedNote {
  path: VaultPath;
  title: string;
  url: string;
  text: string;
  bodyStart: number;
  links: LinkSpan[];
  views: LinkView[];
  plan: ExecutionPlan;
  /** By link index: what each of this note's own embeds transcludes. */
  refs: (EmbedRef | null)[];
}

export interface EmbedTable {
  /** The page being rendered, so a note embedding itself is caught at once. */
  self: VaultPath;
  /** By the page's link index. */
  refs: (EmbedRef | null)[];
  notes: Record<string, EmbeddedNote>;
}

function embedTarget(vault: VaultView, model: SiteModel, link: ResolvedLink): VaultPath | null {
  if (!link.embed || link.resolution.attachment || link.resolution.path === null) return null;
  const target = link.class === 'resolved' ? link.resolution.path : link.class === 'redirect' ? (link.finalTarget ?? vault.finalTarget(link.resolution.path)) : null;
  return target && model.pages.has(target) ? target : null;
}

function refsOf(vault: VaultView, model: SiteModel, path: VaultPath): (EmbedRef | null)[] {
  return vault.outlinks(path).map((l) => {
    const note = embedTarget(vault, model, l);
    // `![[#Heading]]` embeds a section of the page itself.
    return note ? { note, anchor: l.anchor && l.anchor.trim() !== '' ? l.anchor.trim() : null } : null;
  });
}

/** The notes `path`'s embeds reach within MAX_EMBED_DEPTH, or null when it embeds none. */
export function collectEmbeds(vault: VaultView, model: SiteModel, path: VaultPath): EmbedTable | null {
  const refs = refsOf(vault, model, path);
  if (!refs.some(Boolean)) return null;
  const notes: Record<string, EmbeddedNote> = {};
  let frontier = refs.filter((r): r is EmbedRef => r !== null).map((r) => r.note);
  for (let depth = 1; depth <= MAX_EMBED_DEPTH && frontier.length; depth++) {
    const next: VaultPath[] = [];
    for (const note of frontier) {
      if (notes[note]) continue;
      const page = vault.pages.get(note)!;
      const site = model.pages.get(note)!;
      const links = vault.outlinks(note);
      const entry: EmbeddedNote = {
        path: note,
        title: site.title,
        url: site.url,
        text: vault.text(note),
        bodyStart: page.frontMatter.present ? page.frontMatter.end : page.bom ? 1 : 0,
        links: links.map((l) => ({ start: l.start, end: l.end, raw: l.raw })),
        views: links.map((l) => model.linkView(l)),
        plan: executionPlan(page),
        refs: refsOf(vault, model, note),
      };
      notes[note] = entry;
      for (const r of entry.refs) if (r && !notes[r.note]) next.push(r.note);
    }
    frontier = next;
  }
  return { self: path, refs, notes };
}

/** What of the embed table decides the page's HTML, for its digest: each note's content hash and link views. */
export function embedKey(vault: VaultView, table: EmbedTable | null): unknown {
  if (!table) return null;
  return [table.refs, Object.values(table.notes).map((n) => [n.path, vault.pages.get(n.path)!.hash, n.title, n.url, n.views, n.refs])];
}
