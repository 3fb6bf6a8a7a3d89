// Filing an appeal (from Cek Akun, after the caller proved who they are with the same look-up) and the
// school's decision on it (console and API). Each is one transaction: the appeal, the account's
// schedule, the audit entry and the mail commit together or not at all.
import type { Selectable } from 'kysely';
import {
  type AppealDecision,
  appealable,
  decisionAllowed,
  holdUntil,
  refilingRefused,
} from '../domain/appeals.js';
import type { OperatorScope } from '../domain/operator-scope.js';
import { AppError } from '../errors.js';
import type { AppealRow } from '../store/appeal-repository.js';
import { isUniqueViolation } from '../store/db-errors.js';
import type { Executor } from '../store/person-repository.js';
import type { AccountsTable } from '../store/schema.js';
import { filedMailRows, outcomeMailRows } from './appeal-mail-rows.js';
import {
  type AppealDeps,
  AUDIT_ACTIONS,
  appealRepos,
  dayOf,
  endAppeal,
  mailContext,
} from './appeal-steps.js';

type AccountRow = Selectable<AccountsTable>;

export interface FilingInput {
  accountId: number;
  message: string;
  contactEmail: string | null;
}

export const ALREADY_OPEN = 'an appeal for this account is already open';
export const ALREADY_DECIDED = 'an appeal about this change of the account was already decided';

/** Files the appeal; a second one while one is open (or after one was decided) is a conflict. */
export async function fileAppeal(deps: AppealDeps, input: FilingInput): Promise<AppealRow> {
  const repos = appealRepos(deps.store);
  try {
    return await deps.store.db.transaction().execute(async (trx) => {
      const account = await repos.appeals.account(input.accountId, trx);
      if (!account || !appealable(account.status)) {
        throw new AppError('refused', 'this account has no pending change to appeal');
      }
      const earlier = await repos.appeals.ofAccount(account.id, trx);
      const refused = refilingRefused(earlier, { status: account.status, statusSince: account.status_since });
      if (refused) {
        const message = refused === 'open' ? ALREADY_OPEN : ALREADY_DECIDED;
        throw new AppError('conflict', message, { reason: refused });
      }
      const row = newAppeal(account, input, deps);
      const appeal: AppealRow = { ...row, id: await repos.appeals.insert(trx, row) };
      await recordFiling(trx, deps, appeal, account);
      return appeal;
    });
  } catch (error) {
    // Two filings racing past the check: the partial unique index lets only one commit.
    if (isUniqueViolation(error)) throw new AppError('conflict', ALREADY_OPEN, { reason: 'open' });
    throw error;
  }
}

function newAppeal(account: AccountRow, input: FilingInput, deps: AppealDeps): Omit<AppealRow, 'id'> {
  const now = deps.now();
  const filedOn = dayOf(now);
  return {
    account_id: account.id,
    person_id: account.person_id,
    npsn: account.npsn,
    status: 'open',
    outcome: null,
    message: input.message,
    contact_email: input.contactEmail,
    filed_at: now.toISOString(),
    filed_on: filedOn,
    hold_until: holdUntil(filedOn, deps.policy),
    account_status: account.status,
    account_status_since: account.status_since,
    suspend_on_before: account.suspend_on,
    delete_on_before: account.delete_on,
    decided_at: null,
    decided_by: null,
    decision: null,
    decision_note: null,
    waits_after_run: null,
    closed_at: null,
    closed_by: null,
    closed_run_id: null,
    closing_note: null,
    suspend_on_after: null,
    delete_on_after: null,
  };
}

/** The audit entry and the school's mail, in the filing's transaction. */
async function recordFiling(trx: Executor, deps: AppealDeps, appeal: AppealRow, account: AccountRow) {
  const repos = appealRepos(deps.store);
  await repos.audit.audit(trx, {
    at: appeal.filed_at,
    actor: 'cek-akun',
    action: AUDIT_ACTIONS.filed,
    run_id: null,
    scope: `sekolah:${account.npsn}`,
    // What the person wrote stays in the appeal; the log records that it was filed and for how long.
    details_json: JSON.stringify({
      appeal_id: appeal.id,
      account_id: account.id,
      address: account.primary_address,
      hold_until: appeal.hold_until,
      contact_email_given: appeal.contact_email !== null,
    }),
  });
  const nama = (await repos.appeals.schoolName(account.npsn, trx)) ?? account.npsn;
  const admins = await repos.appeals.schoolAdmins(account.npsn, trx);
  const rows = filedMailRows(appeal, account, { npsn: account.npsn, nama }, admins, mailContext(deps));
  await repos.outbox.enqueue(trx, rows);
}

export interface DecisionInput {
  appealId: number;
  scope: OperatorScope;
  actor: string;
  decision: AppealDecision;
  note: string | null;
}

/**
 * "Data is correct" closes the appeal and resumes the schedule with a fresh notice; "being corrected
 * in Dapodik" keeps it paused until a sync run after this one covers the school (appeal-settlement.ts).
 */
export async function decideAppeal(deps: AppealDeps, input: DecisionInput): Promise<AppealRow> {
  const repos = appealRepos(deps.store);
  const visible = await repos.appeals.view(input.appealId, input.scope);
  if (!visible) throw new AppError('not_found', 'no such appeal in your scope');
  if (!decisionAllowed(visible.status, input.decision)) {
    throw new AppError('conflict', `the appeal is ${visible.status} and cannot be decided that way`);
  }
  await deps.store.db.transaction().execute(async (trx) => {
    const appeal = await repos.appeals.get(input.appealId, trx);
    const account = appeal ? await repos.appeals.account(appeal.account_id, trx) : undefined;
    if (!appeal || !account) throw new AppError('not_found', 'no such appeal');
    if (!appealable(account.status)) {
      throw new AppError(
        'conflict',
        'the account is no longer being deactivated; the appeal closes by itself',
      );
    }
    const done =
      input.decision === 'data_correct'
        ? await endAppeal(trx, deps, appeal, account, {
            outcome: 'data_correct',
            today: dayOf(deps.now()),
            actor: input.actor,
            runId: null,
            decision: { note: input.note },
          })
        : await markCorrecting(trx, deps, appeal, account, input);
    if (!done) throw new AppError('conflict', 'the appeal changed meanwhile; reload and decide again');
  });
  return (await repos.appeals.get(input.appealId)) as AppealRow;
}

async function markCorrecting(
  trx: Executor,
  deps: AppealDeps,
  appeal: AppealRow,
  account: AccountRow,
  input: DecisionInput,
): Promise<boolean> {
  const repos = appealRepos(deps.store);
  const at = deps.now().toISOString();
  const waitsAfter = await repos.appeals.latestRunId(trx);
  const moved = await repos.appeals.update(trx, appeal.id, ['open'], {
    status: 'correcting',
    decision: 'correcting',
    decided_at: at,
    decided_by: input.actor,
    decision_note: input.note,
    waits_after_run: waitsAfter,
  });
  if (!moved) return false;
  await repos.audit.audit(trx, {
    at,
    actor: input.actor,
    action: AUDIT_ACTIONS.resolved,
    run_id: null,
    scope: `sekolah:${appeal.npsn}`,
    details_json: JSON.stringify({
      appeal_id: appeal.id,
      account_id: account.id,
      address: account.primary_address,
      decision: 'correcting',
      waits_after_run: waitsAfter,
    }),
  });
  const schoolName = (await repos.appeals.schoolName(appeal.npsn, trx)) ?? appeal.npsn;
  const rows = outcomeMailRows(
    { outcome: 'correcting', appeal, account, schoolName, note: input.note, runId: 0 },
    mailContext(deps),
  );
  await repos.outbox.enqueue(trx, rows);
  return true;
}
