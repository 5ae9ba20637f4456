// One digest function for everything the build compares between builds (route inputs, search
// inputs, render records, the build fingerprint): sha256 of the value's JSON. Callers build their
// values as arrays and objects in a fixed order, so equal inputs always give equal JSON.
import { createHash } from 'node:crypto';

export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27);
}
