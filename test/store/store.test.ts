// The same bodies run against SQLite and PostgreSQL, each test in its own file or schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, type KyselyPlugin, sql } from 'kysely';
import { AppError } from '../../src/errors.js';
import { insertMany, upsertMany } from '../../src/store/bulk.js';
import { isUniqueViolation } from '../../src/store/db-errors.js';
import type { Database } from '../../src/store/schema.js';
import { openStore, type Store } from '../../src/store/store.js';
import {
  accountCredentialRow,
  accountRow,
  addressRow,
  apiTokenRow,
  appealRow,
  auditRow,
  eventRow,
  heldPlanRow,
  holdRow,
  operatorRow,
  outboxRow,
  personRow,
  provisionStatusRow,
  rejectRow,
  runBatchRow,
  runRow,
  schoolRow,
  webSessionRow,
} from '../support/rows.js';
import { TABLES } from '../support/store-dump.js';
import { DIALECTS, freshLocation, skipReason, withFreshStore } from '../support/stores.js';

// Fails to compile when schema.ts gains a table this suite does not cover.
const everyTableCovered: Exclude<keyof Database, (typeof TABLES)[number]> extends never ? true : false = true;

async function count(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table as 'accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** One complete row per table; returns what was written, by table, with the outbox id filled in. */
async function writeOneOfEach(db: Kysely<Database>): Promise<Record<string, Record<string, unknown>>> {
  const rows: Record<string, Record<string, unknown>> = {
    schools: schoolRow(1),
    persons: personRow(1),
    accounts: accountRow(1),
    addresses: addressRow(1),
    runs: runRow(1),
    run_batches: runBatchRow(1, 1),
    events: eventRow(1),
    rejects: rejectRow(1, 7),
    holds: holdRow(1),
    held_plans: heldPlanRow(1, 1),
    operators: operatorRow(1),
    api_tokens: apiTokenRow(1),
    web_sessions: webSessionRow(1),
    account_credentials: accountCredentialRow(1),
    provision_status: provisionStatusRow(1),
  };
  for (const [table, row] of Object.entries(rows)) {
    await db
      .insertInto(table as 'schools')
      .values(row as never)
      .execute();
  }
  const outbox = outboxRow();
  const { id } = await db.insertInto('outbox').values(outbox).returning('id').executeTakeFirstOrThrow();
  rows.outbox = { id, ...outbox };
  const audit = auditRow();
  const entry = await db.insertInto('audit_log').values(audit).returning('id').executeTakeFirstOrThrow();
  rows.audit_log = { id: entry.id, ...audit };
  const appeal = appealRow(1);
  const filed = await db.insertInto('appeals').values(appeal).returning('id').executeTakeFirstOrThrow();
  rows.appeals = { id: filed.id, ...appeal };
  // The scan state's row is made by its migration: one row, whose mark a sync sets.
  const state = { id: 1, mark: 'a'.repeat(32), updated_at: '2025-02-01T00:00:00.000Z' };
  await db.updateTable('screen_state').set(state).where('id', '=', 1).execute();
  rows.screen_state = state;
  const deferred = {
    name: 'persons_nisn_idx_x',
    table_name: 'persons',
    definition: 'create index persons_nisn_idx_x on persons (nisn)',
    deferred_at: '2025-02-01T00:00:00.000Z',
  };
  await db.insertInto('deferred_indexes').values(deferred).execute();
  rows.deferred_indexes = deferred;
  return rows;
}

function countingInserts(db: Kysely<Database>): { db: Kysely<Database>; statements: () => number } {
  let statements = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      if (node.kind === 'InsertQueryNode') statements += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: db.withPlugin(plugin), statements: () => statements };
}

async function personName(store: Store, n: number): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('persons')
    .select('nama')
    .where('person_id', '=', personRow(n).person_id)
    .executeTakeFirst();
  return row?.nama;
}

// Decided before any suite starts, so that SELARAS_REQUIRE_PG=1 fails the file at once.
const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`the ${dialect} store`, { skip: skips.get(dialect) }, () => {
    test('migrations create every table with exactly its columns, and re-opening applies nothing twice', () =>
      withFreshStore(dialect, async (store, location) => {
        assert.equal(everyTableCovered, true);
        const written = await writeOneOfEach(store.db);
        await store.close();

        const again = await openStore(location);
        try {
          for (const table of TABLES) {
            const rows = await again.db
              .selectFrom(table as 'schools')
              .selectAll()
              .execute();
            assert.deepEqual(rows, [written[table]], table);
          }
          const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(again.db);
          assert.deepEqual(
            applied.rows.map((r) => r.name),
            [
              '001_initial',
              '002_safety',
              '003_row_hashes',
              '004_web',
              '005_appeals',
              '006_provisioning',
              '007_screen_state',
              '008_deferred_indexes',
              '009_active_by_school',
              '010_school_admins',
              '011_address_numbers',
              '012_rows_on_person',
            ],
          );
        } finally {
          await again.close();
        }
      }));

    test('insertMany writes 5,000 rows in several statements under the bind limit, and all are counted', () =>
      withFreshStore(dialect, async (store) => {
        const rows = Array.from({ length: 5000 }, (_, i) => accountRow(i + 1));
        const counting = countingInserts(store.db);
        const { maxBindParams } = store.capabilities;

        await insertMany(counting.db, 'accounts', rows, maxBindParams);

        const perStatement = Math.floor(maxBindParams / Object.keys(rows[0]!).length);
        assert.equal(counting.statements(), Math.ceil(rows.length / perStatement));
        assert.ok(counting.statements() > 1);
        assert.equal(await count(store.db, 'accounts'), 5000);
      }));

    test('insertMany with a small bind limit still writes every row', () =>
      withFreshStore(dialect, async (store) => {
        const rows = Array.from({ length: 1000 }, (_, i) => personRow(i + 1));
        const counting = countingInserts(store.db);

        const width = Object.keys(rows[0]!).length;
        await insertMany(counting.db, 'persons', rows, 100);

        assert.equal(counting.statements(), Math.ceil(1000 / Math.floor(100 / width)));
        assert.equal(await count(store.db, 'persons'), 1000);
      }));

    test('upsertMany updates existing rows, inserts new ones, and the last of a repeated key wins', () =>
      withFreshStore(dialect, async (store) => {
        const { maxBindParams } = store.capabilities;
        await insertMany(
          store.db,
          'persons',
          Array.from({ length: 3000 }, (_, i) => personRow(i + 1)),
          maxBindParams,
        );
        const changed = Array.from({ length: 3000 }, (_, i) =>
          personRow(i + 1501, { nama: `Baru ${i + 1501}`, updated_run_id: 2 }),
        );
        changed.push(personRow(4500, { nama: 'Terakhir', updated_run_id: 2 }));

        await upsertMany(store.db, 'persons', changed, ['person_id'], maxBindParams);

        assert.equal(await count(store.db, 'persons'), 4500);
        assert.equal(await personName(store, 1), 'Siti Rahayu 1');
        assert.equal(await personName(store, 2000), 'Baru 2000');
        assert.equal(await personName(store, 4500), 'Terakhir');
      }));

    test('upsertMany works on a composite key', () =>
      withFreshStore(dialect, async (store) => {
        const { maxBindParams } = store.capabilities;
        await insertMany(store.db, 'runs', [runRow(1)], maxBindParams);
        await insertMany(store.db, 'run_batches', [runBatchRow(1, 1), runBatchRow(1, 2)], maxBindParams);

        await upsertMany(
          store.db,
          'run_batches',
          [{ ...runBatchRow(1, 2), persons: 7 }, runBatchRow(1, 3)],
          ['run_id', 'batch_no'],
          maxBindParams,
        );

        const rows = await store.db
          .selectFrom('run_batches')
          .select(['batch_no', 'persons'])
          .orderBy('batch_no')
          .execute();
        assert.deepEqual(rows, [
          { batch_no: 1, persons: 1000 },
          { batch_no: 2, persons: 7 },
          { batch_no: 3, persons: 1000 },
        ]);
      }));

    test('a transaction that throws leaves neither the accounts nor their outbox rows', () =>
      withFreshStore(dialect, async (store) => {
        const failing = store.db.transaction().execute(async (trx) => {
          await insertMany(trx, 'accounts', [accountRow(1), accountRow(2)], store.capabilities.maxBindParams);
          await trx
            .insertInto('outbox')
            .values(outboxRow({ account_id: 1 }))
            .execute();
          assert.equal(await count(trx, 'outbox'), 1);
          throw new Error('the batch failed');
        });

        await assert.rejects(failing, /the batch failed/);
        assert.equal(await count(store.db, 'accounts'), 0);
        assert.equal(await count(store.db, 'outbox'), 0);
      }));

    test('integers come back as numbers, ids past 2^31 and aggregates included', () =>
      withFreshStore(dialect, async (store) => {
        const big = 2 ** 40 + 7;
        await store.db
          .insertInto('accounts')
          .values(accountRow(big, { phash: 2 ** 31 - 1 }))
          .execute();
        await store.db
          .insertInto('events')
          .values(eventRow(big + 1, { account_id: big, seq: 1 }))
          .execute();
        const { id: outboxId } = await store.db
          .insertInto('outbox')
          .values(outboxRow({ account_id: big, event_id: big + 1 }))
          .returning('id')
          .executeTakeFirstOrThrow();

        const account = await store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
        const event = await store.db.selectFrom('events').selectAll().executeTakeFirstOrThrow();
        const outbox = await store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
        const totals = await store.db
          .selectFrom('accounts')
          .select((eb) => [
            eb.fn.max('id').as('max'),
            eb.fn.sum('id').as('sum'),
            eb.fn.sum('phash').as('phashes'),
          ])
          .executeTakeFirstOrThrow();

        assert.equal(typeof outboxId, 'number');
        assert.deepEqual([account.id, account.phash, account.created_run_id], [big, 2 ** 31 - 1, 1]);
        assert.deepEqual([event.id, event.account_id, event.seq], [big + 1, big, 1]);
        assert.deepEqual(
          [outbox.id, outbox.account_id, outbox.event_id, outbox.attempts],
          [outboxId, big, big + 1, 0],
        );
        assert.deepEqual(totals, { max: big, sum: big, phashes: 2 ** 31 - 1 });
        assert.equal(await count(store.db, 'accounts'), 1);
      }));

    test('a duplicate key is recognised by its code', () =>
      withFreshStore(dialect, async (store) => {
        await store.db.insertInto('accounts').values(accountRow(1)).execute();
        const duplicate = await store.db
          .insertInto('accounts')
          .values(accountRow(1))
          .execute()
          .then(
            () => undefined,
            (error: unknown) => error,
          );

        assert.equal(isUniqueViolation(duplicate), true);
        assert.equal(isUniqueViolation(new Error('duplicate key value violates unique constraint')), false);
      }));

    test('with skipLocked, two workers claim different outbox rows', (t) =>
      withFreshStore(dialect, async (store) => {
        if (!store.capabilities.skipLocked) return t.skip('this store has one writer: no SKIP LOCKED needed');
        await insertMany(store.db, 'outbox', [outboxRow(), outboxRow()], store.capabilities.maxBindParams);
        const claim = (db: Kysely<Database>) =>
          db
            .selectFrom('outbox')
            .select('id')
            .where('status', '=', 'pending')
            .orderBy('id')
            .limit(1)
            .forUpdate()
            .skipLocked()
            .executeTakeFirstOrThrow();

        await store.db.transaction().execute(async (first) => {
          const mine = await claim(first);
          const theirs = await store.db.transaction().execute((second) => claim(second));
          assert.notEqual(mine.id, theirs.id);
        });
      }));

    test('a migration that fails throws an internal AppError naming it', () =>
      withFreshStore(dialect, async (store, location) => {
        // Forget that 001 ran: running it again collides with the tables it made.
        await sql`delete from kysely_migration`.execute(store.db);
        await store.close();

        await assert.rejects(
          openStore(location),
          (error) =>
            error instanceof AppError &&
            error.code === 'internal' &&
            error.details.migration === '001_initial',
        );
      }));

    test('the description names the store, hides any password, and opens the same store again', async () => {
      const { location, dispose } = await freshLocation(dialect);
      const isUrl = location.includes('://');
      // A password already in SELARAS_TEST_PG_URL must stay what it is, and stay hidden.
      const secret = (isUrl && new URL(location).password) || 'geheim-123';
      const opened = isUrl ? withPassword(location, secret) : location;
      const store = await openStore(opened);
      try {
        assert.equal(store.description.includes(secret), false);
        assert.equal(store.description, isUrl ? withPassword(location, '') : `sqlite:${location}`);
        await store.db.insertInto('runs').values(runRow(1)).execute();
        const again = await openStore(store.description);
        assert.equal(await count(again.db, 'runs'), 1);
        await again.close();
      } finally {
        await store.close();
        await dispose();
      }
    });
  });
}

/** Trust authentication ignores the password, so any password opens the test database. */
function withPassword(location: string, password: string): string {
  const url = new URL(location);
  url.password = password;
  return url.toString();
}

describe('opening a postgres store', () => {
  test('a schema name that is not a plain lower-case identifier is bad input', async () => {
    await assert.rejects(
      openStore('postgres://root@127.0.0.1:1/test', { schema: 'Robert"; drop' }),
      (error) => error instanceof AppError && error.code === 'bad_input',
    );
  });

  test('an unreachable server is an internal error whose message hides the password', async () => {
    await assert.rejects(openStore('postgres://root:geheim-123@127.0.0.1:1/test'), (error) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'internal');
      assert.equal(error.message.includes('geheim-123'), false);
      assert.match(error.message, /postgres:\/\/root@127\.0\.0\.1:1\/test/);
      return true;
    });
  });
});

for (const dialect of DIALECTS) {
  describe(`audit log on ${dialect}`, async () => {
    const skip = await skipReason(dialect);
    test('refuses updates and deletes: the log is append-only', { skip }, async () => {
      await withFreshStore(dialect, async (store) => {
        await store.db.insertInto('audit_log').values(auditRow()).execute();
        await assert.rejects(
          store.db.updateTable('audit_log').set({ actor: 'someone else' }).execute(),
          /append-only/,
        );
        await assert.rejects(store.db.deleteFrom('audit_log').execute(), /append-only/);
        const rows = await store.db.selectFrom('audit_log').select('actor').execute();
        assert.deepEqual(rows, [{ actor: 'operator' }]);
      });
    });
  });
}
