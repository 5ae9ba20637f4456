// Every internal link and asset reference in a built site must resolve to a file the site serves.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface BrokenLink {
  page: string;
  url: string;
}

function htmlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'pagefind') htmlFiles(full, out);
    } else if (name.endsWith('.html')) out.push(full);
  }
  return out;
}

const ATTR = /\s(?:href|src|content)="([^"]*)"/g;

function decodeEntities(s: string): string {
  return s.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

function served(dist: string, pathname: string): boolean {
  const file = join(dist, decodeURIComponent(pathname));
  if (!file.startsWith(dist)) return false;
  if (pathname.endsWith('/')) return existsSync(join(file, 'index.html'));
  return (existsSync(file) && statSync(file).isFile()) || existsSync(join(file, 'index.html'));
}

/** Checks href/src (and a meta refresh's url=) of every HTML page; returns what does not resolve. */
export function checkLinks(dist: string, base = '/'): { pages: number; links: number; broken: BrokenLink[] } {
  const broken: BrokenLink[] = [];
  const files = htmlFiles(dist);
  let links = 0;
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    const rel = relative(dist, file).split(sep).join('/');
    const pageUrl = new URL(`http://site${base}${rel.replace(/index\.html$/, '').replace(/^\//, '')}`);
    for (const m of html.matchAll(ATTR)) {
      let raw = decodeEntities(m[1]!);
      if (m[0].startsWith(' content=')) {
        const refresh = /^\d+;\s*url=(.*)$/i.exec(raw);
        if (!refresh) continue;
        raw = refresh[1]!;
      }
      if (!raw || raw.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(raw)) continue;
      const url = new URL(raw, pageUrl);
      if (url.host !== 'site') continue;
      links++;
      if (!url.pathname.startsWith(base) || !served(dist, url.pathname.slice(base.length))) broken.push({ page: rel, url: raw });
    }
  }
  return { pages: files.length, links, broken };
}
