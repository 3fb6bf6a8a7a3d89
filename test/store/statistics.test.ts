// PostgreSQL plans the reads of persons by id from the tables' statistics. A table filled by COPY
// has none until something analyzes it, and this machine's server runs with autovacuum off: without
// them each read of 500 ids scanned the whole table. The store gathers them where they are missing
// or stale, and a sync leaves the tables it wrote analyzed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/store.js';
import { NPSN, withSession, world } from '../cli/scenario-support.js';
import { accountRow, addressRow } from '../support/rows.js';
import { skipReason, withFreshStore } from '../support/stores.js';

/** Whether VACUUM ran on the table and marked its pages all-visible, as index-only reads need. */
async function vacuumed(store: Store, table: string): Promise<boolean> {
  const { rows } = await sql<{ at: Date | null; visible: number; pages: number }>`
    select coalesce(s.last_vacuum, s.last_autovacuum) as at, c.relallvisible as visible, c.relpages as pages
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = current_schema() and s.relname = ${table}`.execute(store.db);
  const row = rows[0];
  return row?.at != null && row.pages > 0 && row.visible === row.pages;
}

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

  test('the addresses, read from an index alone, are vacuumed as well; other tables are not', {
    skip,
  }, async () => {
    await withFreshStore('postgres', async (store) => {
      await store.bulk.insert(
        store.db,
        'addresses',
        Array.from({ length: 3000 }, (_, i) =>
          addressRow(i + 1, { address: `siswa.${i}@sd.belajar.id`, number: i }),
        ),
      );
      await store.bulk.insert(
        store.db,
        'accounts',
        Array.from({ length: 3000 }, (_, i) => accountRow(i + 1)),
      );
      assert.deepEqual(await store.refreshStatistics!(['accounts', 'addresses']), ['accounts', 'addresses']);
      assert.equal(await vacuumed(store, 'addresses'), true, 'every page of addresses is all-visible');
      assert.equal(await analyzed(store, 'addresses'), true);
      assert.equal(await vacuumed(store, 'accounts'), false, 'accounts is analyzed only');
      assert.deepEqual(await store.refreshStatistics!(['accounts', 'addresses']), []);
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
        assert.equal(await vacuumed(store, 'addresses'), true, 'addresses vacuumed');
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
