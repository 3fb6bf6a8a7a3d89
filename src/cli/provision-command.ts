// selaras provision status [--account A] [--json] | provision drain [--workers N] [--batch-size N]
// [--watch] [--plan] [--limit N] [--json] | provision retry [--account A] [--plan] [--json]
// | provision backfill [--provinsi NN] [--plan] [--json] | provision reconcile [--repair] [--limit N] [--json]
// Account changes are queued whether or not a target is configured; SELARAS_PROVISION_SCIM_URL (and
// SELARAS_PROVISION_SCIM_TOKEN) name the SCIM 2.0 service provider a drain pushes them to. On
// PostgreSQL several drains, on one machine or many, share the work (FOR UPDATE SKIP LOCKED), and an
// account's changes still arrive in order.
import type { Command } from 'commander';
import type { Config } from '../config/config.js';
import { AppError } from '../errors.js';
import { storeAccountFacts } from '../provision/account-facts.js';
import { type DriftReport, reconcileGoogle } from '../provision/google-reconcile.js';
import {
  openGoogleDirectory,
  openProvisionConnector,
  REQUESTS_PER_ROW,
} from '../provision/open-connector.js';
import { backfillProvisioning } from '../provision/provision-backfill.js';
import { type ProvisionPlan, provisionPlan } from '../provision/provision-plan.js';
import {
  accountProvisioning,
  type ProvisionStatusReport,
  provisionStatus,
} from '../provision/provision-status.js';
import {
  drainProvisioning,
  type ProvisionDrainOptions,
  type ProvisionEvent,
} from '../provision/provision-worker.js';
import { createPersonRepository } from '../store/person-repository.js';
import { createProvisionRepository } from '../store/provision-repository.js';
import type { Store } from '../store/store.js';
import { type GlobalOptions, vaultOf, withStore } from './context.js';
import { drainJson, printDrainSummary, printError, printJson, printLine } from './output.js';

interface StatusFlags extends GlobalOptions {
  account?: string;
  json?: boolean;
}

interface DrainFlags extends GlobalOptions {
  workers?: string;
  batchSize?: string;
  watch?: boolean;
  plan?: boolean;
  limit?: string;
  json?: boolean;
}

interface BackfillFlags extends GlobalOptions {
  provinsi?: string;
  plan?: boolean;
  json?: boolean;
}

interface ReconcileFlags extends GlobalOptions {
  repair?: boolean;
  limit?: string;
  json?: boolean;
}

interface RetryFlags extends GlobalOptions {
  account?: string;
  plan?: boolean;
  json?: boolean;
}

export function registerProvision(program: Command): void {
  const provision = program
    .command('provision')
    .description('push account changes to the provisioning target (SCIM 2.0) and show how far it got');
  provision
    .command('status')
    .description('the queue, accounts by their standing at the target, and the ones that failed')
    .option('--account <id|address>', 'one account: its standing and its latest changes')
    .option('--json', 'print one JSON object')
    .action((_flags: StatusFlags, cmd: Command) => status(cmd.optsWithGlobals<StatusFlags>()));
  provision
    .command('drain')
    .description('push the due changes, then stop (or keep watching with --watch)')
    .option('--workers <n>', 'concurrent claim loops in this process (default SELARAS_PROVISION_WORKERS, 2)')
    .option('--batch-size <n>', 'rows per claim', '10')
    .option('--watch', 'keep polling for new changes until interrupted')
    .option('--plan', 'print the calls a drain would make now; change nothing')
    .option('--limit <n>', 'with --plan: rows to show', '50')
    .option('--json', 'print one JSON object')
    .action((_flags: DrainFlags, cmd: Command) => drain(cmd.optsWithGlobals<DrainFlags>()));
  provision
    .command('retry')
    .description('queue again the latest change of accounts whose latest change failed')
    .option('--account <id|address>', 'only this account')
    .option('--plan', 'only count them')
    .option('--json', 'print one JSON object')
    .action((_flags: RetryFlags, cmd: Command) => retry(cmd.optsWithGlobals<RetryFlags>()));
  provision
    .command('backfill')
    .description('queue every account that has never been queued (accounts made before provisioning)')
    .option('--provinsi <NN>', 'only schools whose kode_wilayah starts with NN: a first load by province')
    .option('--plan', 'only count them')
    .option('--json', 'print one JSON object')
    .action((_flags: BackfillFlags, cmd: Command) => backfill(cmd.optsWithGlobals<BackfillFlags>()));
  provision
    .command('reconcile')
    .description('compare Google Workspace with Selaras and report drift both ways (Google target only)')
    .option('--repair', 'queue again the Selaras-owned accounts that drifted; never deletes other users')
    .option('--limit <n>', 'drifts of each kind to list', '100')
    .option('--json', 'print one JSON object')
    .action((_flags: ReconcileFlags, cmd: Command) => reconcile(cmd.optsWithGlobals<ReconcileFlags>()));
}

async function reconcile(flags: ReconcileFlags): Promise<void> {
  const limit = positive(flags.limit, '--limit');
  const report = await withStore(flags, async (store, config) => {
    const directory = await openGoogleDirectory(config);
    if (!directory)
      throw new AppError(
        'bad_input',
        'reconcile needs the Google Workspace target: set SELARAS_GOOGLE_CREDENTIALS_FILE and SELARAS_GOOGLE_ADMIN_SUBJECT',
      );
    return reconcileGoogle(store, directory, { now: new Date(), repair: flags.repair === true, limit });
  });
  if (flags.json) return printJson(report);
  printReconcile(report, flags.repair === true);
}

function printReconcile(r: DriftReport, repair: boolean): void {
  printLine(`Selaras accounts: ${r.accounts}; Google users: ${r.googleUsers}`);
  printLine(
    `in Selaras, not in Google: ${r.missing}; attributes differ: ${r.differ}; in Google, not in Selaras: ${r.foreign}`,
  );
  for (const d of r.drifts) printLine(`  account ${d.accountId} ${d.address}: ${d.fields.join(', ')}`);
  for (const u of r.foreignUsers)
    printLine(`  Google user ${u.primaryEmail}: ${u.externalId ?? 'not made by Selaras'}`);
  if (repair) printLine(`queued ${r.queued} accounts again; run \`selaras provision drain\``);
  if (r.missing + r.differ + r.foreign > 0) process.exitCode = 1;
}

async function backfill(flags: BackfillFlags): Promise<void> {
  if (flags.provinsi !== undefined && !/^\d{2,6}$/.test(flags.provinsi))
    throw new AppError('bad_input', '--provinsi must be the first digits of a kode_wilayah, e.g. 32');
  const { queued } = await withStore(flags, (store) =>
    backfillProvisioning(store, {
      now: new Date(),
      plan: flags.plan === true,
      ...(flags.provinsi === undefined ? {} : { provinsi: flags.provinsi }),
    }),
  );
  if (flags.json) return printJson({ queued, planned: flags.plan === true });
  printLine(`${flags.plan ? 'would queue' : 'queued'} ${queued} accounts that had never been queued`);
}

async function status(flags: StatusFlags): Promise<void> {
  await withStore(flags, async (store, config) => {
    if (flags.account !== undefined) {
      const id = await accountIdOf(store, flags.account);
      const view = await accountProvisioning(store, id);
      if (flags.json) return printJson({ account_id: id, ...view });
      return printAccount(id, view);
    }
    const connector = openProvisionConnector(config);
    const report = await provisionStatus(store, { now: new Date(), target: connector?.description ?? null });
    await connector?.close();
    if (flags.json) printJson(report);
    else printStatus(report);
  });
}

async function drain(flags: DrainFlags): Promise<void> {
  const limit = positive(flags.limit, '--limit');
  const batchSize = positive(flags.batchSize, '--batch-size');
  const outcome = await withStore(flags, async (store, config) => {
    const connector = openProvisionConnector(config, storeAccountFacts(store, vaultOf(config)));
    if (flags.plan) {
      try {
        return {
          kind: 'plan' as const,
          plan: await provisionPlan(store, connector, { now: new Date(), limit }),
        };
      } finally {
        await connector?.close();
      }
    }
    if (!connector) {
      throw new AppError(
        'bad_input',
        'no provisioning target is configured: set SELARAS_PROVISION_SCIM_URL or SELARAS_GOOGLE_CREDENTIALS_FILE (the changes stay queued)',
      );
    }
    const workers =
      flags.workers === undefined ? config.provision.workers : positive(flags.workers, '--workers');
    const stop = stopOnSignals(flags.watch === true);
    try {
      const options = {
        ...drainOptions(config),
        workers,
        batchSize,
        once: flags.watch !== true,
        signal: stop.signal,
      };
      const result = await drainProvisioning(store, connector, options);
      return { kind: 'drained' as const, result, target: connector.description };
    } finally {
      stop.dispose();
      await connector.close();
    }
  });
  if (outcome.kind === 'plan') return flags.json ? printJson(outcome.plan) : printPlan(outcome.plan);
  const { result, target } = outcome;
  if (flags.json) printJson({ ...drainJson('applied', result.applied, result), target });
  else printDrainSummary('applied', result.applied, result, target);
  process.exitCode = result.errors > 0 ? 1 : 0;
}

/** What `drain` and the loop inside `serve` share, from configuration. */
export function drainOptions(config: Readonly<Config>): ProvisionDrainOptions {
  const settings = config.provision;
  return {
    workers: settings.workers,
    maxAttempts: settings.maxAttempts,
    rowBudgetMs: settings.timeoutMs * REQUESTS_PER_ROW,
    ...(settings.ratePerSecond === undefined ? {} : { ratePerSecond: settings.ratePerSecond }),
    onEvent: printProblem,
  };
}

async function retry(flags: RetryFlags): Promise<void> {
  await withStore(flags, async (store) => {
    const id = flags.account === undefined ? undefined : await accountIdOf(store, flags.account);
    const repo = createProvisionRepository(store.db);
    if (flags.plan) {
      const failed = (await repo.problems({ role: 'nasional', scope: '' }, Number.MAX_SAFE_INTEGER)).filter(
        (p) => p.state === 'failed' && (id === undefined || p.account_id === id),
      );
      if (flags.json) return printJson({ accounts: failed.map((p) => p.account_id), requeued: 0 });
      return printLine(`${failed.length} accounts whose last change failed would be queued again`);
    }
    const accounts = await repo.requeueFailed(new Date().toISOString(), id);
    if (flags.json) return printJson({ accounts, requeued: accounts.length });
    printLine(`queued again the latest change of ${accounts.length} accounts`);
  });
}

async function accountIdOf(store: Store, text: string): Promise<number> {
  if (/^\d+$/.test(text)) return Number(text);
  const account = await createPersonRepository(store.db, store.bulk).findByAddress(text.toLowerCase());
  if (!account) throw new AppError('not_found', `no account has the address ${text}`);
  return account.id;
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AppError('bad_input', `${flag} must be a positive integer`);
  return n;
}

/** With --watch, SIGINT and SIGTERM end the loops after the rows in hand are recorded. */
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
export function printProblem(event: ProvisionEvent): void {
  if (event.type === 'failed')
    printError(`provision ${event.id} (account ${event.accountId}): failed: ${event.error}`);
  else if (event.type === 'error')
    printError(`provision ${event.id ?? '-'}: store error while ${event.stage}: ${event.error}`);
}

function printPlan(plan: ProvisionPlan): void {
  printLine(`${plan.due} changes due now${plan.target ? ` for ${plan.target}` : ' (no target configured)'}`);
  for (const row of plan.rows) {
    printLine(`  #${row.id} account ${row.account_id} ${row.user_name ?? '?'}: ${row.changes.join(', ')}`);
    if (row.error) printLine(`      cannot plan: ${row.error}`);
    for (const call of row.calls ?? []) printLine(`      ${call.method} ${call.path}`);
    if (row.calls?.length === 0) printLine('      nothing to send: the target already holds it');
  }
}

function printStatus(r: ProvisionStatusReport): void {
  printLine(`target: ${r.target ?? 'none configured (changes stay queued)'}`);
  const oldest =
    r.oldest_pending_age_seconds === null ? '' : `; oldest waiting ${r.oldest_pending_age_seconds}s`;
  const q = r.queue;
  printLine(`queue: ${q.pending} pending, ${q.sending} sending, ${q.sent} sent, ${q.failed} failed${oldest}`);
  const a = r.accounts;
  printLine(
    `accounts: ${a.synced} synced, ${a.retrying} retrying, ${a.failed} failed; ${r.waiting_accounts} with changes waiting`,
  );
  for (const p of r.problems) {
    printLine(
      `  ${String(p.account_id).padStart(7)}  ${(p.address ?? '?').padEnd(44)} ${p.state.padEnd(8)} ${p.last_error ?? ''}`,
    );
  }
}

function printAccount(id: number, view: Awaited<ReturnType<typeof accountProvisioning>>): void {
  const s = view.status;
  printLine(
    s
      ? `account ${id}: ${s.state} at ${s.target}${s.remote_id ? ` (id ${s.remote_id})` : ''}, last synced ${s.synced_at ?? 'never'}`
      : `account ${id}: not yet at any target`,
  );
  if (s?.last_error) printLine(`  last error: ${s.last_error}`);
  printLine(`  ${view.waiting} changes waiting`);
  for (const c of view.changes)
    printLine(
      `  #${c.id} run ${c.run_id} ${c.status.padEnd(8)} ${c.changes.join(', ')}${c.last_error ? `: ${c.last_error}` : ''}`,
    );
}
