// The steps of `kb fix` (shared/spec/vault.md §7), in the order they run.
export const FIX_STEPS = ['stubs', 'duplicates', 'links', 'graph', 'moc'] as const;
export type FixStep = (typeof FIX_STEPS)[number];
