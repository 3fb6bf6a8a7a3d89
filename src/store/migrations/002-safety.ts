// Safety (issue 3): held scopes with their pinned plans, the append-only audit log, and the reminder
// stamp that makes `tick` idempotent.
import type { Kysely, Migration } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function safetyMigration(ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('accounts').addColumn('reminded_on', 'text').execute();
      await db.schema
        .createTable('holds')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('plan_hash', 'text', (c) => c.notNull())
        .addColumn('summary_json', 'text', (c) => c.notNull())
        .addColumn('schools_json', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('superseded_by_run', 'integer')
        .execute();
      await db.schema.createIndex('holds_run_id_idx').on('holds').columns(['run_id']).execute();
      await db.schema.createIndex('holds_status_idx').on('holds').columns(['status']).execute();
      await db.schema
        .createTable('held_plans')
        .addColumn('hold_id', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('plan_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('held_plans_pk', ['hold_id', 'seq'])
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', ddl.bigId, (c) => ddl.identityPrimaryKey(c))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('run_id', 'integer')
        .addColumn('scope', 'text')
        .addColumn('details_json', 'text', (c) => c.notNull())
        .execute();
      await ddl.forbidChanges(db, 'audit_log');
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('audit_log').execute();
      await db.schema.dropTable('held_plans').execute();
      await db.schema.dropTable('holds').execute();
      await db.schema.alterTable('accounts').dropColumn('reminded_on').execute();
    },
  };
}
