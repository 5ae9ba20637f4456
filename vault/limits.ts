// How much work one note may cost (spec §10 `limits`): a note larger than `maxNoteBytes`, or with more
// wikilinks than `maxLinksPerNote`, is reported and not parsed, so one pasted log or generated file
// cannot make `kb check` run out of memory or time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { VaultConfig } from '../schemas/config.ts';

export interface ParseLimits {
  maxNoteBytes: number;
  maxLinksPerNote: number;
}

/** CONFIG_DEFAULTS.limits (schemas/config.ts), repeated so that reading them loads no schema library. */
export const DEFAULT_LIMITS: ParseLimits = { maxNoteBytes: 5 * 1024 * 1024, maxLinksPerNote: 100_000 };

/** The limits a vault's config sets, each falling back to kb's default. */
export function limitsOf(config: VaultConfig | undefined): ParseLimits {
  return {
    maxNoteBytes: config?.limits?.maxNoteBytes ?? DEFAULT_LIMITS.maxNoteBytes,
    maxLinksPerNote: config?.limits?.maxLinksPerNote ?? DEFAULT_LIMITS.maxLinksPerNote,
  };
}

const positiveInteger = (n: unknown): number | undefined => (typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined);

/**
 * The limits of the config text `text` (`kb.config.json`, comments allowed), read without the zod
 * schema: a warm `kb check` reads them on every run and must not load a validator for two numbers.
 * A value the schema would refuse is the default here; `check` reports the broken config itself.
 */
export function limitsOfConfigText(text: string): ParseLimits {
  let limits: { maxNoteBytes?: unknown; maxLinksPerNote?: unknown } | undefined;
  if (text.trim() === '') return { ...DEFAULT_LIMITS };
  try {
    // Loaded only when the vault has a config.
    const { parse } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
    const value = parse(text, [], { allowTrailingComma: true }) as { limits?: typeof limits } | undefined;
    limits = typeof value?.limits === 'object' && value.limits !== null ? value.limits : undefined;
  } catch {
    limits = undefined;
  }
  return {
    maxNoteBytes: positiveInteger(limits?.maxNoteBytes) ?? DEFAULT_LIMITS.maxNoteBytes,
    maxLinksPerNote: positiveInteger(limits?.maxLinksPerNote) ?? DEFAULT_LIMITS.maxLinksPerNote,
  };
}

/** The vault config's text (`kb.config.json` at the root), or '' when there is none or it cannot be read. */
export function vaultConfigText(root: string): string {
  try {
    return readFileSync(join(root, 'kb.config.json'), 'utf8');
  } catch {
    return '';
  }
}
