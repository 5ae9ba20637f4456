// Collections come from the vault engine (site/lib/loader.ts), never from Astro's glob loader; page
// front-matter is validated by the same zod schemas as `kb check` (schemas/).
import { defineCollection } from 'astro:content';
import { z } from 'zod';
import { mocPage, topicPage } from '../schemas/index.ts';
import { pagesLoader, redirectsLoader, siteLoader } from './lib/loader.ts';

const pages = defineCollection({ loader: pagesLoader(), schema: z.union([mocPage, topicPage]) });

const redirects = defineCollection({
  loader: redirectsLoader(),
  schema: z.object({ url: z.string(), toUrl: z.string(), toTitle: z.string(), reason: z.enum(['redirect', 'alias']), label: z.string() }),
});

const site = defineCollection({ loader: siteLoader() });

export const collections = { pages, redirects, site };
