// Tensor-aware comparison of two outputs: numbers agree within a relative and absolute tolerance
// (backends round differently), integers (shapes, counts) and all other text must be equal.
// Whitespace inside a line is ignored, because tensor printing pads columns to the widest value,
// which can differ between backends by a digit or a sign.
import { normaliseText } from './render.ts';

/** Defaults chosen so seeded `cpu` and `wasm` runs of the same block agree (float32 kernels differ in the last bits, and small trainings amplify that). */
export const DEFAULT_RTOL = 1e-3;
export const DEFAULT_ATOL = 1e-5;

const NUMBER = /[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|NaN|[-+]?Infinity/g;

interface Token {
  text: string;
  number: number | null;
}

function tokens(line: string): Token[] {
  const out: Token[] = [];
  let cursor = 0;
  for (const m of line.matchAll(NUMBER)) {
    if (m.index > cursor) out.push({ text: line.slice(cursor, m.index).replace(/\s+/g, ''), number: null });
    out.push({ text: m[0], number: Number(m[0]) });
    cursor = m.index + m[0].length;
  }
  if (cursor < line.length) out.push({ text: line.slice(cursor).replace(/\s+/g, ''), number: null });
  return out;
}

const isInteger = (text: string) => /^[-+]?\d+$/.test(text);

function numbersAgree(a: Token, b: Token, rtol: number, atol: number): boolean {
  if (a.text === b.text) return true;
  if (isInteger(a.text) && isInteger(b.text)) return false;
  const x = a.number!;
  const y = b.number!;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= atol + rtol * Math.max(Math.abs(x), Math.abs(y));
}

function linesAgree(expected: string, actual: string, rtol: number, atol: number): boolean {
  const a = tokens(expected);
  const b = tokens(actual);
  if (a.length !== b.length) return false;
  return a.every((t, i) => {
    const u = b[i]!;
    if (t.number === null || u.number === null) return t.number === null && u.number === null && t.text === u.text;
    return numbersAgree(t, u, rtol, atol);
  });
}

export interface Comparison {
  equal: boolean;
  /** 1-based line (within the output) of the first disagreement. */
  firstDifference: number | null;
}

export function compareOutputs(expected: string, actual: string, tolerance: { rtol?: number | null; atol?: number | null } = {}): Comparison {
  const rtol = tolerance.rtol ?? DEFAULT_RTOL;
  const atol = tolerance.atol ?? DEFAULT_ATOL;
  const a = normaliseText(expected).split('\n');
  const b = normaliseText(actual).split('\n');
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === undefined || b[i] === undefined || !linesAgree(a[i]!, b[i]!, rtol, atol)) return { equal: false, firstDifference: i + 1 };
  }
  return { equal: true, firstDifference: null };
}
