// Appeals (issue 10): a person says the data that is taking their account away is wrong, and the
// account's schedule waits while the school checks. The rules here are pure; the store, mail and web
// layers carry them out.
//
// An appeal is `open` (filed, the school has not answered), `correcting` (the school says Dapodik is
// being corrected: it waits for the next extract) or `closed` with an outcome. While it is open or
// correcting, `tick` neither reminds, suspends nor deletes the account, for at most appealHoldDays.
import type { Account, AccountStatus } from './accounts.js';
import { addDays } from './dates.js';
import type { Policy } from './policy.js';

export const APPEAL_STATUSES = ['open', 'correcting', 'closed'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** Statuses that pause the account's schedule. */
export const PAUSING_STATUSES: readonly AppealStatus[] = ['open', 'correcting'];

export const APPEAL_OUTCOMES = [
  /** The school checked: Dapodik is right; the schedule resumes with a fresh notice. */
  'data_correct',
  /** The account became active again (a corrected extract reactivated it). */
  'reactivated',
  /** The school said it was correcting Dapodik, but the next extract still takes the account away. */
  'not_corrected',
  /** Nobody answered within appealHoldDays; the schedule resumes with a fresh notice. */
  'expired',
] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** What a school operator (or a dinas or national one) decides. */
export const APPEAL_DECISIONS = ['data_correct', 'correcting'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/** The longest text a person may write, and the longest note an operator may add. */
export const APPEAL_MESSAGE_MAX = 1000;
export const APPEAL_NOTE_MAX = 500;

/** Only an account whose removal is on its way can be appealed: before suspension, or before deletion. */
export function appealable(status: AccountStatus | string): boolean {
  return status === 'deactivating' || status === 'suspended';
}

export function holdUntil(filedOn: string, policy: Pick<Policy, 'appealHoldDays'>): string {
  return addDays(filedOn, policy.appealHoldDays);
}

/** The hold is over on its last day: `tick` on that day resumes the schedule. */
export function holdEnded(hold: string, today: string): boolean {
  return hold <= today;
}

export interface Schedule {
  suspendOn: string | null;
  deleteOn: string | null;
  remindedOn: string | null;
}

/**
 * The schedule after an appeal ends without the account coming back: a fresh notice from `today`, so
 * the person is never suspended or deleted without the full notice after being told the outcome. A
 * later date already on the account is kept. A new reminder is sent before the new suspension date.
 */
export function resumedSchedule(
  account: Pick<Account, 'suspendOn' | 'deleteOn'> & { status: AccountStatus | string },
  today: string,
  policy: Pick<Policy, 'noticeDays' | 'retentionDays'>,
): Schedule {
  const fresh = addDays(today, policy.noticeDays);
  if (account.status === 'suspended') {
    return { suspendOn: account.suspendOn, deleteOn: later(account.deleteOn, fresh), remindedOn: null };
  }
  const suspendOn = later(account.suspendOn, fresh);
  return { suspendOn, deleteOn: addDays(suspendOn, policy.retentionDays), remindedOn: null };
}

function later(current: string | null, fresh: string): string {
  return current !== null && current > fresh ? current : fresh;
}

/** What a decision may follow: an open appeal takes either; a correcting one can still be found correct. */
export function decisionAllowed(status: AppealStatus | string, decision: AppealDecision): boolean {
  if (status === 'open') return true;
  return status === 'correcting' && decision === 'data_correct';
}

/**
 * One appeal per account while it is open, and one per status period: once an appeal about this
 * deactivation (or this suspension) is decided, the person cannot hold the schedule again with a new
 * one. A suspension is a new period, so one last appeal before deletion is possible.
 */
export function refilingRefused(
  earlier: readonly { status: string; account_status: string; account_status_since: string }[],
  account: { status: string; statusSince: string },
): 'open' | 'decided' | null {
  if (earlier.some((a) => (PAUSING_STATUSES as readonly string[]).includes(a.status))) return 'open';
  const samePeriod = earlier.some(
    (a) => a.account_status === account.status && a.account_status_since === account.statusSince,
  );
  return samePeriod ? 'decided' : null;
}
