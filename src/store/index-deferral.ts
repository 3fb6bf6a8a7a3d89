// A first national load writes millions of persons into empty tables. Keeping a dozen secondary
// indexes up to date row by row costs one random B-tree descent per index per row, and once those
// B-trees outgrow the page cache every descent is a page read (SCALE-NOTES, "Writing": 190 k rows/s
// falling to 41 k/s). Building an index once, over rows already written, is a sort. So a first load
// drops the secondary indexes of the tables it fills, and builds them again before its run finishes.
//
// Keys and UNIQUE constraints stay: they are what an upsert and the address book rely on. Nothing the
// apply pass reads uses a dropped index (it reads by primary key). The drop is recorded in
// `deferred_indexes` in the same transaction, so a crash mid-load leaves the definitions behind, and
// the next sync restores them before it reads anything.

import { sql } from 'kysely';
import type { Store } from './store.js';

/** The tables a first load fills row by row. */
export const LOADED_TABLES = ['persons', 'assignments', 'accounts', 'addresses', 'events', 'outbox'] as const;

/** Drops the secondary indexes of `tables`, recording each; returns how many were dropped. */
export async function deferIndexes(
  store: Store,
  tables: readonly string[] = LOADED_TABLES,
  now: () => Date = () => new Date(),
): Promise<number> {
  const indexes = await store.secondaryIndexes(tables);
  if (indexes.length === 0) return 0;
  await store.db.transaction().execute(async (trx) => {
    const at = now().toISOString();
    for (const index of indexes) {
      await trx
        .insertInto('deferred_indexes')
        .values({ name: index.name, table_name: index.table, definition: index.definition, deferred_at: at })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      await sql`drop index ${sql.id(index.name)}`.execute(trx);
    }
  });
  return indexes.length;
}

/** Builds every recorded index again, in one transaction; returns how many were built. */
export async function restoreIndexes(store: Store): Promise<number> {
  const deferred = await store.db.selectFrom('deferred_indexes').selectAll().orderBy('name').execute();
  if (deferred.length === 0) return 0;
  await store.db.transaction().execute(async (trx) => {
    for (const index of deferred) {
      await sql.raw(index.definition).execute(trx);
      await trx.deleteFrom('deferred_indexes').where('name', '=', index.name).execute();
    }
  });
  return deferred.length;
}
