// selaras tick [--now YYYY-MM-DD] [--plan] [--json] — the clock-driven moves that are due.
import type { Command } from 'commander';
import { exitCodeOf } from '../sync/report.js';
import { tick } from '../sync/tick-service.js';
import { type GlobalOptions, operatorName, withStore } from './context.js';
import { printJson } from './output.js';
import { printSummary } from './sync-command.js';

interface TickFlags extends GlobalOptions {
  now?: string;
  plan?: boolean;
  json?: boolean;
}

export function registerTick(program: Command): void {
  program
    .command('tick')
    .description('record due reminders, suspensions, deletions, continuation ends and waiting exits')
    .option('--now <date>', 'the day to act for, YYYY-MM-DD (default today)')
    .option('--plan', 'plan only: print what would happen')
    .option('--json', 'print the report as one JSON object')
    .action(async (_flags: TickFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TickFlags>();
      const today = flags.now ?? new Date().toISOString().slice(0, 10);
      const report = await withStore(flags, (store, config) =>
        tick(store, {
          today,
          policy: config.policy,
          plan: flags.plan === true,
          batchSize: config.batchSize,
          now: () => new Date(),
          actor: operatorName(),
          lang: config.lang,
        }),
      );
      if (flags.json) printJson(report);
      else printSummary(report);
      process.exitCode = exitCodeOf(report.status);
    });
}
