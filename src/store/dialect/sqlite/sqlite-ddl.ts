import type { DdlFlavour } from '../../ddl.js';

// SQLite integers are 64-bit whatever the declared type, and exactly `integer primary key` makes the
// id the rowid (no second B-tree), so big ids stay `integer` here.
export const sqliteDdl: DdlFlavour = {
  bigId: 'integer',
  identityPrimaryKey: (column) => column.primaryKey().autoIncrement(),
};
