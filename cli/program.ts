// The thin `kb` command: each subcommand lives in cli/commands/<name>.ts and only parses options,
// calls the engine and prints.
import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { register as registerCheck } from './commands/check.ts';
import { register as registerFix } from './commands/fix.ts';
import { register as registerRun } from './commands/run.ts';

// kb's package.json is one folder up from cli/ in the sources and two from lib/cli/ once compiled.
const manifest = [new URL('../package.json', import.meta.url), new URL('../../package.json', import.meta.url)].find((url) => existsSync(url))!;
const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };

const program = new Command('kb')
  .description('Knowledge-base wiki generator: vault maintenance, executable examples, static site')
  .version(version)
  .showHelpAfterError()
  .enablePositionalOptions();

registerCheck(program);
registerFix(program);
registerRun(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A usage or I/O problem is a message for the user, not a stack trace; exit 2 keeps it apart
  // from "the vault has errors" (1).
  process.stderr.write(`kb: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.KB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}
