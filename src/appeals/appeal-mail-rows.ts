// Appeal mail as outbox rows, written in the same transaction as the appeal step they announce
// (STYLE 5). Appeal mail belongs to no sync run: `run_id` is the run that closed the appeal, or 0 when
// a person or an operator acted outside any run. `account_id` is the appealed account, so the mail
// pages show it to the operators of that school.
import type { Selectable } from 'kysely';
import type { Policy } from '../domain/policy.js';
import { MAIL_CHANNEL, type MailPayload } from '../notify/mail-payload.js';
import {
  type AppealMailOutcome,
  type ComposedMail,
  composeAppealFiledMail,
  composeAppealOutcomeMail,
  type Lang,
} from '../notify/templates/index.js';
import type { AppealRow } from '../store/appeal-repository.js';
import type { NewOutboxRow } from '../store/outbox-repository.js';
import type { AccountsTable } from '../store/schema.js';

export interface MailContext {
  lang: Lang;
  policy: Policy;
  now: () => Date;
}

type AccountRow = Selectable<AccountsTable>;

function outboxRow(mail: ComposedMail, accountId: number, runId: number, ctx: MailContext): NewOutboxRow {
  const at = ctx.now().toISOString();
  const payload: MailPayload = { ...mail, lang: ctx.lang };
  return {
    run_id: runId,
    event_id: null,
    account_id: accountId,
    channel: MAIL_CHANNEL,
    payload_json: JSON.stringify(payload),
    next_attempt_at: at,
    created_at: at,
  };
}

/** The school's admin accounts are told at once; a school without any gets no mail (the console shows it). */
export function filedMailRows(
  appeal: AppealRow,
  account: AccountRow,
  school: { npsn: string; nama: string },
  admins: string[],
  ctx: MailContext,
): NewOutboxRow[] {
  const mail = composeAppealFiledMail({
    lang: ctx.lang,
    school,
    adminAddresses: admins,
    noticeDays: ctx.policy.noticeDays,
    appeal: {
      id: appeal.id,
      kind: account.person_kind === 'ptk' ? 'ptk' : 'pd',
      nama: account.nama,
      address: account.primary_address,
      role: account.role,
      jenjang: account.jenjang,
      accountStatus: account.status,
      reason: account.deactivate_reason,
      suspendOn: account.suspend_on,
      deleteOn: account.delete_on,
      message: appeal.message,
      filedOn: appeal.filed_on,
      holdUntil: appeal.hold_until,
    },
  });
  return mail ? [outboxRow(mail, account.id, 0, ctx)] : [];
}

export interface OutcomeMail {
  outcome: AppealMailOutcome;
  appeal: AppealRow;
  /** The account as it is after the step (status and the schedule it now has). */
  account: AccountRow;
  schoolName: string;
  note: string | null;
  runId: number;
}

/**
 * The person is told at the account and at the contact email they gave. When the account came back
 * by itself, the sync's own reactivation mail already reached the account, so only the contact email
 * is told that the appeal is over.
 */
export function outcomeMailRows(m: OutcomeMail, ctx: MailContext): NewOutboxRow[] {
  const contact = m.appeal.contact_email ?? '';
  const address = m.account.primary_address;
  const to =
    m.outcome === 'reactivated'
      ? [contact].filter((a) => a !== '' && a.toLowerCase() !== address.toLowerCase())
      : [address, contact];
  const mail = composeAppealOutcomeMail({
    lang: ctx.lang,
    outcome: m.outcome,
    person: { kind: m.account.person_kind === 'ptk' ? 'ptk' : 'pd', nama: m.account.nama },
    to,
    address,
    schoolName: m.schoolName,
    filedOn: m.appeal.filed_on,
    holdUntil: m.appeal.hold_until,
    accountStatus: m.account.status,
    suspendOn: m.account.suspend_on,
    deleteOn: m.account.delete_on,
    note: m.note,
  });
  return mail ? [outboxRow(mail, m.account.id, m.runId, ctx)] : [];
}
