// The dashboard's numbers, all inside the caller's scope: accounts by jenjang and status, applied
// events of the latest runs grouped into what people experience (joined, moved, left, other), the
// outbox by status, and the held scopes waiting for this caller's decision.
import { ACCOUNT_STATUSES, type EventType } from '../../domain/accounts.js';
import type { OperatorScope } from '../../domain/operator-scope.js';
import { JENJANG } from '../../domain/policy.js';
import { createDashboardRepository, type RecentRun } from '../../store/dashboard-repository.js';
import { OUTBOX_STATUSES } from '../../store/outbox-repository.js';
import type { WebDeps } from '../web-types.js';
import { type AppealsOverview, appealsOverview } from './appeal-view-service.js';
import { decidableHolds, type PendingHoldView } from './run-service.js';

/** How many runs the events chart shows. */
export const DASHBOARD_RUNS = 20;

export const EVENT_GROUPS = ['joined', 'moved', 'left', 'other'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

const GROUP_OF: Record<EventType, EventGroup> = {
  account_created: 'joined',
  account_reactivated: 'joined',
  ptk_transferred: 'moved',
  pd_transferred: 'moved',
  pd_level_changed: 'moved',
  ptk_role_changed: 'moved',
  ptk_deactivated: 'left',
  pd_deactivated: 'left',
  account_suspended: 'left',
  account_deleted: 'left',
  pd_continuation_pending: 'other',
  profile_updated: 'other',
  deactivation_reminder: 'other',
};

export function eventGroupOf(type: string): EventGroup {
  return GROUP_OF[type as EventType] ?? 'other';
}

export interface AccountsOverview {
  /** Jenjang with at least one account, in policy order (unknown ones last). */
  jenjang: string[];
  statuses: readonly string[];
  counts: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  total: number;
}

export interface EventsOverview {
  runs: RecentRun[];
  /** run id → group → applied events. */
  counts: Record<number, Record<EventGroup, number>>;
}

export interface OutboxOverview {
  statuses: readonly string[];
  channels: string[];
  /** channel → status → rows. */
  counts: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
}

export interface Dashboard {
  accounts: AccountsOverview;
  events: EventsOverview;
  outbox: OutboxOverview;
  pending: PendingHoldView[];
  appeals: AppealsOverview;
}

export async function dashboard(deps: WebDeps, scope: OperatorScope): Promise<Dashboard> {
  const repo = createDashboardRepository(deps.store.db);
  const [accounts, events, outbox, pending, appeals] = await Promise.all([
    accountsOverview(repo, scope),
    eventsOverview(repo, scope),
    outboxOverview(repo, scope),
    decidableHolds(deps, scope),
    appealsOverview(deps, scope),
  ]);
  return { accounts, events, outbox, pending, appeals };
}

type Repo = ReturnType<typeof createDashboardRepository>;

async function accountsOverview(repo: Repo, scope: OperatorScope): Promise<AccountsOverview> {
  const rows = await repo.accountsByJenjangStatus(scope);
  const counts: Record<string, Record<string, number>> = {};
  const byStatus: Record<string, number> = Object.fromEntries(ACCOUNT_STATUSES.map((s) => [s, 0]));
  for (const r of rows) {
    counts[r.jenjang] ??= Object.fromEntries(ACCOUNT_STATUSES.map((s) => [s, 0]));
    counts[r.jenjang]![r.status] = (counts[r.jenjang]![r.status] ?? 0) + r.n;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
  }
  const known: string[] = JENJANG.filter((j) => counts[j]);
  const unknown = Object.keys(counts)
    .filter((j) => !known.includes(j))
    .sort();
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  return { jenjang: [...known, ...unknown], statuses: ACCOUNT_STATUSES, counts, byStatus, total };
}

async function eventsOverview(repo: Repo, scope: OperatorScope): Promise<EventsOverview> {
  const runs = await repo.recentRuns(DASHBOARD_RUNS);
  const counts: Record<number, Record<EventGroup, number>> = {};
  for (const run of runs) counts[run.id] = { joined: 0, moved: 0, left: 0, other: 0 };
  const first = runs[0];
  if (!first) return { runs, counts };
  for (const r of await repo.appliedEventsByRun(first.id, scope)) {
    const row = counts[r.run_id];
    if (row) row[eventGroupOf(r.type)] += r.n;
  }
  return { runs, counts };
}

async function outboxOverview(repo: Repo, scope: OperatorScope): Promise<OutboxOverview> {
  const rows = await repo.outboxByStatus(scope);
  const counts: Record<string, Record<string, number>> = {};
  const byStatus: Record<string, number> = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0]));
  for (const r of rows) {
    counts[r.channel] ??= Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0]));
    counts[r.channel]![r.status] = (counts[r.channel]![r.status] ?? 0) + r.n;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
  }
  return { statuses: OUTBOX_STATUSES, channels: Object.keys(counts).sort(), counts, byStatus };
}
