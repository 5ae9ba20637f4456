// The vault's own config file, `kb.config.json` at the vault root (spec §10). One schema for every
// command: check/fix read `profile`, `rules`, `ignore`, `fix`; run reads `run`; the site reads `site`.
// Every key is optional, so an empty object (or no file) means "kb's defaults".
import { z } from 'zod';
import { PROFILES } from './profiles.ts';

export { CONFIG_DEFAULTS, CONFIG_FILE, FIX_STEPS, RULE_LEVELS, type FixStep, type RuleLevel } from './config-constants.ts';
import { RULE_LEVELS, FIX_STEPS } from './config-constants.ts';

const positive = z.number().positive();

export const vaultConfig = z
  .object({
    $schema: z.string().optional(),
    /** Pins the profile; without it `.obsidian/` means `obsidian`, anything else `topic`. */
    profile: z.enum(PROFILES).optional(),
    /** Severity per rule id (`kb check --json` prints the ids); `off` drops the rule's diagnostics. */
    rules: z.record(z.string().min(1), z.enum(RULE_LEVELS)).optional(),
    /** Globs of vault paths (POSIX, relative to the vault root) that kb neither checks nor publishes. */
    ignore: z.array(z.string().min(1)).optional(),
    fix: z
      .object({
        /** The steps `kb fix` runs when `--only` is not given (spec §7: all five under `topic`, 1–3 under `obsidian`). */
        steps: z.array(z.enum(FIX_STEPS)).optional(),
      })
      .strict()
      .optional(),
    run: z
      .object({
        /** Execute code blocks at all. Defaults to true under `topic` and false under `obsidian` (spec §7). */
        execute: z.boolean().optional(),
        /** The loosest tolerances a block may ask for; a looser flag is an error. */
        maxRtol: positive.optional(),
        maxAtol: positive.optional(),
        /** Per block: bytes of text (stdout, stderr, return value, error together), charts, points per chart. */
        maxOutputBytes: z.number().int().positive().optional(),
        maxCharts: z.number().int().positive().optional(),
        maxChartPoints: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    limits: z
      .object({
        /** A note larger than this many bytes is reported and not parsed. */
        maxNoteBytes: z.number().int().positive().optional(),
        /** A note with more wikilinks than this is reported and its links are not read. */
        maxLinksPerNote: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    site: z
      .object({
        title: z.string().optional(),
        description: z.string().optional(),
        /** BCP 47 language tag for `<html lang>`. */
        language: z.string().optional(),
        /** The absolute URL the site is published at, for canonical links, the sitemap and the feed. */
        baseUrl: z.url().optional(),
        footer: z.string().optional(),
        /** A vault path of an image shown beside the title. */
        logo: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type VaultConfig = z.infer<typeof vaultConfig>;
