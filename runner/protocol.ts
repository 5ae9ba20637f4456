// The messages between the runner and a block's process: newline-delimited JSON over two pipes (the
// job on the child's stdin, its messages on fd 3). The child runs untrusted code, so everything it
// sends is parsed here against a schema, after the parent has capped its size; nothing in it is
// believed beyond what the block could have printed anyway.
import { z } from 'zod';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** What a block may produce, per block; the vault's `run` config can change each (schemas/config.ts). */
export interface OutputLimits {
  /** UTF-8 bytes of stdout, stderr, return value and error message together. */
  maxOutputBytes: number;
  maxCharts: number;
  maxChartPoints: number;
}

/** Parent → child: run this compiled block once, then exit. */
export interface RunMessage {
  type: 'run';
  /** The compiled block: a script whose value is an async function taking no arguments. */
  js: string;
  /** The file name stack frames will carry; the parent maps its positions back to Markdown. */
  filename: string;
  seed: number;
  limits: OutputLimits;
}

const backendName = z.enum(['tensorflow', 'wasm', 'cpu']);
const line = z.string().max(4000);

export const readyMessage = z.object({
  type: z.literal('ready'),
  backend: backendName,
  tfjsVersion: z.string().max(100),
  /** Backends tried before this one, with why each failed to load. */
  fellBack: z.array(z.object({ backend: z.string().max(50), reason: line })).max(3),
  warmMs: z.number(),
});

export const blockError = z.object({
  name: z.string().max(200),
  message: z.string(),
  stack: z.string().max(8000),
  /** Position in the compiled script (1-based line, 0-based column) of the innermost frame in the block, if any. */
  generated: z.object({ line: z.number().int().positive(), column: z.number().int().nonnegative() }).nullable(),
});

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const doneMessage = z.object({
  type: z.literal('done'),
  stdout: z.string(),
  stderr: z.string(),
  /** The block's `return` value, formatted; null when it returned nothing. */
  value: z.string().nullable(),
  error: blockError.nullable(),
  /** Checked one by one against the chart schema by the parent, so one bad chart is named, not the whole result lost. */
  charts: z.array(z.unknown()),
  /** What the process cut already (runner/bounds.ts), one line each. */
  notes: z.array(z.string().max(300)).max(8),
  tensorsBefore: count,
  tensorsAfter: count,
  bytesBefore: count,
  bytesAfter: count,
});

export const failedToStartMessage = z.object({ type: z.literal('failed-to-start'), reason: z.string().max(4000) });

export const childMessage = z.discriminatedUnion('type', [readyMessage, doneMessage, failedToStartMessage]);

export type ReadyMessage = z.infer<typeof readyMessage>;
export type BlockError = z.infer<typeof blockError>;
export type DoneMessage = z.infer<typeof doneMessage>;
export type ChildMessage = z.infer<typeof childMessage>;

/** Bytes a child may send in all, given the limits: the bounded text (escaped by JSON, up to 6 bytes a character), charts, and room for the rest. */
export function channelCap(limits: OutputLimits): number {
  return 6 * limits.maxOutputBytes + (limits.maxCharts + 1) * (limits.maxChartPoints + 1) * 64 + (1 << 20);
}
