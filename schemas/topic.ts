// The topic page: every front-matter key of the seed page (shared/seeds/Generalization-in-AI.md).
import { z } from 'zod';
import { STATUSES, TRUST_LEVELS, calendarDate, nonEmpty, pageId, stringList } from './fields.ts';

export const topicPage = z
  .object({
    id: pageId,
    title: nonEmpty,
    category: nonEmpty,
    status: z.enum(STATUSES),
    canonical_id: z.union([z.literal('self'), pageId]).default('self'),
    aliases: stringList.default([]),
    duplicate_of: z.union([z.literal('none'), pageId]).default('none'),
    source_trust_level: z.enum(TRUST_LEVELS).optional(),
    confidence_score: z.number().min(0).max(1).optional(),
    verification_status: nonEmpty.optional(),
    tags: stringList.default([]),
    raw_sources: stringList.default([]),
    last_reinforced: calendarDate.optional(),
    github_commit: nonEmpty.optional(),
    tech_stack: z
      .object({
        language: nonEmpty.optional(),
        applicable_to: stringList.default([]),
      })
      .optional(),
  })
  // Unknown keys are kept: Obsidian plugins add their own, and dropping them would lose data on every edit.
  .loose()
  .superRefine((page, ctx) => {
    if (page.duplicate_of !== 'none' && page.status !== 'redirect') {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `a page with duplicate_of set must have status: redirect (found ${page.status})` });
    }
    if (page.status === 'redirect' && page.duplicate_of === 'none') {
      ctx.addIssue({ code: 'custom', path: ['duplicate_of'], message: 'a redirect page must name its target in duplicate_of' });
    }
  });

export type TopicPage = z.infer<typeof topicPage>;
