// The single source of truth for page front-matter: the vault engine, the CLI, the JSON Schema files
// for editors and Astro's content collection all import these.
import { z } from 'zod';
import { mocPage } from './moc.ts';
import { obsidianPage } from './obsidian.ts';
import { topicPage } from './topic.ts';

export { topicPage, type TopicPage } from './topic.ts';
export { mocPage, type MocPage } from './moc.ts';
export { obsidianPage, type ObsidianPage } from './obsidian.ts';
export { PAGE_ID, STATUSES, TRUST_LEVELS, isCalendarDate } from './fields.ts';

export { PROFILES, type Profile } from './profiles.ts';
import type { Profile } from './profiles.ts';

/** The schema a page is validated against: MOCs (`type: moc`) have their own under either profile. */
export function schemaFor(profile: Profile, data: Record<string, unknown>): z.ZodType {
  if (data.type === 'moc') return mocPage;
  return profile === 'topic' ? topicPage : obsidianPage;
}

/** JSON Schemas derived from the zod schemas, keyed by the file name they are written to. */
export function jsonSchemas(): Record<string, unknown> {
  const toJson = (schema: z.ZodType, title: string) => ({
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    title,
  });
  return {
    'topic.schema.json': toJson(topicPage, 'kb topic page front-matter'),
    'moc.schema.json': toJson(mocPage, 'kb MOC page front-matter'),
    'obsidian.schema.json': toJson(obsidianPage, 'kb Obsidian profile front-matter'),
  };
}
