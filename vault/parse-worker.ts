// Worker thread: reads and parses the files it is sent, so cold loads use every core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Profile } from '../schemas/index.ts';
import { parsePage, unreadablePage } from './parse-page.ts';

const { dir, profile } = workerData as { dir: string; profile: Profile };

parentPort!.on('message', (batch: { path: string; diskPath: string }[]) => {
  const pages = batch.map(({ path, diskPath }) => {
    try {
      return parsePage(path, readFileSync(join(dir, diskPath)), { profile });
    } catch (error) {
      return unreadablePage(path, error, { profile });
    }
  });
  parentPort!.postMessage(pages);
});
