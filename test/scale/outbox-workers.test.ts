// Several mail workers on one PostgreSQL outbox (issue 7): four `selaras outbox drain` processes share
// 10,000 messages through FOR UPDATE SKIP LOCKED and deliver each exactly once to a real SMTP server;
// when one of them is killed mid-drain nothing is lost, and the only messages sent twice are ones the
// dead worker had in flight, each once more and with the same Message-ID.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAIL_CHANNEL, type MailPayload } from '../../src/notify/mail-payload.js';
import { createOutboxRepository, type NewOutboxRow } from '../../src/store/outbox-repository.js';
import type { Store } from '../../src/store/store.js';
import { REPO_ROOT } from '../fixtures/cli.js';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../fixtures/smtp-sink.js';
import { DIALECTS, type Dialect, skipReason, withFreshStore } from '../support/stores.js';

const MESSAGES = 10_000;
const WORKERS = 4;
/** `--batch-size`: a worker holds at most this many claimed rows, so a dead one has at most this many in flight. */
const BATCH = 50;
/**
 * Short enough that a dead worker's rows come back within the test, long enough that a live worker
 * on a loaded machine always sends its batch before its own lease runs out.
 */
const LEASE_SECONDS = 8;
const BIN = join(REPO_ROOT, 'bin', 'selaras.js');

const SKIPS: Record<Dialect, string | undefined> = {
  sqlite:
    'several worker processes claim with FOR UPDATE SKIP LOCKED, a PostgreSQL capability; SQLite is one process with one writer',
  postgres: await skipReason('postgres'),
};

interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface DrainJson {
  sent: number;
  retried: number;
  failed: number;
  lease_lost: number;
  errors: number;
}

interface Worker {
  child: ChildProcess;
  exit: Promise<WorkerExit>;
}

interface Drain {
  location: string;
  sink: SmtpSink;
  dataDir: string;
  /** Every worker started, so a failing test can stop the ones still running. */
  started: Worker[];
}

/** `selaras outbox drain --workers 1` as its own process, exactly as an operator starts one per machine. */
function startWorker(drain: Drain): Worker {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    SELARAS_SMTP_URL: drain.sink.url,
    SELARAS_MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
    SELARAS_DATA_DIR: drain.dataDir,
  };
  delete env.SELARAS_DB;
  delete env.SELARAS_MAIL_RATE_PER_SECOND;
  const args = ['outbox', 'drain', '--workers', '1', '--batch-size', String(BATCH), '--json'];
  const child = spawn(process.execPath, [BIN, ...args, '--db', drain.location], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => err.push(chunk));
  const exit = new Promise<WorkerExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout: out.join(''), stderr: err.join('') }),
    );
  });
  drain.started.push({ child, exit });
  return { child, exit };
}

function resultOf(exit: WorkerExit): DrainJson {
  assert.equal(exit.code, 0, `worker exited ${exit.code} (${exit.signal})\n${exit.stdout}\n${exit.stderr}`);
  return JSON.parse(exit.stdout) as DrainJson;
}

function payloadOf(n: number): MailPayload {
  return {
    template: n % 2 === 0 ? 'account_created' : 'pd_transferred',
    lang: 'id',
    to: [`murid${n}@sd.belajar.id`],
    subject: `Perubahan akun belajar.id nomor ${n}`,
    text: `Yth. Murid ${n}, akun belajar.id Anda berubah.`,
    html: `<p>Yth. Murid ${n}, akun belajar.id Anda <strong>berubah</strong>.</p>`,
  };
}

/** Fills the outbox as a sync would: pending mail rows, all due now. */
async function fillOutbox(store: Store): Promise<void> {
  const at = new Date(Date.now() - 60_000).toISOString();
  const rows: NewOutboxRow[] = Array.from({ length: MESSAGES }, (_, i) => ({
    run_id: 1,
    event_id: i + 1,
    account_id: i + 1,
    channel: MAIL_CHANNEL,
    payload_json: JSON.stringify(payloadOf(i + 1)),
    next_attempt_at: at,
    created_at: at,
  }));
  const repo = createOutboxRepository(store.db, store.capabilities);
  await store.db.transaction().execute((trx) => repo.enqueue(trx, rows));
}

interface RowState {
  id: number;
  message_id: string;
  status: string;
  attempts: number;
  payload: MailPayload;
}

async function outboxRows(store: Store): Promise<RowState[]> {
  const rows = await store.db
    .selectFrom('outbox')
    .select(['id', 'message_id', 'status', 'attempts', 'payload_json'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    message_id: r.message_id ?? '',
    status: r.status,
    attempts: Number(r.attempts),
    payload: JSON.parse(r.payload_json) as MailPayload,
  }));
}

function copiesById(received: readonly SunkMail[]): Map<string, SunkMail[]> {
  const copies = new Map<string, SunkMail[]>();
  for (const mail of received) copies.set(mail.messageId, [...(copies.get(mail.messageId) ?? []), mail]);
  return copies;
}

/** Every row was delivered, under its own Message-ID and to its own recipient; returns the copies. */
function assertNoneLost(rows: RowState[], received: readonly SunkMail[]): Map<string, SunkMail[]> {
  assert.equal(rows.length, MESSAGES);
  const notSent = rows.filter((r) => r.status !== 'sent');
  assert.deepEqual(notSent.slice(0, 5), [], `${notSent.length} rows are not marked sent`);
  const copies = copiesById(received);
  const lost = rows.filter((r) => !copies.has(r.message_id));
  assert.deepEqual(
    lost.slice(0, 5).map((r) => r.id),
    [],
    `${lost.length} messages never reached the server`,
  );
  const known = new Set(rows.map((r) => r.message_id));
  const strays = [...copies.keys()].filter((id) => !known.has(id));
  assert.deepEqual(strays, [], 'every message received is one of the outbox rows');
  for (const row of rows) {
    for (const mail of copies.get(row.message_id) ?? []) {
      assert.deepEqual(mail.to, row.payload.to, `row ${row.id}: recipient`);
      assert.equal(mail.subject, row.payload.subject, `row ${row.id}: subject`);
    }
  }
  return copies;
}

/**
 * Starts the workers, SIGKILLs the first once a quarter of the mail is through, lets the others finish,
 * and after the dead worker's lease has run out runs one more drain for whatever it still held.
 */
async function killOneMidDrain(drain: Drain): Promise<{ survivors: DrainJson[]; rerun: DrainJson }> {
  const [victim, ...others] = Array.from({ length: WORKERS }, () => startWorker(drain)) as [
    Worker,
    ...Worker[],
  ];
  while (drain.sink.received.length < MESSAGES / 4) await sleep(20);
  const killedAt = Date.now();
  assert.ok(drain.sink.received.length < MESSAGES, 'the drain was under way, not over');
  assert.ok(victim.child.kill('SIGKILL'), 'the worker was still running');
  assert.equal((await victim.exit).signal, 'SIGKILL');
  const survivors = (await Promise.all(others.map((w) => w.exit))).map(resultOf);
  await sleep(Math.max(0, killedAt + LEASE_SECONDS * 1000 + 500 - Date.now()));
  const rerun = resultOf(await startWorker(drain).exit);
  return { survivors, rerun };
}

/**
 * Rows claimed twice are the dead worker's claim (at most one batch), and only they went twice: each
 * exactly once more, under the Message-ID of its row.
 */
function assertOnlyInFlightTwice(
  reclaimed: RowState[],
  twice: RowState[],
  copies: Map<string, SunkMail[]>,
): void {
  assert.ok(
    reclaimed.length <= BATCH,
    `${reclaimed.length} rows were claimed twice; the dead worker held at most ${BATCH}`,
  );
  assert.ok(reclaimed.every((r) => r.attempts === 2));
  const reclaimedIds = new Set(reclaimed.map((r) => r.id));
  assert.deepEqual(
    twice.filter((r) => !reclaimedIds.has(r.id)).map((r) => r.id),
    [],
    'only messages the dead worker held were sent twice',
  );
  for (const row of twice) assert.equal(copies.get(row.message_id)?.length, 2, `row ${row.id}`);
}

async function withDrain(t: TestContext, body: (store: Store, drain: Drain) => Promise<void>): Promise<void> {
  await withFreshStore('postgres', async (store, location) => {
    assert.ok(store.capabilities.skipLocked, 'the store lets claimers skip locked rows');
    const sink = await startSmtpSink({ parse: 'headers' });
    const dataDir = await mkdtemp(join(tmpdir(), 'selaras-workers-'));
    const drain: Drain = { location, sink, dataDir, started: [] };
    const startedAt = Date.now();
    try {
      await fillOutbox(store);
      await body(store, drain);
    } finally {
      t.diagnostic(`${sink.received.length} messages received in ${Date.now() - startedAt} ms`);
      for (const w of drain.started)
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill();
      await Promise.allSettled(drain.started.map((w) => w.exit));
      await sink.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}

for (const dialect of DIALECTS) {
  describe(`${WORKERS} mail worker processes on one outbox (${dialect})`, { skip: SKIPS[dialect] }, () => {
    test(`they deliver ${MESSAGES} messages exactly once between them`, { timeout: 120_000 }, (t) =>
      withDrain(t, async (store, drain) => {
        const workers = Array.from({ length: WORKERS }, () => startWorker(drain));
        const results = (await Promise.all(workers.map((w) => w.exit))).map(resultOf);
        t.diagnostic(`sent per worker: ${results.map((r) => r.sent).join(', ')}`);
        assert.equal(
          results.reduce((n, r) => n + r.sent, 0),
          MESSAGES,
        );
        for (const r of results) {
          assert.deepEqual([r.retried, r.failed, r.lease_lost, r.errors], [0, 0, 0, 0], JSON.stringify(r));
          assert.ok(r.sent > 0, `every worker took a share (${results.map((x) => x.sent).join(', ')})`);
        }
        const rows = await outboxRows(store);
        const copies = assertNoneLost(rows, drain.sink.received);
        assert.equal(drain.sink.received.length, MESSAGES, 'no message arrived twice');
        assert.equal(copies.size, MESSAGES);
        assert.ok(rows.every((r) => r.attempts === 1));
      }),
    );

    test(
      'a worker killed mid-drain loses nothing and only its in-flight messages go twice, same Message-ID',
      { timeout: 120_000 },
      (t) =>
        withDrain(t, async (store, drain) => {
          const { survivors, rerun } = await killOneMidDrain(drain);
          const rows = await outboxRows(store);
          const copies = assertNoneLost(rows, drain.sink.received);
          const reclaimed = rows.filter((r) => r.attempts > 1);
          const twice = rows.filter((r) => (copies.get(r.message_id)?.length ?? 0) > 1);
          const recordedByOthers = [...survivors, rerun].reduce((n, r) => n + r.sent, 0);
          t.diagnostic(
            [
              `survivors sent ${survivors.map((r) => r.sent).join(', ')}, the re-run ${rerun.sent}`,
              `the killed worker recorded ${MESSAGES - recordedByOthers} before it died`,
              `rows claimed again after its lease: ${reclaimed.length}; sent twice: ${twice.length}`,
            ].join('; '),
          );
          assert.ok(recordedByOthers < MESSAGES, 'the killed worker had delivered mail before it died');
          // No live worker outlived a lease: a row taken over from one would show here as lease_lost.
          for (const r of [...survivors, rerun])
            assert.equal(r.lease_lost + r.errors + r.failed, 0, JSON.stringify(r));
          assertOnlyInFlightTwice(reclaimed, twice, copies);
          assert.equal(drain.sink.received.length, MESSAGES + twice.length);
        }),
    );
  });
}
