// The inputs and output of the composers. Plain data: the caller reads events and people from the
// store; the composers only decide wording and recipients.
import type { AccountRef, EventType } from '../../domain/accounts.js';
import type { Lang } from './mail-format.js';

export type PersonKind = 'ptk' | 'pd';

export interface MailEvent {
  type: EventType;
  reason: string | null;
  sameJenjang: boolean | null;
  from: AccountRef | null;
  to: AccountRef | null;
  /** YYYY-MM-DD: the extract's taken_at, or the tick day for time-driven events. */
  effectiveDate: string;
  /** First day sign-in is blocked; effectiveDate + noticeDays when not given. */
  suspendOn?: string | null;
  /** Day the account and its data are deleted; suspendOn + retentionDays when not given. */
  deleteOn?: string | null;
  continuationDeadline?: string | null;
}

export interface PersonMailInput {
  lang: Lang;
  person: { kind: PersonKind; nama: string; personalEmail: string };
  /** All of this person's events in one run, in the order they should be told. */
  events: MailEvent[];
  schoolName: (npsn: string) => string;
  noticeDays: number;
  retentionDays: number;
}

export interface ComposedMail {
  /** The main template, for outbox statistics: 'ptk_deactivated.pensiun', 'combined', 'school_digest'. */
  template: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface DigestItem {
  nama: string;
  address: string;
  type: EventType;
  reason: string | null;
  detail?: string;
}

export interface DigestHold {
  /** As in the run report: 'run', 'provinsi:NN' or 'sekolah:NPSN'. */
  scope: string;
  reason: string;
  count: number;
}

/** An appeal still waiting for the school (issue 10), listed in the school's next digest. */
export interface DigestAppeal {
  id: number;
  nama: string;
  address: string;
  status: 'open' | 'correcting';
  filedOn: string;
  holdUntil: string;
}

export interface SchoolDigestInput {
  lang: Lang;
  school: { npsn: string; nama: string };
  adminAddresses: string[];
  runId: number;
  effectiveDate: string;
  joined: DigestItem[];
  moved: DigestItem[];
  left: DigestItem[];
  held: DigestHold[];
  newCredentials: number;
  /** Appeals of this school still open or being corrected; none when absent. */
  appeals?: DigestAppeal[];
  /** Names listed per group before the rest are summarised by a count; default 200. */
  listLimit?: number;
  /**
   * How many joined, moved and left when the lists hold only those that make the cut (the first
   * `listLimit` in digest order, as a run keeps them); the lists' lengths when absent.
   */
  totals?: { joined: number; moved: number; left: number };
}
