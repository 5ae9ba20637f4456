// The shape of the `site` collection's one entry (written by siteLoader in loader.ts).
import { getEntry } from 'astro:content';

export interface Listed {
  url: string;
  title: string;
  status: string | null;
}

export interface SiteSummary {
  vaultDir: string;
  stats: {
    files: number;
    built: number;
    mocs: number;
    redirectPages: number;
    redirectUrls: number;
    attachments: number;
    stubs: number;
    left: number;
    links: { total: number; resolved: number; redirect: number; fixable: number; unresolved: number };
    diagnostics: { error: number; warning: number; info: number };
  };
  mostLinked: { url: string; title: string; count: number }[];
  recent: { url: string; title: string; date: string }[];
  categories: { name: string; slug: string; mocUrl: string | null; pages: Listed[] }[];
  tags: { tag: string; slug: string; pages: Listed[] }[];
  attachments: { path: string; url: string; file: string }[];
  graph: { groups: string[]; nodes: [string, string, number, number, number, number][]; edges: number[] };
}

export async function siteSummary(): Promise<SiteSummary> {
  const entry = await getEntry('site', 'vault');
  if (!entry) throw new Error('kb site: the site collection has no "vault" entry (did the vault load?)');
  return entry.data as unknown as SiteSummary;
}
