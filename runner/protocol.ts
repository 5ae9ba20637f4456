// The messages between the runner and a block's child process (over Node's IPC channel).
// Plain data only, so it survives structured cloning / JSON serialisation unchanged.
import type { Chart } from './charts.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Parent → child: run this compiled block once, then exit. */
export interface RunMessage {
  type: 'run';
  /** The compiled block: a script whose value is an async function taking no arguments. */
  js: string;
  /** The file name stack frames will carry; the parent maps its positions back to Markdown. */
  filename: string;
  seed: number;
}

export interface ReadyMessage {
  type: 'ready';
  backend: BackendName;
  tfjsVersion: string;
  /** Backends tried before this one, with why each failed to load. */
  fellBack: { backend: BackendName; reason: string }[];
  warmMs: number;
}

export interface BlockError {
  name: string;
  message: string;
  stack: string;
  /** Position in the compiled script (1-based line, 0-based column) of the innermost frame in the block, if any. */
  generated: { line: number; column: number } | null;
}

export interface DoneMessage {
  type: 'done';
  stdout: string;
  stderr: string;
  /** The block's `return` value, formatted; null when it returned nothing. */
  value: string | null;
  error: BlockError | null;
  charts: Chart[];
  tensorsBefore: number;
  tensorsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Wall time of the block alone, warm-up excluded. */
  ms: number;
}

export interface FailedToStartMessage {
  type: 'failed-to-start';
  reason: string;
}

export type ChildMessage = ReadyMessage | DoneMessage | FailedToStartMessage | { type: 'started' };
