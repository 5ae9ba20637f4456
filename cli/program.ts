// The thin `kb` command: each subcommand lives in cli/commands/<name>.ts and only parses options,
// calls the engine and prints.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { register as registerCheck } from './commands/check.ts';
import { register as registerFix } from './commands/fix.ts';
import { register as registerRun } from './commands/run.ts';
import { register as registerBuild } from './commands/build.ts';
import { register as registerDev } from './commands/dev.ts';
import { register as registerPreview } from './commands/preview.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('kb')
  .description('Knowledge-base wiki generator: vault maintenance, executable examples, static site')
  .version(version)
  .showHelpAfterError()
  .enablePositionalOptions();

registerCheck(program);
registerFix(program);
registerRun(program);
registerBuild(program);
registerDev(program);
registerPreview(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A usage or I/O problem is a message for the user, not a stack trace; exit 2 keeps it apart
  // from "the vault has errors" (1).
  process.stderr.write(`kb: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.KB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}
