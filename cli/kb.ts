#!/usr/bin/env node
// The thin `kb` command: each subcommand lives in cli/commands/<name>.ts and only parses options,
// calls the engine and prints.
import { Command } from 'commander';
import { register as registerCheck } from './commands/check.ts';
import { register as registerFix } from './commands/fix.ts';
import { register as registerRun } from './commands/run.ts';

const program = new Command('kb')
  .description('Knowledge-base wiki generator: vault maintenance, executable examples, static site')
  .showHelpAfterError()
  .enablePositionalOptions();

registerCheck(program);
registerFix(program);
registerRun(program);

await program.parseAsync(process.argv);
