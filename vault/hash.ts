// The content hash the parse cache keys pages by; its own module so checking whether a file changed
// does not load the parser.
import { hash } from 'node:crypto';

export function hashBytes(bytes: Uint8Array): string {
  // One-shot: no Hash object per page.
  return hash('sha1', bytes, 'hex');
}
