// How much work one note may cost (spec §10 `limits`): a note larger than `maxNoteBytes`, or with more
// wikilinks than `maxLinksPerNote`, is reported and not parsed, so one pasted log or generated file
// cannot make `kb check` run out of memory or time.
import { CONFIG_DEFAULTS } from '../schemas/config-constants.ts';
import type { VaultConfig } from '../schemas/config.ts';

export interface ParseLimits {
  maxNoteBytes: number;
  maxLinksPerNote: number;
}

export const DEFAULT_LIMITS: ParseLimits = CONFIG_DEFAULTS.limits;

/** The limits a vault's config sets, each falling back to kb's default. */
export function limitsOf(config: VaultConfig | undefined): ParseLimits {
  return {
    maxNoteBytes: config?.limits?.maxNoteBytes ?? DEFAULT_LIMITS.maxNoteBytes,
    maxLinksPerNote: config?.limits?.maxLinksPerNote ?? DEFAULT_LIMITS.maxLinksPerNote,
  };
}
