// Secondary indexes a first national load drops while it writes and builds again at its end (issue 7):
// building an index once over sorted rows costs a fraction of keeping it up to date one random key at
// a time. What was dropped is recorded here, in the transaction that drops it, so that a crash mid-load
// leaves the definitions behind for the next sync to restore.
import type { Kysely, Migration } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function deferredIndexesMigration(_ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('deferred_indexes')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('table_name', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('deferred_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('deferred_indexes').execute();
    },
  };
}
