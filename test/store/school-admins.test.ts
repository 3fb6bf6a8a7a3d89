// Digests and appeal mail go to a school's active admin accounts. At national scale the digest lookup
// covers nearly every school, so it must read only admins (migration 010's partial index), not every
// account of every school, and still find exactly the active admins, in address order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { activeAdmins } from '../../src/store/run-repository.js';
import { createRepositories } from '../../src/sync/repositories.js';
import { accountRow } from '../support/rows.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

const A = '10000001';
const B = '10000002';

const accounts = [
  accountRow(1, { npsn: A, role: 'admin', primary_address: 'zaenal@sd.belajar.id' }),
  accountRow(2, { npsn: A, role: 'admin', primary_address: 'ani@sd.belajar.id' }),
  accountRow(3, { npsn: A, role: 'admin', status: 'deactivated', primary_address: 'lama@sd.belajar.id' }),
  accountRow(4, { npsn: A, role: 'guru', primary_address: 'guru@sd.belajar.id' }),
  accountRow(5, { npsn: A, role: 'siswa', primary_address: 'siswa@sd.belajar.id' }),
  accountRow(6, { npsn: B, role: 'admin', status: 'deactivating', primary_address: 'pergi@sd.belajar.id' }),
  accountRow(7, { npsn: B, role: 'kepala_sekolah', primary_address: 'kepala@sd.belajar.id' }),
];

for (const dialect of DIALECTS) {
  test(
    `${dialect}: the admins of a school are its active admin accounts, in address order`,
    {
      skip: skips.get(dialect),
    },
    () =>
      withFreshStore(dialect, async (store) => {
        await store.db.insertInto('accounts').values(accounts).execute();
        const repos = createRepositories(store);
        const byDigest = await repos.runs.adminAddresses([A, B, '10000003']);
        assert.deepEqual([...byDigest], [[A, ['ani@sd.belajar.id', 'zaenal@sd.belajar.id']]]);
        assert.deepEqual(await repos.appeals.schoolAdmins(A), ['ani@sd.belajar.id', 'zaenal@sd.belajar.id']);
        assert.deepEqual(await repos.appeals.schoolAdmins(B), []);
      }),
  );
}

test('sqlite: the admin lookup reads the partial index of active admins, not every account of the schools', () =>
  withFreshStore('sqlite', async (store) => {
    const query = store.db
      .selectFrom('accounts')
      .select(['npsn', 'primary_address'])
      .where('npsn', 'in', [A, B])
      .$call(activeAdmins)
      .orderBy('primary_address')
      .compile();
    let literal = query.sql;
    for (const p of query.parameters) literal = literal.replace('?', `'${String(p)}'`);
    const plan = await sql.raw<{ detail: string }>(`explain query plan ${literal}`).execute(store.db);
    const detail = plan.rows.map((r) => r.detail).join(' | ');
    assert.match(detail, /accounts_school_admins_idx/);
    assert.doesNotMatch(detail, /accounts_npsn_idx|accounts_status_npsn_idx|SCAN accounts/);
  }));
