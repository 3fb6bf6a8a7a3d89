// The bulk port at the sizes where each dialect takes its fast path (PostgreSQL: COPY, and COPY into a
// staging table for upserts): every value comes back exactly as written, and a batch that fails — in
// the caller's code or in the database — leaves nothing behind.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { accountRow, eventRow } from '../support/rows.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';

/** Text COPY reads specially, text SQL reads specially, and text outside ASCII. */
const AWKWARD = [
  'comma, and "double" quotes',
  "single 'quotes'",
  'line\nbreak',
  'carriage\r\nreturn',
  'tab\there',
  'back\\slash \\N \\. \\t',
  '\\N',
  '\\.',
  '',
  ' leading and trailing ',
  'Ñoño Çelik — Ärger ümlaut',
  'Ꮎ 中文 العربية 😀 emoji',
  'null',
  'NULL',
  '\u0001 control \u001f',
];

const ROWS = 120; // above the size at which the PostgreSQL writer switches to COPY

function awkwardAccount(id: number) {
  const text = AWKWARD[id % AWKWARD.length]!;
  return accountRow(id, {
    nama: text,
    primary_address: `${id}:${text}`,
    deactivate_reason: id % 3 === 0 ? null : text,
    waiting_reason: id % 2 === 0 ? null : `${text}\n${text}`,
  });
}

async function accounts(db: Kysely<Database>) {
  return db
    .selectFrom('accounts')
    .select([
      'id',
      'nama',
      'primary_address',
      'deactivate_reason',
      'waiting_reason',
      'created_run_id',
      'status',
    ])
    .orderBy('id')
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`bulk writes at batch size on ${dialect}`, async () => {
    const skip = await skipReason(dialect);

    test('an insert keeps commas, quotes, line breaks, backslashes, nulls and non-ASCII text exactly', {
      skip,
    }, async () => {
      await withFreshStore(dialect, async (store) => {
        const rows = Array.from({ length: ROWS }, (_, i) => awkwardAccount(i + 1));
        await store.db.transaction().execute((trx) => store.bulk.insert(trx, 'accounts', rows));
        const back = await accounts(store.db);
        assert.deepEqual(
          back,
          rows.map((r) => ({
            id: r.id,
            nama: r.nama,
            primary_address: r.primary_address,
            deactivate_reason: r.deactivate_reason,
            waiting_reason: r.waiting_reason,
            created_run_id: r.created_run_id,
            status: r.status,
          })),
        );
      });
    });

    test('an upsert keeps awkward text exactly, lets the later of two rows win and keeps insert-only columns', {
      skip,
    }, async () => {
      await withFreshStore(dialect, async (store) => {
        const first = Array.from({ length: ROWS }, (_, i) => accountRow(i + 1, { created_run_id: 1 }));
        await store.bulk.insert(store.db, 'accounts', first);
        const updates = Array.from({ length: ROWS + 40 }, (_, i) => ({
          ...awkwardAccount(i + 1),
          created_run_id: 7,
          status: 'deactivating',
        }));
        // The same key twice in one call: the later row wins.
        updates.push({ ...awkwardAccount(5), nama: 'the later row', created_run_id: 7, status: 'suspended' });
        await store.db
          .transaction()
          .execute((trx) => store.bulk.upsert(trx, 'accounts', updates, ['id'], ['created_run_id']));
        const back = await accounts(store.db);
        assert.equal(back.length, ROWS + 40);
        for (const row of back) {
          const expected = row.id === 5 ? updates.at(-1)! : updates[row.id - 1]!;
          assert.deepEqual(row, {
            id: row.id,
            nama: expected.nama,
            primary_address: expected.primary_address,
            deactivate_reason: expected.deactivate_reason,
            waiting_reason: expected.waiting_reason,
            // Existing rows keep their creation run; new ones take the given one.
            created_run_id: row.id <= ROWS ? 1 : 7,
            status: expected.status,
          });
        }
      });
    });

    test('a batch that throws after its bulk writes leaves none of them', { skip }, async () => {
      await withFreshStore(dialect, async (store) => {
        await store.bulk.insert(store.db, 'accounts', [accountRow(1_000)]);
        await assert.rejects(
          store.db.transaction().execute(async (trx) => {
            await store.bulk.insert(
              trx,
              'accounts',
              Array.from({ length: ROWS }, (_, i) => awkwardAccount(i + 1)),
            );
            await store.bulk.upsert(
              trx,
              'accounts',
              Array.from({ length: ROWS }, (_, i) => accountRow(i + 500)),
              ['id'],
            );
            await store.bulk.insert(
              trx,
              'events',
              Array.from({ length: ROWS }, (_, i) => eventRow(i + 1)),
            );
            throw new Error('crash in the middle of a batch');
          }),
          /crash in the middle/,
        );
        assert.deepEqual(
          (await accounts(store.db)).map((r) => r.id),
          [1_000],
        );
        assert.equal((await store.db.selectFrom('events').select('id').execute()).length, 0);
      });
    });

    test('a bulk write the database refuses fails the batch and rolls back what came before it', {
      skip,
    }, async () => {
      await withFreshStore(dialect, async (store) => {
        await store.bulk.insert(store.db, 'accounts', [accountRow(ROWS)]);
        await assert.rejects(
          store.db.transaction().execute(async (trx) => {
            await store.bulk.insert(
              trx,
              'events',
              Array.from({ length: ROWS }, (_, i) => eventRow(i + 1)),
            );
            // Account ROWS exists already: the primary key refuses the copy.
            await store.bulk.insert(
              trx,
              'accounts',
              Array.from({ length: ROWS }, (_, i) => accountRow(i + 1)),
            );
          }),
        );
        assert.deepEqual(
          (await accounts(store.db)).map((r) => r.id),
          [ROWS],
        );
        assert.equal((await store.db.selectFrom('events').select('id').execute()).length, 0);
        // The store still works after the failed batch.
        await store.db.transaction().execute((trx) =>
          store.bulk.insert(
            trx,
            'events',
            Array.from({ length: ROWS }, (_, i) => eventRow(i + 1)),
          ),
        );
        assert.equal((await store.db.selectFrom('events').select('id').execute()).length, ROWS);
      });
    });
  });
}
