// What site/build.ts asks of the Astro build it starts: every route, or (an incremental build) only
// the routes whose inputs changed. The loaders read it to put only those pages and lists into the
// content store, so Astro syncs and renders a handful of entries instead of the whole vault. It
// lives on globalThis because Astro runs the loaders in its own module graph of this same process.
const KEY = Symbol.for('kb.site.buildPlan');

export interface BuildPlan {
  /** Output files (relative to the out dir) of the routes to build; null: all of them. */
  only: ReadonlySet<string> | null;
  /** site/build.ts has printed the vault's diagnostics and applied --strict itself. */
  reported: boolean;
}

const EVERYTHING: BuildPlan = { only: null, reported: false };

export function setBuildPlan(plan: BuildPlan | null): void {
  (globalThis as Record<symbol, unknown>)[KEY] = plan;
}

export function buildPlan(): BuildPlan {
  return ((globalThis as Record<symbol, unknown>)[KEY] as BuildPlan | null | undefined) ?? EVERYTHING;
}

export function wanted(plan: BuildPlan, file: string): boolean {
  return plan.only === null || plan.only.has(file);
}
