export { planFix, defaultFixSteps, FIX_STEPS, type FixPlan, type FixStep, type FixSummary } from './plan.ts';
export { planMocs, mocMembers, MOC_BEGIN, MOC_END, type MocPlan } from './moc.ts';
export { renderDiff } from './diff.ts';
export { linkNameFor, rewriteLink, rewriteReason } from './link-edits.ts';
