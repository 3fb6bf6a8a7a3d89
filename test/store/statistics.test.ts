// PostgreSQL plans the reads of persons by id from the tables' statistics. A table filled by COPY
// has none until something analyzes it, and this machine's server runs with autovacuum off: without
// them each read of 500 ids scanned the whole table. The store gathers them where they are missing
// or stale, and a sync leaves the tables it wrote analyzed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/store.js';
import { NPSN, withSession, world } from '../cli/scenario-support.js';
import { accountRow } from '../support/rows.js';
import { skipReason, withFreshStore } from '../support/stores.js';

async function analyzed(store: Store, table: string): Promise<boolean> {
  const { rows } = await sql<{ at: Date | null }>`
    select coalesce(last_analyze, last_autoanalyze) as at from pg_stat_user_tables
    where schemaname = current_schema() and relname = ${table}`.execute(store.db);
  return rows[0]?.at != null;
}

describe('planner statistics on postgres', async () => {
  const skip = await skipReason('postgres');

  test('are gathered for tables never analyzed, and not again while they are fresh', { skip }, async () => {
    await withFreshStore('postgres', async (store) => {
      assert.ok(store.refreshStatistics);
      await store.bulk.insert(
        store.db,
        'accounts',
        Array.from({ length: 2000 }, (_, i) => accountRow(i + 1)),
      );
      assert.equal(await analyzed(store, 'accounts'), false);
      assert.deepEqual(await store.refreshStatistics(['accounts', 'persons']), ['accounts', 'persons']);
      assert.equal(await analyzed(store, 'accounts'), true);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stats
        where schemaname = current_schema() and tablename = 'accounts' and attname = 'person_id'`.execute(
        store.db,
      );
      assert.equal(rows[0]!.n, 1, 'the column the reads by id filter on has statistics');
      assert.deepEqual(await store.refreshStatistics(['accounts', 'persons']), []);
    });
  });

  test('a sync leaves the tables it wrote analyzed', { skip }, async () => {
    await withSession('postgres', async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-001', npsn: NPSN.sdA, tingkat: 3, nama: 'Andi Pratama' });
      await s.sync(m1);
      const store = await openStore(s.db);
      try {
        for (const table of ['persons', 'assignments', 'accounts', 'events'])
          assert.equal(await analyzed(store, table), true, `${table} analyzed`);
      } finally {
        await store.close();
      }
    });
  });
});

test('sqlite plans without statistics: its store has nothing to refresh', async () => {
  await withFreshStore('sqlite', async (store) => {
    assert.equal(store.refreshStatistics, undefined);
  });
});
