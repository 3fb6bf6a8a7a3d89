// Multi-row INSERT and upsert in chunks that stay under the engine's bind-parameter limit (the store's
// `capabilities.maxBindParams`). Given a Kysely rather than a transaction, all chunks commit together:
// a bulk write is never left half done, and SQLite pays for one commit instead of one per chunk.
import type { Insertable, Kysely, Transaction } from 'kysely';
import { AppError } from '../errors.js';
import type { Database } from './schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;
type Row = Record<string, unknown>;

export async function insertMany<T extends keyof Database>(
  db: Executor,
  table: T,
  rows: Insertable<Database[T]>[],
  maxBindParams: number,
): Promise<void> {
  if (rows.length === 0) return;
  const size = rowsPerStatement(rows as Row[], maxBindParams, table);
  await inOneTransaction(db, async (trx) => {
    for (let start = 0; start < rows.length; start += size) {
      await untyped(trx)
        .insertInto(table as string)
        .values(rows.slice(start, start + size))
        .execute();
    }
  });
}

/**
 * Inserts rows, or on a clash of `keyColumns` (the primary key or a unique index) overwrites every
 * other column with the incoming value. When one call carries the same key twice the later row wins,
 * on both engines (PostgreSQL would otherwise refuse to touch a row twice in one statement).
 * "Every other column" is every column any row of the call names: pass complete rows, or a column one
 * row leaves out is overwritten with its default (null).
 */
export async function upsertMany<T extends keyof Database>(
  db: Executor,
  table: T,
  rows: Insertable<Database[T]>[],
  keyColumns: readonly (keyof Database[T] & string)[],
  maxBindParams: number,
  /** Columns written when the row is new but left as they are when it exists (e.g. a creation stamp). */
  insertOnly: readonly (keyof Database[T] & string)[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  if (keyColumns.length === 0) throw new AppError('internal', `upsert into ${table} needs key columns`);
  const size = rowsPerStatement(rows as Row[], maxBindParams, table);
  const updated = columnsOf(rows as Row[]).filter(
    (c) => !keyColumns.includes(c as never) && !insertOnly.includes(c as never),
  );
  await inOneTransaction(db, async (trx) => {
    for (let start = 0; start < rows.length; start += size) {
      const chunk = lastPerKey(rows.slice(start, start + size) as Row[], keyColumns);
      await untyped(trx)
        .insertInto(table as string)
        .values(chunk)
        .onConflict((oc) => {
          const target = oc.columns([...keyColumns]);
          if (updated.length === 0) return target.doNothing();
          return target.doUpdateSet((eb) =>
            Object.fromEntries(updated.map((c) => [c, eb.ref(`excluded.${c}`)])),
          );
        })
        .execute();
    }
  });
}

/** Every row of a statement costs one parameter per column in the statement, present or not. */
function rowsPerStatement(rows: readonly Row[], maxBindParams: number, table: string): number {
  const width = Math.max(1, columnsOf(rows).length);
  const size = Math.floor(maxBindParams / width);
  if (size < 1) {
    throw new AppError('internal', `a row of ${table} needs ${width} parameters, over ${maxBindParams}`);
  }
  return size;
}

function columnsOf(rows: readonly Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
  return [...columns];
}

/** The rows with one row per key, the last one given for it (the order of first appearance kept). */
export function lastPerKey(rows: readonly Row[], keyColumns: readonly string[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const row of rows) byKey.set(JSON.stringify(keyColumns.map((c) => row[c])), row);
  return byKey.size === rows.length ? (rows as Row[]) : [...byKey.values()];
}

export async function inOneTransaction(db: Executor, work: (trx: Executor) => Promise<void>): Promise<void> {
  if (db.isTransaction) return work(db);
  await db.transaction().execute(work);
}

/**
 * The builder typed over one table name chosen at run time: Kysely's types cannot follow a generic
 * table through `values` and `excluded.*`, and the public signatures above already checked the rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
function untyped(db: Executor): Kysely<any> {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  return db as Kysely<any>;
}

/**
 * The port repositories write bulk rows through. Each dialect provides the fastest way it has: the
 * statement-based default below chunks multi-row statements; SQLite runs one cached prepared
 * statement per row on its single connection (see sqlite-bulk.ts); PostgreSQL uses COPY
 * (postgres-bulk.ts).
 */
export interface BulkWriter {
  insert<T extends keyof Database>(db: Executor, table: T, rows: Insertable<Database[T]>[]): Promise<void>;
  upsert<T extends keyof Database>(
    db: Executor,
    table: T,
    rows: Insertable<Database[T]>[],
    keyColumns: readonly (keyof Database[T] & string)[],
    insertOnly?: readonly (keyof Database[T] & string)[],
  ): Promise<void>;
}

export function statementBulkWriter(maxBindParams: number): BulkWriter {
  return {
    insert: (db, table, rows) => insertMany(db, table, rows, maxBindParams),
    upsert: (db, table, rows, keyColumns, insertOnly = []) =>
      upsertMany(db, table, rows, keyColumns, maxBindParams, insertOnly),
  };
}

/**
 * A bulk writer with a transaction of its own, where the engine can write on another thread (a sync's
 * applying pass on SQLite: sqlite-loader.ts). Its writes run in order, in one transaction from the
 * first write to `commit`; a write's promise settles once it is queued, and a failure shows at the
 * next write or at `commit`. While it holds uncommitted writes nothing else may write to the store.
 */
export interface BulkLoader extends BulkWriter {
  /**
   * Runs insert, update and delete statements in that same order and transaction. Their results are
   * not awaited: each returns no rows, and a select or a RETURNING clause is refused.
   */
  readonly db: Kysely<Database>;
  /** Runs every queued write and commits; rejects with the first failure, having committed nothing. */
  commit(): Promise<void>;
  /** Drops the uncommitted writes. */
  rollback(): Promise<void>;
  close(): Promise<void>;
}
