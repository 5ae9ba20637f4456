// The content hash the parse cache keys pages by; its own module so checking whether a file changed
// does not load the parser.
import { createHash } from 'node:crypto';

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
