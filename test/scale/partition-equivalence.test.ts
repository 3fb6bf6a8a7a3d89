// Speed never changes a decision (issue 7): a synthetic extract synced with 64 partitions and small
// batches plans exactly the events, and leaves exactly the accounts, addresses and queued mail, that a
// plain run with one partition and one batch does. The months cross July, so the school-year rollover
// (promotions, graduations, continuation windows) is in the plan. (The mail comparison caught school
// digests that listed persons in the order the run reached them, i.e. by partition.)
//
// Account and event ids are surrogates given out in write order, and the write order follows the
// partitions; the comparison therefore names an account by its person and jenjang, never by its id.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { evolveExtract } from '../../src/generate/extract-evolver.js';
import { generateExtract } from '../../src/generate/population-builder.js';
import { MAIL_CHANNEL } from '../../src/notify/mail-payload.js';
import type { Store } from '../../src/store/store.js';
import type { SyncReport } from '../../src/sync/report.js';
import { type SyncOptions, syncExtract } from '../../src/sync/sync-service.js';
import { DIALECTS, type FreshStore, freshStore, skipReason } from '../support/stores.js';

const SCHOOLS = 60;
const SEED = 23;
/** A fixed clock: run timestamps and outbox rows do not depend on when the test runs. */
const NOW = new Date('2026-07-20T02:00:00Z');

/** The "plain single-process run": one partition, everything in one batch. */
const PLAIN = { partitions: 1, batchSize: 1_000_000 };
/**
 * The scale path: many partitions, many small write transactions; a first load as a national one is
 * written (indexes built at its end, batches of 50 handed to the writer 20 persons at a time and
 * committed 400 at a time), and every applying run through the load writer on SQLite, however few
 * persons the test has.
 */
const PARTITIONED = {
  partitions: 64,
  batchSize: 50,
  deferIndexesFrom: 1,
  firstLoadCommitEvery: 400,
  loadChunk: 20,
  loadWriterFrom: 1,
};

type Row = Record<string, unknown>;

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

let root = '';
const month = (n: number) => join(root, `month-${n}`);

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'selaras-partitions-'));
  await generateExtract({ outDir: month(1), schools: SCHOOLS, seed: SEED, takenAt: '2026-06-15' });
  await evolveExtract({ fromDir: month(1), outDir: month(2), months: 1, seed: SEED });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

function options(
  shape: Pick<SyncOptions, 'batchSize' | 'partitions'> & Partial<SyncOptions>,
  plan: boolean,
): SyncOptions {
  return {
    policy: DEFAULT_POLICY,
    plan,
    ...shape,
    dataDir: join(root, 'data'),
    now: () => NOW,
    actor: 'partition-equivalence',
    lang: 'id',
  };
}

/** Accounts by person and jenjang: the natural key, the same however the ids were handed out. */
async function accountKeys(store: Store): Promise<Map<number, string>> {
  const rows = await store.db.selectFrom('accounts').select(['id', 'person_id', 'jenjang']).execute();
  return new Map(rows.map((r) => [Number(r.id), `${r.person_id}|${r.jenjang}`]));
}

/** A run's events with ids replaced by what they name, sorted by person and type (stable in seq). */
async function eventsOf(store: Store, runId: number | null): Promise<Row[]> {
  assert.ok(runId !== null, 'the run has an id');
  const keys = await accountKeys(store);
  const rows = await store.db
    .selectFrom('events')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('seq')
    .execute();
  const events = rows.map((e) => ({
    type: e.type,
    state: e.state,
    account: e.account_id === null ? null : (keys.get(Number(e.account_id)) ?? `unknown ${e.account_id}`),
    person: `${e.person_kind}:${e.person_id}`,
    phash: e.phash,
    reason: e.reason,
    same_jenjang: e.same_jenjang,
    from: e.from_json === null ? null : JSON.parse(e.from_json),
    to: e.to_json === null ? null : JSON.parse(e.to_json),
    from_npsn: e.from_npsn,
    to_npsn: e.to_npsn,
    effective_date: e.effective_date,
    snapshot_id: e.snapshot_id,
    rule: e.rule,
    evidence: JSON.parse(e.evidence_json),
  }));
  return events.sort((a, b) => compare(a.person, b.person) || compare(a.type, b.type));
}

/** The accounts and addresses tables, each row keyed by person and jenjang instead of account id. */
async function accountState(store: Store): Promise<{ accounts: Row[]; addresses: Row[]; mail: Row[] }> {
  const keys = await accountKeys(store);
  const accounts = (await store.db.selectFrom('accounts').selectAll().execute())
    .map(({ id, ...rest }) => ({ key: keys.get(Number(id)), ...rest }) as Row)
    .sort((a, b) => compare(String(a.key), String(b.key)));
  const addresses = (await store.db.selectFrom('addresses').selectAll().execute())
    .map(
      ({ account_id, ...rest }) => ({ account: keys.get(Number(account_id)) ?? account_id, ...rest }) as Row,
    )
    .sort((a, b) => compare(String(a.address), String(b.address)));
  const mail = (
    await store.db
      .selectFrom('outbox')
      .select(['run_id', 'account_id', 'payload_json'])
      .where('channel', '=', MAIL_CHANNEL)
      .execute()
  )
    .map((m) => ({
      run_id: m.run_id,
      account: m.account_id === null ? null : (keys.get(Number(m.account_id)) ?? m.account_id),
      payload: JSON.parse(m.payload_json),
    }))
    .sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
  return { accounts, addresses, mail };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first rows where two lists part, for an assertion message that fits on a screen. */
function firstDifference(plain: Row[], partitioned: Row[]): string {
  const at = plain.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(partitioned[i]));
  const index = at === -1 ? Math.min(plain.length, partitioned.length) : at;
  return [
    `${plain.length} rows plain, ${partitioned.length} partitioned; first difference at ${index}`,
    `plain:       ${shown(plain[index])}`,
    `partitioned: ${shown(partitioned[index])}`,
  ].join('\n');
}

function shown(row: Row | undefined): string {
  return row === undefined ? '(none)' : JSON.stringify(row).slice(0, 3000);
}

function assertSameRows(label: string, plain: Row[], partitioned: Row[]): void {
  assert.ok(plain.length > 0, `${label}: there is something to compare`);
  // Not deepEqual: its diff of thousands of rows (mail bodies among them) buries the one that matters.
  if (JSON.stringify(partitioned) !== JSON.stringify(plain))
    assert.fail(`${label} differ:\n${firstDifference(plain, partitioned)}`);
}

/** The store with the rows its load writer upserts counted (a month's updates, where it has one). */
function countingUpserts(store: Store): { store: Store; upserted: () => number } {
  let upserted = 0;
  const loader = store.loader?.bind(store);
  const counting: Store = {
    ...store,
    loader:
      loader &&
      ((options) => {
        const writer = loader(options);
        const upsert: typeof writer.upsert = (db, table, rows, ...rest) => {
          upserted += rows.length;
          return writer.upsert(db, table, rows, ...rest);
        };
        return new Proxy(writer, {
          get: (target, key) => {
            if (key === 'upsert') return upsert;
            const value = Reflect.get(target, key, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      }),
  };
  return { store: counting, upserted: () => upserted };
}

function sameReport(plain: SyncReport, partitioned: SyncReport): void {
  const strip = (r: SyncReport) => ({ ...r, run_id: null });
  assert.deepEqual(strip(partitioned), strip(plain));
}

for (const dialect of DIALECTS) {
  describe(`partitioned and plain runs decide the same (${dialect})`, { skip: skips.get(dialect) }, () => {
    let plain: FreshStore | undefined;
    let partitioned: FreshStore | undefined;

    before(async () => {
      plain = await freshStore(dialect);
      partitioned = await freshStore(dialect);
      const first = [
        await syncExtract(plain.store, month(1), options(PLAIN, false)),
        await syncExtract(partitioned.store, month(1), options(PARTITIONED, false)),
      ];
      for (const report of first) assert.equal(report.status, 'applied', JSON.stringify(report));
      sameReport(first[0]!, first[1]!);
    });

    after(async () => {
      await plain?.dispose();
      await partitioned?.dispose();
    });

    test('the first load issues the same accounts and addresses and queues the same mail', async () => {
      const a = await accountState(plain!.store);
      const b = await accountState(partitioned!.store);
      assertSameRows('accounts', a.accounts, b.accounts);
      assertSameRows('addresses', a.addresses, b.addresses);
      assertSameRows('mail', a.mail, b.mail);
    });

    test('the month across July plans exactly the same events', async () => {
      const a = await syncExtract(plain!.store, month(2), options(PLAIN, true));
      const b = await syncExtract(partitioned!.store, month(2), options(PARTITIONED, true));
      assert.equal(a.status, 'planned', JSON.stringify(a));
      sameReport(a, b);
      const planned = await eventsOf(plain!.store, a.run_id);
      assertSameRows('planned events', planned, await eventsOf(partitioned!.store, b.run_id));
      const types = new Set(planned.map((e) => e.type));
      const expected = ['account_created', 'pd_level_changed', 'pd_continuation_pending', 'pd_transferred'];
      for (const type of [...expected, 'ptk_deactivated'])
        assert.ok(types.has(type), `the plan has ${type} events (it has ${[...types].join(', ')})`);
    });

    test('applying that month leaves the same accounts, addresses, events and mail', async () => {
      const a = await syncExtract(plain!.store, month(2), options(PLAIN, false));
      const counted = countingUpserts(partitioned!.store);
      const b = await syncExtract(counted.store, month(2), options(PARTITIONED, false));
      assert.equal(a.status, 'applied', JSON.stringify(a));
      if (dialect === 'sqlite')
        assert.ok(counted.upserted() > 0, "the month's updates went through the load writer");
      sameReport(a, b);
      assertSameRows(
        'applied events',
        await eventsOf(plain!.store, a.run_id),
        await eventsOf(partitioned!.store, b.run_id),
      );
      const stateA = await accountState(plain!.store);
      const stateB = await accountState(partitioned!.store);
      assertSameRows('accounts', stateA.accounts, stateB.accounts);
      assertSameRows('addresses', stateA.addresses, stateB.addresses);
      assertSameRows('mail', stateA.mail, stateB.mail);
    });
  });
}
