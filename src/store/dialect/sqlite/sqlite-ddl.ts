import { sql } from 'kysely';
import type { DdlFlavour } from '../../ddl.js';

// SQLite integers are 64-bit whatever the declared type, and exactly `integer primary key` makes the
// id the rowid (no second B-tree), so big ids stay `integer` here.
export const sqliteDdl: DdlFlavour = {
  bigId: 'integer',
  identityPrimaryKey: (column) => column.primaryKey().autoIncrement(),
  jsonText: (column, key) => `json_extract(${column}, '$.${key}')`,
  async forbidChanges(db, table) {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`,
        )
        .execute(db);
    }
  },
};
