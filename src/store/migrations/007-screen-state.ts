// The byte scan's persisted state (issue 7): a monthly sync compares this month's rows with a compact
// record of what the store holds per person, kept in files beside the data (src/scan/screen-state.ts).
// Those files are trusted only while this one row names them: a sync clears the mark before it writes
// anything and sets it again once the files match what it committed.
import { type Kysely, type Migration, sql } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function screenStateMigration(_ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('screen_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('mark', 'text')
        .addColumn('updated_at', 'text')
        .execute();
      await sql`insert into screen_state (id, mark, updated_at) values (1, null, null)`.execute(db);
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('screen_state').execute();
    },
  };
}
