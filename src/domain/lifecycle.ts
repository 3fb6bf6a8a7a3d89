// The clock-driven part of an account's life (DESIGN 2, "Account states"): what `tick` does to one
// account on one day. At most one step per account per run, so daily ticks record each transition
// once. Pure.
import type { Account, EventType } from './accounts.js';
import { accountRef, type PersonPlan, type PlannedEvent } from './classify.js';
import { addDays } from './dates.js';
import type { Policy } from './policy.js';

export interface TickStep {
  after: Account;
  type: EventType;
  reason: string | null;
  leaver: boolean;
  seasonal: boolean;
  rule: string;
}

export function tickStep(account: Account, today: string, policy: Policy): TickStep | null {
  if (account.status === 'suspended' && account.deleteOn !== null && account.deleteOn <= today) {
    return step(
      { ...account, status: 'deleted', statusSince: today },
      'account_deleted',
      null,
      'retention ended',
    );
  }
  if (account.status === 'deactivating' && account.suspendOn !== null) {
    if (account.suspendOn <= today) {
      const after = { ...account, status: 'suspended' as const, statusSince: today };
      return step(after, 'account_suspended', account.deactivateReason, 'notice period ended');
    }
    const remindOn = addDays(account.suspendOn, -policy.reminderDaysBefore);
    if (account.remindedOn === null && remindOn <= today) {
      const after = { ...account, remindedOn: today };
      return step(
        after,
        'deactivation_reminder',
        account.deactivateReason,
        `suspension on ${account.suspendOn}`,
      );
    }
    return null;
  }
  if (account.status !== 'active') return null;
  if (account.continuationDeadline !== null && account.continuationDeadline <= today) {
    const s = leave(account, today, 'lulus', policy, 'continuation window ended');
    return { ...s, seasonal: true };
  }
  if (account.waitingSince !== null && addDays(account.waitingSince, policy.waitingExitDays) <= today) {
    return leave(
      account,
      today,
      account.waitingReason ?? 'absent',
      policy,
      'waiting exit not confirmed otherwise',
    );
  }
  return null;
}

function leave(account: Account, today: string, reason: string, policy: Policy, why: string): TickStep {
  const suspendOn = addDays(today, policy.noticeDays);
  const after: Account = {
    ...account,
    status: 'deactivating',
    statusSince: today,
    deactivateReason: reason,
    suspendOn,
    deleteOn: addDays(suspendOn, policy.retentionDays),
    continuationDeadline: null,
    waitingSince: null,
    waitingReason: null,
    remindedOn: null,
  };
  const type: EventType = account.personKind === 'pd' ? 'pd_deactivated' : 'ptk_deactivated';
  return { ...step(after, type, reason, why), leaver: true };
}

function step(after: Account, type: EventType, reason: string | null, why: string): TickStep {
  return {
    after,
    type,
    reason,
    leaver: false,
    seasonal: false,
    rule: `${type}${reason ? ` reason=${reason}` : ''}: ${why}`,
  };
}

/** One person's due steps as a plan the sync's writer and guards understand. */
export function tickPlan(
  accounts: readonly Account[],
  today: string,
  policy: Policy,
  personalEmail = '',
): PersonPlan | null {
  const first = accounts[0];
  if (!first) return null;
  const plan: PersonPlan = {
    kind: first.personKind,
    personId: first.personId,
    rekeyedFrom: null,
    rows: [],
    profile: { nama: first.nama, nik: '', nisn: '', tanggalLahir: '', email: personalEmail },
    rowsChanged: false,
    known: true,
    schools: [...new Set(accounts.map((a) => a.npsn))],
    changes: [],
    events: [],
    unknownJenisPtk: 0,
    unknownBentuk: 0,
  };
  for (const account of accounts) {
    const s = tickStep(account, today, policy);
    if (!s) continue;
    plan.changes.push({ account: s.after, previous: account, addressNeed: null });
    plan.events.push(tickEvent(s, account, plan.changes.length - 1));
  }
  return plan.events.length > 0 ? plan : null;
}

function tickEvent(s: TickStep, before: Account, subject: number): PlannedEvent {
  const facts: Record<string, string | null> = { status_before: before.status, status_after: s.after.status };
  if (before.suspendOn) facts.suspend_on = before.suspendOn;
  if (before.continuationDeadline) facts.continuation_deadline = before.continuationDeadline;
  if (before.waitingSince) facts.waiting_since = before.waitingSince;
  return {
    type: s.type,
    reason: s.reason,
    sameJenjang: null,
    from: accountRef(before),
    to: s.after.status === 'active' ? accountRef(s.after) : null,
    subject,
    toChange: null,
    rule: s.rule,
    evidence: { rows: [], facts },
    leaver: s.leaver,
    seasonal: s.seasonal,
    schools: [before.npsn],
  };
}
