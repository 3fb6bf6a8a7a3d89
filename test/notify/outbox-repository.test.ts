// The outbox queue's rules on both stores: what a claim takes, in what order, and what it leaves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOutboxRepository } from '../../src/store/outbox-repository.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';
import { insertMail, MINUTE, outboxRows, payload, T0 } from './outbox-fixtures.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const iso = (ms: number) => new Date(ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`the outbox repository (${dialect})`, { skip: skips.get(dialect) }, () => {
    test('a claim takes due mail oldest first and leaves other channels, future rows and finished rows', () =>
      withFreshStore(dialect, async (store) => {
        const repo = createOutboxRepository(store.db, store.capabilities);
        const later = await insertMail(store, [payload(1)], T0 + 2 * MINUTE);
        const early = await insertMail(store, [payload(2)], T0);
        const future = await insertMail(store, [payload(3)], T0 + 60 * MINUTE);
        const [sent, failed, leased] = await insertMail(store, [payload(4), payload(5), payload(6)], T0);
        await store.db.updateTable('outbox').set({ status: 'sent' }).where('id', '=', sent!).execute();
        await store.db.updateTable('outbox').set({ status: 'failed' }).where('id', '=', failed!).execute();
        await store.db
          .updateTable('outbox')
          .set({ status: 'sending', next_attempt_at: iso(T0 + 10 * MINUTE) })
          .where('id', '=', leased!)
          .execute();
        await repo.enqueue(store.db, [
          {
            run_id: 1,
            event_id: null,
            account_id: 9,
            channel: 'provision',
            payload_json: '{}',
            next_attempt_at: iso(T0),
            created_at: iso(T0),
          },
        ]);

        const claimed = await repo.claim({
          channel: 'mail',
          now: iso(T0 + 5 * MINUTE),
          leaseUntil: iso(T0 + 10 * MINUTE),
          limit: 10,
        });

        assert.deepEqual(
          claimed.map((c) => c.id),
          [early[0], later[0]],
        );
        assert.ok(
          claimed.every((c) => c.attempts === 1 && c.message_id === `<outbox-${c.id}@selaras.belajar.id>`),
        );
        const rows = await outboxRows(store);
        const byId = new Map(rows.map((r) => [r.id, r]));
        assert.equal(byId.get(early[0]!)?.status, 'sending');
        assert.equal(byId.get(early[0]!)?.next_attempt_at, iso(T0 + 10 * MINUTE), 'the lease ends then');
        assert.equal(byId.get(future[0]!)?.status, 'pending');
        assert.equal(rows.find((r) => r.channel === 'provision')?.status, 'pending');
      }));

    test('a Message-ID written with the row is kept', () =>
      withFreshStore(dialect, async (store) => {
        const repo = createOutboxRepository(store.db, store.capabilities);
        await repo.enqueue(store.db, [
          {
            run_id: 1,
            event_id: 1,
            account_id: 1,
            channel: 'mail',
            message_id: '<run-1-person-7@selaras.belajar.id>',
            payload_json: JSON.stringify(payload(1)),
            next_attempt_at: iso(T0),
            created_at: iso(T0),
          },
        ]);
        const [claimed] = await repo.claim({
          channel: 'mail',
          now: iso(T0),
          leaseUntil: iso(T0 + MINUTE),
          limit: 1,
        });
        assert.equal(claimed?.message_id, '<run-1-person-7@selaras.belajar.id>');
      }));

    test('enqueue writes thousands of rows in one call, under every bind limit', () =>
      withFreshStore(dialect, async (store) => {
        const ids = await insertMail(
          store,
          Array.from({ length: 3500 }, (_, i) => payload(i)),
        );
        assert.equal(ids.length, 3500);
      }));
  });
}
