import type { DdlFlavour } from '../../ddl.js';

// bigint reads back as a number through the pool's int8 parser (postgres-types.ts).
export const postgresDdl: DdlFlavour = {
  bigId: 'bigint',
  identityPrimaryKey: (column) => column.generatedByDefaultAsIdentity().primaryKey(),
};
