// `kb dev`: Astro's dev server with the vault watched through the content layer's own watcher (the
// one Vite runs), so there is no second server. On a save the next Site is made (Site.update: the
// engine parses again only the notes whose bytes changed), the pages whose digest changed are
// rendered and stored, and the summary entry is stored again; Astro then writes its data store and
// Vite reloads the open pages. A note whose front-matter no longer parses keeps the last good site
// on screen and shows Vite's error overlay at the note's file:line:col instead, until it is fixed.
import { createReadStream } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { LoaderContext } from 'astro/loaders';
import type { Diagnostic } from '../../vault/types.ts';
import { setLivePages } from './dev-live.ts';
import { siteOptions } from './options.ts';
import { getSite, replaceSite, type Site } from './site.ts';
import { storePages, storeSummary } from './store.ts';

type Watcher = NonNullable<LoaderContext['watcher']>;
type Context = Pick<LoaderContext, 'store' | 'parseData' | 'logger'>;

interface Session {
  pages?: Context;
  site?: Context;
  /** The overlay being shown, sent again to every page that connects until the note is fixed. */
  error: unknown;
  watching: boolean;
  changed: Set<string>;
  timer: NodeJS.Timeout | null;
  running: Promise<void>;
  /** The URLs Astro's page routes list as of the last save (null before the first). */
  routes: Set<string> | null;
}

// On globalThis: Astro may load this module more than once (its content config is reloaded), and
// there must be one watcher per process.
const KEY = Symbol.for('kb.dev.session');
const session: Session = ((globalThis as Record<symbol, unknown>)[KEY] ??= { error: null, watching: false, changed: new Set(), timer: null, running: Promise.resolve(), routes: null }) as Session;

/** The Vite dev server, stashed by the `kb-dev` plugin in astro.config.mjs, for its error overlay. */
const VITE = Symbol.for('kb.vite.server');
interface HotChannel {
  send(payload: unknown): void;
  on(event: 'connection', listener: () => void): void;
}
const viteHot = (): HotChannel | undefined => ((globalThis as Record<symbol, unknown>)[VITE] as { ws?: HotChannel } | undefined)?.ws;

/** The files kb dev reacts to: notes, attachments and the settings that say what is published. */
function relevant(vaultDir: string, file: string): boolean {
  const rel = relative(vaultDir, file);
  if (rel.startsWith('..') || rel === '') return false;
  const parts = rel.split(sep);
  if (rel === 'kb.config.json' || rel === join('.obsidian', 'templates.json') || rel === join('.obsidian', 'plugins', 'templater-obsidian', 'data.json')) return true;
  // The engine's caches (.kb-cache/), Obsidian's workspace files and any other dot-folder are not content.
  return !parts.some((p) => p.startsWith('.'));
}

export function watchVault(watcher: Watcher, contexts: { pages?: Context; site?: Context }): void {
  Object.assign(session, contexts);
  if (session.watching) return;
  session.watching = true;
  const { vaultDir } = siteOptions();
  watcher.add(vaultDir);
  // A page that loads (or reloads) while a note is broken gets the overlay too.
  viteHot()?.on('connection', () => {
    if (session.error) viteHot()?.send(session.error);
  });
  const onEvent = (file: string) => {
    if (!relevant(vaultDir, file)) return;
    session.changed.add(relative(vaultDir, file).split(sep).join('/'));
    // Editors write a file in several steps (truncate, write, rename): one update per burst.
    if (session.timer) clearTimeout(session.timer);
    session.timer = setTimeout(() => {
      session.timer = null;
      const changed = [...session.changed];
      session.changed.clear();
      session.running = session.running.then(() => update(changed)).catch((error: Error) => session.site?.logger.error(`kb dev: ${error.stack ?? error.message}`));
    }, 30);
  };
  watcher.on('change', onEvent);
  watcher.on('add', onEvent);
  watcher.on('unlink', onEvent);
}

/** The front-matter errors of the saved notes, as Vite's overlay shows a compile error. */
function frontMatterErrors(site: Site, changed: string[]): Diagnostic[] {
  const files = new Set(changed);
  const seen = new Set<string>();
  return site.vault.diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.rule}`;
    return files.has(d.file) && d.severity === 'error' && /^(frontmatter-(?!duplicate)|yaml-)/.test(d.rule) && !seen.has(key) && seen.add(key);
  });
}

/** The URLs the page, tag and category routes list through getStaticPaths, which Astro reads again only once its data store is written. */
function routesOf(site: Site): Set<string> {
  return new Set([...[...site.model.pages.values()].map((p) => p.slug), ...site.tagPages.map((t) => `tags/${t.slug}`), ...site.categoryPages.map((c) => `categories/${c.slug}`)]);
}

async function update(changed: string[]): Promise<void> {
  const t0 = performance.now();
  const options = siteOptions();
  const previous = await getSite(options);
  const next = await previous.update(changed);
  const tModel = performance.now();
  const errors = frontMatterErrors(next, changed);
  const hot = viteHot();
  const logger = session.site?.logger ?? session.pages?.logger;
  if (errors.length) {
    const first = errors[0]!;
    const file = join(next.vault.dir, next.vault.diskPath(first.file));
    const message = errors.map((d) => `${d.file}:${d.line}:${d.column}  ${d.message}  ${d.rule}`).join('\n');
    logger?.error(`kb dev: the site is not updated until this is fixed:\n${message}`);
    session.error = { type: 'error', err: { message: `front-matter error in ${first.file}:${first.line}:${first.column}\n${message}`, stack: '', id: file, plugin: 'kb', loc: { file, line: first.line, column: first.column } } };
    hot?.send(session.error);
    return;
  }
  session.error = null;
  replaceSite(options, Promise.resolve(next));
  const payload = await next.payload(null, { graph: false });
  const tPayload = performance.now();
  if (session.site) storeSummary(session.site, payload);
  const stats = session.pages ? await storePages(session.pages, payload.pages, { allProblems: false }) : { pages: 0, rendered: 0 };
  // Astro writes its data store half a second after the last change (its save debounce) and reloads
  // the open pages then. The saved note's page and those whose backlinks changed have their render
  // records now, so the open page reloads at once (also after a fix that stores what was there
  // before) and renders from dev-live.ts; Astro's own reload follows.
  // Not when the save adds a URL (a new note, tag or category): until Astro's reload its routes do
  // not list it, so the early page would show a link (a backlink to the new note) that 404s.
  const before = (session.routes ??= routesOf(previous));
  session.routes = routesOf(next);
  setLivePages(payload.pages);
  if ([...session.routes].every((r) => before.has(r))) hot?.send({ type: 'full-reload', path: '*' });
  const ms = (a: number, b: number) => Math.round(b - a);
  const end = performance.now();
  logger?.info(`kb dev: ${changed.join(', ')}: ${stats.rendered} of ${stats.pages} pages rendered in ${ms(t0, end)} ms (vault ${ms(t0, tModel)}, site data ${ms(tModel, tPayload)}, render ${ms(tPayload, end)})`);
}

const TYPES: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', bmp: 'image/bmp', pdf: 'application/pdf', mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', m4a: 'audio/mp4', mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime' };

type Next = () => void;
interface Res {
  setHeader(name: string, value: string): void;
  end(): void;
}

/**
 * `kb dev` serves the vault's attachments at /attachments/ as `kb build` copies them: only those the
 * current Site publishes (never a file an ignore glob or a templates folder holds, never a path
 * outside the vault).
 */
export function attachmentMiddleware() {
  return (req: { url?: string }, res: Res & NodeJS.WritableStream, next: Next) => {
    const options = siteOptions();
    const prefix = `${options.base}attachments/`;
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!pathname.startsWith(prefix)) return next();
    let path: string;
    try {
      path = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      return next();
    }
    void getSite(options).then(
      (site) => {
        const published = site.model.attachments.find((a) => a === path);
        if (!published) return next();
        res.setHeader('content-type', TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream');
        createReadStream(join(site.vault.dir, site.vault.diskPath(published))).on('error', () => res.end()).pipe(res);
      },
      () => next(),
    );
  };
}
