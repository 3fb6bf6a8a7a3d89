// A first national load writes millions of persons into empty tables. Keeping a dozen secondary
// indexes up to date row by row costs one random B-tree descent per index per row, and once those
// B-trees outgrow the page cache every descent is a page read (SCALE-NOTES, "Writing": 190 k rows/s
// falling to 41 k/s). Building an index once, over rows already written, is a sort. So a first load
// drops the indexes of the tables it fills (Store.deferrableIndexes), and builds them again before its
// run finishes.
//
// On SQLite the keys stay: they are the tables themselves. On PostgreSQL the primary keys are dropped
// too, so nothing the first load writes may rely on one: its persons are inserted, not upserted
// (apply.ts), and its apply pass reads no person (every one is new, and an empty list of ids is not
// read). A key built again over rows that break it fails, and the record stays: the store is never
// left with a key silently missing. The drop is recorded in `deferred_indexes` in the same
// transaction, so a crash mid-load leaves the definitions behind, and the next sync restores them
// before it reads anything.

import { type Selectable, sql } from 'kysely';
import { AppError } from '../errors.js';
import type { DeferredIndexesTable } from './schema.js';
import type { Store } from './store.js';

/** The tables a first load fills row by row. */
export const LOADED_TABLES = ['persons', 'accounts', 'addresses', 'events', 'outbox'] as const;

/** Drops the deferrable indexes of `tables`, recording each; returns how many were dropped. */
export async function deferIndexes(
  store: Store,
  tables: readonly string[] = LOADED_TABLES,
  now: () => Date = () => new Date(),
): Promise<number> {
  const indexes = await store.deferrableIndexes(tables);
  if (indexes.length === 0) return 0;
  await store.db.transaction().execute(async (trx) => {
    const at = now().toISOString();
    for (const index of indexes) {
      await trx
        .insertInto('deferred_indexes')
        .values({ name: index.name, table_name: index.table, definition: index.definition, deferred_at: at })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      await sql.raw(index.drop).execute(trx);
    }
  });
  return indexes.length;
}

/** Builds every recorded index again, in one transaction; returns how many were built. */
export async function restoreIndexes(store: Store): Promise<number> {
  const deferred = await store.db.selectFrom('deferred_indexes').selectAll().orderBy('name').execute();
  if (deferred.length === 0) return 0;
  // With the engine's settings for sorting, where it has some (SQLite: a smaller page cache).
  if (store.buildingIndexes) await store.buildingIndexes(() => buildAll(store, deferred));
  else await buildAll(store, deferred);
  return deferred.length;
}

async function buildAll(store: Store, deferred: readonly Selectable<DeferredIndexesTable>[]): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (const index of deferred) {
      try {
        await sql.raw(index.definition).execute(trx);
      } catch (error) {
        const cause = error instanceof Error ? error.message : String(error);
        throw new AppError(
          'internal',
          `cannot build index ${index.name} of ${index.table_name} again: ${cause}`,
          {
            cause,
          },
        );
      }
      await trx.deleteFrom('deferred_indexes').where('name', '=', index.name).execute();
    }
  });
}
