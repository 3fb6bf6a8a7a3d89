// The steps that end an appeal, shared by the console's decision, `tick` and the sync: each step moves
// the appeal, puts a fresh schedule on the account when it did not come back, writes the audit entry
// and queues the person's mail, all in one transaction.
import type { Selectable } from 'kysely';
import { type AppealOutcome, PAUSING_STATUSES, resumedSchedule } from '../domain/appeals.js';
import type { Policy } from '../domain/policy.js';
import type { Lang } from '../notify/templates/index.js';
import { type AppealRow, createAppealRepository } from '../store/appeal-repository.js';
import { createHoldRepository } from '../store/hold-repository.js';
import { createOutboxRepository } from '../store/outbox-repository.js';
import type { Executor } from '../store/person-repository.js';
import type { AccountsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { type MailContext, outcomeMailRows } from './appeal-mail-rows.js';

export interface AppealDeps {
  store: Store;
  policy: Policy;
  lang: Lang;
  now: () => Date;
}

export const AUDIT_ACTIONS = {
  filed: 'appeal_filed',
  resolved: 'appeal_resolved',
  expired: 'appeal_expired',
  closed: 'appeal_closed',
} as const;

export function appealRepos(store: Store) {
  return {
    appeals: createAppealRepository(store.db),
    outbox: createOutboxRepository(store.db, store.capabilities),
    audit: createHoldRepository(store.db, store.bulk),
  };
}

export type AppealRepos = ReturnType<typeof appealRepos>;

export function mailContext(deps: AppealDeps): MailContext {
  return { lang: deps.lang, policy: deps.policy, now: deps.now };
}

export interface Ending {
  outcome: AppealOutcome;
  today: string;
  actor: string;
  /** The run that ended it (sync or tick), or null for a decision in the console or the API. */
  runId: number | null;
  /** Set when an operator decided: the decision and the note for the person. */
  decision?: { note: string | null };
}

type AccountRow = Selectable<AccountsTable>;

/**
 * Closes a pausing appeal. Unless the account came back, its schedule resumes with a fresh notice.
 * Returns false, changing nothing, when the appeal or the account moved on meanwhile.
 */
export async function endAppeal(
  trx: Executor,
  deps: AppealDeps,
  appeal: AppealRow,
  account: AccountRow,
  ending: Ending,
): Promise<boolean> {
  const repos = appealRepos(deps.store);
  const at = deps.now().toISOString();
  const resumed = ending.outcome !== 'reactivated';
  const after = resumed ? await resume(trx, deps, account, ending.today) : account;
  if (!after) return false;
  const moved = await repos.appeals.update(trx, appeal.id, PAUSING_STATUSES, {
    status: 'closed',
    outcome: ending.outcome,
    closed_at: at,
    closed_by: ending.actor,
    closed_run_id: ending.runId,
    suspend_on_after: resumed ? after.suspend_on : null,
    delete_on_after: resumed ? after.delete_on : null,
    ...decisionFields(appeal, ending, at),
  });
  if (!moved) return false;
  await repos.audit.audit(trx, {
    at,
    actor: ending.actor,
    action: auditActionOf(ending),
    run_id: ending.runId,
    scope: `sekolah:${appeal.npsn}`,
    details_json: JSON.stringify({
      appeal_id: appeal.id,
      account_id: account.id,
      address: account.primary_address,
      outcome: ending.outcome,
      ...(resumed ? { suspend_on: after.suspend_on, delete_on: after.delete_on } : {}),
    }),
  });
  await tellPerson(trx, deps, appeal, after, ending);
  return true;
}

/** The account with its fresh schedule, or null when it is no longer in the status the appeal saw. */
async function resume(trx: Executor, deps: AppealDeps, account: AccountRow, today: string) {
  const current = { status: account.status, suspendOn: account.suspend_on, deleteOn: account.delete_on };
  const s = resumedSchedule(current, today, deps.policy);
  const schedule = { suspend_on: s.suspendOn, delete_on: s.deleteOn, reminded_on: s.remindedOn };
  const done = await appealRepos(deps.store).appeals.reschedule(trx, account.id, account.status, schedule);
  return done ? { ...account, ...schedule } : null;
}

async function tellPerson(
  trx: Executor,
  deps: AppealDeps,
  appeal: AppealRow,
  account: AccountRow,
  ending: Ending,
) {
  const repos = appealRepos(deps.store);
  const schoolName = (await repos.appeals.schoolName(appeal.npsn, trx)) ?? appeal.npsn;
  const mail = {
    outcome: ending.outcome,
    appeal,
    account,
    schoolName,
    note: ending.decision?.note ?? null,
    runId: ending.runId ?? 0,
  };
  await repos.outbox.enqueue(trx, outcomeMailRows(mail, mailContext(deps)));
}

/**
 * An operator's "data is correct" is the appeal's decision; if the school had said "being corrected"
 * first, that decision stays on record and this one's note is the closing note.
 */
function decisionFields(appeal: AppealRow, ending: Ending, at: string) {
  if (!ending.decision) return {};
  if (appeal.status === 'correcting') return { closing_note: ending.decision.note };
  const note = ending.decision.note;
  return { decided_at: at, decided_by: ending.actor, decision: 'data_correct', decision_note: note };
}

function auditActionOf(ending: Ending): string {
  if (ending.decision) return AUDIT_ACTIONS.resolved;
  return ending.outcome === 'expired' ? AUDIT_ACTIONS.expired : AUDIT_ACTIONS.closed;
}

export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
