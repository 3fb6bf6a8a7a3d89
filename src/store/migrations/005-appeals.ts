// Appeals (issue 10): a person's "my data is wrong", the school's decision, and how it ended. At most
// one appeal per account is open or correcting at a time; a partial unique index makes the database
// itself refuse a second one, whichever process files it.
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function appealsMigration(ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('appeals')
        .addColumn('id', ddl.bigId, (c) => ddl.identityPrimaryKey(c))
        .addColumn('account_id', ddl.bigId, (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('npsn', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('contact_email', 'text')
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .addColumn('filed_on', 'text', (c) => c.notNull())
        .addColumn('hold_until', 'text', (c) => c.notNull())
        .addColumn('account_status', 'text', (c) => c.notNull())
        .addColumn('account_status_since', 'text', (c) => c.notNull())
        .addColumn('suspend_on_before', 'text')
        .addColumn('delete_on_before', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decision', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('waits_after_run', 'integer')
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'text')
        .addColumn('closed_run_id', 'integer')
        .addColumn('closing_note', 'text')
        .addColumn('suspend_on_after', 'text')
        .addColumn('delete_on_after', 'text')
        .execute();
      await db.schema
        .createIndex('appeals_one_pausing_idx')
        .on('appeals')
        .column('account_id')
        .unique()
        .where(sql.ref('status'), 'in', ['open', 'correcting'])
        .execute();
      await db.schema.createIndex('appeals_account_id_idx').on('appeals').column('account_id').execute();
      await db.schema
        .createIndex('appeals_npsn_status_idx')
        .on('appeals')
        .columns(['npsn', 'status'])
        .execute();
      await db.schema.createIndex('appeals_status_idx').on('appeals').column('status').execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('appeals').execute();
    },
  };
}
