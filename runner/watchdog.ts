// The clock and the memory gauge of every block's process, on a thread of its own: its timers fire
// and it kills on time even when kb's main thread is busy (comparing, compiling, writing pages).
// The main thread registers a process when it hands it a job (`watch`); this thread polls its
// resident memory and wall time and, past a limit, records why in shared memory and then SIGKILLs
// it, so the main thread knows the reason by the time it sees the exit.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export type WatchMessage =
  | { type: 'watch'; slot: number; pids: number[]; deadline: number; memoryMB: number }
  | { type: 'unwatch'; slot: number };

/** Reasons in the shared slots. */
export const KILLED_TIMEOUT = 1;
export const KILLED_MEMORY = 2;

/** Resident set size in MB (Linux), or 0 where /proc is missing or the process is gone. */
export function rssMB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

if (parentPort) {
  // [reason, rss MB] per slot.
  const slots = new Int32Array(workerData as SharedArrayBuffer);
  const watched = new Map<number, Extract<WatchMessage, { type: 'watch' }>>();
  const kill = (w: Extract<WatchMessage, { type: 'watch' }>, reason: number, rss: number) => {
    Atomics.store(slots, w.slot * 2 + 1, Math.round(rss));
    Atomics.store(slots, w.slot * 2, reason);
    for (const pid of w.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    watched.delete(w.slot);
  };
  const tick = () => {
    const now = Date.now();
    for (const w of watched.values()) {
      if (now >= w.deadline) {
        kill(w, KILLED_TIMEOUT, 0);
        continue;
      }
      const rss = Math.max(...w.pids.map(rssMB));
      if (rss > w.memoryMB) kill(w, KILLED_MEMORY, rss);
    }
  };
  setInterval(tick, 25);
  parentPort.on('message', (m: WatchMessage) => {
    if (m.type === 'watch') {
      Atomics.store(slots, m.slot * 2, 0);
      watched.set(m.slot, m);
    } else watched.delete(m.slot);
  });
}
