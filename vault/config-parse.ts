// Parsing and validating a `kb.config.json` text against its schema (schemas/config.ts), apart from
// vault/config.ts so that a vault without a config never loads the schema and zod.
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { CONFIG_FILE, vaultConfig } from '../schemas/config.ts';
import type { LoadedConfig } from './config.ts';
import { LineIndex } from './lines.ts';
import type { VaultPath } from './paths.ts';
import type { Diagnostic } from './types.ts';

const configPath = CONFIG_FILE as VaultPath;

function diagnostic(text: string, offset: number, message: string, rule = 'config-invalid'): Diagnostic {
  const { line, column } = new LineIndex(text).point(offset);
  return { file: configPath, line, column, severity: 'error', rule, message };
}

/** Parses a config text; pure, so the CLI, the site and tests share it. Comments and trailing commas
 * are allowed (as in tsconfig.json): people annotate their config. */
export function parseConfig(text: string): LoadedConfig {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const message = first ? printParseErrorCode(first.error) : 'empty file';
    return { config: {}, file: configPath, diagnostics: [diagnostic(text, first?.offset ?? 0, `${CONFIG_FILE} is not valid JSON: ${message} (the config is ignored)`, 'config-syntax')] };
  }
  const parsed = vaultConfig.safeParse(getNodeValue(tree));
  if (parsed.success) return { config: parsed.data, file: configPath, diagnostics: [] };
  return {
    config: {},
    file: configPath,
    diagnostics: parsed.error.issues.map((issue) => {
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      // Point at the deepest node that exists: the offending value, or the object missing a key.
      let node: Node | undefined;
      for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
      return diagnostic(text, node?.offset ?? 0, `${path.join('.') || CONFIG_FILE}: ${issue.message} (the config is ignored)`);
    }),
  };
}

