// Collections come from the vault engine (site/lib/loader.ts), never from Astro's glob loader; page
// front-matter is validated by the same zod schemas as `kb check` (schemas/). Redirect pages and
// attachments are not collections: site/build.ts writes them straight from the site model.
import { defineCollection } from 'astro:content';
import { z } from 'zod';
import { mocPage, topicPage } from '../schemas/index.ts';
import { pagesLoader, siteLoader } from './lib/loader.ts';

const pages = defineCollection({ loader: pagesLoader(), schema: z.union([mocPage, topicPage]) });

const site = defineCollection({ loader: siteLoader() });

export const collections = { pages, site };
