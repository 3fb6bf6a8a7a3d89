// A first load drops the secondary indexes of the tables it fills and builds them again at its end
// (src/store/index-deferral.ts): keys and unique constraints stay in force throughout, the drop is
// recorded so a crash cannot lose an index, and what is built again is exactly what was dropped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deferIndexes, LOADED_TABLES, restoreIndexes } from '../../src/store/index-deferral.js';
import { openStore } from '../../src/store/store.js';
import { accountRow, addressRow, personRow } from '../support/rows.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`deferring indexes on ${dialect}`, { skip: skips.get(dialect) }, () => {
    test('drops exactly the secondary indexes, records them, and builds the same ones again', () =>
      withFreshStore(dialect, async (store) => {
        const before = await store.secondaryIndexes(LOADED_TABLES);
        const names = before.map((i) => i.name);
        for (const expected of ['persons_phash_idx', 'accounts_person_id_idx', 'addresses_account_id_idx']) {
          assert.ok(names.includes(expected), `${expected} is a secondary index: ${names.join(', ')}`);
        }
        assert.ok(
          before.every((i) => (LOADED_TABLES as readonly string[]).includes(i.table)),
          'only the tables asked for',
        );

        assert.equal(await deferIndexes(store), before.length);
        assert.deepEqual(await store.secondaryIndexes(LOADED_TABLES), []);
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
        assert.deepEqual(await store.secondaryIndexes(LOADED_TABLES), before);
        assert.equal((await store.db.selectFrom('deferred_indexes').selectAll().execute()).length, 0);
        assert.equal(await restoreIndexes(store), 0, 'nothing left to build');
      }));

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

    test('a store closed with its indexes deferred (a crash) keeps the record until they are built', () =>
      withFreshStore(dialect, async (store, location) => {
        const before = await store.secondaryIndexes(LOADED_TABLES);
        await deferIndexes(store);
        await store.close();
        const again = await openStore(location);
        try {
          assert.deepEqual(await again.secondaryIndexes(LOADED_TABLES), []);
          assert.equal(await restoreIndexes(again), before.length);
          assert.deepEqual(await again.secondaryIndexes(LOADED_TABLES), before);
        } finally {
          await again.close();
        }
      }));
  });
}
