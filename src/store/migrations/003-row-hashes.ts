// A hash of each person's rows as last applied, and the schools they name, kept on the person: the
// sync compares the new rows' hash with it and reads a person's full state only when they differ
// (SCALE-NOTES: most of a month's people are unchanged). Persons written before this migration have
// an empty hash and are simply read in full until they next change.
import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export const rowHashesMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('persons')
      .addColumn('rows_hash', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('persons')
      .addColumn('npsns', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createIndex('accounts_waiting_since_idx')
      .on('accounts')
      .column('waiting_since')
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex('accounts_waiting_since_idx').execute();
    await db.schema.alterTable('persons').dropColumn('npsns').execute();
    await db.schema.alterTable('persons').dropColumn('rows_hash').execute();
  },
};
