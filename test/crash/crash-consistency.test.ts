// Crash consistency (issue 9 item 2): `selaras sync` is SIGKILLed at random moments while it applies
// (small batches, so many kills land inside a batch's transaction), and `selaras outbox drain` while
// it delivers to a real SMTP server; after every kill the store must keep the invariants of
// crash-invariants.ts, the next process on the same store must finish the work, and the finished
// store must equal one that was never interrupted. Kill times are drawn from a seeded PRNG
// (SELARAS_CRASH_SEED to replay another draw); where each kill landed is timing, and is reported.
//
// On SQLite: first loads and a month of changes (moves, graduations, a held school, mail and
// provisioning rows), and drains; on PostgreSQL a smaller share of each.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { drainOutbox } from '../../src/notify/outbox-worker.js';
import { openStore } from '../../src/store/store.js';
import { runCli } from '../fixtures/cli.js';
import { type Dialect, freshLocation, skipReason } from '../support/stores.js';
import { type Lane, type MailReference, mailChain, type SyncReference, syncChain } from './crash-chains.js';
import { dumpOf } from './crash-invariants.js';
import { KillTally, seededRandom, spawnCli, storeProbe } from './crash-support.js';
import { monthA, monthB } from './crash-world.js';

const SEED = Number(process.env.SELARAS_CRASH_SEED ?? 90210);
/** Kills per kind: at least 100 on SQLite, a tenth of that on PostgreSQL. */
const KILLS = { sqliteSync: 64, sqliteMail: 36, postgresSync: 6, postgresMail: 4 };
const ENV = {
  SELARAS_BATCH_SIZE: '8',
  SELARAS_PARTITIONS: '8',
  SELARAS_SECRET_KEY: '5e1a7a5'.padEnd(64, '0'),
};

const total = new KillTally();
let root = '';
let extractA = '';
let extractB = '';
let counter = 0;

/** A store location of its own: a SQLite file in a fresh folder (its data dir), or a fresh schema. */
async function location(
  dialect: Dialect,
  copyOf?: string,
): Promise<{ db: string; dispose(): Promise<void> }> {
  if (dialect === 'postgres') {
    const fresh = await freshLocation('postgres');
    return { db: fresh.location, dispose: fresh.dispose };
  }
  const dir = join(root, `store-${++counter}`);
  await mkdir(dir, { recursive: true });
  const db = join(dir, 'selaras.db');
  if (copyOf) await copyFile(copyOf, db);
  return { db, dispose: () => rm(dir, { recursive: true, force: true }) };
}

async function cli(args: string[], db: string, env: Record<string, string> = {}) {
  const result = await runCli(args, { db, env: { ...ENV, ...env } });
  assert.ok(result.code === 0 || result.code === 3, `selaras ${args.join(' ')}: ${result.stderr}`);
  return result;
}

/** An uninterrupted sync on `db`, timed from the run's record to the exit. */
async function reference(extract: string, db: string): Promise<SyncReference> {
  const probe = storeProbe(db);
  const runs = Math.max(0, await probe.count('select count(*) from runs'));
  const child = spawnCli(['sync', extract, '--json'], db, ENV);
  while (!child.exited && (await probe.count('select count(*) from runs')) <= runs) await sleep(3);
  const from = performance.now();
  await child.done;
  const applyMs = performance.now() - from;
  await probe.close();
  assert.ok(child.stdout() !== '', `the reference sync printed nothing: ${child.stderr()}`);
  const report = JSON.parse(child.stdout()) as { status: string; run_id: number };
  const dump = await dumpOf(() => openStore(db));
  const batches = dump.run_batches.filter((b) => Number(b.run_id) === Number(report.run_id)).length;
  return { extract, dump, status: report.status, applyMs, batches, env: ENV };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** A store holding month A with its mail already delivered, then month B: ~90 messages waiting. */
async function mailBaseline(db: string): Promise<MailReference> {
  await cli(['sync', extractA], db);
  const store = await openStore(db);
  try {
    const delivered = { send: async () => ({ accepted: true, response: '250' }), close: async () => {} };
    await drainOutbox(store, { ...delivered, description: 'delivered earlier' }, { batchSize: 500 });
  } finally {
    await store.close();
  }
  await cli(['sync', extractB], db);
  return { env: ENV };
}

function lane(name: string, kills: number, seed: number): Lane {
  return { name, remaining: kills, rng: seededRandom(seed), tally: new KillTally() };
}

/** Runs chains on fresh stores until the lane has made its kills. */
async function runLane(l: Lane, chain: (l: Lane) => Promise<void>): Promise<void> {
  while (l.remaining > 0) await chain(l);
}

function report(t: { diagnostic(message: string): void }, what: string, lanes: Lane[]): number {
  const tally = new KillTally();
  for (const l of lanes) tally.merge(l.tally);
  total.merge(tally);
  t.diagnostic(
    `${what}: survived ${tally.kills} SIGKILLs (${tally.inTransaction} inside a write transaction), ` +
      `${tally.completions} runs finished afterwards and matched` +
      (tally.digestMismatches > 0 ? ` (school digests aside in ${tally.digestMismatches})` : '') +
      (tally.resent > 0 ? `; ${tally.resent} messages in flight at a kill sent again, same Message-ID` : ''),
  );
  return tally.kills;
}

describe('crash consistency: processes killed with SIGKILL at random moments', () => {
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'selaras-crash-'));
    extractA = await monthA().write(join(root, 'month-a'));
    extractB = await monthB().write(join(root, 'month-b'));
  });
  after(async () => {
    console.log(`# crash consistency: ${total.kills} SIGKILLs survived in all (seed ${SEED})`);
    await rm(root, { recursive: true, force: true });
  });

  test(`sqlite: ${KILLS.sqliteSync} syncs killed while applying finish as if never stopped`, async (t) => {
    const empty = await location('sqlite');
    const baseline = await location('sqlite');
    const refB = await location('sqlite');
    try {
      const first = await reference(extractA, empty.db);
      assert.equal(first.status, 'applied');
      await cli(['sync', extractA], baseline.db);
      await copyFile(baseline.db, refB.db);
      const month = await reference(extractB, refB.db);
      assert.equal(month.status, 'partly_held', 'month B holds its small school');
      const chain = (ref: SyncReference, copyOf?: string) => async (l: Lane) => {
        const store = await location('sqlite', copyOf);
        try {
          await syncChain(store.db, ref, l, 6);
        } finally {
          await store.dispose();
        }
      };
      const lanes = [
        lane('first-load', KILLS.sqliteSync / 2, SEED),
        lane('month', KILLS.sqliteSync / 2, SEED + 1),
      ];
      await Promise.all([runLane(lanes[0]!, chain(first)), runLane(lanes[1]!, chain(month, baseline.db))]);
      assert.ok(report(t, 'sqlite sync', lanes) >= KILLS.sqliteSync);
    } finally {
      await Promise.all([empty.dispose(), baseline.dispose(), refB.dispose()]);
    }
  });

  test(`sqlite: ${KILLS.sqliteMail} outbox drains killed while delivering lose and duplicate nothing`, async (t) => {
    const baseline = await location('sqlite');
    try {
      const ref = await mailBaseline(baseline.db);
      const chain = async (l: Lane) => {
        const store = await location('sqlite', baseline.db);
        try {
          await mailChain(store.db, ref, l, 4);
        } finally {
          await store.dispose();
        }
      };
      const lanes = [
        lane('mail-1', KILLS.sqliteMail / 2, SEED + 2),
        lane('mail-2', KILLS.sqliteMail / 2, SEED + 3),
      ];
      await Promise.all(lanes.map((l) => runLane(l, chain)));
      assert.ok(report(t, 'sqlite drain', lanes) >= KILLS.sqliteMail);
    } finally {
      await baseline.dispose();
    }
  });

  test('postgres: killed syncs and drains keep the same promises', async (t) => {
    const skip = await skipReason('postgres');
    if (skip) return t.skip(skip);
    const empty = await location('postgres');
    try {
      const first = await reference(extractA, empty.db);
      const syncLane = lane('pg-sync', KILLS.postgresSync, SEED + 4);
      await runLane(syncLane, async (l) => {
        const store = await location('postgres');
        try {
          await syncChain(store.db, first, l, 6);
        } finally {
          await store.dispose();
        }
      });
      const mailLane = lane('pg-mail', KILLS.postgresMail, SEED + 5);
      await runLane(mailLane, async (l) => {
        const store = await location('postgres');
        try {
          // A PostgreSQL store cannot be copied: each chain builds its own.
          await mailChain(store.db, await mailBaseline(store.db), l, KILLS.postgresMail);
        } finally {
          await store.dispose();
        }
      });
      assert.ok(report(t, 'postgres', [syncLane, mailLane]) >= KILLS.postgresSync + KILLS.postgresMail);
    } finally {
      await empty.dispose();
    }
  });

  // Found by this test: a resumed run's digests listed only what its last process applied, since the
  // Notifier learns a school's news from the plans it sees. The finishing process now reads back the
  // events its run applied before (sync-service.ts recallApplied).
  test('the school digests of a run finished after a crash cover all of it', () => {
    assert.equal(total.digestMismatches, 0, `${total.digestMismatches} of ${total.completions} runs`);
  });
});
