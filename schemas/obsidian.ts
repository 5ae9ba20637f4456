// Any Obsidian vault: no key is required, but the keys Obsidian itself reads must have its shapes.
import { z } from 'zod';
import { stringList } from './fields.ts';

export const obsidianPage = z
  .object({
    title: z.string().optional(),
    aliases: stringList.optional(),
    tags: stringList.optional(),
    status: z.string().optional(),
    category: z.string().optional(),
  })
  .loose();

export type ObsidianPage = z.infer<typeof obsidianPage>;
