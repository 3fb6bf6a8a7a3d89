// A sync stopped at every one of its writes in turn (SQLite; a few on PostgreSQL), then run again:
// the deterministic companion of crash-consistency.test.ts. A Kysely plugin makes the n-th write
// statement throw, which leaves the store as a kill just before that statement would: the open
// transaction rolls back, everything committed stays. Bulk row writes (BulkWriter) bypass Kysely;
// of those, the batch marker that ends each batch transaction is counted and stopped at too, on the
// store's bulk writer and on its load writer (a large run's batches go there, sqlite-loader.ts), whose
// own statements (its `db`) go through the plugin as the store's do.
//
// Regression: the run was recorded in one transaction and its holds in the next, so a sync killed
// between the two was resumed without its holds and applied what the guards had held.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
} from 'kysely';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import type { BulkWriter } from '../../src/store/bulk.js';
import { LOADED_TABLES } from '../../src/store/index-deferral.js';
import { type DeferrableIndex, openStore, type Store } from '../../src/store/store.js';
import { type SyncOptions, syncExtract } from '../../src/sync/sync-service.js';
import type { StoreDump } from '../support/store-dump.js';
import { type Dialect, freshLocation, skipReason } from '../support/stores.js';
import {
  assertSameState,
  checkInvariants,
  dumpOf,
  INVARIANT_TABLES,
  outboxByPerson,
  sameDigests,
} from './crash-invariants.js';
import { monthA, monthB } from './crash-world.js';

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode']);

/** Counts write statements; throws at number `stopAt` (1-based), as if the process died there. */
class StopAt implements KyselyPlugin {
  writes: string[] = [];
  /** Load writers the sync opened (a first load writes its batches through one). */
  loaders = 0;

  constructor(private readonly stopAt: number) {}

  transformQuery(args: PluginTransformQueryArgs) {
    if (WRITES.has(args.node.kind)) {
      this.writes.push(args.node.kind);
      if (this.writes.length === this.stopAt) throw new Error(`stopped at write ${this.stopAt}`);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<Record<string, unknown>>> {
    return args.result;
  }

  /** `writer` with its batch markers counted, and its statements if it has a `db`, as the plugin counts. */
  markersOf<W extends BulkWriter>(writer: W): W {
    const insert: BulkWriter['insert'] = (db, table, rows) => {
      if (table === 'run_batches') {
        this.writes.push('run_batches');
        if (this.writes.length === this.stopAt) throw new Error(`stopped at write ${this.stopAt}`);
      }
      return writer.insert(db, table, rows);
    };
    return new Proxy(writer, {
      get: (target, key) => {
        if (key === 'insert') return insert;
        const value = Reflect.get(target, key, target);
        if (key === 'db' && value instanceof Kysely) return value.withPlugin(this);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

/** The store as a stopped sync sees it: its statements and its batch markers counted by `plugin`. */
function stoppable(store: Store, plugin: StopAt): Store {
  const loader = store.loader?.bind(store);
  return {
    ...store,
    db: store.db.withPlugin(plugin),
    bulk: plugin.markersOf(store.bulk),
    loader:
      loader &&
      ((options) => {
        plugin.loaders++;
        return plugin.markersOf(loader(options));
      }),
  };
}

let root = '';
let extractA = '';
let extractB = '';

function options(): SyncOptions {
  return {
    policy: DEFAULT_POLICY,
    plan: false,
    partitions: 8,
    batchSize: 8,
    dataDir: root,
    now: () => new Date('2025-08-20T06:00:00Z'),
    actor: 'crash-points',
    lang: 'id',
  };
}

/** Syncs month B on `store` through a plugin; the plugin's error, if it stopped the sync. */
async function syncThrough(store: Store, plugin: StopAt, shape: Partial<SyncOptions>): Promise<Error | null> {
  try {
    await syncExtract(stoppable(store, plugin), extractB, { ...options(), ...shape });
    return null;
  } catch (err) {
    return err as Error;
  }
}

interface World {
  /** A fresh store holding month A. */
  fresh(): Promise<{ location: string; dispose(): Promise<void> }>;
  reference: StoreDump;
  writes: number;
  /** Load writers month B's sync opened. */
  loaders: number;
  /** How month B is synced (options beyond `options()`). */
  shape: Partial<SyncOptions>;
  dispose(): Promise<void>;
}

async function world(dialect: Dialect, shape: Partial<SyncOptions> = {}): Promise<World> {
  const seed = await freshLocation(dialect);
  let store = await openStore(seed.location);
  await syncExtract(store, extractA, options());
  await store.close();
  const fresh = async () => {
    if (dialect === 'sqlite') {
      const copy = await freshLocation('sqlite');
      await copyFile(seed.location, copy.location);
      return copy;
    }
    const other = await freshLocation('postgres');
    const s = await openStore(other.location);
    await syncExtract(s, extractA, options());
    await s.close();
    return other;
  };
  const ref = await fresh();
  store = await openStore(ref.location);
  const counter = new StopAt(0);
  assert.equal(await syncThrough(store, counter, shape), null);
  await store.close();
  const reference = await dumpOf(() => openStore(ref.location));
  await ref.dispose();
  return {
    fresh,
    reference,
    writes: counter.writes.length,
    loaders: counter.loaders,
    shape,
    dispose: seed.dispose,
  };
}

/** The event counts of the latest run's report. */
function lastCounts(dump: StoreDump): unknown {
  const last = [...dump.runs].sort((a, b) => Number(b.id) - Number(a.id))[0];
  return JSON.parse(String(last?.report_json ?? '{}')).counts;
}

async function stopAndResume(w: World, stopAt: number): Promise<void> {
  const where = await w.fresh();
  try {
    let store = await openStore(where.location);
    const stopped = await syncThrough(store, new StopAt(stopAt), w.shape);
    await store.close();
    assert.match(String(stopped?.message), new RegExp(`stopped at write ${stopAt}`));
    const expected = outboxByPerson(w.reference);
    checkInvariants(await dumpOf(() => openStore(where.location), INVARIANT_TABLES), expected);
    store = await openStore(where.location);
    const mark = await store.db.selectFrom('screen_state').select('mark').executeTakeFirstOrThrow();
    const report = await syncExtract(store, extractB, { ...options(), ...w.shape });
    await store.close();
    if (stopAt === w.writes) {
      // The last write names the scan state the store vouches for, after the run's own commit: the
      // run is done, and the store simply trusts no state (the next run reads every row).
      assert.equal(mark.mark, null, 'no state is trusted');
      assert.equal(report.status, 'unchanged', 'the run had finished');
    } else assert.equal(report.status, 'partly_held', 'the resumed run keeps its held school');
    const finished = await dumpOf(() => openStore(where.location));
    checkInvariants(finished, expected);
    assertSameState(finished, w.reference, `stopped at write ${stopAt}, then finished`);
    // The process that finished the run tells the schools, and reports, about all of it.
    assert.ok(
      sameDigests(finished, w.reference),
      `stopped at write ${stopAt}: the digests cover the whole run`,
    );
    assert.deepEqual(lastCounts(finished), lastCounts(w.reference), `stopped at write ${stopAt}: the report`);
  } finally {
    await where.dispose();
  }
}

/**
 * A first load that builds its indexes at the end (deferIndexesFrom: 1), stopped at its n-th write and
 * run again: the indexes the stop left dropped are built again, and the store ends as if never stopped.
 */
async function firstLoadStoppedAt(
  dialect: Dialect,
  stopAt: number | null,
  indexes: unknown,
): Promise<{ dump: StoreDump; writes: number; loaders: number }> {
  const where = await freshLocation(dialect);
  const first = { ...options(), deferIndexesFrom: 1, firstLoadCommitEvery: 24 };
  try {
    let store = await openStore(where.location);
    const counter = new StopAt(stopAt ?? 0);
    let stopped: Error | null = null;
    try {
      await syncExtract(stoppable(store, counter), extractA, first);
    } catch (err) {
      stopped = err as Error;
    }
    await store.close();
    if (stopAt !== null) {
      assert.match(String(stopped?.message), new RegExp(`stopped at write ${stopAt}`));
      store = await openStore(where.location);
      const report = await syncExtract(store, extractA, first);
      await store.close();
      assert.notEqual(report.status, 'refused');
    } else assert.equal(stopped, null);
    store = await openStore(where.location);
    try {
      if (indexes !== null) assert.deepEqual(await store.deferrableIndexes(LOADED_TABLES), indexes);
      assert.deepEqual(await store.db.selectFrom('deferred_indexes').selectAll().execute(), []);
    } finally {
      await store.close();
    }
    return {
      dump: await dumpOf(() => openStore(where.location)),
      writes: counter.writes.length,
      loaders: counter.loaders,
    };
  } finally {
    await where.dispose();
  }
}

/** The indexes a store holds after a first load too small to defer them. */
async function indexesOfPlainLoad(dialect: Dialect): Promise<DeferrableIndex[]> {
  const plain = await freshLocation(dialect);
  try {
    const store = await openStore(plain.location);
    try {
      await syncExtract(store, extractA, options());
      return await store.deferrableIndexes(LOADED_TABLES);
    } finally {
      await store.close();
    }
  } finally {
    await plain.dispose();
  }
}

describe('a sync stopped at any write statement and run again ends as if never stopped', () => {
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'selaras-points-'));
    extractA = await monthA().write(join(root, 'month-a'));
    extractB = await monthB().write(join(root, 'month-b'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('sqlite: at each of its writes', async (t) => {
    const w = await world('sqlite');
    try {
      assert.ok(w.writes > 20, `${w.writes} writes`);
      for (let n = 1; n <= w.writes; n++) await stopAndResume(w, n);
      t.diagnostic(`stopped at each of ${w.writes} write statements and finished`);
    } finally {
      await w.dispose();
    }
  });

  test('sqlite: a month written through the load writer, at each of its writes', async (t) => {
    const w = await world('sqlite', { loadWriterFrom: 1, loadChunk: 3 });
    try {
      assert.ok(w.loaders > 0, 'the month writes its batches through the load writer');
      assert.ok(w.writes > 20, `${w.writes} writes`);
      for (let n = 1; n <= w.writes; n++) await stopAndResume(w, n);
      t.diagnostic(`stopped at each of ${w.writes} write statements and finished`);
    } finally {
      await w.dispose();
    }
  });

  test('sqlite: a first load that defers its indexes, stopped at each of its writes', async (t) => {
    const indexes = await indexesOfPlainLoad('sqlite');
    const reference = await firstLoadStoppedAt('sqlite', null, indexes);
    assert.ok(reference.writes > 10, `${reference.writes} writes`);
    assert.ok(reference.loaders > 0, 'the first load writes its batches through the load writer');
    // Every write around the drop (the run's start) and the build (its end), every fifth between.
    const points = [];
    for (let n = 1; n <= reference.writes; n++)
      if (n <= 25 || n > reference.writes - 25 || n % 5 === 0) points.push(n);
    for (const n of points) {
      const { dump } = await firstLoadStoppedAt('sqlite', n, indexes);
      assertSameState(dump, reference.dump, `first load stopped at write ${n}, then finished`);
    }
    t.diagnostic(`stopped at ${points.length} of ${reference.writes} write statements and finished`);
  });

  test('postgres: a first load that defers its indexes and keys, stopped around the drop, mid-load and at the build', async (t) => {
    const skip = await skipReason('postgres');
    if (skip) return t.skip(skip);
    const indexes = await indexesOfPlainLoad('postgres');
    assert.ok(
      indexes.some((i) => i.name === 'persons_pkey'),
      'the keys are among what a first load defers and must build again',
    );
    const reference = await firstLoadStoppedAt('postgres', null, indexes);
    const last = reference.writes;
    assert.ok(last > 10, `${last} writes`);
    for (const n of [1, 2, 3, 4, Math.floor(last / 2), last - 2, last - 1, last]) {
      const { dump } = await firstLoadStoppedAt('postgres', n, indexes);
      assertSameState(dump, reference.dump, `first load stopped at write ${n}, then finished`);
    }
  });

  test('postgres: at the run start, in the first batch and at the finish', async (t) => {
    const skip = await skipReason('postgres');
    if (skip) return t.skip(skip);
    const w = await world('postgres');
    try {
      for (const n of [1, 2, 4, w.writes - 1, w.writes]) await stopAndResume(w, n);
    } finally {
      await w.dispose();
    }
  });
});
