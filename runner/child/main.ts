// One block's process. Started by the pool before any block is known, it loads tfjs and the backend
// (the slow part), says `ready` on fd 3, reads one job from stdin, runs it, reports on fd 3 and
// exits: tfjs keeps global state (layer name counters, registered variables, env flags) that cannot
// be reset, so a process never runs a second block. The parent does not trust a word of what this
// process sends (the block runs in it): it checks, caps, times and kills. Usage: main.ts <backend>[,<fallback>…]
import { readSync, writeSync } from 'node:fs';
import { inspect, format } from 'node:util';
import { runInThisContext } from 'node:vm';
import { boundCharts, boundText } from '../bounds.ts';
import { createPlot, type Chart } from '../charts.ts';
import type { BackendName, BlockError, ChildMessage, DoneMessage, RunMessage } from '../protocol.ts';
import { denyExit, denyNetwork, denySignals } from './sandbox.ts';
import { seededRandom } from './seeded-random.ts';

type Tf = typeof import('@tensorflow/tfjs');

const MESSAGES = 3;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** A read or write on a pipe that may be non-blocking: EAGAIN waits 2 ms and tries again. */
function blocking<T>(call: () => T): T {
  for (;;) {
    try {
      return call();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}

/** One message line to fd 3, written whole before anything else happens. */
function send(message: ChildMessage): void {
  const data = Buffer.from(`${JSON.stringify(message)}\n`);
  for (let offset = 0; offset < data.length; ) offset += blocking(() => writeSync(MESSAGES, data, offset));
}

/** The job: one JSON line on stdin, read synchronously (nothing else happens in this process meanwhile). */
function readJob(): RunMessage {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    const n = blocking(() => readSync(0, buffer));
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    if (buffer.subarray(0, n).includes(10)) break;
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunMessage;
}

async function load(backend: BackendName): Promise<Tf> {
  if (backend === 'tensorflow') {
    // tfjs-node 4.22 still calls util.isNullOrUndefined / util.isArray, which Node 23 removed.
    const util = process.getBuiltinModule('node:util') as Record<string, unknown>;
    util.isNullOrUndefined ??= (v: unknown) => v === null || v === undefined;
    util.isArray ??= Array.isArray;
    // tfjs-node registers and selects the `tensorflow` backend as a side effect of loading.
    const tf = (await import('@tensorflow/tfjs-node')).default as unknown as Tf;
    if (tf.getBackend() !== 'tensorflow') throw new Error(`tfjs-node loaded but the backend is ${tf.getBackend()}`);
    return tf;
  }
  const tf = await import('@tensorflow/tfjs');
  // The cpu backend prints a "install the node backend" banner on first use unless PROD is set.
  tf.env().set('PROD', true);
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  return tf;
}

async function warmUp(order: BackendName[]): Promise<{ tf: Tf; backend: BackendName; fellBack: { backend: BackendName; reason: string }[] }> {
  const fellBack: { backend: BackendName; reason: string }[] = [];
  for (const backend of order) {
    try {
      return { tf: await load(backend), backend, fellBack };
    } catch (error) {
      fellBack.push({ backend, reason: (error instanceof Error ? error.message.split('\n')[0]! : String(error)).slice(0, 1000) });
    }
  }
  throw new Error(fellBack.map((f) => `${f.backend}: ${f.reason}`).join('; '));
}

function formatValue(value: unknown): string | null {
  if (value === undefined) return null;
  if (value && typeof value === 'object' && 'dataSync' in value && 'shape' in value) return String(value);
  return typeof value === 'string' ? value : inspect(value, { depth: 4, breakLength: 100 });
}

function toBlockError(error: unknown, filename: string, maxBytes: number): BlockError {
  if (!(error instanceof Error)) return { name: 'Thrown', message: inspect(error).slice(0, maxBytes + 1), stack: '', generated: null };
  const stack = String(error.stack ?? '').slice(0, 8000);
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return {
    name: String(error.name).slice(0, 200),
    message: String(error.message).slice(0, maxBytes + 1),
    stack,
    generated: frame && Number(frame[1]) > 0 ? { line: Number(frame[1]), column: Math.max(0, Number(frame[2]) - 1) } : null,
  };
}

/** Redirects console and process.stdout/stderr into strings, each kept to `limit` characters (the parent cuts to bytes). */
function capture(limit: number) {
  const out = { stdout: '', stderr: '' };
  const push = (stream: 'stdout' | 'stderr', chunk: string) => {
    if (out[stream].length <= limit) out[stream] += chunk.slice(0, limit + 1 - out[stream].length);
  };
  const line = (stream: 'stdout' | 'stderr') => (...args: unknown[]) => push(stream, `${format(...args)}\n`);
  console.log = console.info = console.debug = line('stdout');
  console.warn = console.error = console.trace = line('stderr');
  const write = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      push(stream, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = write('stdout');
  process.stderr.write = write('stderr');
  return out;
}

/** Handles and requests the block left behind (timers, immediates, I/O), beyond what was there before it ran. */
function pendingWork(baseline: Map<string, number>): boolean {
  const now = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) now.set(r, (now.get(r) ?? 0) + 1);
  for (const [r, n] of now) if (n > (baseline.get(r) ?? 0)) return true;
  return false;
}

async function runBlock(tf: Tf, job: RunMessage, exit: (code: number) => never): Promise<never> {
  const charts: Chart[] = [];
  const g = globalThis as Record<string, unknown>;
  g.tf = tf;
  g.plot = createPlot(charts);
  Math.random = seededRandom(job.seed);
  const out = capture(job.limits.maxOutputBytes);
  let late: unknown = null;
  // An error thrown from a timer or an unawaited promise still belongs to this block.
  process.removeAllListeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.on('uncaughtException', (error) => (late ??= error));
  process.on('unhandledRejection', (error) => (late ??= error));

  const before = tf.memory();
  const baseline = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) baseline.set(r, (baseline.get(r) ?? 0) + 1);
  let value: string | null = null;
  let error: BlockError | null = null;
  try {
    const fn = runInThisContext(job.js, { filename: job.filename }) as () => Promise<unknown>;
    value = formatValue(await fn());
    // The block is over when its code has returned and what it started (timers, promises on I/O)
    // has finished too: an error thrown 50 ms later fails it. Work that never ends meets the timeout.
    await new Promise((resolve) => setImmediate(resolve));
    while (!late && pendingWork(baseline)) await new Promise((resolve) => setTimeout(resolve, 5));
    if (late) throw late;
  } catch (thrown) {
    error = toBlockError(thrown, job.filename, job.limits.maxOutputBytes);
  }
  const after = tf.memory();
  const text = boundText({ stdout: out.stdout, stderr: out.stderr, value, error: error ? `${error.name}: ${error.message}` : null }, job.limits);
  const bounded = boundCharts(charts, job.limits);
  const done: DoneMessage = {
    type: 'done',
    stdout: text.text.stdout,
    stderr: text.text.stderr,
    value: text.text.value,
    error: error && { ...error, message: text.text.error!.slice(error.name.length + 2) },
    charts: bounded.charts,
    notes: [...(text.note ? [text.note] : []), ...bounded.notes].slice(0, 8).map((n) => n.slice(0, 300)),
    tensorsBefore: before.numTensors,
    tensorsAfter: after.numTensors,
    bytesBefore: before.numBytes,
    bytesAfter: after.numBytes,
  };
  send(done);
  return exit(0);
}

const order = (process.argv[2] ?? 'cpu').split(',') as BackendName[];
const t0 = performance.now();
let warm: Awaited<ReturnType<typeof warmUp>>;
try {
  warm = await warmUp(order);
} catch (error) {
  send({ type: 'failed-to-start', reason: (error instanceof Error ? error.message : String(error)).slice(0, 4000) });
  process.exit(1);
}
// `bare`: the in-process refusals are left out, to test the OS sandbox on its own.
if (process.argv[3] !== 'bare') {
  denyNetwork();
  denySignals();
}
const exit = denyExit();
send({ type: 'ready', backend: warm.backend, tfjsVersion: warm.tf.version.tfjs, fellBack: warm.fellBack, warmMs: performance.now() - t0 });
void runBlock(warm.tf, readJob(), exit);
