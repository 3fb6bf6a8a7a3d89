// A chain: one store, `selaras` processes started on it one after another, each killed at a random
// moment of its work, the invariants checked after every kill, until a process finishes the work on
// its own (or the chain has had its share of kills and one is let finish). Then the finished store
// is compared with a store that was never interrupted.
import assert from 'node:assert/strict';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { drainOutbox } from '../../src/notify/outbox-worker.js';
import { createSmtpTransport } from '../../src/notify/smtp-transport.js';
import { openStore } from '../../src/store/store.js';
import { syncExtract } from '../../src/sync/sync-service.js';
import { startSmtpSink } from '../fixtures/smtp-sink.js';
import type { StoreDump } from '../support/store-dump.js';
import {
  assertSameState,
  checkInvariants,
  dumpOf,
  INVARIANT_TABLES,
  outboxByPerson,
  sameDigests,
} from './crash-invariants.js';
import { type KillTally, killAtRandom, spawnCli, storeProbe } from './crash-support.js';

export interface Lane {
  rng: () => number;
  /** Kills this lane still has to make. */
  remaining: number;
  tally: KillTally;
  /** Names the children's PostgreSQL connections (PGAPPNAME). */
  name: string;
}

export interface SyncReference {
  extract: string;
  dump: StoreDump;
  status: string;
  /** Milliseconds from the start of apply (the run recorded) to the exit of an uninterrupted sync. */
  applyMs: number;
  /** Batches the uninterrupted run committed. */
  batches: number;
  env: Record<string, string>;
}

let children = 0;

/** Kills syncs of `ref.extract` on the store at `db` until one finishes; checks it against `ref`. */
export async function syncChain(db: string, ref: SyncReference, lane: Lane, maxKills: number): Promise<void> {
  const probe = storeProbe(db);
  const expected = outboxByPerson(ref.dump);
  const runsBefore = Math.max(0, await probe.count('select count(*) from runs'));
  let runId: number | null = null;
  try {
    for (let kills = 0; ; kills++) {
      const appName = `${lane.name}-${++children}`;
      const batches = await probe.count('select count(*) from run_batches');
      // The kill falls in what is left of the apply: a resumed run has less to do.
      const done =
        runId === null ? 0 : await probe.count(`select count(*) from run_batches where run_id = ${runId}`);
      const left = Math.max(0.05, 1 - done / ref.batches);
      const child = spawnCli(['sync', ref.extract, '--json'], db, { ...ref.env, PGAPPNAME: appName });
      if (kills >= maxKills || lane.remaining <= 0) {
        await child.done;
      } else {
        // A new run is watched from its record; a resumed one from its first new batch.
        const started = async () =>
          runId === null
            ? (await probe.count("select count(*) from runs where status = 'applying'")) > 0
            : (await probe.count('select count(*) from run_batches')) > batches;
        const landing = await killAtRandom(child, probe, appName, started, lane.rng() * ref.applyMs * left);
        if (landing !== null) {
          lane.tally.add(landing);
          lane.remaining--;
          const dump = await dumpOf(() => openStore(db), INVARIANT_TABLES);
          checkInvariants(dump, expected);
          runId ??= dump.runs.length > runsBefore ? Math.max(...dump.runs.map((r) => Number(r.id))) : null;
          continue;
        }
      }
      await finished(child, db, ref, runId, runsBefore, lane.tally);
      lane.tally.completions++;
      return;
    }
  } finally {
    await probe.close();
  }
}

async function finished(
  child: ReturnType<typeof spawnCli>,
  db: string,
  ref: SyncReference,
  runId: number | null,
  runsBefore: number,
  tally: KillTally,
): Promise<void> {
  const code = await child.done;
  const what = `the sync that finished the run (exit ${code}, ${child.stderr()})`;
  assert.ok((code === 0 || code === 3) && child.stdout() !== '', what);
  const report = JSON.parse(child.stdout()) as { run_id: number; status: string };
  // `unchanged`: the last kill fell after the run had committed its status.
  assert.ok([ref.status, 'unchanged'].includes(report.status), `${what}: ${report.status}`);
  if (runId !== null)
    assert.equal(Number(report.run_id), runId, 'the interrupted run is finished, not another');
  const dump = await dumpOf(() => openStore(db));
  checkInvariants(dump, outboxByPerson(ref.dump));
  assert.equal(dump.runs.length, runsBefore + 1, 'one run for the extract');
  const last = dump.runs.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
  assert.equal(last.status, ref.status);
  assertSameState(dump, ref.dump, 'the finished store and the uninterrupted one');
  if (!sameDigests(dump, ref.dump)) tally.digestMismatches++;
  const store = await openStore(db);
  try {
    const replay = await syncExtract(store, ref.extract, {
      policy: DEFAULT_POLICY,
      plan: true,
      partitions: 8,
      batchSize: 8,
      dataDir: '.',
      now: () => new Date(),
      actor: 'crash-test',
      lang: 'id',
    });
    assert.equal(replay.status, 'unchanged', 'the same extract again changes nothing');
  } finally {
    await store.close();
  }
}

export interface MailReference {
  env: Record<string, string>;
}

interface MailRow {
  id: string;
  status: string;
  messageId: string | null;
}

function mailRows(dump: StoreDump): MailRow[] {
  return dump.outbox
    .filter((o) => o.channel === 'mail')
    .map((o) => ({
      id: String(o.id),
      status: String(o.status),
      messageId: o.message_id === null ? null : String(o.message_id),
    }));
}

/**
 * Kills `selaras outbox drain` processes delivering to a real SMTP server until no mail is waiting,
 * then lets the leases of the killed workers run out and drains the rest. Only messages in flight
 * when a worker died may arrive twice, and with the Message-ID of their first sending.
 */
export async function mailChain(db: string, ref: MailReference, lane: Lane, maxKills: number): Promise<void> {
  const probe = storeProbe(db);
  const sink = await startSmtpSink({ parse: 'headers' });
  const inFlight = new Set<string>();
  const messageIds = new Map<string, string>();
  const countsOf = () => {
    const counts = new Map<string, number>();
    for (const m of sink.received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
    return counts;
  };
  // Mail delivered before the chain (month A) never reaches this server: only what waited counts.
  const waiting = new Set(
    mailRows(await dumpOf(() => openStore(db), ['outbox']))
      .filter((r) => r.status === 'pending')
      .map((r) => r.id),
  );
  const check = (all: MailRow[], final: boolean) => {
    const counts = countsOf();
    const rows = all.filter((r) => waiting.has(r.id));
    const known = new Set(rows.map((r) => r.messageId));
    for (const id of counts.keys()) assert.ok(known.has(id), `${id} was sent without a waiting outbox row`);
    for (const row of rows) {
      if (row.messageId !== null) {
        const first = messageIds.get(row.id) ?? row.messageId;
        assert.equal(row.messageId, first, `outbox ${row.id} kept its Message-ID`);
        messageIds.set(row.id, first);
      }
      const n = counts.get(row.messageId ?? '') ?? 0;
      if (row.status === 'sent' || final)
        assert.ok(n >= 1, `outbox ${row.id} is ${row.status} but never arrived`);
      assert.ok(n <= (inFlight.has(row.id) ? 2 : 1), `outbox ${row.id} arrived ${n} times`);
    }
  };
  try {
    for (let kills = 0; kills < maxKills && lane.remaining > 0; kills++) {
      const pending = await probe.count(
        "select count(*) from outbox where channel = 'mail' and status = 'pending'",
      );
      if (pending <= 0) break;
      const appName = `${lane.name}-${++children}`;
      const before = sink.received.length;
      const env = { ...ref.env, SELARAS_SMTP_URL: sink.url, PGAPPNAME: appName };
      const child = spawnCli(['outbox', 'drain', '--workers', '2', '--batch-size', '5'], db, env);
      // Killed a few milliseconds after the k-th message it delivers, k drawn from what waits: always
      // while delivering, with other messages of its claims on the wire.
      const k = 1 + Math.floor(lane.rng() * Math.max(1, pending - 1));
      const started = async () => sink.received.length >= before + k;
      const landing = await killAtRandom(child, probe, appName, started, lane.rng() * 20);
      if (landing === null) {
        assert.equal(await child.done, 0, `outbox drain: ${child.stderr()}`);
        break;
      }
      lane.tally.add(landing);
      lane.remaining--;
      const rows = mailRows(await dumpOf(() => openStore(db), ['outbox']));
      for (const row of rows) if (row.status === 'sending') inFlight.add(row.id);
      check(rows, false);
    }
    // The killed workers' leases (5 minutes) run out: a later drain takes their rows again.
    const store = await openStore(db);
    const transport = createSmtpTransport({ url: sink.url });
    try {
      const later = new Date(Date.now() + 10 * 60_000);
      await drainOutbox(store, transport, { now: () => later });
    } finally {
      await transport.close();
      await store.close();
    }
    const rows = mailRows(await dumpOf(() => openStore(db), ['outbox']));
    assert.deepEqual(
      rows.filter((r) => r.status !== 'sent'),
      [],
      'every message sent',
    );
    check(rows, true);
    lane.tally.resent += [...countsOf().values()].filter((n) => n === 2).length;
    lane.tally.completions++;
  } finally {
    await sink.close();
    await probe.close();
  }
}
