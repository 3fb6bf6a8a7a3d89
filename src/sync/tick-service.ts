// selaras tick: the clock-driven moves (reminders, suspensions, deletions, continuation windows and
// waiting exits that end), recorded as a run and guarded like a sync. Idempotent for a day: a step
// that has happened is no longer due.
import { expireAppeals } from '../appeals/appeal-settlement.js';
import type { Account } from '../domain/accounts.js';
import type { PersonPlan } from '../domain/classify.js';
import { addDays } from '../domain/dates.js';
import { tickPlan } from '../domain/lifecycle.js';
import type { Policy } from '../domain/policy.js';
import { AppError } from '../errors.js';
import { Notifier, type OutboxRow } from '../notify/notifier.js';
import type { Lang } from '../notify/templates/index.js';
import type { HoldRow } from '../store/hold-repository.js';
import { accountFromRow } from '../store/person-repository.js';
import type { Store } from '../store/store.js';
import { type AllocationSource, createPlanWriter, type Disposition } from './apply.js';
import { GuardTally, HoldRouter, supersede } from './holds.js';
import { emptyCounts, type SyncReport } from './report.js';
import { createRepositories, type Repositories } from './repositories.js';
import { createHolds, finishHolds, recordPlan, schoolDigests, statusOf } from './sync-service.js';

export interface TickOptions {
  today: string;
  policy: Policy;
  plan: boolean;
  batchSize: number;
  now: () => Date;
  actor: string;
  lang: Lang;
}

const NO_ADDRESSES: AllocationSource = {
  get: () => {
    throw new AppError('internal', 'tick never allocates addresses');
  },
};

export async function tick(store: Store, options: TickOptions): Promise<SyncReport> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today) || Number.isNaN(Date.parse(options.today))) {
    throw new AppError('bad_input', `--now must be a date YYYY-MM-DD, not ${options.today}`);
  }
  const repos = createRepositories(store);
  // Appeals first (issue 10): a hold that ended gives the account a fresh schedule, not a step today.
  if (!options.plan) await expireAppeals({ store, ...options }, options.today, options.actor);
  const plans = await duePlans(repos, options);
  const base: SyncReport = {
    run_id: null,
    status: 'unchanged',
    snapshot: null,
    counts: emptyCounts(),
    held: [],
    rejected_rows: 0,
  };
  if (plans.length === 0) {
    const earlier = await repos.runs.latestTick(options.today);
    return { ...base, run_id: earlier?.id ?? null };
  }
  const tally = new GuardTally();
  for (const plan of plans) tally.add(plan);
  const schools = await repos.runs.loadSchools();
  const provinces = new Map(schools.map((s) => [s.npsn, s.kode_wilayah.slice(0, 2)]));
  const names = new Map(schools.map((s) => [s.npsn, s.nama]));
  const provinceOf = (npsn: string) => provinces.get(npsn) ?? '';
  const activeBySchool = await repos.runs.activeBySchool();
  const none = { emptiedSchools: [], failedSchools: [], files: [] };
  const holds = tally.judge({ activeBySchool, provinceOf, ...none }, options.policy.guards);
  const router = new HoldRouter(holds, provinceOf);
  const runId = await startTickRun(store, repos, options);
  const holdIds = options.plan ? [] : await createHolds(store, repos, runId, holds);
  if (!options.plan) await supersedeEarlierTicks(store, repos, runId, options);
  const stamp = { runId, effectiveDate: options.today, snapshotId: null };
  const notifier = new Notifier({
    lang: options.lang,
    policy: options.policy,
    runId,
    schoolName: (npsn) => names.get(npsn) ?? npsn,
    effectiveDate: options.today,
    now: options.now,
  });
  const dispose = (plan: PersonPlan): Disposition => {
    const index = router.route(plan);
    if (options.plan) return { kind: 'plan', held: index !== null };
    return index === null ? { kind: 'apply' } : { kind: 'hold', holdId: holdIds[index]! };
  };
  const writer = await createPlanWriter(
    store,
    repos,
    stamp,
    options.batchSize,
    dispose,
    options.plan ? undefined : notifier,
  );
  const counts = emptyCounts();
  for (const type of await writer.write(plans, NO_ADDRESSES)) counts[type]++;
  for (const type of await writer.flush()) counts[type]++;
  const held = router.heldList();
  const status = options.plan ? 'planned' : statusOf(held);
  const report: SyncReport = { ...base, run_id: runId, status, counts, held };
  if (options.plan) await recordPlan(store, repos, runId, report, options);
  else {
    const mail = await schoolDigests(repos, notifier, held);
    const pinned = { holdIds, router, digests: writer.holdDigests() };
    await finishTick(store, repos, runId, report, options, pinned, mail);
  }
  return report;
}

async function duePlans(repos: Repositories, options: TickOptions): Promise<PersonPlan[]> {
  const { today, policy } = options;
  const rows = await repos.runs.dueAccounts(
    today,
    addDays(today, policy.reminderDaysBefore),
    addDays(today, -policy.waitingExitDays),
  );
  const paused = await repos.appeals.pausedAccountIds();
  const byPerson = new Map<string, Account[]>();
  for (const row of rows) {
    if (paused.has(Number(row.id))) continue; // an open appeal: no reminder, suspension or deletion
    const list = byPerson.get(row.person_id) ?? [];
    list.push(accountFromRow(row));
    byPerson.set(row.person_id, list);
  }
  // Someone losing an account is told at their personal email from Dapodik too.
  const emails = await repos.persons.personalEmails([...byPerson.keys()]);
  const plans: PersonPlan[] = [];
  for (const [personId, accounts] of byPerson) {
    const plan = tickPlan(accounts, today, policy, emails.get(personId) ?? '');
    if (plan) plans.push(plan);
  }
  return plans;
}

async function startTickRun(store: Store, repos: Repositories, options: TickOptions): Promise<number> {
  return store.db.transaction().execute((trx) =>
    repos.runs.create(trx, {
      kind: 'tick',
      status: options.plan ? 'planning' : 'applying',
      snapshot_id: null,
      taken_at: options.today,
      content_hash: null,
      scope_json: JSON.stringify({ kind: 'national' }),
      started_at: options.now().toISOString(),
      finished_at: null,
      report_json: null,
      message: null,
    }),
  );
}

/** A tick re-plans every clock-driven step, so it replaces what earlier ticks held. */
async function supersedeEarlierTicks(store: Store, repos: Repositories, runId: number, options: TickOptions) {
  const pending: HoldRow[] = [];
  for (const hold of await repos.holds.pending()) {
    if (hold.run_id !== runId && (await repos.runs.get(hold.run_id))?.kind === 'tick') pending.push(hold);
  }
  if (pending.length === 0) return;
  await store.db
    .transaction()
    .execute((trx) => supersede(trx, repos, pending, runId, options.actor, options.now().toISOString()));
}

async function finishTick(
  store: Store,
  repos: Repositories,
  runId: number,
  report: SyncReport,
  options: TickOptions,
  holds: { holdIds: number[]; router: HoldRouter; digests: Map<number, { hash: string; events: number }> },
  mail: OutboxRow[],
): Promise<void> {
  await finishHolds(store, repos, holds.holdIds, holds.router, holds.digests, () => ({
    fresh: [],
    gone: [],
  }));
  await store.db.transaction().execute(async (trx) => {
    await repos.runs.queueMail(trx, mail);
    await repos.runs.update(trx, runId, {
      status: report.status,
      finished_at: options.now().toISOString(),
      report_json: JSON.stringify(report),
    });
    await repos.holds.audit(trx, {
      at: options.now().toISOString(),
      actor: options.actor,
      action: 'apply',
      run_id: runId,
      scope: null,
      details_json: JSON.stringify({ kind: 'tick', status: report.status, held: report.held }),
    });
  });
}
