// Worker thread: reads and parses the files it is sent, so cold loads use every core.
import { parentPort, workerData } from 'node:worker_threads';
import type { Profile } from '../schemas/index.ts';
import type { VaultFile } from './files.ts';
import type { ParseLimits } from './limits.ts';
import { parseFile } from './parse-file.ts';

const { dir, profile, limits } = workerData as { dir: string; profile: Profile; limits: ParseLimits };

parentPort!.on('message', (batch: VaultFile[]) => {
  parentPort!.postMessage(batch.map((file) => parseFile(dir, file, profile, limits)));
});
