// selaras outbox status [--json] | outbox drain [--workers N] [--batch-size N] [--watch] [--plan] [--json]
// Mail goes over SMTP when SELARAS_SMTP_URL is set, to the local mailbox `<dataDir>/mail` otherwise.
// On PostgreSQL several drains, on one machine or many, share the work (FOR UPDATE SKIP LOCKED).
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { openMailTransport } from '../notify/open-mail-transport.js';
import { type DuePlan, dueNow, type OutboxStatusReport, outboxStatus } from '../notify/outbox-status.js';
import { drainOutbox, type OutboxEvent } from '../notify/outbox-worker.js';
import { type GlobalOptions, withStore } from './context.js';
import { drainJson, printDrainSummary, printError, printJson, printLine } from './output.js';

interface StatusFlags extends GlobalOptions {
  json?: boolean;
}

interface DrainFlags extends GlobalOptions {
  workers?: string;
  batchSize?: string;
  watch?: boolean;
  once?: boolean;
  plan?: boolean;
  json?: boolean;
}

export function registerOutbox(program: Command): void {
  const outbox = program.command('outbox').description('show and deliver the mail outbox');
  outbox
    .command('status')
    .description('mail by status and template, and the age of the oldest pending message')
    .option('--json', 'print one JSON object')
    .action(async (_flags: StatusFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<StatusFlags>();
      const report = await withStore(flags, (store) => outboxStatus(store, () => new Date()));
      if (flags.json) printJson(report);
      else printStatus(report);
    });
  outbox
    .command('drain')
    .description('send the due mail, then stop (or keep watching with --watch)')
    .option('--workers <n>', 'concurrent claim loops in this process', '1')
    .option('--batch-size <n>', 'rows per claim', '50')
    .option('--once', 'stop when nothing is due (the default)')
    .option('--watch', 'keep polling for new mail until interrupted')
    .option('--plan', 'only count what is due; send nothing')
    .option('--json', 'print one JSON object')
    .action(async (_flags: DrainFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<DrainFlags>();
      const workers = positive(flags.workers, '--workers');
      const batchSize = positive(flags.batchSize, '--batch-size');
      if (flags.plan) {
        const plan = await withStore(flags, (store) => dueNow(store, () => new Date()));
        if (flags.json) printJson(plan);
        else printPlan(plan);
        return;
      }
      const { result, transport } = await withStore(flags, async (store, config) => {
        const mail = openMailTransport(config);
        const stop = stopOnSignals(flags.watch === true);
        try {
          const totals = await drainOutbox(store, mail, {
            workers,
            batchSize,
            once: flags.watch !== true,
            from: config.mailFrom,
            maxAttempts: config.mailMaxAttempts,
            leaseMs: config.mailLeaseSeconds * 1000,
            ...(config.smtpUrl !== undefined && config.mailRatePerSecond !== undefined
              ? { ratePerSecond: config.mailRatePerSecond }
              : {}),
            signal: stop.signal,
            onEvent: printFailure,
          });
          return { result: totals, transport: mail.description };
        } finally {
          stop.dispose();
          await mail.close();
        }
      });
      if (flags.json) printJson({ ...drainJson('sent', result.sent, result), transport });
      else printDrainSummary('sent', result.sent, result, transport);
      process.exitCode = result.errors > 0 ? 1 : 0;
    });
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AppError('bad_input', `${flag} must be a positive integer`);
  return n;
}

/** With --watch, SIGINT and SIGTERM end the loops after the messages in flight are recorded. */
function stopOnSignals(watch: boolean): { signal: AbortSignal | undefined; dispose(): void } {
  if (!watch) return { signal: undefined, dispose: () => {} };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/** Failures and store errors go to stderr as they happen; successes only count. */
function printFailure(event: OutboxEvent): void {
  if (event.type === 'failed')
    printError(`outbox ${event.id}: failed (attempt ${event.attempt}): ${event.error}`);
  else if (event.type === 'error')
    printError(`outbox ${event.id ?? '-'}: store error while ${event.stage}: ${event.error}`);
}

function printPlan(plan: DuePlan): void {
  printLine(`${plan.due} messages due now`);
  for (const [template, count] of Object.entries(plan.by_template))
    printLine(`  ${template.padEnd(28)} ${count}`);
}

function printStatus(r: OutboxStatusReport): void {
  const oldest =
    r.oldest_pending_age_seconds === null
      ? ''
      : `; oldest pending waiting ${age(r.oldest_pending_age_seconds)}`;
  printLine(`mail: ${r.pending} pending, ${r.sending} sending, ${r.sent} sent, ${r.failed} failed${oldest}`);
  const templates = Object.entries(r.by_template);
  if (templates.length === 0) return;
  const width = Math.max(8, ...templates.map(([t]) => t.length));
  const header = ['pending', 'sending', 'sent', 'failed'].map((h) => h.padStart(8)).join(' ');
  printLine(`${'template'.padEnd(width)} ${header}`);
  for (const [template, c] of templates) {
    const cells = [c.pending, c.sending, c.sent, c.failed].map((n) => String(n).padStart(8)).join(' ');
    printLine(`${template.padEnd(width)} ${cells}`);
  }
}

function age(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
