// Which code blocks are examples, which output and chart blocks belong to each, and whether each
// output is verified or stale: all of it is the runner's answer (runner/embedded.ts), looked up here
// by source offset, so the site and `kb run --check` never disagree about a page.
import { EXECUTABLE_LANGS, parseInfo } from '../../../runner/blocks.ts';
import { embeddedOutputs, type OutputState } from '../../../runner/embedded.ts';
import type { ParsedPage } from '../../../vault/types.ts';

export interface PlannedExample {
  /** `unverified`: the hash matches but the build could not execute blocks to check the output (no sandbox, or the vault forbids it). */
  state: OutputState | 'unverified';
  backend: string | null;
  /** Source offsets of the output block and chart blocks that belong to this example. */
  output: number | null;
  charts: number[];
}

export interface ExecutionPlan {
  /** By the example's code block start offset. */
  examples: Map<number, PlannedExample>;
  /** Setup blocks (shown folded on the site), by start offset. */
  hidden: Set<number>;
  /** Output blocks that follow no example, by start offset. */
  orphans: Set<number>;
}

export function executionPlan(page: ParsedPage): ExecutionPlan {
  const examples = new Map<number, PlannedExample>();
  const { examples: found, orphans } = embeddedOutputs(page);
  // Set by the build when `kb run --check` could not run (site/build.ts verifyOutputs).
  const unverified = process.env.KB_OUTPUTS_UNVERIFIED === '1';
  for (const e of found) {
    examples.set(e.example.block.start, {
      state: e.state === 'verified' && unverified ? 'unverified' : e.state,
      backend: e.output?.backend ?? null,
      output: e.output?.block.start ?? null,
      charts: e.charts.map((c) => c.block.start),
    });
  }
  const hidden = new Set<number>();
  for (const block of page.codeBlocks) {
    if (block.fenced && EXECUTABLE_LANGS[(block.lang ?? '').toLowerCase()] && parseInfo(block.meta).options.setup) hidden.add(block.start);
  }
  return { examples, hidden, orphans: new Set(orphans.map((b) => b.start)) };
}

export const EMPTY_PLAN: ExecutionPlan = { examples: new Map(), hidden: new Set(), orphans: new Set() };
