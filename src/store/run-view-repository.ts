// What the console and the API read about runs: pages of runs, a run's events counted and listed
// inside the caller's scope, pending holds, and where held schools lie. Every query that counts or
// lists events goes through eventInScope, so a scoped caller never counts another area's people.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { RunRow } from './run-repository.js';
import type { Database, EventsTable, HoldsTable } from './schema.js';
import { eventInScope } from './scope-filter.js';

export interface RunStateCount {
  run_id: number;
  state: string;
  n: number;
}

export interface EventCount {
  type: string;
  reason: string | null;
  state: string;
  n: number;
}

export type PendingHoldRow = Selectable<HoldsTable> & { taken_at: string | null; run_kind: string };

export function createRunViewRepository(db: Kysely<Database>) {
  return {
    async countRuns(): Promise<number> {
      const row = await db.selectFrom('runs').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async runsPage(limit: number, offset: number): Promise<RunRow[]> {
      return db.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
    },

    /** Events of these runs inside `scope`, by run and state. */
    async eventStates(runIds: number[], scope: OperatorScope): Promise<RunStateCount[]> {
      if (runIds.length === 0) return [];
      const rows = await db
        .selectFrom('events')
        .select(['run_id', 'state', sql<number>`count(*)`.as('n')])
        .where('run_id', 'in', runIds)
        .where(eventInScope(scope))
        .groupBy(['run_id', 'state'])
        .execute();
      return rows.map((r) => ({ run_id: Number(r.run_id), state: r.state, n: Number(r.n) }));
    },

    /** A run's events inside `scope`, by type, reason and state. */
    async eventCounts(runId: number, scope: OperatorScope): Promise<EventCount[]> {
      const rows = await db
        .selectFrom('events')
        .select(['type', 'reason', 'state', sql<number>`count(*)`.as('n')])
        .where('run_id', '=', runId)
        .where(eventInScope(scope))
        .groupBy(['type', 'reason', 'state'])
        .execute();
      return rows.map((r) => ({ type: r.type, reason: r.reason, state: r.state, n: Number(r.n) }));
    },

    async eventsPage(
      runId: number,
      scope: OperatorScope,
      limit: number,
      offset: number,
    ): Promise<EventsTable[]> {
      return db
        .selectFrom('events')
        .selectAll()
        .where('run_id', '=', runId)
        .where(eventInScope(scope))
        .orderBy('seq')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    async countEvents(runId: number, scope: OperatorScope): Promise<number> {
      const row = await db
        .selectFrom('events')
        .select(sql<number>`count(*)`.as('n'))
        .where('run_id', '=', runId)
        .where(eventInScope(scope))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** kode_wilayah of these schools; a school the store never saw is absent from the map. */
    async kodeWilayahOf(npsns: string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < npsns.length; i += 500) {
        const rows = await db
          .selectFrom('schools')
          .select(['npsn', 'kode_wilayah'])
          .where('npsn', 'in', npsns.slice(i, i + 500))
          .execute();
        for (const r of rows) out.set(r.npsn, r.kode_wilayah);
      }
      return out;
    },

    /** Names of these schools, for labels next to a held `sekolah:NPSN`. */
    async schoolNames(npsns: string[]): Promise<Map<string, string>> {
      if (npsns.length === 0) return new Map();
      const rows = await db
        .selectFrom('schools')
        .select(['npsn', 'nama'])
        .where('npsn', 'in', npsns.slice(0, 500))
        .execute();
      return new Map(rows.map((r) => [r.npsn, r.nama]));
    },

    /** Every hold still waiting for a decision, newest run first, with its run's date. */
    async pendingHolds(): Promise<PendingHoldRow[]> {
      return db
        .selectFrom('holds')
        .innerJoin('runs', 'runs.id', 'holds.run_id')
        .selectAll('holds')
        .select(['runs.taken_at as taken_at', 'runs.kind as run_kind'])
        .where('holds.status', '=', 'pending')
        .orderBy('holds.run_id', 'desc')
        .orderBy('holds.id')
        .execute();
    },
  };
}

export type RunViewRepository = ReturnType<typeof createRunViewRepository>;
