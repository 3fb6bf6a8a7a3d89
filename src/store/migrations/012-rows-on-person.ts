// A person's rows (assignments or registrations) move from a table of their own into the person's
// record, as one JSON array. Every read of a person wanted them together (the classifier compares the
// whole set), and every write replaced them together; the table only added a B-tree keyed at random
// by (person_id, row_id) and one by phash. A 1 M month dirtied 43,500 pages of those three B-trees of
// its 190,000 (README "National scale"), and the planning pass read them with a third statement per
// 500 persons.
import { type Kysely, type Migration, sql } from 'kysely';
import type { DdlFlavour } from '../ddl.js';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current schema types
type AnyDb = Kysely<any>;

export function rowsOnPersonMigration(_ddl: DdlFlavour): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('persons')
        .addColumn('rows_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      // In row-id order, the order the classifier compares rows in. One lookup of a person's rows per
      // person, on both engines (1 M persons: 11.2 s, 355 MB peak). An UPDATE … FROM a grouped
      // subquery had SQLite hold the whole grouped result in memory (5 M persons: 76 s, 4.3 GB peak).
      await sql`
        update persons set rows_json = coalesce(
          (select '[' || string_agg(a.row_json, ',' order by a.row_id) || ']'
           from assignments a where a.person_id = persons.person_id),
          '[]')`.execute(db);
      // A first load interrupted with its indexes dropped (008) must not build the table's again.
      await db.deleteFrom('deferred_indexes').where('table_name', '=', 'assignments').execute();
      await db.schema.dropTable('assignments').execute();
    },
    async down(db: AnyDb) {
      await db.schema
        .createTable('assignments')
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('row_id', 'text', (c) => c.notNull())
        .addColumn('phash', 'integer', (c) => c.notNull())
        .addColumn('npsn', 'text', (c) => c.notNull())
        .addColumn('row_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assignments_pk', ['person_id', 'row_id'])
        .execute();
      await db.schema.createIndex('assignments_phash_idx').on('assignments').column('phash').execute();
      // Parsed here rather than in SQL: the engines spell a JSON array's elements differently.
      for (let after = ''; ; ) {
        const persons = await db
          .selectFrom('persons')
          .select(['person_id', 'phash', 'rows_json'])
          .where('person_id', '>', after)
          .orderBy('person_id')
          .limit(1000)
          .execute();
        if (persons.length === 0) break;
        const rows = persons.flatMap((p) =>
          (JSON.parse(p.rows_json) as { rowId: string; npsn: string }[]).map((row) => ({
            person_id: p.person_id,
            row_id: row.rowId,
            phash: p.phash,
            npsn: row.npsn,
            row_json: JSON.stringify(row),
          })),
        );
        for (let i = 0; i < rows.length; i += 100) {
          await db
            .insertInto('assignments')
            .values(rows.slice(i, i + 100))
            .execute();
        }
        after = persons[persons.length - 1]!.person_id;
      }
      await db.schema.alterTable('persons').dropColumn('rows_json').execute();
    },
  };
}
