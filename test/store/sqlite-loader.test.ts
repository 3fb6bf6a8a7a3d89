// A SQLite store's load writer (Store.loader) runs a first load's bulk statements on a thread and
// connection of its own. It must write exactly what the store's own bulk writer writes, show nothing
// before its commit, commit nothing of a transaction in which a write failed, keep every row when its
// queue is full, and let the store's connection write again once it has committed.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { bulkOp, opStatements } from '../../src/store/dialect/sqlite/sqlite-bulk.js';
import { createRepositories } from '../../src/sync/repositories.js';
import { accountRow } from '../support/rows.js';
import { withFreshStore } from '../support/stores.js';

function person(id: string, i: number) {
  return {
    person_id: id,
    kind: i % 3 === 0 ? 'ptk' : 'pd',
    phash: i,
    nama: `Siswa ${i}`,
    nik: '',
    nisn: i % 2 === 0 ? '' : `00${i}`,
    tanggal_lahir: '2012-01-01',
    email: '',
    rows_hash: `h${i}`,
    npsns: '10000001',
    rows_json: '[]',
    updated_run_id: 1,
  };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(6, '0')}`);

test('bulkOp sends a column that every row holds alike once, and every other value in row order', () => {
  const rows = [
    { a: 1, b: 'x', c: null, d: undefined, e: 'same' },
    { a: 2, b: 'x', c: null, d: null, e: 'same' },
    { a: 3, b: 'y', c: null, d: 'late', e: 'same' },
  ];
  const op = bulkOp('t', rows)!;
  assert.equal(op.rows, 3);
  assert.equal(
    opStatements(op, new Set()).write.sql,
    'insert into "t" ("a", "b", "c", "d", "e") values (?, ?, ?, ?, ?)',
  );
  assert.deepEqual(op.columns, [
    { each: [1, 2, 3] },
    { each: ['x', 'x', 'y'] },
    { same: null },
    { each: [null, null, 'late'] },
    { same: 'same' },
  ]);
  assert.equal(bulkOp('t', []), null);
  const upsert = bulkOp('t', rows, { keyColumns: ['a'], insertOnly: ['e'] })!;
  assert.match(
    opStatements(upsert, new Set()).write.sql,
    /on conflict \("a"\) do update set "b" = excluded\."b", "c" = excluded\."c", "d" = excluded\."d"$/,
  );
});

test('an upsert sets indexed columns apart, and only where they differ', () => {
  const op = bulkOp('t', [{ a: 1, b: 'x', c: 2, d: 3, e: 4 }], { keyColumns: ['a'], insertOnly: ['e'] })!;
  const statements = opStatements(op, new Set(['a', 'c', 'e']));
  assert.match(statements.write.sql, /do update set "b" = excluded\."b", "d" = excluded\."d"$/);
  assert.deepEqual(statements.indexed, {
    sql: 'update "t" set "c" = ? where "a" = ? and ("c" is not ?)',
    params: [2, 0, 2],
  });
  const none = opStatements(op, new Set(['a', 'e']));
  assert.equal(none.indexed, null, 'no updated column is indexed: one statement');
  const all = opStatements(op, new Set(['b', 'c', 'd']));
  assert.match(all.write.sql, /on conflict \("a"\) do nothing$/);
  assert.match(all.indexed!.sql, /^update "t" set "b" = \?, "c" = \?, "d" = \? where "a" = \? and/);
});

test('sqlite: the load writer writes what the store bulk writer writes, visible only once committed', () =>
  withFreshStore('sqlite', async (store) => {
    assert.ok(store.loader, 'a file store has a load writer');
    const loader = store.loader();
    try {
      const persons = ids(3000).map(person);
      await loader.upsert(store.db, 'persons', persons, ['person_id']);
      const accounts = ids(1000).map((id, i) => accountRow(i + 1, { person_id: id }));
      await loader.insert(store.db, 'accounts', accounts);
      await loader.insert(store.db, 'persons', []); // nothing to write is not an error
      const before = await store.db.selectFrom('persons').select('person_id').execute();
      assert.deepEqual(before, [], 'nothing shows before the commit');
      await loader.commit();
      const repos = createRepositories(store);
      const stored = await repos.persons.loadByIds(ids(3000));
      assert.equal(stored.size, 3000);
      assert.equal(stored.get('p000007')?.accounts.length, 1);
      assert.equal(stored.get('p001007')?.accounts.length, 0);
      const rows = await store.db.selectFrom('persons').selectAll().orderBy('person_id').execute();
      assert.deepEqual(
        rows.map(({ previous_id: _, ...row }) => row),
        persons,
      );
      // the store's own connection writes again once the loader has committed
      await store.db.insertInto('persons').values(person('after', 9999)).execute();
      // an upsert through the loader overwrites, as the bulk writer's does
      await loader.upsert(store.db, 'persons', [{ ...persons[5]!, nama: 'Diganti' }], ['person_id']);
      await loader.commit();
      const renamed = await store.db
        .selectFrom('persons')
        .select('nama')
        .where('person_id', '=', 'p000005')
        .executeTakeFirstOrThrow();
      assert.equal(renamed.nama, 'Diganti');
    } finally {
      await loader.close();
    }
  }));

test('sqlite: a failed load write commits nothing of its transaction, and a rollback clears it', () =>
  withFreshStore('sqlite', async (store) => {
    const loader = store.loader!();
    try {
      await loader.insert(store.db, 'persons', ids(10).map(person));
      // the same key twice: the second insert fails on the thread, after the first was queued
      await loader.insert(store.db, 'persons', [person('p000003', 3)]);
      await assert.rejects(loader.commit(), /store load write failed: .*UNIQUE/);
      await assert.rejects(loader.insert(store.db, 'persons', [person('x', 1)]), /UNIQUE/);
      const none = await store.db.selectFrom('persons').select('person_id').execute();
      assert.deepEqual(none, [], 'the rows queued before the failure are not committed either');
      await loader.rollback();
      await loader.insert(store.db, 'persons', [person('fresh', 1)]);
      await loader.commit();
      const after = await store.db.selectFrom('persons').select('person_id').execute();
      assert.deepEqual(after, [{ person_id: 'fresh' }]);
    } finally {
      await loader.close();
    }
  }));

test("sqlite: the load writer's db runs updates and deletes in order with its bulk writes, and refuses reads", () =>
  withFreshStore('sqlite', async (store) => {
    const loader = store.loader!();
    try {
      await loader.insert(store.db, 'persons', ids(5).map(person));
      // each statement sees the writes queued before it, in the same transaction
      await loader.db
        .updateTable('persons')
        .set({ nama: 'Diganti' })
        .where('person_id', '=', 'p000001')
        .execute();
      await loader.db.deleteFrom('persons').where('person_id', 'in', ['p000002', 'p000003']).execute();
      await loader.upsert(store.db, 'persons', [{ ...person('p000001', 1), nisn: '0099' }], ['person_id']);
      await loader.db
        .updateTable('persons')
        .set({ previous_id: 'old-1' })
        .where('person_id', '=', 'p000001')
        .execute();
      assert.deepEqual(
        await store.db.selectFrom('persons').select('person_id').execute(),
        [],
        'nothing before the commit',
      );
      await assert.rejects(
        loader.db.selectFrom('persons').selectAll().execute(),
        /write statements only, not SelectQueryNode/,
      );
      await assert.rejects(
        loader.db.deleteFrom('persons').where('person_id', '=', 'p000004').returning('person_id').execute(),
        /write statements only/,
      );
      await assert.rejects(
        loader.db.transaction().execute(async () => {}),
        /transaction is its own/,
      );
      await loader.commit();
      const rows = await store.db
        .selectFrom('persons')
        .select(['person_id', 'nama', 'nisn', 'previous_id'])
        .orderBy('person_id')
        .execute();
      assert.deepEqual(rows, [
        // the upsert queued after the rename wrote the name back: the writes ran in the order queued
        { person_id: 'p000000', nama: 'Siswa 0', nisn: '', previous_id: null },
        { person_id: 'p000001', nama: 'Siswa 1', nisn: '0099', previous_id: 'old-1' },
        { person_id: 'p000004', nama: 'Siswa 4', nisn: '', previous_id: null },
      ]);
      // a statement that fails on the thread fails the commit, and nothing of its transaction lands
      await loader.db.updateTable('persons').set({ nama: 'X' }).where('person_id', '=', 'p000000').execute();
      await loader.db.insertInto('persons').values(person('p000004', 4)).execute();
      await assert.rejects(loader.commit(), /store load write failed: .*UNIQUE/);
      await loader.rollback();
      const kept = await store.db
        .selectFrom('persons')
        .select('nama')
        .where('person_id', '=', 'p000000')
        .executeTakeFirstOrThrow();
      assert.equal(kept.nama, 'Siswa 0');
    } finally {
      await loader.close();
    }
  }));

test("sqlite: a load writer whose caller checkpoints leaves the log to the store's checkpoint", async () => {
  const grown = async (checkpoints: 'writer' | 'caller') =>
    withFreshStore('sqlite', async (store, location) => {
      const loader = store.loader!({ checkpoints });
      try {
        const before = statSync(location).size;
        // about 2,000 pages of log: past the 1,000 at which a writer checkpoints as it commits
        await loader.insert(store.db, 'persons', ids(60_000).map(person));
        await loader.commit();
        const afterCommit = statSync(location).size;
        const state = await store.checkpoint!();
        assert.ok(state && state.logPages > 1000, `${state?.logPages} pages of log`);
        assert.equal(state.copied, state.logPages, 'the checkpoint copied the whole log');
        assert.ok(statSync(location).size > before, 'the rows are in the file');
        if (checkpoints === 'caller') assert.equal(afterCommit, before, 'the commit left the file as it was');
        else assert.ok(afterCommit > before, 'the writer copied its log into the file as it committed');
      } finally {
        await loader.close();
      }
    });
  await grown('caller');
  await grown('writer');
  await withFreshStore('sqlite', async (store) => {
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('persons').values(person('inside', 1)).execute();
      assert.equal(await store.checkpoint!(), null, 'no checkpoint inside a transaction');
    });
  });
});

test('sqlite: writes beyond the load writer queue wait their turn and all arrive', () =>
  withFreshStore('sqlite', async (store) => {
    const loader = store.loader!();
    try {
      // 12 columns, about 7 vary per row: over three queues' worth of values in all
      const all = ids(500_000);
      for (let start = 0; start < all.length; start += 50_000) {
        const chunk = all.slice(start, start + 50_000).map((id, i) => person(id, start + i));
        await loader.insert(store.db, 'persons', chunk);
      }
      await loader.commit();
      const { n } = await store.db
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), 500_000);
    } finally {
      await loader.close();
    }
  }));

test('sqlite: a closed load writer refuses to write', () =>
  withFreshStore('sqlite', async (store) => {
    const loader = store.loader!();
    await loader.close();
    await assert.rejects(loader.insert(store.db, 'persons', [person('late', 1)]), /closed/);
  }));
