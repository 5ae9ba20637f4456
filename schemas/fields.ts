// Field-level rules shared by the topic and MOC schemas (shared/spec/vault.md §2).
import { z } from 'zod';

export const PAGE_ID = /^wiki-\d{4}-\d{4}-[a-z0-9-]+$/;
export const STATUSES = ['draft', 'stub', 'review', 'verified', 'deprecated', 'redirect'] as const;
export const TRUST_LEVELS = ['A', 'B', 'C', 'D'] as const;

export const pageId = z.string().regex(PAGE_ID, { message: 'must look like wiki-YYYY-MMDD-slug (lower-case letters, digits, -)' });

/** `YYYY-MM-DD` that names a real day: the vault's YAML keeps dates as strings, so the calendar check lives here. */
export const calendarDate = z.string().refine(isCalendarDate, { message: 'must be a real calendar date YYYY-MM-DD' });

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const nonEmpty = z.string().trim().min(1, { message: 'must be a non-empty string' });
export const stringList = z.array(z.string());

/** One entry of a list Obsidian reads leniently: a number or a boolean is its text, null an empty `- ` item. */
const lenientItem = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * `tags`, `aliases` and `cssclasses` as Obsidian reads them (spec §5): one string, or a list whose
 * empty and null items are skipped (templates write `- ` items that are never filled in).
 */
export const lenientList = z.union([z.string(), z.null(), z.array(lenientItem)]);

/** The items of a lenient list; `commas` splits a single string (`tags: a, b`) as Obsidian does for tags. */
export function lenientItems(value: unknown, options: { commas?: boolean } = {}): string[] {
  const raw = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') continue;
    const text = String(item);
    for (const part of options.commas && !Array.isArray(value) ? text.split(',') : [text]) if (part.trim() !== '') out.push(part.trim());
  }
  return out;
}
