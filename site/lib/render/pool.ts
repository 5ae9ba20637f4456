// Renders pages on worker threads (one per core, up to 4) when there are enough of them to repay
// starting the workers; Markdown parsing and highlighting are CPU-bound and independent per page.
import { availableParallelism } from 'node:os';
import { runOnWorkers } from '../../../vault/worker-pool.ts';
import type { Highlight } from './highlight.ts';
import { renderMarkdown, type LinkSpan, type LinkView, type RenderOutput } from './markdown.ts';
import type { EmbedTable } from './embeds.ts';
import type { ExecutionPlan } from './outputs.ts';

export interface RenderJob {
  id: string;
  text: string;
  bodyStart: number;
  links: LinkSpan[];
  views: LinkView[];
  plan: ExecutionPlan;
  title: string;
  /** What the page's note embeds transclude (embeds.ts). */
  embeds: EmbedTable | null;
  /** The site's base URL (tag links). */
  base: string;
}

export type RenderResult = { id: string; out: RenderOutput; error?: undefined } | { id: string; out?: undefined; error: string };

const WORKER_THRESHOLD = 150;
const BATCH = 32;

export async function renderAll(jobs: RenderJob[], highlight: () => Promise<Highlight>, onResult: (r: RenderResult) => void): Promise<void> {
  const count = jobs.length >= WORKER_THRESHOLD ? Math.min(availableParallelism(), 4) : 0;
  if (count <= 1) {
    let hl = await highlight();
    for (const job of jobs) {
      try {
        let out = renderMarkdown({ ...job, view: (i) => job.views[i]!, highlight: hl });
        // A grammar loaded on demand (highlight.ts): the page again, with the grammars it asked for.
        if (hl.missing.size > 0) {
          hl = await hl.more();
          out = renderMarkdown({ ...job, view: (i) => job.views[i]!, highlight: hl });
        }
        onResult({ id: job.id, out });
      } catch (error) {
        onResult({ id: job.id, error: `${(error as Error).stack ?? error}` });
      }
    }
    return;
  }
  await runOnWorkers<RenderJob, RenderResult[]>(new URL('./worker.ts', import.meta.url), jobs, { workers: count, batchSize: BATCH }, (results) => results.forEach(onResult));
}
