// A render worker: Shiki and the Markdown pipeline loaded once, then batches of pages rendered as
// they arrive. Inputs are plain data prepared by the loader (links already resolved by the engine).
import { parentPort } from 'node:worker_threads';
import { createHighlight } from './highlight.ts';
import { renderMarkdown } from './markdown.ts';
import type { RenderJob, RenderResult } from './pool.ts';

const highlight = await createHighlight();

parentPort!.on('message', (jobs: RenderJob[]) => {
  const results: RenderResult[] = jobs.map((job) => {
    try {
      return { id: job.id, out: renderMarkdown({ ...job, view: (i) => job.views[i]!, highlight }) };
    } catch (error) {
      return { id: job.id, error: `${(error as Error).stack ?? error}` };
    }
  });
  parentPort!.postMessage(results);
});
