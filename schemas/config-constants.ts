// The config's plain constants (its file name, the rule levels, the fix steps, the defaults), apart
// from its zod schema in config.ts, which re-exports them: most commands need these on every run, but
// the schema (zod is about 90 ms to load) only when a vault has a kb.config.json to validate.
export const CONFIG_FILE = 'kb.config.json';

export const RULE_LEVELS = ['off', 'info', 'warning', 'error'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export const FIX_STEPS = ['stubs', 'duplicates', 'links', 'graph', 'moc'] as const;
export type FixStep = (typeof FIX_STEPS)[number];

/** The defaults every consumer falls back to, in one place. */
export const CONFIG_DEFAULTS = {
  run: { maxRtol: 0.01, maxAtol: 1e-6, maxOutputBytes: 64 * 1024, maxCharts: 20, maxChartPoints: 10_000 },
  limits: { maxNoteBytes: 5 * 1024 * 1024, maxLinksPerNote: 100_000 },
} as const;
