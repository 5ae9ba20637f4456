// A map-of-content page that kb generates per category (shared/spec/vault.md §8).
import { z } from 'zod';
import { nonEmpty } from './fields.ts';

export const mocPage = z
  .object({
    type: z.literal('moc'),
    title: nonEmpty,
    category: nonEmpty,
  })
  .loose();

export type MocPage = z.infer<typeof mocPage>;
