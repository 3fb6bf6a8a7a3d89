// A sync killed in the middle of applying leaves the store consistent, and the next sync of the
// same extract finishes the same run: the end state is exactly that of an uninterrupted sync, with
// no event written twice (DESIGN 2, "Snapshots"; issue 2 item 6).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateExtract } from '../../bench/extract-generator.js';
import { openStore, type Store } from '../../src/store/store.js';
import { REPO_ROOT, runCli } from '../fixtures/cli.js';
import { DIALECTS, freshLocation, skipReason } from '../support/stores.js';

const BIN = join(REPO_ROOT, 'bin', 'selaras.js');
const SMALL_BATCHES = { SELARAS_BATCH_SIZE: '5', SELARAS_PARTITIONS: '8' };

async function batchesCommitted(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('run_batches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Starts a sync and SIGKILLs it once a few batches have committed. Returns false if it finished first. */
async function killMidApply(dir: string, db: string): Promise<boolean> {
  const child = spawn(process.execPath, [BIN, 'sync', dir, '--json', '--db', db], {
    env: { ...process.env, ...SMALL_BATCHES },
    stdio: 'ignore',
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  let store: Store | null = null;
  try {
    while (!exited) {
      await sleep(5);
      try {
        store ??= await openStore(db);
        if ((await batchesCommitted(store)) >= 3) {
          child.kill('SIGKILL');
          break;
        }
      } catch {
        // the child may still be creating the store
      }
    }
    while (!exited) await sleep(5);
    return child.signalCode === 'SIGKILL';
  } finally {
    await store?.close();
  }
}

interface Snapshot {
  accounts: string[];
  addresses: string[];
  events: string[];
}

async function snapshotOf(db: string): Promise<Snapshot> {
  const store = await openStore(db);
  try {
    const accounts = await store.db
      .selectFrom('accounts')
      .select(['person_id', 'jenjang', 'role', 'npsn', 'status', 'primary_address'])
      .execute();
    const addresses = await store.db.selectFrom('addresses').select(['address', 'kind']).execute();
    const events = await store.db
      .selectFrom('events')
      .select(['person_id', 'type', 'state', 'to_json'])
      .execute();
    return {
      accounts: accounts.map((a) => JSON.stringify(a)).sort(),
      addresses: addresses.map((a) => `${a.address} ${a.kind}`).sort(),
      events: events.map((e) => JSON.stringify(e)).sort(),
    };
  } finally {
    await store.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`a sync interrupted while applying, on ${dialect}`, async () => {
    const skip = await skipReason(dialect);

    test('is finished by the next sync of the same extract, as if it had never stopped', {
      skip,
    }, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'selaras-crash-'));
      const crashed = await freshLocation(dialect);
      const clean = await freshLocation(dialect);
      try {
        const extract = join(dir, 'extract');
        await generateExtract({
          outDir: extract,
          persons: 1500,
          seed: 7,
          takenAt: '2026-07-15',
          snapshotId: 'crash-1',
        });

        assert.ok(
          await killMidApply(extract, crashed.location),
          'the sync ended before it could be interrupted',
        );
        const runs = await runCli(['runs', 'list', '--json'], { db: crashed.location });
        assert.equal(runs.json[0].status, 'applying', 'the interrupted run is recorded as applying');
        const partial = await snapshotOf(crashed.location);
        assert.ok(partial.accounts.length > 0, 'some batches had committed before the kill');

        const resumed = await runCli(['sync', extract, '--json'], {
          db: crashed.location,
          env: SMALL_BATCHES,
        });
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.equal(resumed.json.status, 'applied');
        assert.equal(resumed.json.run_id, runs.json[0].id, 'the same run is finished, not a new one');
        assert.ok(
          resumed.json.counts.account_created < 1500,
          'the resumed sync applied only what was missing',
        );

        const reference = await runCli(['sync', extract, '--json'], { db: clean.location });
        assert.equal(reference.json.status, 'applied');
        const [got, want] = [await snapshotOf(crashed.location), await snapshotOf(clean.location)];
        assert.equal(got.accounts.length, want.accounts.length);
        assert.deepEqual(got.accounts, want.accounts, 'same accounts and addresses as an uninterrupted sync');
        assert.deepEqual(got.addresses, want.addresses, 'no address issued twice or lost');
        assert.deepEqual(got.events, want.events, 'every event once');

        const replay = await runCli(['sync', extract, '--json'], { db: crashed.location });
        assert.equal(replay.json.status, 'unchanged');
      } finally {
        await crashed.dispose();
        await clean.dispose();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
