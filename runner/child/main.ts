// One block's process. Started by the pool before any block is known, it loads tfjs and the backend
// (the slow part), says `ready`, runs exactly one block and exits: tfjs keeps global state (layer
// name counters, registered variables, env flags) that cannot be reset, so a process never runs a
// second block. Usage: main.ts <backend>[,<fallback>…]
import { inspect, format } from 'node:util';
import { runInThisContext } from 'node:vm';
import { createPlot, type Chart } from '../charts.ts';
import type { BackendName, BlockError, ChildMessage, DoneMessage, RunMessage } from '../protocol.ts';
import { denyExit, denyNetwork } from './sandbox.ts';
import { seededRandom } from './seeded-random.ts';

type Tf = typeof import('@tensorflow/tfjs');

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

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
      fellBack.push({ backend, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
    }
  }
  throw new Error(fellBack.map((f) => `${f.backend}: ${f.reason}`).join('; '));
}

function formatValue(value: unknown): string | null {
  if (value === undefined) return null;
  if (value && typeof value === 'object' && 'dataSync' in value && 'shape' in value) return String(value);
  return typeof value === 'string' ? value : inspect(value, { depth: 4, breakLength: 100 });
}

function toBlockError(error: unknown, filename: string): BlockError {
  if (!(error instanceof Error)) return { name: 'Thrown', message: inspect(error), stack: '', generated: null };
  const stack = error.stack ?? '';
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return {
    name: error.name,
    message: error.message,
    stack,
    generated: frame ? { line: Number(frame[1]), column: Number(frame[2]) - 1 } : null,
  };
}

/** Redirects console and process.stdout/stderr into strings (capped, so a runaway print cannot flood the parent). */
function capture(limit = 1 << 20) {
  const out = { stdout: '', stderr: '' };
  const push = (stream: 'stdout' | 'stderr', chunk: string) => {
    if (out[stream].length < limit) out[stream] += chunk.length + out[stream].length > limit ? `${chunk.slice(0, limit - out[stream].length)}\n… output truncated at ${limit} characters\n` : chunk;
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

async function runBlock(tf: Tf, job: RunMessage, exit: (code: number) => never): Promise<never> {
  const charts: Chart[] = [];
  const g = globalThis as Record<string, unknown>;
  g.tf = tf;
  g.plot = createPlot(charts);
  Math.random = seededRandom(job.seed);
  const out = capture();
  let late: unknown = null;
  // An error thrown from a timer or an unawaited promise still belongs to this block.
  process.removeAllListeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.on('uncaughtException', (error) => (late ??= error));
  process.on('unhandledRejection', (error) => (late ??= error));

  const before = tf.memory();
  await send({ type: 'started' });
  const t0 = performance.now();
  let value: string | null = null;
  let error: BlockError | null = null;
  try {
    const fn = runInThisContext(job.js, { filename: job.filename }) as () => Promise<unknown>;
    value = formatValue(await fn());
    // Let errors from timers and promises the block started but did not await surface before reporting.
    await new Promise((resolve) => setImmediate(resolve));
    if (late) throw late;
  } catch (thrown) {
    error = toBlockError(thrown, job.filename);
  }
  const ms = performance.now() - t0;
  const after = tf.memory();
  const done: DoneMessage = {
    type: 'done',
    stdout: out.stdout,
    stderr: out.stderr,
    value,
    error,
    charts,
    tensorsBefore: before.numTensors,
    tensorsAfter: after.numTensors,
    bytesBefore: before.numBytes,
    bytesAfter: after.numBytes,
    ms,
  };
  await send(done);
  return exit(0);
}

const order = (process.argv[2] ?? 'cpu').split(',') as BackendName[];
const t0 = performance.now();
let warm: Awaited<ReturnType<typeof warmUp>>;
try {
  warm = await warmUp(order);
} catch (error) {
  await send({ type: 'failed-to-start', reason: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
denyNetwork();
const exit = denyExit();
process.once('message', (job: RunMessage) => void runBlock(warm.tf, job, exit));
await send({ type: 'ready', backend: warm.backend, tfjsVersion: warm.tf.version.tfjs, fellBack: warm.fellBack, warmMs: performance.now() - t0 });
