// Absolute URLs and XML text for the sitemap and the feed.

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
