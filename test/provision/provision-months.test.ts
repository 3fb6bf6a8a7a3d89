// Provisioning month to month into a SCIMMY-based SCIM provider over real HTTP, on every store dialect
// and with and without PATCH: a first load, a rename, suspensions by tick, a reactivation, a deletion.
// After every drain both directories hold the same accounts; the requests are asserted exactly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, skipReason } from '../support/stores.js';
import {
  assertMirrors,
  DELETE_DAY,
  monthOne,
  monthThree,
  monthTwo,
  PEOPLE,
  type ProvisionWorld,
  provisionRows,
  provisionWorld,
  SUSPEND_DAY,
  stateCounts,
} from './provision-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  for (const patch of [true, false]) {
    const write = patch ? 'PATCH' : 'PUT';
    describe(`provisioning month to month (${dialect}, ${write})`, { skip: skips.get(dialect) }, () => {
      let w: ProvisionWorld;
      /** The provider's requests since the last call, other than discovery. */
      const sent = () => {
        const calls = w.provider.calls();
        w.provider.requests.length = 0;
        return calls;
      };

      before(async () => {
        w = await provisionWorld(dialect, { patch });
      });
      after(() => w.close());

      test('a first sync queues one create per account in its transaction; a drain creates them all once', async () => {
        const report = await w.sync(monthOne());
        const accounts = report.counts.account_created;
        const rows = await provisionRows(w.store);
        assert.equal(rows.length, accounts);
        assert.ok(rows.every((r) => r.changes.join() === 'create' && r.run_id === report.run_id));

        const result = await w.drain({ workers: 2 });

        assert.deepEqual(result, { applied: accounts, retried: 0, failed: 0, leaseLost: 0, errors: 0 });
        const calls = sent();
        assert.equal(calls.filter((c) => c === 'POST /Users').length, accounts);
        assert.equal(
          calls.length,
          3 * accounts,
          'a lookup by externalId and by user name before each create',
        );
        await assertMirrors(w.store, w.provider);
        assert.deepEqual(await stateCounts(w.store), { synced: accounts });
      });

      test('draining again sends nothing', async () => {
        assert.equal((await w.drain()).applied, 0);
        assert.deepEqual(sent(), []);
      });

      test('a rename keeps the old address as a secondary email; leaving pupils stay active', async () => {
        const before = await w.account(PEOPLE.dewi);
        const report = await w.sync(monthTwo());
        assert.equal(report.status, 'applied');
        const after = await w.account(PEOPLE.dewi);
        const queued = (await provisionRows(w.store)).filter((r) => r.status === 'pending');
        assert.deepEqual(
          queued.map((r) => [r.account_id, r.changes.join()]),
          [[after.id, 'rename,update']],
          'deactivating pupils are still active at the target: nothing to send',
        );

        assert.equal((await w.drain()).applied, 1);

        const remote = w.provider.userByExternalId(`selaras:${after.id}`)!;
        assert.deepEqual(sent(), [`GET /Users/${remote.id}`, `${write} /Users/${remote.id}`]);
        assert.equal(remote.userName, after.primary_address);
        assert.deepEqual(
          (remote.emails as { value: string; primary: boolean }[]).map((e) => [e.value, e.primary]),
          [
            [after.primary_address, true],
            [before.primary_address, false],
          ],
        );
        await assertMirrors(w.store, w.provider);
      });

      test('tick suspends the two leavers: their users turn inactive', async () => {
        await w.tickOn(SUSPEND_DAY);
        const fajar = await w.account(PEOPLE.fajar);
        const putri = await w.account(PEOPLE.putri);
        assert.deepEqual([fajar.status, putri.status], ['suspended', 'suspended']);

        assert.equal((await w.drain()).applied, 2);

        const ids = [fajar, putri].map((a) => w.provider.userByExternalId(`selaras:${a.id}`)!.id);
        assert.deepEqual(
          sent().sort(),
          ids.flatMap((id) => [`GET /Users/${id}`, `${write} /Users/${id}`]).sort(),
        );
        assert.deepEqual(
          ids.map((id) => w.provider.store.get(id)?.active),
          [false, false],
        );
        await assertMirrors(w.store, w.provider);
      });

      test('a pupil back in month 3 is reactivated: her user is active again', async () => {
        await w.sync(monthThree());
        const putri = await w.account(PEOPLE.putri);
        assert.equal(putri.status, 'active');

        assert.equal((await w.drain()).applied, 1);

        const remote = w.provider.userByExternalId(`selaras:${putri.id}`)!;
        assert.deepEqual(sent(), [`GET /Users/${remote.id}`, `${write} /Users/${remote.id}`]);
        assert.equal(remote.active, true);
        await assertMirrors(w.store, w.provider);
      });

      test('tick deletes the other at the end of retention: his user is deleted', async () => {
        const fajar = await w.account(PEOPLE.fajar);
        const remoteId = w.provider.userByExternalId(`selaras:${fajar.id}`)!.id;
        await w.tickOn(DELETE_DAY);
        assert.equal((await w.account(PEOPLE.fajar)).status, 'deleted');

        assert.equal((await w.drain()).applied, 1);

        assert.deepEqual(sent(), [`GET /Users/${remoteId}`, `DELETE /Users/${remoteId}`]);
        assert.equal(w.provider.userByExternalId(`selaras:${fajar.id}`), undefined);
        await assertMirrors(w.store, w.provider);
        const status = await w.store.db
          .selectFrom('provision_status')
          .selectAll()
          .where('account_id', '=', fajar.id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(
          [status.state, status.remote_id, status.account_status, status.last_error],
          ['synced', null, 'deleted', null],
        );
      });

      test('every provisioning row was sent, once', async () => {
        const rows = await provisionRows(w.store);
        assert.ok(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1));
        const changes = (personRows: typeof rows) => personRows.map((r) => r.changes.join());
        const of = async (personId: string) => {
          const id = (await w.account(personId)).id;
          return changes(rows.filter((r) => r.account_id === id));
        };
        assert.deepEqual(await of(PEOPLE.fajar), ['create', 'suspend', 'delete']);
        assert.deepEqual(await of(PEOPLE.putri), ['create', 'suspend', 'reactivate']);
        assert.deepEqual(await of(PEOPLE.dewi), ['create', 'rename,update']);
      });
    });
  }
}
