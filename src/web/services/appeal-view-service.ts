// What the web shows of appeals: the list and one appeal for an operator (always inside the caller's
// scope), the dashboard's counts per school, an account's appeals as a story, what Cek Akun tells the
// person, and the API's JSON. The contact email a person gave is never part of any of these.
import { appealable, refilingRefused } from '../../domain/appeals.js';
import { daysBetween } from '../../domain/dates.js';
import type { OperatorScope } from '../../domain/operator-scope.js';
import { AppError } from '../../errors.js';
import {
  type AppealListRow,
  type AppealRow,
  type AppealSchoolCount,
  createAppealRepository,
} from '../../store/appeal-repository.js';
import type { Store } from '../../store/store.js';
import type { WebDeps } from '../web-types.js';

export const APPEAL_FILTERS = ['waiting', 'open', 'correcting', 'closed', 'all'] as const;
export type AppealFilterName = (typeof APPEAL_FILTERS)[number];

const FILTER_STATUSES: Record<AppealFilterName, string[]> = {
  waiting: ['open', 'correcting'],
  open: ['open'],
  correcting: ['correcting'],
  closed: ['closed'],
  all: [],
};

export function appealFilterOf(value: string | undefined): AppealFilterName {
  return (APPEAL_FILTERS as readonly string[]).includes(value ?? '')
    ? (value as AppealFilterName)
    : 'waiting';
}

/** How far back the dashboard flags appeals that expired unanswered. */
export const EXPIRED_FLAG_DAYS = 90;

export interface AppealItem extends AppealListRow {
  /** Days since filing, counted to today (or to the day it closed). */
  age_days: number;
  /** Days left before the hold ends, while it pauses the schedule. */
  days_left: number | null;
}

export function today(deps: Pick<WebDeps, 'now'>): string {
  return deps.now().toISOString().slice(0, 10);
}

function item(row: AppealListRow, day: string): AppealItem {
  const end = row.closed_at ? row.closed_at.slice(0, 10) : day;
  const pausing = row.status !== 'closed';
  return {
    ...row,
    age_days: Math.max(0, daysBetween(row.filed_on, end)),
    days_left: pausing ? Math.max(0, daysBetween(day, row.hold_until)) : null,
  };
}

export async function listAppeals(
  deps: WebDeps,
  scope: OperatorScope,
  filter: { name: AppealFilterName; npsn?: string; limit: number; offset: number },
): Promise<{ appeals: AppealItem[]; total: number }> {
  const repo = createAppealRepository(deps.store.db);
  const { rows, total } = await repo.list(scope, {
    statuses: FILTER_STATUSES[filter.name],
    limit: filter.limit,
    offset: filter.offset,
    ...(filter.npsn ? { npsn: filter.npsn } : {}),
  });
  const day = today(deps);
  return { appeals: rows.map((r) => item(r, day)), total };
}

/** One appeal inside the caller's scope; outside it, like one that does not exist. */
export async function appealDetail(deps: WebDeps, scope: OperatorScope, id: number): Promise<AppealItem> {
  const row = await createAppealRepository(deps.store.db).view(id, scope);
  if (!row) throw new AppError('not_found', 'no such appeal in your scope');
  return item(row, today(deps));
}

/** Appeal ids in paths are positive integers; anything else is simply not found. */
export function parseAppealId(raw: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw new AppError('not_found', 'no such appeal');
  return Number(raw);
}

export interface AppealsOverview {
  schools: (AppealSchoolCount & { oldest_age_days: number | null })[];
  open: number;
  correcting: number;
  expired: number;
  expiredSince: string;
}

export async function appealsOverview(deps: WebDeps, scope: OperatorScope): Promise<AppealsOverview> {
  const day = today(deps);
  const since = new Date(Date.parse(`${day}T00:00:00Z`) - EXPIRED_FLAG_DAYS * 86_400_000).toISOString();
  const rows = await createAppealRepository(deps.store.db).countsBySchool(scope, since);
  const schools = rows.map((r) => ({
    ...r,
    oldest_age_days: r.oldest_filed_on ? Math.max(0, daysBetween(r.oldest_filed_on, day)) : null,
  }));
  const total = (key: 'open' | 'correcting' | 'expired') => schools.reduce((n, s) => n + s[key], 0);
  return {
    schools,
    open: total('open'),
    correcting: total('correcting'),
    expired: total('expired'),
    expiredSince: since.slice(0, 10),
  };
}

/** The appeals of an account, oldest first (its page checks the caller's scope before asking). */
export async function appealsOfAccount(store: Store, accountId: number): Promise<AppealRow[]> {
  return createAppealRepository(store.db).ofAccount(accountId);
}

/** What Cek Akun tells the person about the latest appeal of an account. */
export interface PublicAppeal {
  id: number;
  status: string;
  outcome: string | null;
  filedOn: string;
  holdUntil: string;
  decidedOn: string | null;
  closedOn: string | null;
  suspendOnAfter: string | null;
  deleteOnAfter: string | null;
}

export interface PublicAppealState {
  appeal: PublicAppeal | null;
  /** The account has a pending change and no appeal stands in the way of a new one. */
  canAppeal: boolean;
}

export async function publicAppealStates(
  store: Store,
  accounts: readonly { id: number; status: string; statusSince: string }[],
): Promise<Map<number, PublicAppealState>> {
  const all = await createAppealRepository(store.db).allOfAccounts(accounts.map((a) => a.id));
  const out = new Map<number, PublicAppealState>();
  for (const account of accounts) {
    const appeals = all.get(account.id) ?? [];
    const latest = appeals.at(-1);
    out.set(account.id, {
      appeal: latest ? publicAppeal(latest) : null,
      canAppeal: appealable(account.status) && refilingRefused(appeals, account) === null,
    });
  }
  return out;
}

function publicAppeal(a: AppealRow): PublicAppeal {
  return {
    id: a.id,
    status: a.status,
    outcome: a.outcome,
    filedOn: a.filed_on,
    holdUntil: a.hold_until,
    decidedOn: a.decided_at?.slice(0, 10) ?? null,
    closedOn: a.closed_at?.slice(0, 10) ?? null,
    suspendOnAfter: a.suspend_on_after,
    deleteOnAfter: a.delete_on_after,
  };
}

/** The API's appeal: what the console shows. */
export function appealJson(a: AppealItem) {
  return {
    id: a.id,
    account: {
      id: a.account_id,
      address: a.primary_address,
      nama: a.nama,
      person_kind: a.person_kind,
      role: a.role,
      jenjang: a.jenjang,
      status: a.account_status_now,
      deactivate_reason: a.deactivate_reason,
      suspend_on: a.suspend_on,
      delete_on: a.delete_on,
    },
    npsn: a.npsn,
    school_name: a.school_name,
    status: a.status,
    outcome: a.outcome,
    message: a.message,
    filed_at: a.filed_at,
    hold_until: a.hold_until,
    age_days: a.age_days,
    days_left: a.days_left,
    decision: a.decision,
    decided_at: a.decided_at,
    decided_by: a.decided_by,
    decision_note: a.decision_note,
    closed_at: a.closed_at,
    closed_by: a.closed_by,
    closed_run_id: a.closed_run_id,
    closing_note: a.closing_note,
    suspend_on_after: a.suspend_on_after,
    delete_on_after: a.delete_on_after,
  };
}
