// A first load drops the indexes of the tables it fills and builds them again at its end
// (src/store/index-deferral.ts): the secondary indexes, and on PostgreSQL the primary keys. On SQLite
// the keys stay in force throughout; on PostgreSQL a key the rows written meanwhile would break is
// refused when built again, and stays recorded. The drop is recorded so a crash cannot lose an index,
// and what is built again is exactly what was dropped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { deferIndexes, LOADED_TABLES, restoreIndexes } from '../../src/store/index-deferral.js';
import { openStore } from '../../src/store/store.js';
import { accountRow, addressRow, personRow } from '../support/rows.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`deferring indexes on ${dialect}`, { skip: skips.get(dialect) }, () => {
    test('drops exactly the deferrable indexes, records them, and builds the same ones again', () =>
      withFreshStore(dialect, async (store) => {
        const before = await store.deferrableIndexes(LOADED_TABLES);
        const names = before.map((i) => i.name);
        for (const expected of ['persons_phash_idx', 'accounts_person_id_idx', 'addresses_account_id_idx']) {
          assert.ok(names.includes(expected), `${expected} is deferred: ${names.join(', ')}`);
        }
        const keys = ['persons_pkey', 'accounts_pkey', 'addresses_pkey', 'events_pkey'];
        for (const key of keys) {
          // SQLite's keys are its tables; PostgreSQL's are indexes a COPY would update row by row.
          assert.equal(names.includes(key), dialect === 'postgres', `${key} deferred on ${dialect}`);
        }
        assert.ok(
          before.every((i) => (LOADED_TABLES as readonly string[]).includes(i.table)),
          'only the tables asked for',
        );

        assert.equal(await deferIndexes(store), before.length);
        assert.deepEqual(await store.deferrableIndexes(LOADED_TABLES), []);
        const recorded = await store.db
          .selectFrom('deferred_indexes')
          .select('name')
          .orderBy('name')
          .execute();
        assert.deepEqual(
          recorded.map((r) => r.name),
          [...names].sort(),
        );

        assert.equal(await restoreIndexes(store), before.length);
        assert.deepEqual(await store.deferrableIndexes(LOADED_TABLES), before);
        assert.equal((await store.db.selectFrom('deferred_indexes').selectAll().execute()).length, 0);
        assert.equal(await restoreIndexes(store), 0, 'nothing left to build');
      }));

    if (dialect === 'sqlite')
      test('keys and unique constraints stay in force while the indexes are deferred', () =>
        withFreshStore(dialect, async (store) => {
          await deferIndexes(store);
          await store.db.insertInto('persons').values(personRow(1)).execute();
          await assert.rejects(store.db.insertInto('persons').values(personRow(1)).execute());
          await store.db.insertInto('accounts').values(accountRow(1)).execute();
          await assert.rejects(store.db.insertInto('accounts').values(accountRow(1)).execute());
          await store.db.insertInto('addresses').values(addressRow(1)).execute();
          await assert.rejects(store.db.insertInto('addresses').values(addressRow(1)).execute());
          // Rows written without the indexes are in them once they are built.
          await restoreIndexes(store);
          const found = await store.db
            .selectFrom('accounts')
            .select('id')
            .where('person_id', '=', accountRow(1).person_id)
            .execute();
          assert.equal(found.length, 1);
        }));

    if (dialect === 'sqlite')
      test('indexes are built with a small page cache, and the store has its own again afterwards', () =>
        withFreshStore(dialect, async (store) => {
          const cacheSize = async () =>
            (await sql<{ cache_size: number }>`pragma cache_size`.execute(store.db)).rows[0]?.cache_size;
          const own = await cacheSize();
          assert.equal(own, -262144, 'the store opens with its default 256 MiB');
          await deferIndexes(store);
          // A recorded definition is run as it stands: this one keeps what the cache was during the build.
          await store.db
            .insertInto('deferred_indexes')
            .values({
              name: 'zz_cache_probe',
              table_name: 'persons',
              definition: 'create table cache_probe as select cache_size from pragma_cache_size()',
              deferred_at: new Date(0).toISOString(),
            })
            .execute();
          await restoreIndexes(store);
          const during = await sql<{ cache_size: number }>`select cache_size from cache_probe`.execute(
            store.db,
          );
          assert.equal(during.rows[0]?.cache_size, -65536, 'built with 64 MiB');
          assert.equal(await cacheSize(), own);
          assert.deepEqual(await store.db.selectFrom('deferred_indexes').selectAll().execute(), []);
        }));

    if (dialect === 'postgres')
      test('a key the rows broke meanwhile is refused when built again, and stays recorded', () =>
        withFreshStore(dialect, async (store) => {
          const before = await store.deferrableIndexes(LOADED_TABLES);
          await deferIndexes(store);
          await store.db.insertInto('persons').values(personRow(1)).execute();
          await store.db.insertInto('persons').values(personRow(1)).execute(); // no key to refuse it now
          await assert.rejects(restoreIndexes(store), /cannot build index persons_pkey of persons again/);
          const left = await store.db.selectFrom('deferred_indexes').select('name').execute();
          assert.equal(left.length, before.length, 'nothing built, everything still recorded');
          await store.db.deleteFrom('persons').execute();
          await store.db.insertInto('persons').values(personRow(1)).execute();
          assert.equal(await restoreIndexes(store), before.length);
          assert.deepEqual(await store.deferrableIndexes(LOADED_TABLES), before);
          await assert.rejects(
            store.db.insertInto('persons').values(personRow(1)).execute(),
            /duplicate key/,
          );
        }));

    test('a store closed with its indexes deferred (a crash) keeps the record until they are built', () =>
      withFreshStore(dialect, async (store, location) => {
        const before = await store.deferrableIndexes(LOADED_TABLES);
        await deferIndexes(store);
        await store.close();
        const again = await openStore(location);
        try {
          assert.deepEqual(await again.deferrableIndexes(LOADED_TABLES), []);
          assert.equal(await restoreIndexes(again), before.length);
          assert.deepEqual(await again.deferrableIndexes(LOADED_TABLES), before);
        } finally {
          await again.close();
        }
      }));
  });
}
