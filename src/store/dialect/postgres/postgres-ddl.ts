import { sql } from 'kysely';
import type { DdlFlavour } from '../../ddl.js';

// bigint reads back as a number through the pool's int8 parser (postgres-types.ts).
export const postgresDdl: DdlFlavour = {
  bigId: 'bigint',
  identityPrimaryKey: (column) => column.generatedByDefaultAsIdentity().primaryKey(),
  jsonText: (column, key) => `(${column}::json ->> '${key}')`,
  async forbidChanges(db, table) {
    await sql
      .raw(
        `create function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${table} is append-only'; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_no_change before update or delete on ${table} for each row execute function ${table}_append_only()`,
      )
      .execute(db);
  },
};
