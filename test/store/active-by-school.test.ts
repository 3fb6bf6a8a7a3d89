// The guards' count of active accounts per school is read by every sync and tick: it must come from
// the (status, npsn) index alone, not from every account's row (migration 009).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createRepositories } from '../../src/sync/repositories.js';
import { accountRow } from '../support/rows.js';
import { withFreshStore } from '../support/stores.js';

test('active accounts per school are counted from a covering index, and counted right', () =>
  withFreshStore('sqlite', async (store) => {
    const rows = [
      accountRow(1, { npsn: '10000001', status: 'active' }),
      accountRow(2, { npsn: '10000001', status: 'active' }),
      accountRow(3, { npsn: '10000001', status: 'deactivated' }),
      accountRow(4, { npsn: '10000002', status: 'active' }),
    ];
    await store.db.insertInto('accounts').values(rows).execute();
    const counts = await createRepositories(store).runs.activeBySchool();
    assert.deepEqual([...counts].sort(), [
      ['10000001', 2],
      ['10000002', 1],
    ]);
    const query = store.db
      .selectFrom('accounts')
      .select(['npsn', sql<number>`count(*)`.as('n')])
      .where('status', '=', 'active')
      .groupBy('npsn')
      .compile();
    const plan = await sql
      .raw<{ detail: string }>(`explain query plan ${query.sql.replace('?', "'active'")}`)
      .execute(store.db);
    const detail = plan.rows.map((r) => r.detail).join(' | ');
    assert.match(detail, /COVERING INDEX accounts_status_npsn_idx/);
    assert.doesNotMatch(detail, /TEMP B-TREE/);
  }));
