// The web console's tables (operators, API tokens, sessions, sealed initial passwords) and the
// schools of each event as columns, so every page and API call can filter events by the caller's
// scope with an index instead of parsing JSON; and the birth-date index Cek Akun looks people up by.
import { type Kysely, type Migration, sql } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function webMigration(ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('operators')
        .addColumn('login', 'text', (c) => c.primaryKey())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('web_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('account_credentials')
        .addColumn('account_id', ddl.bigId, (c) => c.primaryKey())
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('downloaded_at', 'text')
        .addColumn('downloaded_by', 'text')
        .execute();
      await db.schema.alterTable('events').addColumn('from_npsn', 'text').execute();
      await db.schema.alterTable('events').addColumn('to_npsn', 'text').execute();
      await sql
        .raw(
          `update events set from_npsn = ${ddl.jsonText('from_json', 'npsn')}, to_npsn = ${ddl.jsonText('to_json', 'npsn')}`,
        )
        .execute(db);
      await db.schema.createIndex('events_from_npsn_idx').on('events').column('from_npsn').execute();
      await db.schema.createIndex('events_to_npsn_idx').on('events').column('to_npsn').execute();
      await db.schema.createIndex('outbox_account_id_idx').on('outbox').column('account_id').execute();
      await db.schema.createIndex('schools_kode_wilayah_idx').on('schools').column('kode_wilayah').execute();
      await db.schema.createIndex('web_sessions_login_idx').on('web_sessions').column('login').execute();
      // Cek Akun looks a person up by birth date (a few thousand people per date nationally).
      await db.schema
        .createIndex('persons_tanggal_lahir_kind_idx')
        .on('persons')
        .columns(['tanggal_lahir', 'kind'])
        .execute();
    },
    async down(db: AnyDb) {
      for (const index of [
        'persons_tanggal_lahir_kind_idx',
        'web_sessions_login_idx',
        'schools_kode_wilayah_idx',
        'outbox_account_id_idx',
        'events_to_npsn_idx',
        'events_from_npsn_idx',
      ]) {
        await db.schema.dropIndex(index).execute();
      }
      await db.schema.alterTable('events').dropColumn('to_npsn').execute();
      await db.schema.alterTable('events').dropColumn('from_npsn').execute();
      for (const table of ['account_credentials', 'web_sessions', 'api_tokens', 'operators']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
