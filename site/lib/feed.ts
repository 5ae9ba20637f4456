// Dates, absolute URLs and XML text for the sitemap and the feed.

/** Pages in the feed (feed.xml): the most recently changed. */
export const FEED_SIZE = 50;

/** `url` is a site path (it starts with the build's `base`); on `baseUrl` when the config gives one. */
export function absolute(url: string, base: string, baseUrl: string | null): string {
  if (!baseUrl) return url;
  const rest = url.startsWith(base) ? url.slice(base.length) : url.replace(/^\/+/, '');
  return new URL(rest, baseUrl).href;
}

export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The front-matter keys a note states its date under, the first that holds a date winning. */
export const DATE_KEYS = ['updated', 'modified', 'last_reinforced', 'date', 'created'];

/** A page's feed date: the date the note states, else `mtimeMs`, its file's modification time. */
export function feedDate(data: Record<string, unknown>, mtimeMs: () => number): string {
  return statedDate(data) ?? new Date(mtimeMs()).toISOString();
}

/** The date a note states, or null. */
export function statedDate(data: Record<string, unknown>): string | null {
  const stated = DATE_KEYS.map((k) => data[k]).find((v) => (typeof v === 'string' && !Number.isNaN(Date.parse(v))) || v instanceof Date);
  return stated ? new Date(stated as string | Date).toISOString() : null;
}
