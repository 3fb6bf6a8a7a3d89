// runs approve | runs reject: a person whose scope covers a held scope decides. Approving applies
// exactly the pinned plan (its hash is checked, and every account it touches must still be as it
// was when the plan was held); rejecting leaves the accounts as they were. Both are audited.
import { createHash } from 'node:crypto';
import type { EventType } from '../domain/accounts.js';
import type { Policy } from '../domain/policy.js';
import { AppError } from '../errors.js';
import { Notifier } from '../notify/notifier.js';
import type { Lang } from '../notify/templates/index.js';
import { distrustState } from '../scan/screen-state.js';
import type { CredentialVault } from '../security/credential-vault.js';
import type { HoldRow } from '../store/hold-repository.js';
import { accountFromRow } from '../store/person-repository.js';
import type { RunRow } from '../store/run-repository.js';
import type { Store } from '../store/store.js';
import { applyPinnedPlans, type PinnedPlan } from './apply.js';
import { emptyCounts, type SyncReport } from './report.js';
import { createRepositories, type Repositories } from './repositories.js';
import { applySchools, type SchoolChanges, schoolDigests, statusOf } from './sync-service.js';

export interface DecisionOptions {
  decision: 'approve' | 'reject';
  scope?: string;
  reason?: string;
  actor: string;
  now: () => Date;
  batchSize: number;
  policy: Policy;
  lang: Lang;
  vault?: CredentialVault;
}

export async function decide(store: Store, runId: number, options: DecisionOptions): Promise<SyncReport> {
  const repos = createRepositories(store);
  const run = await repos.runs.get(runId);
  if (!run) throw new AppError('not_found', `run ${runId} does not exist`);
  const holds = await repos.holds.ofRun(runId);
  const targets = options.scope
    ? holds.filter((h) => h.scope === options.scope)
    : holds.filter((h) => h.status === 'pending');
  const refusal = refusalOf(run, holds, targets, options.scope);
  if (refusal) {
    return { ...(await reportOf(run, repos)), counts: emptyCounts(), status: 'refused', message: refusal };
  }
  const counts = emptyCounts();
  const names = new Map((await repos.runs.loadSchools()).map((s) => [s.npsn, s.nama]));
  const notifier = new Notifier({
    lang: options.lang,
    policy: options.policy,
    runId,
    schoolName: (npsn) => names.get(npsn) ?? npsn,
    effectiveDate: run.taken_at ?? options.now().toISOString().slice(0, 10),
    now: options.now,
  });
  for (const hold of targets) {
    const pinned = await pinnedPlans(repos, hold);
    if (options.decision === 'approve') {
      await verifyUnchanged(repos, hold, pinned);
      // The plans write persons the scan state knows nothing of (a held newcomer): it is no longer
      // the store's, and the next sync reads every row and writes a new one.
      await distrustState(store);
      const applied = await applyPinnedPlans(
        store,
        repos,
        runId,
        pinned,
        options.batchSize,
        notifier,
        options.vault,
      );
      for (const type of applied) counts[type as EventType]++;
    }
    await recordDecision(store, repos, run, hold, pinned, options);
  }
  if (options.decision === 'approve') {
    const mail = await schoolDigests(repos, notifier, []);
    await store.db.transaction().execute((trx) => repos.runs.queueMail(trx, mail));
  }
  const report = await reportOf(run, repos);
  // The stored report keeps what the whole run applied (its own apply plus every approval); the
  // answer to this call counts only what this decision applied.
  const total = { ...report.counts };
  for (const type of Object.keys(total) as EventType[]) total[type] = report.counts[type] + counts[type];
  await repos.runs.update(store.db, runId, {
    status: report.status,
    report_json: JSON.stringify({ ...report, counts: total }),
  });
  return { ...report, counts };
}

function refusalOf(run: RunRow, holds: HoldRow[], targets: HoldRow[], scope?: string): string | null {
  if (scope && targets.length === 0) {
    const scopes = holds.map((h) => h.scope).join(', ') || 'none';
    return `run ${run.id} holds no scope ${scope} (its held scopes: ${scopes})`;
  }
  const candidates = scope ? targets : holds;
  const superseded = candidates.find((h) => h.status === 'superseded');
  if (superseded && (scope || targets.length === 0)) {
    return `the plan of run ${run.id} for ${superseded.scope} was replaced by run ${superseded.superseded_by_run}: decide on that run instead`;
  }
  const decided = targets.find((h) => h.status !== 'pending');
  if (decided) {
    return `${decided.scope} of run ${run.id} was already ${decided.status} by ${decided.decided_by} at ${decided.decided_at}`;
  }
  const done = holds.find((h) => h.status === 'approved' || h.status === 'rejected');
  if (targets.length === 0 && done) {
    return `${done.scope} of run ${run.id} was already ${done.status} by ${done.decided_by} at ${done.decided_at}`;
  }
  if (targets.length === 0) return `run ${run.id} has nothing held`;
  return null;
}

async function pinnedPlans(repos: Repositories, hold: HoldRow): Promise<PinnedPlan[]> {
  const rows = await repos.holds.plansOf(hold.id);
  const hash = createHash('sha256');
  for (const row of rows) hash.update(row.plan_json);
  if (hash.digest('hex') !== hold.plan_hash) {
    throw new AppError(
      'refused',
      `the held plan of ${hold.scope} does not match its pinned hash; it was not applied`,
    );
  }
  return rows.map((row) => JSON.parse(row.plan_json) as PinnedPlan);
}

/** The accounts a plan changes must be exactly as they were when it was held. */
async function verifyUnchanged(repos: Repositories, hold: HoldRow, pinned: PinnedPlan[]): Promise<void> {
  for (const { plan } of pinned) {
    const previous = plan.changes.flatMap((c) => (c.previous ? [c.previous] : []));
    if (previous.length === 0) continue;
    const now = await repos.persons.accountsByIds(previous.map((a) => a.id));
    for (const before of previous) {
      const row = now.get(before.id);
      const current = row ? accountFromRow(row) : null;
      if (!current || JSON.stringify(current) !== JSON.stringify(before)) {
        throw new AppError(
          'refused',
          `account ${before.primaryAddress} changed after ${hold.scope} was held; the plan was not applied — a newer sync re-plans it`,
        );
      }
    }
  }
}

async function recordDecision(
  store: Store,
  repos: Repositories,
  run: RunRow,
  hold: HoldRow,
  pinned: PinnedPlan[],
  options: DecisionOptions,
): Promise<void> {
  const at = options.now().toISOString();
  const status = options.decision === 'approve' ? 'approved' : 'rejected';
  await store.db.transaction().execute(async (trx) => {
    if (options.decision === 'reject') {
      await repos.holds.setEventStates(
        trx,
        pinned.flatMap((p) => p.eventIds),
        'rejected',
      );
    } else if (run.taken_at) {
      await applySchools(trx, repos, JSON.parse(hold.schools_json) as SchoolChanges, run.id, run.taken_at);
    }
    await repos.holds.update(trx, hold.id, {
      status,
      decided_by: options.actor,
      decided_at: at,
      decision_reason: options.reason ?? null,
    });
    await repos.holds.audit(trx, {
      at,
      actor: options.actor,
      action: options.decision,
      run_id: run.id,
      scope: hold.scope,
      details_json: JSON.stringify({
        reason: options.reason ?? null,
        plan_hash: hold.plan_hash,
        events: hold.count,
      }),
    });
  });
}

/** The run's report as it stands: what is still pending is what is held. */
async function reportOf(run: RunRow, repos: Repositories): Promise<SyncReport> {
  const stored = run.report_json ? (JSON.parse(run.report_json) as SyncReport) : null;
  const pending = (await repos.holds.ofRun(run.id)).filter((h) => h.status === 'pending');
  const held = pending.map((h) => ({ scope: h.scope, reason: h.reason, count: h.count }));
  return {
    run_id: run.id,
    status: statusOf(held),
    snapshot: run.snapshot_id && run.taken_at ? { id: run.snapshot_id, taken_at: run.taken_at } : null,
    counts: { ...emptyCounts(), ...stored?.counts },
    held,
    rejected_rows: stored?.rejected_rows ?? 0,
    ...(stored?.unknown_codes ? { unknown_codes: stored.unknown_codes } : {}),
  };
}
