// The kb engine as a library: what the CLI, the site and users' own maintenance scripts import.
export { loadVault, type LoadOptions } from './load.ts';
export { statVault, type VaultStat } from './stat.ts';
export { readCachedReport, writeCachedReport } from './check-cache.ts';
export { Vault } from './vault.ts';
export { parsePage } from './parse-page.ts';
export { checkReport, hasErrors, type CheckReport } from './check.ts';
export { Resolver, looksLikeAttachment } from './resolve.ts';
export { stubReason } from './stubs.ts';
export { duplicateClusters, compareCanonical, type Cluster } from './duplicates.ts';
export { isUnresolvedGraphLink } from './links.ts';
export { toVFileMessage, toVFiles } from './vfile-messages.ts';
export { applyEdits, eolOf, EditConflictError, type TextEdit, type FileChange } from './edits.ts';
export { applyChanges, writeFileAtomic } from './write.ts';
export { key, fuzzy, slugOf, byCodePoint, type VaultPath, type PageName, type LinkTarget, type Slug } from './paths.ts';
export type * from './types.ts';
export { planFix, planMocs, mocMembers, renderDiff, FIX_STEPS, MOC_BEGIN, MOC_END, type FixPlan, type FixStep, type FixSummary, type MocPlan } from './fix/index.ts';
export { ApplyConflictError, preflightChanges, type ApplyOptions, type ApplyResult, type Conflict } from './write.ts';
