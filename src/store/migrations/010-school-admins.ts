// Every run that sends school digests looks up the active admin accounts of the schools it touched,
// and a national month touches nearly every school. Through the npsn index that read every account of
// those schools to keep the one or two admins: the whole accounts table at national scale. A partial
// index of admin accounts answers it alone (it covers the columns read), from one entry per admin.
// SQLite uses a partial index only when the query repeats its condition as a literal
// (run-repository's activeAdmins does).
import { type Kysely, type Migration, sql } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function schoolAdminsMigration(_ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createIndex('accounts_school_admins_idx')
        .on('accounts')
        .columns(['status', 'npsn', 'primary_address'])
        .where(sql<boolean>`role = 'admin'`)
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropIndex('accounts_school_admins_idx').execute();
    },
  };
}
