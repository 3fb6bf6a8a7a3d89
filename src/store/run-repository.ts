// Runs, their batches, events, rejected rows and the schools as last applied.
import type { Insertable, Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import type { RejectedRow } from '../domain/records.js';
import type { BulkWriter } from './bulk.js';
import type { Executor } from './person-repository.js';
import type { Database, EventsTable, RunsTable, SchoolsTable } from './schema.js';

export type RunRow = Selectable<RunsTable>;

/**
 * The active admin accounts among those selected. The role is a literal, as migration 010's partial
 * index states it: SQLite takes a partial index only when the query repeats its condition as written.
 */
export function activeAdmins<O>(
  qb: SelectQueryBuilder<Database, 'accounts', O>,
): SelectQueryBuilder<Database, 'accounts', O> {
  return qb.where('role', '=', sql.lit('admin')).where('status', '=', 'active');
}

export function createRunRepository(db: Kysely<Database>, bulk: BulkWriter) {
  return {
    /** Inserts a run with the next id; the caller's transaction makes the id and the row one step. */
    async create(trx: Executor, run: Omit<RunsTable, 'id'>): Promise<number> {
      const row = await trx
        .selectFrom('runs')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      const id = Number(row?.max ?? 0) + 1;
      await trx
        .insertInto('runs')
        .values({ ...run, id })
        .execute();
      return id;
    },

    async update(trx: Executor, id: number, patch: Partial<Omit<RunsTable, 'id'>>): Promise<void> {
      await trx.updateTable('runs').set(patch).where('id', '=', id).execute();
    },

    async get(id: number): Promise<RunRow | undefined> {
      return db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async list(limit = 50): Promise<RunRow[]> {
      return db.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },

    /** The latest run of this snapshot that was not refused. */
    async latestOfSnapshot(snapshotId: string): Promise<RunRow | undefined> {
      return db
        .selectFrom('runs')
        .selectAll()
        .where('kind', '=', 'sync')
        .where('snapshot_id', '=', snapshotId)
        .where('status', 'not in', ['refused', 'planned', 'planning'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
    },

    /** The batch's marker, written by the bulk writer like the rows it vouches for (apply.ts). */
    async addBatch(trx: Executor, batch: Database['run_batches']): Promise<void> {
      await bulk.insert(trx, 'run_batches', [batch]);
    },

    async nextBatchNo(runId: number): Promise<number> {
      const row = await db
        .selectFrom('run_batches')
        .select((eb) => eb.fn.max('batch_no').as('max'))
        .where('run_id', '=', runId)
        .executeTakeFirst();
      return Number(row?.max ?? 0) + 1;
    },

    async maxSeq(runId: number): Promise<number> {
      const row = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('seq').as('max'))
        .where('run_id', '=', runId)
        .executeTakeFirst();
      return Number(row?.max ?? 0);
    },

    async maxEventId(trx: Executor): Promise<{ id: number }> {
      const row = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      return { id: Number(row?.max ?? 0) };
    },

    async insertEvents(trx: Executor, events: EventsTable[]): Promise<void> {
      await bulk.insert(trx, 'events', events);
    },

    async markEventsApplied(
      trx: Executor,
      events: { id: number; accountId: number | null; toJson: string | null }[],
    ): Promise<void> {
      for (const e of events) {
        await trx
          .updateTable('events')
          .set({ state: 'applied', account_id: e.accountId, to_json: e.toJson })
          .where('id', '=', e.id)
          .execute();
      }
    },

    /** Accounts whose clock-driven step may be due on `today` (see domain/lifecycle.ts). */
    async dueAccounts(today: string, remindHorizon: string, waitingCutoff: string) {
      return db
        .selectFrom('accounts')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'deactivating'), eb('suspend_on', '<=', remindHorizon)]),
            eb.and([eb('status', '=', 'suspended'), eb('delete_on', '<=', today)]),
            eb.and([
              eb('status', '=', 'active'),
              eb.or([eb('continuation_deadline', '<=', today), eb('waiting_since', '<=', waitingCutoff)]),
            ]),
          ]),
        )
        .orderBy('person_id')
        .orderBy('id')
        .execute();
    },

    async latestTick(day: string): Promise<RunRow | undefined> {
      return db
        .selectFrom('runs')
        .selectAll()
        .where('kind', '=', 'tick')
        .where('taken_at', '=', day)
        .where('status', 'not in', ['planned', 'planning', 'refused'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
    },

    /**
     * The events a run applied, with the name of their person, in order, a page after `afterSeq`: what
     * an interrupted run's earlier processes did, for the digests and report of the process that
     * finishes it (events_run_id_seq_idx).
     */
    async appliedEvents(runId: number, afterSeq: number, limit: number) {
      return db
        .selectFrom('events')
        .leftJoin('persons', 'persons.person_id', 'events.person_id')
        .select([
          'events.seq',
          'events.type',
          'events.reason',
          'events.from_json',
          'events.to_json',
          'persons.nama',
        ])
        .where('events.run_id', '=', runId)
        .where('events.seq', '>', afterSeq)
        .where('events.state', '=', 'applied')
        .orderBy('events.seq')
        .limit(limit)
        .execute();
    },

    /** Accounts a run created, by school: the new credentials its digests announce. */
    async createdBySchool(runId: number): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('accounts')
        .select(['npsn', sql<number>`count(*)`.as('n')])
        .where('created_run_id', '=', runId)
        .groupBy('npsn')
        .execute();
      return new Map(rows.map((r) => [r.npsn, Number(r.n)]));
    },

    async queueMail(trx: Executor, rows: Insertable<Database['outbox']>[]): Promise<void> {
      await bulk.insert(trx, 'outbox', rows);
    },

    /** Primary addresses of the active admin accounts of these schools: digest recipients. */
    /** `executor`: a transaction to read in (SQLite's one connection is that transaction's meanwhile). */
    async adminAddresses(npsns: readonly string[], executor: Executor = db): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      for (let i = 0; i < npsns.length; i += 500) {
        const rows = await executor
          .selectFrom('accounts')
          .select(['npsn', 'primary_address'])
          .where('npsn', 'in', npsns.slice(i, i + 500))
          .$call(activeAdmins)
          .orderBy('primary_address')
          .execute();
        for (const r of rows) out.set(r.npsn, [...(out.get(r.npsn) ?? []), r.primary_address]);
      }
      return out;
    },

    async activeBySchool(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('accounts')
        .select(['npsn', sql<number>`count(*)`.as('n')])
        .where('status', '=', 'active')
        .groupBy('npsn')
        .execute();
      return new Map(rows.map((r) => [r.npsn, Number(r.n)]));
    },

    async eventsOfRun(runId: number): Promise<EventsTable[]> {
      return db.selectFrom('events').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
    },

    async eventsOfAccount(accountId: number): Promise<EventsTable[]> {
      return db.selectFrom('events').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
    },

    async insertRejects(trx: Executor, runId: number, rejects: RejectedRow[]): Promise<void> {
      const rows = rejects.map((r) => ({
        run_id: runId,
        file: r.file,
        line: r.line,
        reason: r.reason,
        row_id: r.rowId ?? null,
        person_id: r.personId ?? null,
      }));
      await bulk.insert(trx, 'rejects', rows);
    },

    async rejectsOfRun(runId: number, limit = 1000) {
      return db
        .selectFrom('rejects')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('file')
        .orderBy('line')
        .limit(limit)
        .execute();
    },

    async loadSchools(): Promise<Selectable<SchoolsTable>[]> {
      return db.selectFrom('schools').selectAll().execute();
    },

    async upsertSchools(trx: Executor, rows: SchoolsTable[]): Promise<void> {
      await bulk.upsert(trx, 'schools', rows, ['npsn']);
    },

    async markSchoolsGone(trx: Executor, npsns: string[], runId: number, takenAt: string): Promise<void> {
      for (let i = 0; i < npsns.length; i += 500) {
        await trx
          .updateTable('schools')
          .set({ present: 0, last_run_id: runId, last_taken_at: takenAt })
          .where('npsn', 'in', npsns.slice(i, i + 500))
          .execute();
      }
    },

    /** Account counts by status, for `runs show` and the summary. */
    async accountTotals(): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('accounts')
        .select(['status', sql<number>`count(*)`.as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

export type RunRepository = ReturnType<typeof createRunRepository>;
