// A SQLite store's reader threads (Store.parallel) answer the planning pass's reads on other cores.
// They must answer exactly what the store's own connection answers for committed rows, see nothing
// of a transaction still open, report a bad statement as an error without breaking the pool, and stop
// answering once the store is closed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { statesByIds } from '../../src/store/person-reads.js';
import { createRepositories } from '../../src/sync/repositories.js';
import { accountRow } from '../support/rows.js';
import { freshStore, withFreshStore } from '../support/stores.js';

function person(id: string, i: number) {
  return {
    person_id: id,
    kind: 'pd',
    phash: i,
    nama: `Siswa ${i}`,
    nik: '',
    nisn: `00${i}`,
    tanggal_lahir: '2012-01-01',
    email: '',
    rows_hash: `h${i}`,
    npsns: '10000001',
    rows_json: '[]',
    updated_run_id: 1,
  };
}

test('sqlite: a file store reads on threads of its own, the same rows its connection reads', () =>
  withFreshStore('sqlite', async (store) => {
    assert.ok(store.parallel, 'a file store has reader threads');
    assert.equal(store.parallel.size >= 1, true);
    const ids = Array.from({ length: 1200 }, (_, i) => `p${String(i).padStart(5, '0')}`);
    await store.db.insertInto('persons').values(ids.map(person)).execute();
    await store.db
      .insertInto('accounts')
      .values(ids.slice(0, 700).map((id, i) => accountRow(i + 1, { person_id: id })))
      .execute();
    const repos = createRepositories(store);
    const asked = [...ids.slice(100, 900), 'nobody'];
    const threaded = await statesByIds(store, asked);
    const inline = await repos.persons.loadByIds(asked);
    assert.equal(threaded.size, 800);
    assert.deepEqual(threaded, inline);
  }));

test('sqlite: a reader sees what was committed, not a transaction still open', () =>
  withFreshStore('sqlite', async (store) => {
    await store.db.insertInto('persons').values(person('committed', 1)).execute();
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('persons').values(person('open', 2)).execute();
      const seen = await store.parallel!.all<{ person_id: string }>(
        'select person_id from persons order by person_id',
        [],
      );
      assert.deepEqual(
        seen.map((r) => r.person_id),
        ['committed'],
      );
    });
    const after = await store.parallel!.all<{ person_id: string }>(
      'select person_id from persons order by 1',
      [],
    );
    assert.deepEqual(
      after.map((r) => r.person_id),
      ['committed', 'open'],
    );
  }));

test('sqlite: a bad statement fails alone; a closed store reads no more', async () => {
  const { store, dispose } = await freshStore('sqlite');
  try {
    await assert.rejects(
      store.parallel!.all('select nothing from nowhere', []),
      /store read failed: .*syntax error/,
    );
    assert.deepEqual(await store.parallel!.all('select 1 as one', []), [{ one: 1 }]);
    await store.close();
    await assert.rejects(store.parallel!.all('select 1 as one', []), /the store was closed/);
  } finally {
    await dispose();
  }
});

test('sqlite: an in-memory store has no reader threads (nothing to share a file with)', async () => {
  const { openStore } = await import('../../src/store/store.js');
  const store = await openStore(':memory:');
  try {
    assert.equal(store.parallel, undefined);
  } finally {
    await store.close();
  }
});

test('sqlite: a closed store leaves its file whole, without a write-ahead log beside it', async () => {
  const fresh = await freshStore('sqlite');
  try {
    const { store, location } = fresh;
    await store.db.insertInto('persons').values(person('kept', 1)).execute();
    // the readers hold connections of their own, as after a planning pass
    assert.equal((await store.parallel!.all('select person_id from persons', [])).length, 1);
    assert.ok(existsSync(`${location}-wal`), 'the log exists while the store is open');
    await store.close();
    assert.equal(existsSync(`${location}-wal`), false, 'the last connection to close folded the log in');
    const copy = new Sqlite(location, { readonly: true });
    try {
      assert.deepEqual(copy.prepare('select person_id from persons').all(), [{ person_id: 'kept' }]);
    } finally {
      copy.close();
    }
  } finally {
    await fresh.dispose();
  }
});
