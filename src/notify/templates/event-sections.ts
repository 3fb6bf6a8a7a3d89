// One event → one part of a person's mail: which template, what it says, which facts it shows and
// who must read it. Events the ministry does not notify give nothing.
import type { AccountRef, EventType } from '../../domain/accounts.js';
import { addDays } from '../../domain/dates.js';
import { formatDate, jenjangLabel, type Lang, normaliseReason } from './mail-format.js';
import type { Fact } from './mail-layout.js';
import type { MailEvent, PersonKind } from './mail-types.js';
import {
  type CopyContext,
  PD_DEACTIVATION_REASONS,
  type PdDeactivationReason,
  type PersonCopy,
  PTK_DEACTIVATION_REASONS,
  type SectionText,
} from './person-copy.js';

/** The events a person is told about (DESIGN 2, "Mail"); the rest only reach the school's digest. */
export const NOTIFIED_EVENT_TYPES = [
  'ptk_deactivated',
  'ptk_role_changed',
  'ptk_transferred',
  'pd_level_changed',
  'pd_deactivated',
  'account_created',
  'account_reactivated',
  'deactivation_reminder',
] as const satisfies readonly EventType[];

/** DESIGN 2: the reminder goes out this many days before suspension. */
const REMINDER_DAYS_BEFORE = 3;

export interface SectionEnv {
  lang: Lang;
  kind: PersonKind;
  personalEmail: string;
  schoolName: (npsn: string) => string;
  noticeDays: number;
  retentionDays: number;
  copy: PersonCopy;
}

export interface PersonSection {
  template: string;
  text: SectionText;
  facts: Fact[];
  /** The account address the person can read now, and the personal email when an account is lost. */
  recipients: string[];
}

export function sectionFor(event: MailEvent, env: SectionEnv): PersonSection | null {
  const { from, to } = event;
  switch (event.type) {
    case 'ptk_deactivated':
    case 'pd_deactivated':
      return from ? deactivated(event, from, env) : null;
    case 'deactivation_reminder':
      return from ? reminder(event, from, env) : null;
    case 'ptk_role_changed':
      return from && to ? roleChanged(event, to, env) : null;
    case 'ptk_transferred':
      if (!from || !to) return null;
      return isJenjangChange(event, from, to)
        ? jenjangChanged(event, from, env, 'ptk_transferred.other_jenjang')
        : transferred(event, to, env);
    case 'pd_level_changed':
      return from && to ? jenjangChanged(event, from, env, 'pd_level_changed') : null;
    case 'account_created':
      return to ? created(event, env) : null;
    case 'account_reactivated': {
      const account = to ?? from;
      return account ? reactivated(event, account, env) : null;
    }
    default:
      return null;
  }
}

function isJenjangChange(event: MailEvent, from: AccountRef, to: AccountRef): boolean {
  return event.sameJenjang === null ? from.jenjang !== to.jenjang : !event.sameJenjang;
}

function schoolOf(ref: AccountRef | null, env: SectionEnv): string {
  if (!ref) return '';
  const name = env.schoolName(ref.npsn).trim();
  return name === '' ? `NPSN ${ref.npsn}` : name;
}

function contextOf(event: MailEvent, env: SectionEnv): CopyContext {
  const daysToSuspend = event.type === 'deactivation_reminder' ? REMINDER_DAYS_BEFORE : env.noticeDays;
  const suspendOn = event.suspendOn ?? shifted(event.effectiveDate, daysToSuspend);
  const deleteOn = event.deleteOn ?? shifted(suspendOn, env.retentionDays);
  const lang = env.lang;
  return {
    kind: env.kind,
    effective: dateText(event.effectiveDate, lang),
    lastDay: dateText(shifted(suspendOn, -1), lang),
    suspend: dateText(suspendOn, lang),
    remove: dateText(deleteOn, lang),
    deadline: dateText(event.continuationDeadline, lang),
    from: event.from?.address ?? '',
    to: event.to?.address ?? '',
    fromSchool: schoolOf(event.from, env),
    toSchool: schoolOf(event.to, env),
    fromJenjang: event.from ? jenjangLabel(event.from.jenjang, env.lang) : '',
    toJenjang: event.to ? jenjangLabel(event.to.jenjang, env.lang) : '',
    renamed: Boolean(event.from && event.to && event.from.address !== event.to.address),
  };
}

// A run's messages share a handful of dates (one effective date, one notice period): each is computed
// and formatted once rather than once per message. The caches are bounded; a clear costs a recompute.
const CACHE_LIMIT = 4096;
const shiftedDays = new Map<number, Map<string, string>>();
const formattedDates: Readonly<Record<Lang, Map<string, string>>> = { id: new Map(), en: new Map() };

function shifted(date: string, days: number): string {
  let byDate = shiftedDays.get(days);
  if (!byDate) {
    byDate = new Map();
    shiftedDays.set(days, byDate);
  }
  let out = byDate.get(date);
  if (out === undefined) {
    if (byDate.size >= CACHE_LIMIT) byDate.clear();
    out = addDays(date, days);
    byDate.set(date, out);
  }
  return out;
}

function dateText(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const cache = formattedDates[lang];
  if (!cache) return formatDate(iso, lang);
  let out = cache.get(iso);
  if (out === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    out = formatDate(iso, lang);
    cache.set(iso, out);
  }
  return out;
}

function losing(account: AccountRef, env: SectionEnv): string[] {
  return [account.address, env.personalEmail];
}

function deactivated(event: MailEvent, from: AccountRef, env: SectionEnv): PersonSection {
  const c = contextOf(event, env);
  const { labels } = env.copy;
  let template: string;
  let text: SectionText;
  if (event.type === 'ptk_deactivated') {
    const reason = known(PTK_DEACTIVATION_REASONS, normaliseReason(event.reason));
    template = `ptk_deactivated.${reason}`;
    text = env.copy.ptkDeactivated(reason, c);
  } else {
    const reason = pdReason(event);
    template = `pd_deactivated.${reason}`;
    text = env.copy.pdDeactivated(reason, c);
  }
  const facts: Fact[] = [
    [labels.address, c.from],
    [labels.school, c.fromSchool],
    [labels.effective, c.effective],
    [labels.deadline, template === 'pd_deactivated.continuation_ended' ? c.deadline : ''],
    [labels.suspend, c.suspend],
    [labels.remove, c.remove],
  ];
  return { template, text, facts, recipients: losing(from, env) };
}

function known<T extends string>(values: readonly T[], value: string): T | 'other' {
  return (values as readonly string[]).includes(value) ? (value as T) : 'other';
}

/** A continuation window that ends is recorded as `lulus` with the deadline it missed. */
function pdReason(event: MailEvent): PdDeactivationReason {
  const reason = normaliseReason(event.reason);
  if (reason === 'continuation_ended' || (reason === 'lulus' && event.continuationDeadline)) {
    return 'continuation_ended';
  }
  return known(PD_DEACTIVATION_REASONS, reason);
}

function reminder(event: MailEvent, from: AccountRef, env: SectionEnv): PersonSection {
  const c = contextOf(event, env);
  const { labels } = env.copy;
  const facts: Fact[] = [
    [labels.address, c.from],
    [labels.lastDay, c.lastDay],
    [labels.suspend, c.suspend],
    [labels.remove, c.remove],
  ];
  return {
    template: 'deactivation_reminder',
    text: env.copy.reminder(c),
    facts,
    recipients: losing(from, env),
  };
}

function roleChanged(event: MailEvent, to: AccountRef, env: SectionEnv): PersonSection {
  const c = contextOf(event, env);
  const { labels } = env.copy;
  const toAdmin = to.role === 'admin';
  const facts: Fact[] = [
    [labels.oldAddress, c.from],
    [labels.newAddress, c.to],
    [labels.school, c.toSchool],
    [labels.effective, c.effective],
  ];
  return {
    template: `ptk_role_changed.${toAdmin ? 'to_admin' : 'to_guru'}`,
    text: env.copy.roleChanged(toAdmin, c),
    facts,
    recipients: [to.address],
  };
}

function transferred(event: MailEvent, to: AccountRef, env: SectionEnv): PersonSection {
  const c = contextOf(event, env);
  const { labels } = env.copy;
  const facts: Fact[] = [
    c.renamed ? [labels.oldAddress, c.from] : [labels.address, c.to],
    [labels.newAddress, c.renamed ? c.to : ''],
    [labels.oldSchool, c.fromSchool],
    [labels.newSchool, c.toSchool],
    [labels.effective, c.effective],
  ];
  return {
    template: 'ptk_transferred.same_jenjang',
    text: env.copy.transferred(c),
    facts,
    recipients: [to.address],
  };
}

/**
 * A move to another jenjang. The new account's password is still with the school operator, so the
 * mail goes where the person can read it now: the old account and the personal email.
 */
function jenjangChanged(
  event: MailEvent,
  from: AccountRef,
  env: SectionEnv,
  template: string,
): PersonSection {
  const c = contextOf(event, env);
  const { labels } = env.copy;
  const facts: Fact[] = [
    [labels.oldAddress, c.from],
    [labels.newAddress, c.to],
    [labels.oldSchool, c.fromSchool],
    [labels.newSchool, c.toSchool],
    [labels.effective, c.effective],
    [labels.suspend, c.suspend],
    [labels.remove, c.remove],
  ];
  return { template, text: env.copy.jenjangChanged(c), facts, recipients: losing(from, env) };
}

/** Only the personal email: nobody can read the new mailbox before the operator hands over its password. */
function created(event: MailEvent, env: SectionEnv): PersonSection {
  const c = contextOf(event, env);
  const { labels } = env.copy;
  const facts: Fact[] = [
    [labels.newAddress, c.to],
    [labels.school, c.toSchool],
    [labels.effective, c.effective],
  ];
  return { template: 'account_created', text: env.copy.created(c), facts, recipients: [env.personalEmail] };
}

function reactivated(event: MailEvent, account: AccountRef, env: SectionEnv): PersonSection {
  const c = contextOf({ ...event, to: account }, env);
  const { labels } = env.copy;
  const facts: Fact[] = [
    [labels.address, c.to],
    [labels.school, c.toSchool],
    [labels.effective, c.effective],
  ];
  return {
    template: 'account_reactivated',
    text: env.copy.reactivated(c),
    facts,
    recipients: [account.address],
  };
}
