// Any Obsidian vault: no key is required, and the keys Obsidian itself reads take every shape it
// accepts (spec §5): `tags`, `aliases`, `cssclasses` as one string or a list with empty items. A value
// Obsidian cannot use (`aliases: 3`) is a warning under this profile; only malformed YAML is an error.
import { z } from 'zod';
import { lenientList } from './fields.ts';

export const obsidianPage = z
  .object({
    aliases: lenientList.optional(),
    tags: lenientList.optional(),
    cssclasses: lenientList.optional(),
  })
  .loose();

export type ObsidianPage = z.infer<typeof obsidianPage>;
