// The provisioning worker's promises, on every store dialect: retries with backoff, Retry-After
// honoured by every loop, permanent refusals recorded and queued again on request, a dead worker's row
// replayed without a duplicate, and each account's changes applied in order by several workers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Account } from '../../src/domain/accounts.js';
import { backfillProvisioning } from '../../src/provision/provision-backfill.js';
import type { ApplyResult, ProvisionConnector } from '../../src/provision/provision-connector.js';
import type { ProvisionPayload } from '../../src/provision/provision-payload.js';
import { provisionPayload } from '../../src/provision/provision-planner.js';
import { provisionStatus } from '../../src/provision/provision-status.js';
import { drainProvisioning } from '../../src/provision/provision-worker.js';
import { createOutboxRepository } from '../../src/store/outbox-repository.js';
import { createProvisionRepository } from '../../src/store/provision-repository.js';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, type Dialect, skipReason, withFreshStore } from '../support/stores.js';
import {
  assertMirrors,
  DELETE_DAY,
  monthOne,
  monthThree,
  monthTwo,
  PEOPLE,
  provisionRows,
  provisionWorld,
  SUSPEND_DAY,
  stateCounts,
} from './provision-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const FAST = { baseMs: 100, capMs: 200 };

async function withWorld(
  dialect: Dialect,
  body: (w: Awaited<ReturnType<typeof provisionWorld>>) => Promise<void>,
) {
  const w = await provisionWorld(dialect);
  try {
    await body(w);
  } finally {
    await w.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`the provisioning worker (${dialect})`, { skip: skips.get(dialect) }, () => {
    test('a 500 is retried with backoff; a 429 is waited out by the worker for its Retry-After', () =>
      withWorld(dialect, async (w) => {
        const report = await w.sync(monthOne());
        const accounts = report.counts.account_created;
        w.provider.inject({ when: (r) => r.method === 'POST', status: 500 });
        w.provider.inject({ when: (r) => r.n === 20, status: 429, headers: { 'retry-after': '1' } });

        const first = await w.drain({ backoff: FAST });
        await sleep(300);
        const second = await w.drain({ backoff: FAST });

        assert.equal(first.retried + second.retried, 2);
        assert.equal(first.applied + second.applied, accounts);
        const throttledAt = w.provider.requests.find((r) => r.status === 429)!.at;
        const during = w.provider.requests.filter((r) => r.at > throttledAt && r.at < throttledAt + 1000);
        assert.deepEqual(during, [], 'nothing was sent while the provider asked to wait');
        assert.equal(w.provider.users().length, accounts);
        await assertMirrors(w.store, w.provider);
        const attempts = (await provisionRows(w.store)).map((r) => Number(r.attempts)).sort();
        assert.deepEqual(attempts.slice(-1), [2], 'the 500 cost an attempt; the 429 did not');
        assert.equal(attempts.filter((a) => a === 2).length, 1);
      }));

    test('a permanent refusal fails the row and the account, shows in the status, and retry queues it again', () =>
      withWorld(dialect, async (w) => {
        await w.sync(monthOne());
        const dewi = await w.account(PEOPLE.dewi);
        w.provider.store.set('hr-1', { id: 'hr-1', userName: dewi.primary_address, externalId: 'hr:1' });

        const result = await w.drain();

        assert.equal(result.failed, 1);
        const report = await provisionStatus(w.store, { now: new Date(), target: w.connector.description });
        assert.equal(report.accounts.failed, 1);
        assert.equal(report.queue.failed, 1);
        assert.deepEqual(
          report.problems.map((p) => [p.account_id, p.address, p.state]),
          [[dewi.id, dewi.primary_address, 'failed']],
        );
        assert.match(report.problems[0]!.last_error!, /belongs to externalId hr:1/);

        w.provider.store.delete('hr-1');
        const requeued = await createProvisionRepository(w.store.db).requeueFailed(new Date().toISOString());
        assert.deepEqual(requeued, [dewi.id]);
        assert.equal((await w.drain()).applied, 1);
        assert.equal((await stateCounts(w.store)).failed, undefined);
        await assertMirrors(w.store, w.provider);
      }));

    test('a worker that dies after sending leaves its row to another, and no user is created twice', () =>
      withWorld(dialect, async (w) => {
        const report = await w.sync(monthOne());
        let release: () => void = () => {};
        const released = new Promise<void>((r) => {
          release = r;
        });
        let hung = false;
        // Sends its first row for real, then never comes back: a process killed before it recorded.
        const dying: ProvisionConnector = {
          target: 'scim',
          description: 'dying',
          close: () => Promise.resolve(),
          plan: (d, k) => w.connector.plan(d, k),
          async apply(d, k) {
            const result = await w.connector.apply(d, k);
            if (!hung) {
              hung = true;
              await released;
            }
            return result;
          },
        };
        const dead = drainProvisioning(w.store, dying, { leaseMs: 300 });
        while (!hung) await sleep(10);
        await sleep(400);

        const survivor = await w.drain({ leaseMs: 300, workers: 2 });
        release();
        const late = await dead;

        assert.equal(late.leaseLost, 1, 'the dead worker cannot record over the row taken from it');
        assert.equal(survivor.applied, report.counts.account_created);
        assert.equal(
          w.provider.calls().filter((c) => c === 'POST /Users').length,
          report.counts.account_created,
        );
        await assertMirrors(w.store, w.provider);
      }));

    test('the whole timeline drained at once by four workers ends as it would have step by step', () =>
      withWorld(dialect, async (w) => {
        w.provider.delayMs = 2;
        await w.sync(monthOne());
        await w.sync(monthTwo());
        await w.tickOn(SUSPEND_DAY);
        await w.sync(monthThree());
        await w.tickOn(DELETE_DAY);

        const result = await w.drain({ workers: 4 });

        const rows = await provisionRows(w.store);
        assert.equal(result.applied, rows.length);
        assert.ok(rows.every((r) => r.status === 'sent'));
        await assertMirrors(w.store, w.provider);
      }));

    test('backfill queues the accounts a store made before provisioning, with their aliases, once', () =>
      withWorld(dialect, async (w) => {
        await w.sync(monthOne());
        await w.sync(monthTwo());
        // A store from before provisioning: its accounts never had a row.
        await w.store.db.deleteFrom('outbox').where('channel', '=', 'provision').execute();
        const accounts = (await w.store.db.selectFrom('accounts').select('id').execute()).length;

        assert.deepEqual(await backfillProvisioning(w.store, { now: new Date(), plan: true }), {
          queued: accounts,
        });
        assert.equal((await provisionRows(w.store)).length, 0, 'a plan queues nothing');
        assert.deepEqual(
          await backfillProvisioning(w.store, { now: new Date(), plan: false, provinsi: '99' }),
          {
            queued: 0,
          },
        );
        const all = await backfillProvisioning(w.store, { now: new Date(), plan: false, pageSize: 40 });
        assert.deepEqual(all, { queued: accounts });
        assert.deepEqual(await backfillProvisioning(w.store, { now: new Date(), plan: false }), {
          queued: 0,
        });

        assert.equal((await w.drain({ workers: 2 })).applied, accounts);
        await assertMirrors(w.store, w.provider);
        const dewi = await w.account(PEOPLE.dewi);
        const emails = w.provider.userByExternalId(`selaras:${dewi.id}`)!.emails as { value: string }[];
        assert.deepEqual(
          emails.map((e) => e.value),
          [dewi.primary_address, dewi.primary_address.replace('@admin.', '@guru.')],
        );
      }));

    test("four workers apply each account's changes one at a time, oldest first", () =>
      withFreshStore(dialect, async (store) => {
        const target = new RecordingTarget();
        await queueRounds(store, 30, 5);

        const result = await drainProvisioning(store, target, { workers: 4, batchSize: 3 });

        assert.deepEqual(result, { applied: 150, retried: 0, failed: 0, leaseLost: 0, errors: 0 });
        assert.deepEqual(target.overlaps, [], 'no account was worked on by two workers at once');
        for (const [account, rounds] of target.applied)
          assert.deepEqual(rounds, [0, 1, 2, 3, 4], `account ${account} in order`);
        assert.equal(target.applied.size, 30);
        assert.ok(target.maxParallel > 1, 'the workers did run side by side');
      }));
  });
}

/** A target that records, per account, which round of changes it applied and whether two overlapped. */
class RecordingTarget implements ProvisionConnector {
  readonly target = 'test';
  readonly description = 'recording target';
  readonly applied = new Map<number, number[]>();
  readonly overlaps: number[] = [];
  maxParallel = 0;
  private readonly busy = new Set<number>();

  async apply(desired: ProvisionPayload): Promise<ApplyResult> {
    if (this.busy.has(desired.accountId)) this.overlaps.push(desired.accountId);
    this.busy.add(desired.accountId);
    this.maxParallel = Math.max(this.maxParallel, this.busy.size);
    await sleep(1 + (desired.accountId % 3));
    const round = Number(/-r(\d+)$/.exec(desired.displayName)?.[1]);
    this.applied.set(desired.accountId, [...(this.applied.get(desired.accountId) ?? []), round]);
    this.busy.delete(desired.accountId);
    return { action: 'updated', remoteId: `r-${desired.accountId}` };
  }

  plan() {
    return Promise.resolve([]);
  }

  close() {
    return Promise.resolve();
  }
}

/** `rounds` changes for each of `accounts` accounts, queued round by round so their ids interleave. */
async function queueRounds(store: Store, accounts: number, rounds: number): Promise<void> {
  const repo = createOutboxRepository(store.db, store.capabilities);
  const at = new Date(Date.now() - 1000).toISOString();
  for (let round = 0; round < rounds; round++) {
    const rows = Array.from({ length: accounts }, (_, i) => {
      const id = i + 1;
      const payload = provisionPayload(round === 0 ? null : accountOf(id, round - 1), accountOf(id, round));
      assert.ok(payload);
      return {
        run_id: round + 1,
        event_id: null,
        account_id: id,
        channel: 'provision',
        payload_json: JSON.stringify(payload),
        next_attempt_at: at,
        created_at: at,
      };
    });
    await repo.enqueue(store.db, rows);
  }
}

function accountOf(id: number, round: number): Account {
  return {
    id,
    personId: `PD-${id}`,
    personKind: 'pd',
    jenjang: 'sd',
    role: 'siswa',
    npsn: '20100001',
    status: round % 2 === 0 ? 'active' : 'suspended',
    primaryAddress: `murid${id}@sd.belajar.id`,
    nama: `Murid ${id}-r${round}`,
    statusSince: '2024-07-15',
    deactivateReason: null,
    suspendOn: null,
    deleteOn: null,
    continuationDeadline: null,
    waitingSince: null,
    waitingReason: null,
    remindedOn: null,
  };
}
