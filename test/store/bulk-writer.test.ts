// The store's bulk port: each dialect's fastest path must behave like plain statements — inside the
// caller's transaction, rolled back with it, and leaving insert-only columns alone on update. SQLite's
// upsert writes indexed columns apart (sqlite-bulk.ts): it must end in the same rows, and write only
// the table's pages when no indexed value changes.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
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

    test('an upsert moves rows between index entries exactly as it changes them', { skip }, async () => {
      await withFreshStore(dialect, async (store) => {
        const rows = Array.from({ length: 300 }, (_, i) => accountRow(i + 1));
        await store.bulk.insert(store.db, 'accounts', rows);
        // every third moves school, every fifth becomes an admin (a partial index), all are renamed
        const next = rows.map((row, i) => ({
          ...row,
          nama: `Nama ${i}`,
          npsn: i % 3 === 0 ? '20000002' : row.npsn,
          role: i % 5 === 0 ? 'admin' : row.role,
          updated_run_id: 2,
        }));
        // a key given twice: the later row wins
        const twice = [...next, { ...next[1]!, npsn: '20000003', nama: 'Terakhir' }];
        await store.db.transaction().execute((trx) => store.bulk.upsert(trx, 'accounts', twice, ['id']));
        const byNpsn = async (npsn: string) =>
          (
            await store.db
              .selectFrom('accounts')
              .select('id')
              .where('npsn', '=', npsn)
              .orderBy('id')
              .execute()
          ).map((r) => r.id);
        const moved = next.filter((_, i) => i % 3 === 0).map((r) => r.id);
        assert.deepEqual(await byNpsn('20000002'), moved);
        assert.deepEqual(await byNpsn('20000003'), [2]);
        assert.equal((await byNpsn('20000001')).length, 300 - moved.length - 1);
        const admins = await store.db
          .selectFrom('accounts')
          .select('id')
          .where('role', '=', 'admin')
          .where('status', '=', 'active')
          .orderBy('id')
          .execute();
        assert.deepEqual(
          admins.map((r) => r.id),
          next.filter((_, i) => i % 5 === 0).map((r) => r.id),
        );
        const stored = await store.db.selectFrom('accounts').selectAll().orderBy('id').execute();
        const expected = next.map((row) =>
          row.id === 2 ? { ...row, npsn: '20000003', nama: 'Terakhir' } : row,
        );
        assert.deepEqual(stored, expected);
      });
    });
  });
}

test('sqlite: an upsert that changes no indexed value writes the table pages alone', async () => {
  await withFreshStore('sqlite', async (store, location) => {
    const rows = Array.from({ length: 4000 }, (_, i) => accountRow(i + 1));
    await store.bulk.insert(store.db, 'accounts', rows);
    const side = new Sqlite(location);
    try {
      // pages in the write-ahead log: a 32-byte header, then a 24-byte header and a page per frame
      const frames = () => (statSync(`${location}-wal`).size - 32) / (24 + 4096);
      side.pragma('wal_checkpoint(TRUNCATE)');
      assert.equal(statSync(`${location}-wal`).size, 0, 'the log starts empty');
      const pagesOf = (names: string) =>
        (side.prepare(`select count(*) as n from dbstat where name in (${names})`).get() as { n: number }).n;
      const indexes = "select name from sqlite_master where type = 'index' and tbl_name = 'accounts'";
      // renamed (as long a name: no page splits), stamped: columns no index holds; every indexed column
      // is given, unchanged
      const renamed = rows.map((row) => ({ ...row, nama: 'Siti Rahayo', updated_run_id: 2 }));
      await store.db.transaction().execute((trx) => store.bulk.upsert(trx, 'accounts', renamed, ['id']));
      const tablePages = pagesOf("'accounts'");
      assert.ok(pagesOf(indexes) > tablePages / 2, 'the accounts indexes hold many pages');
      const written = frames();
      assert.ok(written > 0);
      // the table's pages and the database header, not one index page
      assert.ok(written <= tablePages + 1, `${written} pages written for a table of ${tablePages}`);
    } finally {
      side.close();
    }
  });
});
