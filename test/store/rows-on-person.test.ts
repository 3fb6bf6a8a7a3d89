// Migration 012 moves each person's rows from the assignments table into the person's record. A store
// written before it must come out with every person's rows, whole and in row-id order, and nothing
// left of the old table: not the table, and not a deferred index a first load had dropped from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, Migrator, sql } from 'kysely';
import type { DdlFlavour } from '../../src/store/ddl.js';
import { postgresDdl } from '../../src/store/dialect/postgres/postgres-ddl.js';
import { sqliteDdl } from '../../src/store/dialect/sqlite/sqlite-ddl.js';
import { migrations } from '../../src/store/migrations.js';
import { createRepositories } from '../../src/sync/repositories.js';
import { personRow } from '../support/rows.js';
import { DIALECTS, type Dialect, skipReason, withFreshStore } from '../support/stores.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

const BEFORE = '011_address_numbers';

function migrator(db: Kysely<unknown>, dialect: Dialect, location: string): Migrator {
  const ddl: DdlFlavour = dialect === 'sqlite' ? sqliteDdl : postgresDdl;
  const schema = dialect === 'postgres' ? new URL(location).searchParams.get('schema') : null;
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations(ddl) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

const row = (personId: string, rowId: string, npsn: string, tingkat: number) => ({
  person_id: personId,
  row_id: rowId,
  phash: 7,
  npsn,
  row_json: JSON.stringify({ kind: 'pd', rowId, personId, npsn, tingkat }),
});

for (const dialect of DIALECTS) {
  test(
    `${dialect}: a store from before migration 012 keeps every person's rows, on the person`,
    { skip: skips.get(dialect) },
    () =>
      withFreshStore(dialect, async (store, location) => {
        // biome-ignore lint/suspicious/noExplicitAny: the store as it was before the migration
        const db = store.db as unknown as Kysely<any>;
        const steps = migrator(db, dialect, location);
        const down = await steps.migrateTo(BEFORE);
        assert.equal(down.error, undefined, String(down.error));
        assert.deepEqual(
          down.results?.map((r) => `${r.direction} ${r.migrationName}`),
          ['Down 012_rows_on_person'],
        );

        const persons = ['pd-a', 'pd-b', 'pd-c'].map((id, i) => {
          const { rows_json: _, ...before } = personRow(i + 1, { person_id: id });
          return before;
        });
        await db.insertInto('persons').values(persons).execute();
        // Written out of row-id order; pd-c has no rows at all (a leaver whose accounts remain).
        await db
          .insertInto('assignments')
          .values([
            row('pd-a', 'reg-a2', '20000002', 5),
            row('pd-b', 'reg-b1', '20000003', 1),
            row('pd-a', 'reg-a1', '20000001', 4),
          ])
          .execute();
        await db
          .insertInto('deferred_indexes')
          .values({
            name: 'assignments_phash_idx',
            table_name: 'assignments',
            definition: 'create index "assignments_phash_idx" on "assignments" ("phash")',
            deferred_at: '2026-12-03T00:00:00Z',
          })
          .execute();

        const up = await steps.migrateToLatest();
        assert.equal(up.error, undefined, String(up.error));

        const states = await createRepositories(store).persons.loadByIds(['pd-a', 'pd-b', 'pd-c']);
        assert.deepEqual(
          states.get('pd-a')?.rows.map((r) => [r.rowId, r.npsn]),
          [
            ['reg-a1', '20000001'],
            ['reg-a2', '20000002'],
          ],
        );
        assert.deepEqual(
          states.get('pd-a')?.rows[1],
          JSON.parse(row('pd-a', 'reg-a2', '20000002', 5).row_json),
        );
        assert.deepEqual(
          states.get('pd-b')?.rows.map((r) => r.rowId),
          ['reg-b1'],
        );
        assert.deepEqual(states.get('pd-c')?.rows, []);
        await assert.rejects(sql`select count(*) from assignments`.execute(db), /assignments/);
        const deferred = await db.selectFrom('deferred_indexes').select('name').execute();
        assert.deepEqual(deferred, []);
      }),
  );
}
