// The store's bulk port: each dialect's fastest path must behave like plain statements — inside the
// caller's transaction, rolled back with it, and leaving insert-only columns alone on update.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { accountRow } from '../support/rows.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';

async function accountIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('accounts').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

for (const dialect of DIALECTS) {
  describe(`bulk writer on ${dialect}`, async () => {
    const skip = await skipReason(dialect);

    test('inserts many rows inside a transaction that commits', { skip }, async () => {
      await withFreshStore(dialect, async (store) => {
        const rows = Array.from({ length: 2500 }, (_, i) => accountRow(i + 1));
        await store.db.transaction().execute((trx) => store.bulk.insert(trx, 'accounts', rows));
        const ids = await accountIds(store.db);
        assert.equal(ids.length, 2500);
        assert.equal(ids[2499], 2500);
      });
    });

    test('rolls its rows back with the transaction that throws', { skip }, async () => {
      await withFreshStore(dialect, async (store) => {
        await assert.rejects(
          store.db.transaction().execute(async (trx) => {
            await store.bulk.insert(trx, 'accounts', [accountRow(1), accountRow(2)]);
            throw new Error('crash in the middle of a batch');
          }),
          /crash in the middle/,
        );
        assert.deepEqual(await accountIds(store.db), []);
      });
    });

    test('updates existing rows on upsert but leaves insert-only columns as they were', {
      skip,
    }, async () => {
      await withFreshStore(dialect, async (store) => {
        await store.bulk.insert(store.db, 'accounts', [
          accountRow(1, { created_run_id: 1, status: 'active' }),
        ]);
        await store.bulk.upsert(
          store.db,
          'accounts',
          [
            accountRow(1, { created_run_id: 9, status: 'deactivating' }),
            accountRow(2, { created_run_id: 9 }),
          ],
          ['id'],
          ['created_run_id'],
        );
        const rows = await store.db
          .selectFrom('accounts')
          .select(['id', 'status', 'created_run_id'])
          .orderBy('id')
          .execute();
        assert.deepEqual(rows, [
          { id: 1, status: 'deactivating', created_run_id: 1 },
          { id: 2, status: 'active', created_run_id: 9 },
        ]);
      });
    });
  });
}
