// The file each route writes under the out dir (Astro's `build.format: 'directory'`). Routes are
// known by these files in the build manifest and in an incremental build's plan.
export const pageFile = (slug: string) => `${slug}/index.html`;
export const categoryFile = (slug: string) => `categories/${slug}/index.html`;
export const tagFile = (slug: string) => `tags/${slug}/index.html`;
export const attachmentFile = (path: string) => `attachments/${path}`;

export const HOME = 'index.html';
export const NOT_FOUND = '404.html';
export const SEARCH = 'search/index.html';
export const GRAPH = 'graph/index.html';
export const GRAPH_JSON = 'graph.json';
export const CATEGORIES = 'categories/index.html';
export const TAGS = 'tags/index.html';
export const SITEMAP = 'sitemap.xml';
export const FEED = 'feed.xml';

/** Routes Astro renders on every build, whatever the plan (they have no getStaticPaths to filter). */
export const STATIC_ROUTES = [HOME, NOT_FOUND, SEARCH, GRAPH, GRAPH_JSON, CATEGORIES, TAGS, SITEMAP, FEED];
