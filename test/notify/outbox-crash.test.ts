// A worker that dies between claiming and marking, and workers that run at once: nothing is lost, only
// in-flight messages are sent again (with the same Message-ID), and concurrent drains never share a row.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drainOutbox } from '../../src/notify/outbox-worker.js';
import { createSmtpTransport } from '../../src/notify/smtp-transport.js';
import { createOutboxRepository } from '../../src/store/outbox-repository.js';
import { openStore } from '../../src/store/store.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';
import { insertMail, MINUTE, outboxRows, payload, testClock } from './outbox-fixtures.js';
import { startSmtpSink } from './smtp-sink.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

for (const dialect of DIALECTS) {
  describe(`outbox workers that die or run together (${dialect})`, { skip: skips.get(dialect) }, () => {
    test('a worker killed between claiming and marking: only its in-flight messages go again, same Message-ID', () =>
      withFreshStore(dialect, async (store) => {
        const sink = await startSmtpSink();
        const transport = createSmtpTransport({ url: sink.url });
        try {
          const ids = await insertMail(
            store,
            range(6).map((n) => payload(n)),
          );
          const clock = testClock();
          // The dead worker: it claimed three rows, got one of them onto the wire, then vanished.
          const repo = createOutboxRepository(store.db, store.capabilities);
          const claimed = await repo.claim({
            channel: 'mail',
            now: clock.iso(),
            leaseUntil: new Date(clock.now().getTime() + 5 * MINUTE).toISOString(),
            limit: 3,
          });
          assert.deepEqual(
            claimed.map((c) => c.id),
            ids.slice(0, 3),
          );
          const inFlight = claimed[0]!;
          const p = payload(1);
          await transport.send({
            messageId: inFlight.message_id,
            from: 'Selaras <noreply@belajar.id>',
            ...p,
          });

          // While the lease holds, the others are sent and the claimed rows are left alone.
          const during = await drainOutbox(store, transport, { now: clock.now });
          assert.equal(during.sent, 3);
          assert.deepEqual(
            (await outboxRows(store)).map((r) => r.status),
            ['sending', 'sending', 'sending', 'sent', 'sent', 'sent'],
          );

          clock.advance(5 * MINUTE + 1);
          const after = await drainOutbox(store, transport, { now: clock.now });
          assert.equal(after.sent, 3);

          const rows = await outboxRows(store);
          assert.ok(rows.every((r) => r.status === 'sent'));
          const counts = sink.countsByMessageId();
          assert.equal(counts.size, 6);
          for (const row of rows) {
            const expected = row.id === inFlight.id ? 2 : 1;
            assert.equal(counts.get(row.message_id ?? ''), expected, `row ${row.id}`);
          }
          for (const c of claimed) {
            assert.equal(
              rows.find((r) => r.id === c.id)?.message_id,
              c.message_id,
              'the resend keeps its id',
            );
            assert.equal(rows.find((r) => r.id === c.id)?.attempts, 2);
          }
        } finally {
          await transport.close();
          await sink.close();
        }
      }));

    test('a late worker whose lease ran out cannot overwrite the outcome of the claim that replaced it', () =>
      withFreshStore(dialect, async (store) => {
        await insertMail(store, [payload(1)]);
        const clock = testClock();
        const repo = createOutboxRepository(store.db, store.capabilities);
        const claim = (at: Date) =>
          repo.claim({
            channel: 'mail',
            now: at.toISOString(),
            leaseUntil: new Date(at.getTime() + 5 * MINUTE).toISOString(),
            limit: 10,
          });
        const [late] = await claim(clock.now());
        clock.advance(6 * MINUTE);
        const [current] = await claim(clock.now());
        assert.equal(current?.id, late?.id);
        assert.equal(current?.message_id, late?.message_id);
        assert.equal(await repo.markRetry(late!, clock.iso(), '451 late'), false);
        assert.equal(await repo.markSent(current!, clock.iso()), true);
        const [row] = await outboxRows(store);
        assert.equal(row?.status, 'sent');
        assert.equal(row?.last_error, null);
      }));

    test('several claim loops in one drain send every message exactly once', () =>
      withFreshStore(dialect, async (store) => {
        const sink = await startSmtpSink();
        const transport = createSmtpTransport({ url: sink.url, maxConnections: 3 });
        try {
          await insertMail(
            store,
            range(40).map((n) => payload(n)),
          );
          const result = await drainOutbox(store, transport, {
            now: testClock().now,
            workers: 4,
            batchSize: 3,
          });
          assert.equal(result.sent, 40);
          const counts = sink.countsByMessageId();
          assert.equal(counts.size, 40);
          assert.ok([...counts.values()].every((n) => n === 1));
        } finally {
          await transport.close();
          await sink.close();
        }
      }));

    test('two drains on their own connections at once never send one message twice', (t) =>
      withFreshStore(dialect, async (store, location) => {
        // SQLite's one writer already serialises claims; the race to test is PostgreSQL's.
        if (!store.capabilities.skipLocked) return t.skip('one writer: claims cannot race');
        const other = await openStore(location);
        const sink = await startSmtpSink();
        const one = createSmtpTransport({ url: sink.url, maxConnections: 3 });
        const two = createSmtpTransport({ url: sink.url, maxConnections: 3 });
        try {
          await insertMail(
            store,
            range(90).map((n) => payload(n)),
          );
          const options = { now: testClock().now, workers: 3, batchSize: 4 };
          const [a, b] = await Promise.all([
            drainOutbox(store, one, options),
            drainOutbox(other, two, options),
          ]);
          assert.equal(a.sent + b.sent, 90);
          assert.ok(a.sent > 0 && b.sent > 0, `both drains took work (${a.sent} and ${b.sent})`);
          const counts = sink.countsByMessageId();
          assert.equal(counts.size, 90);
          assert.deepEqual(
            [...counts].filter(([, n]) => n !== 1),
            [],
          );
          assert.ok((await outboxRows(store)).every((r) => r.status === 'sent' && r.attempts === 1));
        } finally {
          await one.close();
          await two.close();
          await sink.close();
          await other.close();
        }
      }));
  });
}
