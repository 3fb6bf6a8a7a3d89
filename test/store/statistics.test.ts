// PostgreSQL plans the reads of persons by id from the tables' statistics. A table filled by COPY
// has none until something analyzes it, and this machine's server runs with autovacuum off: without
// them each read of 500 ids scanned the whole table. The store gathers them where they are missing
// or stale, and a sync leaves the tables it wrote analyzed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/store.js';
import { NPSN, withSession, world } from '../cli/scenario-support.js';
import { accountRow, addressRow } from '../support/rows.js';
import { PG_URL, skipReason, withFreshStore } from '../support/stores.js';

/**
 * Whether VACUUM ran on the table. VACUUM is what marks its pages all-visible for index-only reads,
 * but only pages whose rows no open transaction in the database may still not see: the suite runs
 * two test files at once against database `test`, so a test cannot count on every page being
 * marked (CI failed once on `relallvisible = relpages` while another file's transaction was open).
 */
async function vacuumed(store: Store, table: string): Promise<boolean> {
  return (await vacuumCount(store, table)) > 0;
}

async function vacuumCount(store: Store, table: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select (vacuum_count + autovacuum_count)::int as count from pg_stat_user_tables
    where schemaname = current_schema() and relname = ${table}`.execute(store.db);
  return rows[0]?.count ?? 0;
}

/** Whether the visibility map marks every page of the table, as its last VACUUM or ANALYZE counted. */
async function allVisible(store: Store, table: string): Promise<boolean> {
  const { rows } = await sql<{ visible: number; pages: number }>`
    select relallvisible as visible, relpages as pages from pg_class
    where oid = (quote_ident(current_schema()) || '.' || quote_ident(${table}))::regclass`.execute(store.db);
  const row = rows[0];
  return row !== undefined && row.pages > 0 && row.visible === row.pages;
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
      assert.equal(await vacuumed(store, 'addresses'), true, 'addresses vacuumed');
      assert.equal(await analyzed(store, 'addresses'), true);
      assert.equal(await vacuumed(store, 'accounts'), false, 'accounts is analyzed only');
      // Fresh now, unless a transaction of another test file kept the VACUUM from marking the pages.
      const again = (await allVisible(store, 'addresses')) ? [] : ['addresses'];
      assert.deepEqual(await store.refreshStatistics!(['accounts', 'addresses']), again);
    });
  });

  test('a VACUUM an open transaction kept from marking the pages runs again at the next refresh', {
    skip,
  }, async () => {
    await withFreshStore('postgres', async (store) => {
      const elsewhere = new pg.Client({ connectionString: PG_URL });
      await elsewhere.connect();
      try {
        await elsewhere.query('begin');
        await elsewhere.query('select txid_current()'); // rows written after this are not all-visible
        await store.bulk.insert(
          store.db,
          'addresses',
          Array.from({ length: 3000 }, (_, i) =>
            addressRow(i + 1, { address: `siswa.${i}@sd.belajar.id`, number: i }),
          ),
        );
        assert.deepEqual(await store.refreshStatistics!(['addresses']), ['addresses']);
        assert.equal(await vacuumed(store, 'addresses'), true);
        assert.equal(
          await allVisible(store, 'addresses'),
          false,
          'the open transaction kept the pages unmarked',
        );
        await elsewhere.query('commit');
      } finally {
        await elsewhere.end();
      }
      assert.deepEqual(await store.refreshStatistics!(['addresses']), ['addresses'], 'vacuumed again');
      assert.equal(await vacuumCount(store, 'addresses'), 2);
    });
  });

  test('a sync leaves the tables it wrote analyzed', { skip }, async () => {
    await withSession('postgres', async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-001', npsn: NPSN.sdA, tingkat: 3, nama: 'Andi Pratama' });
      await s.sync(m1);
      const store = await openStore(s.db);
      try {
        for (const table of ['persons', 'accounts', 'events'])
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
