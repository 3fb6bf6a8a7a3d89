// The dashboard's aggregates, each inside the caller's scope: accounts by jenjang and status, applied
// events per run, and the outbox by channel and status.
import { type Kysely, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { Database } from './schema.js';
import { eventInScope, npsnInScope } from './scope-filter.js';

export interface JenjangStatusCount {
  jenjang: string;
  status: string;
  n: number;
}

export interface RunTypeCount {
  run_id: number;
  type: string;
  n: number;
}

export interface ChannelStatusCount {
  channel: string;
  status: string;
  n: number;
}

export interface RecentRun {
  id: number;
  kind: string;
  status: string;
  taken_at: string | null;
  started_at: string;
}

export function createDashboardRepository(db: Kysely<Database>) {
  return {
    async accountsByJenjangStatus(scope: OperatorScope): Promise<JenjangStatusCount[]> {
      const rows = await db
        .selectFrom('accounts')
        .select(['jenjang', 'status', sql<number>`count(*)`.as('n')])
        .where(npsnInScope('accounts.npsn', scope))
        .groupBy(['jenjang', 'status'])
        .execute();
      return rows.map((r) => ({ jenjang: r.jenjang, status: r.status, n: Number(r.n) }));
    },

    async recentRuns(limit: number): Promise<RecentRun[]> {
      const rows = await db
        .selectFrom('runs')
        .select(['id', 'kind', 'status', 'taken_at', 'started_at'])
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse();
    },

    /** Applied events of runs from `fromRunId` on, inside `scope`, by run and type. */
    async appliedEventsByRun(fromRunId: number, scope: OperatorScope): Promise<RunTypeCount[]> {
      const rows = await db
        .selectFrom('events')
        .select(['run_id', 'type', sql<number>`count(*)`.as('n')])
        .where('run_id', '>=', fromRunId)
        .where('state', '=', 'applied')
        .where(eventInScope(scope))
        .groupBy(['run_id', 'type'])
        .execute();
      return rows.map((r) => ({ run_id: Number(r.run_id), type: r.type, n: Number(r.n) }));
    },

    /**
     * Outbox rows by channel and status. A scoped caller sees the rows of its accounts; rows with no
     * account (school digests) are counted only nationally, since they name no account to scope by.
     */
    async outboxByStatus(scope: OperatorScope): Promise<ChannelStatusCount[]> {
      const rows =
        scope.role === 'nasional'
          ? await db
              .selectFrom('outbox')
              .select(['channel', 'status', sql<number>`count(*)`.as('n')])
              .groupBy(['channel', 'status'])
              .execute()
          : await db
              .selectFrom('outbox')
              .innerJoin('accounts', 'accounts.id', 'outbox.account_id')
              .select(['outbox.channel as channel', 'outbox.status as status', sql<number>`count(*)`.as('n')])
              .where(npsnInScope('accounts.npsn', scope))
              .groupBy(['outbox.channel', 'outbox.status'])
              .execute();
      return rows.map((r) => ({ channel: r.channel, status: r.status, n: Number(r.n) }));
    },
  };
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
