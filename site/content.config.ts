// Collections come from the vault engine (site/lib/loader.ts), never from Astro's glob loader. A
// page's front-matter was already validated by the engine against its profile's zod schema
// (schemas/: `topic` for kb's own vaults, `obsidian` for any other) and what it stores is what the
// engine parsed, so the collection takes it as it is. Redirect pages and attachments are not
// collections: site/build.ts writes them straight from the site model.
import { defineCollection } from 'astro:content';
import { z } from 'zod';
import { pagesLoader, siteLoader } from './lib/loader.ts';

const pages = defineCollection({ loader: pagesLoader(), schema: z.record(z.string(), z.unknown()) });

const site = defineCollection({ loader: siteLoader() });

export const collections = { pages, site };
