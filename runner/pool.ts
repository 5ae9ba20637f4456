// A pool of pre-warmed, single-use child processes. Each child loads tfjs and its backend before a
// block is known, runs one block and exits; the pool keeps enough children warming that the next
// block rarely waits for a cold start. A child is a process (not a worker thread) because a native
// TensorFlow kernel can only be stopped by killing its process, and tensor memory is only visible
// as the process's RSS.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendName, ChildMessage, DoneMessage, ReadyMessage, RunMessage } from './protocol.ts';
import { siblingModule } from '../vault/sibling-module.ts';

// Located with this file's own extension, so the child starts from compiled JavaScript too.
const CHILD = fileURLToPath(siblingModule('./child/main.ts', import.meta.url));

export interface Job {
  js: string;
  filename: string;
  seed: number;
  timeoutMs: number;
}

export type Outcome =
  | { kind: 'done'; backend: BackendName; result: DoneMessage }
  | { kind: 'timeout'; backend: BackendName; ms: number }
  | { kind: 'memory'; backend: BackendName; rssMB: number }
  | { kind: 'crashed'; backend: BackendName; code: number | null; signal: string | null; stderr: string };

export interface PoolOptions {
  /** Backends to try, best first; the first child's choice is kept for the rest of the run. */
  backends: BackendName[];
  /** Blocks running at once (defaults to the number of cores). */
  size: number;
  /** RSS cap per block process, MB: covers tensor memory, which the JS heap limit does not. */
  memoryMB: number;
  /** Called once, when the first child has loaded a backend. */
  onBackend?: (ready: ReadyMessage) => void;
}

interface Warm {
  child: ChildProcess;
  backend: BackendName;
  stderr: { text: string };
}

export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

/** Resident set size of a process in MB (Linux), or 0 where /proc is missing. */
function rssMB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status);
    return kb ? Number(kb[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export class Pool {
  readonly options: PoolOptions;
  #order: BackendName[];
  #chosen: ReadyMessage | null = null;
  #idle: Warm[] = [];
  #warming = 0;
  #waiting: { resolve: (w: Warm) => void; reject: (e: Error) => void }[] = [];
  #expected = 0;
  #running = new Set<ChildProcess>();
  #closed = false;
  #startError: Error | null = null;
  #warmFailures = 0;

  constructor(options: PoolOptions) {
    this.options = options;
    this.#order = [...options.backends];
  }

  /** The backend children load, once known. */
  get backend(): BackendName | null {
    return this.#chosen?.backend ?? null;
  }

  /** Tells the pool how many more jobs are coming, so it warms no more children than it will use. */
  expect(jobs: number): void {
    this.#expected += jobs;
    this.#fill();
  }

  async run(job: Job): Promise<Outcome> {
    const warm = await this.#take();
    return this.#execute(warm, job);
  }

  /** Resolves once a warm child is waiting (for measuring warm latency). */
  async warmed(): Promise<void> {
    while (this.#idle.length === 0) {
      if (this.#closed) throw this.#startError ?? new Error('pool closed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Kills idle and running children. */
  close(): void {
    this.#closed = true;
    for (const w of this.#idle) w.child.kill('SIGKILL');
    for (const child of this.#running) child.kill('SIGKILL');
    this.#idle = [];
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('pool closed'));
  }

  #fill(): void {
    // Before the backend is known, warm a single child: if the preferred backend fails to load,
    // every other child would fail the same way.
    const demand = this.#expected + this.#waiting.length;
    const target = this.#chosen ? Math.min(this.options.size, demand) : Math.min(1, demand);
    while (!this.#closed && this.#idle.length + this.#warming < target) this.#spawn();
  }

  #spawn(): void {
    this.#warming++;
    const backendArg = this.#order.join(',');
    // Node 20 names the permission model `--experimental-permission` (Node 22.13 made it `--permission`).
    const execArgv = ['--no-warnings', process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission', '--allow-fs-read=*', `--max-old-space-size=${this.options.memoryMB}`];
    if (this.#order.includes('tensorflow')) execArgv.push('--allow-addons');
    const child = fork(CHILD, [backendArg], {
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', NODE_OPTIONS: '' },
      serialization: 'advanced',
    });
    const stderr = { text: '' };
    child.stderr!.on('data', (d: Buffer) => {
      stderr.text = (stderr.text + d.toString('utf8')).slice(-4000);
    });
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') {
        child.off('message', onMessage);
        child.off('exit', onEarlyExit);
        this.#warming--;
        if (!this.#chosen) {
          this.#chosen = message;
          this.#order = [message.backend];
          this.options.onBackend?.(message);
        }
        this.#give({ child, backend: message.backend, stderr });
        this.#fill();
      } else if (message.type === 'failed-to-start') {
        this.#startError = new BackendUnavailableError(`no backend could be loaded: ${message.reason}`);
      }
    };
    const onEarlyExit = (code: number | null) => {
      this.#warming--;
      // Once a backend has loaded, a child dying while warming (e.g. killed under memory pressure)
      // is replaced; only repeated failures, or a first child that cannot load anything, end the run.
      if (this.#chosen && !this.#startError && ++this.#warmFailures <= 3) {
        this.#fill();
        return;
      }
      const error = this.#startError ?? new BackendUnavailableError(`a runner process exited (${code}) while loading tfjs: ${stderr.text.trim().split('\n').at(-1) ?? ''}`);
      for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
      this.#closed = true;
    };
    child.on('message', onMessage);
    child.on('exit', onEarlyExit);
  }

  #give(warm: Warm): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(warm);
    else this.#idle.push(warm);
  }

  #take(): Promise<Warm> {
    if (this.#closed) return Promise.reject(this.#startError ?? new Error('pool closed'));
    this.#expected = Math.max(0, this.#expected - 1);
    const idle = this.#idle.shift();
    const taken = idle ? Promise.resolve(idle) : new Promise<Warm>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#fill();
    return taken;
  }

  #execute(warm: Warm, job: Job): Promise<Outcome> {
    const { child, backend, stderr } = warm;
    this.#running.add(child);
    return new Promise((resolve) => {
      let outcome: Outcome | null = null;
      let timer: NodeJS.Timeout | undefined;
      let started = 0;
      const poll = setInterval(() => {
        const rss = rssMB(child.pid!);
        if (rss > this.options.memoryMB && !outcome) {
          outcome = { kind: 'memory', backend, rssMB: Math.round(rss) };
          child.kill('SIGKILL');
        }
      }, 50);
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'started') {
          started = performance.now();
          timer = setTimeout(() => {
            if (outcome) return;
            outcome = { kind: 'timeout', backend, ms: Math.round(performance.now() - started) };
            child.kill('SIGKILL');
          }, job.timeoutMs);
        } else if (message.type === 'done' && !outcome) {
          outcome = { kind: 'done', backend, result: message };
          // The result is in hand: a graceful exit would only spend CPU tearing down libtensorflow's
          // thread pools (~100 ms), so the process is killed and the caller answered at once.
          clearInterval(poll);
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve(outcome);
        }
      });
      child.on('exit', (code, signal) => {
        clearInterval(poll);
        clearTimeout(timer);
        this.#running.delete(child);
        if (!outcome && /heap out of memory|Allocation failed/i.test(stderr.text)) outcome = { kind: 'memory', backend, rssMB: Math.round(this.options.memoryMB) };
        resolve(outcome ?? { kind: 'crashed', backend, code, signal, stderr: stderr.text });
      });
      const message: RunMessage = { type: 'run', js: job.js, filename: job.filename, seed: job.seed };
      child.send(message);
    });
  }
}
