// Held scopes, their pinned plans, and the append-only audit log.
import type { Kysely, Selectable } from 'kysely';
import type { BulkWriter } from './bulk.js';
import type { Executor } from './person-repository.js';
import type { AuditLogTable, Database, HeldPlansTable, HoldsTable } from './schema.js';

export type HoldRow = Selectable<HoldsTable>;
export type AuditRow = Selectable<AuditLogTable>;

export function createHoldRepository(db: Kysely<Database>, bulk: BulkWriter) {
  return {
    async create(trx: Executor, rows: Omit<HoldsTable, 'id'>[]): Promise<number[]> {
      const row = await trx
        .selectFrom('holds')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      let next = Number(row?.max ?? 0) + 1;
      const ids: number[] = [];
      for (const hold of rows) {
        await trx
          .insertInto('holds')
          .values({ ...hold, id: next })
          .execute();
        ids.push(next++);
      }
      return ids;
    },

    async update(trx: Executor, id: number, patch: Partial<Omit<HoldsTable, 'id'>>): Promise<void> {
      await trx.updateTable('holds').set(patch).where('id', '=', id).execute();
    },

    async ofRun(runId: number): Promise<HoldRow[]> {
      return db.selectFrom('holds').selectAll().where('run_id', '=', runId).orderBy('id').execute();
    },

    async pending(): Promise<HoldRow[]> {
      return db.selectFrom('holds').selectAll().where('status', '=', 'pending').orderBy('id').execute();
    },

    async insertPlans(trx: Executor, rows: HeldPlansTable[]): Promise<void> {
      await bulk.insert(trx, 'held_plans', rows);
    },

    /** Inside a transaction pass it: SQLite has one connection, which the transaction holds. */
    async plansOf(holdId: number, executor: Executor = db): Promise<HeldPlansTable[]> {
      return executor
        .selectFrom('held_plans')
        .selectAll()
        .where('hold_id', '=', holdId)
        .orderBy('seq')
        .execute();
    },

    /** Sets the state of every event a hold's plans carry. */
    async setEventStates(trx: Executor, eventIds: number[], state: string): Promise<void> {
      for (let i = 0; i < eventIds.length; i += 500) {
        await trx
          .updateTable('events')
          .set({ state })
          .where('id', 'in', eventIds.slice(i, i + 500))
          .execute();
      }
    },

    /** Drops what an interrupted run had pinned for its holds, so the resumed run pins it again. */
    async forgetPins(trx: Executor, runId: number, holdIds: number[]): Promise<void> {
      if (holdIds.length > 0) await trx.deleteFrom('held_plans').where('hold_id', 'in', holdIds).execute();
      await trx.deleteFrom('events').where('run_id', '=', runId).where('state', '=', 'held').execute();
      await trx
        .deleteFrom('addresses')
        .where('issued_run_id', '=', runId)
        .where('kind', '=', 'reserved')
        .execute();
    },

    async audit(trx: Executor, entry: Omit<AuditLogTable, 'id'>): Promise<void> {
      await trx.insertInto('audit_log').values(entry).execute();
    },

    async auditLog(limit = 500): Promise<AuditRow[]> {
      return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },
  };
}

export type HoldRepository = ReturnType<typeof createHoldRepository>;
