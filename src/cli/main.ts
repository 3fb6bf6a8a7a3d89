// The thin root: registers one file per command and maps errors to exit codes (STYLE 10).
import { Command, CommanderError } from 'commander';
import { AppError } from '../errors.js';
import { registerAccounts } from './accounts-command.js';
import { registerAudit } from './audit-command.js';
import { registerDemo } from './demo-command.js';
import { registerEvents } from './events-command.js';
import { registerGenerate } from './generate-command.js';
import { registerOutbox } from './outbox-command.js';
import { printError } from './output.js';
import { registerProvision } from './provision-command.js';
import { registerPull } from './pull-command.js';
import { registerRuns } from './runs-command.js';
import { registerServe } from './serve-command.js';
import { registerSync } from './sync-command.js';
import { registerTick } from './tick-command.js';
import { registerTokens } from './tokens-command.js';
import { registerUsers } from './users-command.js';

export function buildProgram(): Command {
  const program = new Command('selaras')
    .description('Keeps learning accounts in step with Dapodik')
    .option('--db <location>', 'SQLite file or postgres:// URL (default data/selaras.db, or SELARAS_DB)')
    .option('--config <file>', 'JSON config file (default selaras.config.json when present)')
    .enablePositionalOptions(false)
    .exitOverride();
  registerSync(program);
  registerEvents(program);
  registerRuns(program);
  registerAccounts(program);
  registerTick(program);
  registerAudit(program);
  registerOutbox(program);
  registerProvision(program);
  registerUsers(program);
  registerTokens(program);
  registerServe(program);
  registerGenerate(program);
  registerPull(program);
  registerDemo(program);
  for (const command of program.commands) inheritGlobals(command);
  return program;
}

/** `--db` may be given after the command too (`selaras sync dir --db x`): every command accepts it. */
function inheritGlobals(command: Command): void {
  if (!command.options.some((o) => o.long === '--db')) {
    command.option('--db <location>', 'SQLite file or postgres:// URL');
    command.option('--config <file>', 'JSON config file');
  }
  for (const sub of command.commands) inheritGlobals(sub);
}

export async function main(argv: string[]): Promise<void> {
  // `selaras events … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof AppError) {
      printError(err.message);
      process.exitCode = err.exitCode;
      return;
    }
    printError(`internal error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
