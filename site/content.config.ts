// Collections come from the vault engine (site/lib/loader.ts), never from Astro's glob loader. A
// page's front-matter was already validated by the engine against its profile's zod schema
// (schemas/: `topic` for kb's own vaults, `obsidian` for any other) and what it stores is what the
// engine parsed, so the collection takes it as it is. Redirect pages and attachments are not
// collections: site/build.ts writes them straight from the site model.
// From 'astro/content/config' rather than 'astro:content': the virtual module would have Vite
// transform Astro's whole rendering runtime (80 modules) before any loader runs, on every build.
import { defineCollection } from 'astro/content/config';
import { z } from 'zod';
import { pagesLoader, siteLoader } from './lib/loader.ts';

const pages = defineCollection({ loader: pagesLoader(), schema: z.record(z.string(), z.unknown()) });

const site = defineCollection({ loader: siteLoader() });

export const collections = { pages, site };
