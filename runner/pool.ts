// A pool of pre-warmed, single-use block processes. Each loads tfjs and its backend before a block is
// known, runs one block and is killed; the pool keeps enough of them warming that the next block
// rarely waits for a cold start. A process (not a worker thread) because a native TensorFlow kernel
// can only be stopped by killing its process, and tensor memory is only visible as its RSS.
//
// The block is untrusted: the process runs inside bubblewrap where it can (runner/isolation.ts);
// what it sends arrives on a pipe whose size the parent caps and whose messages are parsed against
// a schema (runner/protocol.ts); its wall time and memory are watched from another thread
// (runner/watchdog.ts), its CPU time by the kernel (RLIMIT_CPU); anything odd ends in SIGKILL and
// an outcome the runner reports, never an exception that ends kb.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { tmpdir } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { childArgs, CHILD_ENV, defaultLimits, probeSandbox, sandboxedCommand, unsandboxedCommand, type Command, type Layers, type Limits } from './isolation.ts';
import { channelCap, childMessage, type BackendName, type ChildMessage, type DoneMessage, type OutputLimits, type ReadyMessage, type RunMessage } from './protocol.ts';
import { KILLED_MEMORY, KILLED_TIMEOUT, type WatchMessage } from './watchdog.ts';

const WATCHDOG = fileURLToPath(new URL(`./watchdog${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
/** How long loading tfjs may take before the process counts as hung. */
const WARM_UP_MS = 120_000;
const SLOTS = 1024;

export interface Job {
  js: string;
  filename: string;
  seed: number;
  timeoutMs: number;
}

export type Outcome =
  | { kind: 'done'; backend: BackendName; result: DoneMessage; ms: number; cpuMs: number | null }
  | { kind: 'timeout'; backend: BackendName; ms: number }
  | { kind: 'memory'; backend: BackendName; rssMB: number }
  /** The process broke the protocol: an invalid or oversized message. */
  | { kind: 'protocol'; backend: BackendName; reason: string }
  | { kind: 'crashed'; backend: BackendName; code: number | null; signal: string | null; stderr: string };

/** `required`: no bubblewrap is an error; `auto`: use it where it works; `off`: never (Node's permission model alone). */
export type SandboxMode = 'required' | 'auto' | 'off';

export interface Isolation {
  sandboxed: boolean;
  /** Why not, when not. */
  reason: string | null;
}

export interface PoolOptions {
  /** Backends to try, best first; the first child's choice is kept for the rest of the run. */
  backends: BackendName[];
  /** Blocks running at once (defaults to the number of cores). */
  size: number;
  /** RSS cap per block process, MB: covers tensor memory, which the JS heap limit does not. */
  memoryMB: number;
  /** What a block may output (the vault's `run` config). */
  outputs?: OutputLimits;
  /** The longest `timeout=` of the run's blocks, for the CPU-time backstop. */
  longestTimeoutMs?: number;
  sandbox?: SandboxMode;
  /** For tests of one layer alone: `sandbox-only` (bubblewrap, required) or `permission-only` (no bubblewrap). */
  layers?: Layers;
  /** Called once, when the first child has loaded a backend. */
  onBackend?: (ready: ReadyMessage) => void;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxOutputBytes: 64 * 1024, maxCharts: 20, maxChartPoints: 10_000 };

interface Warm {
  child: ChildProcess;
  backend: BackendName;
  stderr: { text: string };
  /** Host pids to kill (the sandbox's outer process and Node inside it) and the one whose memory counts. */
  pids: number[];
  nodePid: number;
  reader: MessageReader;
}

export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

export class SandboxUnavailableError extends Error {
  override name = 'SandboxUnavailableError';
}

/** Splits fd 3 into lines, parses each against the schema, and gives up (once) past the byte cap. */
class MessageReader {
  #buffer = '';
  #decoder = new StringDecoder('utf8');
  #bytes = 0;
  #cap: number;
  #failed = false;
  onMessage: (m: ChildMessage) => void = () => {};
  onError: (reason: string) => void = () => {};

  constructor(cap: number) {
    this.#cap = cap;
  }

  push(chunk: Buffer): void {
    if (this.#failed) return;
    this.#bytes += chunk.length;
    if (this.#bytes > this.#cap) return this.#fail(`sent more than ${this.#cap} bytes`);
    this.#buffer += this.#decoder.write(chunk);
    for (let nl = this.#buffer.indexOf('\n'); nl >= 0 && !this.#failed; nl = this.#buffer.indexOf('\n')) {
      const line = this.#buffer.slice(0, nl);
      this.#buffer = this.#buffer.slice(nl + 1);
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        return this.#fail('sent a message that is not JSON');
      }
      const parsed = childMessage.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return this.#fail(`sent an invalid message (${issue?.path.join('.') || 'root'}: ${issue?.message ?? ''})`);
      }
      this.onMessage(parsed.data);
    }
  }

  #fail(reason: string): void {
    this.#failed = true;
    this.onError(reason);
  }
}

/** CPU time (user + system, all threads) of a process in ms, from /proc; null where unreadable. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
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
  #running = new Set<Warm>();
  #closed = false;
  #startError: Error | null = null;
  #warmFailures = 0;
  #isolation: Isolation | null = null;
  #command: ((backends: BackendName[]) => Command) | null = null;
  #limits: Limits;
  #outputs: OutputLimits;
  #watchdog: Worker | null = null;
  #slots = new Int32Array(new SharedArrayBuffer(SLOTS * 2 * 4));
  #nextSlot = 0;

  constructor(options: PoolOptions) {
    this.options = options;
    this.#order = [...options.backends];
    this.#limits = defaultLimits(options.memoryMB, options.longestTimeoutMs ?? 30_000);
    this.#outputs = options.outputs ?? DEFAULT_OUTPUT_LIMITS;
  }

  /** The backend children load, once known. */
  get backend(): BackendName | null {
    return this.#chosen?.backend ?? null;
  }

  /**
   * Whether blocks run inside bubblewrap, decided (by trying it once) before the first process
   * starts. Throws SandboxUnavailableError when the sandbox is required and cannot run.
   */
  isolation(): Isolation {
    if (this.#isolation) return this.#isolation;
    const layers = this.options.layers ?? 'all';
    const mode = layers === 'sandbox-only' ? 'required' : layers === 'permission-only' ? 'off' : (this.options.sandbox ?? 'auto');
    const probe = mode === 'off' ? ({ ok: false, reason: 'the sandbox is switched off', prlimit: null } as const) : probeSandbox(this.#order);
    if (probe.ok) {
      this.#isolation = { sandboxed: true, reason: null };
      this.#command = (backends) => sandboxedCommand(backends, this.#limits, probe.bwrap, childArgs(backends, layers));
    } else {
      if (mode === 'required') throw new SandboxUnavailableError(probe.reason);
      this.#isolation = { sandboxed: false, reason: probe.reason };
      this.#command = (backends) => unsandboxedCommand(backends, this.#limits, probe.prlimit);
    }
    return this.#isolation;
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
    for (const w of [...this.#idle, ...this.#running]) killAll(w.pids, w.child);
    this.#idle = [];
    for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#startError ?? new Error('pool closed'));
    void this.#watchdog?.terminate();
    this.#watchdog = null;
  }

  #watch(message: WatchMessage): void {
    if (!this.#watchdog) {
      this.#watchdog = new Worker(WATCHDOG, { workerData: this.#slots.buffer });
      this.#watchdog.unref();
    }
    this.#watchdog.postMessage(message);
  }

  #fill(): void {
    // Before the backend is known, warm a single child: if the preferred backend fails to load,
    // every other child would fail the same way.
    const demand = this.#expected + this.#waiting.length;
    const target = this.#chosen ? Math.min(this.options.size, demand) : Math.min(1, demand);
    while (!this.#closed && this.#idle.length + this.#warming < target) {
      try {
        this.isolation();
      } catch (error) {
        this.#startError = error as Error;
        this.close();
        return;
      }
      this.#spawn();
    }
  }

  #spawn(): void {
    this.#warming++;
    const command = this.#command!(this.#order);
    const sandboxed = this.#isolation!.sandboxed;
    const child = spawn(command.file, command.args, {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe', 'pipe'],
      // bwrap clears the environment itself; its own process gets none either (its /proc/1/environ is visible inside).
      env: sandboxed ? {} : { ...CHILD_ENV },
      cwd: sandboxed ? '/' : tmpdir(),
      uid: command.uid,
      gid: command.gid,
    });
    const stderr = { text: '' };
    let warming = true;
    // A process that cannot even start (spawn fails) never emits 'exit'.
    child.on('error', (error) => {
      stderr.text += `${error.message}\n`;
      if (warming && child.exitCode === null && child.pid === undefined) onEarlyExit(null);
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr.text = (stderr.text + d.toString('utf8')).slice(-4000);
    });
    const reader = new MessageReader(channelCap(this.#outputs));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => reader.push(d));
    const slot = this.#nextSlot++ % SLOTS;
    const pids: number[] = child.pid ? [child.pid] : [];
    let nodePid = child.pid ?? 0;
    const info = child.stdio[4] as NodeJS.ReadableStream;
    let infoText = '';
    const pidKnown = sandboxed
      ? new Promise<void>((resolve) => {
          // bwrap's --info-fd: {"child-pid": N}, Node's host pid (it is PID 1 inside, --as-pid-1).
          const onInfo = (d: Buffer) => {
            infoText += d.toString('utf8');
            const m = /"child-pid"\s*:\s*(\d+)/.exec(infoText);
            if (m || infoText.length > 4096) {
              info.off('data', onInfo);
              info.resume();
              if (m) {
                nodePid = Number(m[1]);
                pids.push(nodePid);
              }
              resolve();
            }
          };
          info.on('data', onInfo);
          info.on('end', resolve);
        })
      : Promise.resolve();
    if (child.pid) void pidKnown.then(() => this.#watch({ type: 'watch', slot, pids, deadline: Date.now() + WARM_UP_MS, memoryMB: this.options.memoryMB }));

    const onEarlyExit = (code: number | null) => {
      if (!warming) return;
      warming = false;
      this.#warming--;
      this.#watch({ type: 'unwatch', slot });
      // Once a backend has loaded, a child dying while warming (e.g. killed under memory pressure)
      // is replaced; only repeated failures, or a first child that cannot load anything, end the run.
      if (this.#chosen && !this.#startError && ++this.#warmFailures <= 3) {
        this.#fill();
        return;
      }
      const error = this.#startError ?? new BackendUnavailableError(`a runner process exited (${code}) while loading tfjs: ${stderr.text.trim().split('\n').at(-1) ?? ''}`);
      this.#startError = error;
      for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
      this.#closed = true;
    };
    reader.onError = (reason) => {
      this.#startError ??= new BackendUnavailableError(`a runner process ${reason} while loading tfjs`);
      killAll(pids, child);
    };
    reader.onMessage = (message) => {
      if (message.type === 'ready') {
        if (!warming) return;
        warming = false;
        child.off('exit', onEarlyExit);
        this.#warming--;
        this.#watch({ type: 'unwatch', slot });
        if (!this.#chosen) {
          this.#chosen = message;
          this.#order = [message.backend];
          this.options.onBackend?.(message);
        }
        void pidKnown.then(() => {
          this.#give({ child, backend: message.backend, stderr, pids, nodePid, reader });
          this.#fill();
        });
      } else if (message.type === 'failed-to-start') {
        this.#startError = new BackendUnavailableError(`no backend could be loaded: ${message.reason}`);
      } else {
        reader.onError('sent a result before it was given a block');
      }
    };
    child.on('exit', onEarlyExit);
    (child as ChildProcess & { kbSlot?: number }).kbSlot = slot;
  }

  #give(warm: Warm): void {
    if (this.#closed) return killAll(warm.pids, warm.child);
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
    const { child, backend, stderr, pids, nodePid, reader } = warm;
    const slot = (child as ChildProcess & { kbSlot?: number }).kbSlot!;
    this.#running.add(warm);
    return new Promise((resolve) => {
      let outcome: Outcome | null = null;
      // The clock starts when the job is handed over, not when the child says it started.
      const t0 = performance.now();
      const cpu0 = cpuMs(nodePid);
      this.#watch({ type: 'watch', slot, pids, deadline: Date.now() + job.timeoutMs, memoryMB: this.options.memoryMB });
      const settle = (o: Outcome, exited = false) => {
        if (outcome) return;
        outcome = o;
        this.#watch({ type: 'unwatch', slot });
        // After the exit the pids may already belong to someone else.
        if (!exited) killAll(pids, child);
        resolve(o);
      };
      reader.onError = (reason) => settle({ kind: 'protocol', backend, reason: `the block's process ${reason}` });
      reader.onMessage = (message) => {
        if (message.type !== 'done') return settle({ kind: 'protocol', backend, reason: `the block's process sent \`${message.type}\` while running a block` });
        const cpu1 = cpuMs(nodePid);
        // The result is in hand: a graceful exit would only spend CPU tearing down libtensorflow's
        // thread pools (~100 ms), so the process is killed and the caller answered at once.
        settle({ kind: 'done', backend, result: message, ms: performance.now() - t0, cpuMs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null });
      };
      // 'close', not 'exit': the result may still be in the pipe when the process has exited.
      child.on('close', (code, signal) => {
        this.#running.delete(warm);
        const reason = Atomics.load(this.#slots, slot * 2);
        if (reason === KILLED_TIMEOUT) return settle({ kind: 'timeout', backend, ms: Math.round(performance.now() - t0) }, true);
        if (reason === KILLED_MEMORY) return settle({ kind: 'memory', backend, rssMB: Atomics.load(this.#slots, slot * 2 + 1) }, true);
        if (/heap out of memory|Allocation failed/i.test(stderr.text)) return settle({ kind: 'memory', backend, rssMB: Math.round(this.options.memoryMB) }, true);
        settle({ kind: 'crashed', backend, code, signal, stderr: stderr.text }, true);
      });
      const message: RunMessage = { type: 'run', js: job.js, filename: job.filename, seed: job.seed, limits: this.#outputs };
      child.stdin!.on('error', () => {});
      child.stdin!.end(`${JSON.stringify(message)}\n`);
    });
  }
}

function killAll(pids: readonly number[], child: ChildProcess): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  child.kill('SIGKILL');
}
