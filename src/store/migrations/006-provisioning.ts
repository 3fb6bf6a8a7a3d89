// Provisioning (issue 8, item 3): each account's standing at the directory outside — the target it went
// to, its id there, the last outbox row handled and how that ended. The claim's per-account order
// check reads the outbox through its account_id index (004): an account has a handful of rows, so no
// wider index is worth its cost on the largest table.
import type { Kysely, Migration } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function provisioningMigration(ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('provision_status')
        .addColumn('account_id', ddl.bigId, (c) => c.primaryKey())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('remote_id', 'text')
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('account_status', 'text', (c) => c.notNull())
        .addColumn('outbox_id', ddl.bigId, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('synced_at', 'text')
        .execute();
      await db.schema
        .createIndex('provision_status_state_idx')
        .on('provision_status')
        .columns(['state', 'updated_at'])
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('provision_status').execute();
    },
  };
}
