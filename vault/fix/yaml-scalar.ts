// Writing one YAML value into an existing front-matter by hand: plain where YAML allows it, quoted
// only where it needs it (a `:` followed by space, a leading indicator, a number-like or boolean word).
import { parse } from 'yaml';

const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

export function yamlScalar(value: string, flow: boolean): string {
  const risky = value === '' || INDICATOR_START.test(value) || /\s$/.test(value) || /: |\s#|:$/.test(value) || (flow && /[,[\]{}]/.test(value)) || /[\n\r\t]/.test(value);
  if (!risky) {
    try {
      if (parse(value, { schema: 'core' }) === value) return value;
    } catch {
      // falls through to quoting
    }
  }
  // A double-quoted YAML scalar accepts JSON string escapes.
  return JSON.stringify(value);
}
