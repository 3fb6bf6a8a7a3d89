// Accounts and schools as the console and the API show them. Every read is filtered by the caller's
// scope in the repository; an account or school outside it is "not found", so its existence is never
// revealed. NIK and birth dates are never read here, and a mail is shown only by its subject.
import type { OperatorScope } from '../../domain/operator-scope.js';
import { AppError } from '../../errors.js';
import { parseMailPayload } from '../../notify/mail-payload.js';
import {
  type AccountRow,
  createDirectoryRepository,
  type SchoolListRow,
  type SchoolRow,
  type StatusRoleCount,
} from '../../store/directory-repository.js';
import type { AddressesTable, EventsTable } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import { type EventView, eventView } from '../../sync/event-view.js';

/** Search results per page; a note tells the operator when more matched. */
export const SEARCH_LIMIT = 100;
export const SCHOOL_PAGE_SIZE = 50;
export const SCHOOL_EVENTS_LIMIT = 50;

export interface AccountSearch {
  query: string;
  accounts: AccountRow[];
  more: boolean;
}

/** An event as the timeline and the API show it: the `selaras events` shape plus why it fired. */
export interface TimelineEvent extends EventView {
  id: number;
  snapshot_id: string | null;
  rule: string;
  evidence: unknown;
}

export interface MailSummary {
  id: number;
  run_id: number;
  /** null when the stored payload cannot be read. */
  subject: string | null;
  status: string;
  attempts: number;
  created_at: string;
  sent_at: string | null;
}

export interface AccountDetail {
  account: AccountRow;
  school: SchoolRow | undefined;
  addresses: AddressesTable[];
  events: TimelineEvent[];
  mails: MailSummary[];
}

export interface SchoolDetail {
  school: SchoolRow;
  counts: StatusRoleCount[];
  accounts: AccountRow[];
  page: number;
  more: boolean;
  events: TimelineEvent[];
  /** Active accounts whose initial password was never downloaded. */
  undownloaded: number;
}

/** A personal identifier must not reach a page even if a future rule puts one in its evidence. */
const PERSONAL_KEY = /(^|_)(nik|tanggal_lahir|email)$/i;

function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !PERSONAL_KEY.test(key))
      .map(([key, v]) => [key, redacted(v)]),
  );
}

export function timelineEvent(row: EventsTable): TimelineEvent {
  let evidence: unknown = null;
  try {
    evidence = redacted(JSON.parse(row.evidence_json));
  } catch {
    evidence = null;
  }
  return { id: row.id, ...eventView(row), snapshot_id: row.snapshot_id, rule: row.rule, evidence };
}

function mailSummary(row: {
  id: number;
  run_id: number;
  payload_json: string;
  status: string;
  attempts: number;
  created_at: string;
  sent_at: string | null;
}): MailSummary {
  const parsed = parseMailPayload(row.payload_json);
  return {
    id: row.id,
    run_id: row.run_id,
    subject: parsed.ok ? parsed.payload.subject : null,
    status: row.status,
    attempts: row.attempts,
    created_at: row.created_at,
    sent_at: row.sent_at,
  };
}

/** Account ids in paths are positive integers; anything else is simply not found. */
export function parseAccountId(raw: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw new AppError('not_found', 'no such account');
  return Number(raw);
}

export function createDirectoryService(store: Store) {
  const repo = createDirectoryRepository(store.db);
  return {
    async searchAccounts(scope: OperatorScope, text: string): Promise<AccountSearch> {
      const query = text.trim().slice(0, 200);
      if (query === '') return { query, accounts: [], more: false };
      const page = await repo.searchAccounts(query, scope, SEARCH_LIMIT);
      return { query, accounts: page.rows, more: page.more };
    },

    /** The first accounts in scope, by id (the API asked without a search text). */
    async listAccounts(scope: OperatorScope): Promise<AccountSearch> {
      const page = await repo.listAccounts(scope, SEARCH_LIMIT);
      return { query: '', accounts: page.rows, more: page.more };
    },

    async account(scope: OperatorScope, id: number): Promise<AccountDetail> {
      const account = await repo.account(id, scope);
      if (!account) throw new AppError('not_found', 'no such account in your scope');
      const [school, addresses, events, mails] = await Promise.all([
        repo.school(account.npsn, { role: 'nasional', scope: '' }),
        repo.addressesOf(id),
        repo.eventsOfAccount(id),
        repo.mailsOfAccount(id),
      ]);
      return { account, school, addresses, events: events.map(timelineEvent), mails: mails.map(mailSummary) };
    },

    async searchSchools(
      scope: OperatorScope,
      text: string,
    ): Promise<{ query: string; schools: SchoolListRow[]; more: boolean }> {
      const query = text.trim().slice(0, 100);
      const page = await repo.searchSchools(query, scope, SEARCH_LIMIT);
      return { query, schools: page.rows, more: page.more };
    },

    /** The school and its accounts by status and role (the API's view). */
    async schoolSummary(
      scope: OperatorScope,
      npsn: string,
    ): Promise<{ school: SchoolRow; counts: StatusRoleCount[] }> {
      const school = await repo.school(npsn, scope);
      if (!school) throw new AppError('not_found', 'no such school in your scope');
      return { school, counts: await repo.countsOfSchool(npsn) };
    },

    /** The school's page; `page` counts from 1. */
    async school(scope: OperatorScope, npsn: string, page = 1): Promise<SchoolDetail> {
      const school = await repo.school(npsn, scope);
      if (!school) throw new AppError('not_found', 'no such school in your scope');
      const offset = (page - 1) * SCHOOL_PAGE_SIZE;
      const [counts, accounts, events, undownloaded] = await Promise.all([
        repo.countsOfSchool(npsn),
        repo.accountsOfSchool(npsn, offset, SCHOOL_PAGE_SIZE),
        repo.eventsOfSchool(npsn, SCHOOL_EVENTS_LIMIT),
        repo.undownloadedCount(npsn),
      ]);
      return {
        school,
        counts,
        accounts: accounts.rows,
        page,
        more: accounts.more,
        events: events.map(timelineEvent),
        undownloaded,
      };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

/** The API's account: what the console shows, without personal data. */
export function accountJson(a: AccountRow) {
  return {
    id: a.id,
    address: a.primary_address,
    nama: a.nama,
    person: { kind: a.person_kind, id: a.person_id },
    status: a.status,
    role: a.role,
    jenjang: a.jenjang,
    npsn: a.npsn,
    status_since: a.status_since,
    deactivate_reason: a.deactivate_reason,
    suspend_on: a.suspend_on,
    delete_on: a.delete_on,
    continuation_deadline: a.continuation_deadline,
  };
}

export function schoolJson(s: SchoolRow) {
  return {
    npsn: s.npsn,
    nama: s.nama,
    bentuk_pendidikan: s.bentuk_pendidikan,
    status_sekolah: s.status_sekolah,
    kode_wilayah: s.kode_wilayah,
    present: s.present === 1,
    last_taken_at: s.last_taken_at,
  };
}

/** `{active: {guru: 2, …}, …}`: the counts of a school by status, then role. */
export function countsJson(counts: StatusRoleCount[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of counts) {
    const byRole = out[c.status] ?? {};
    byRole[c.role] = (byRole[c.role] ?? 0) + c.count;
    out[c.status] = byRole;
  }
  return out;
}
