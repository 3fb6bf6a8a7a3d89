// The mail worker against a real SMTP server, on both stores: what arrives, retries after a temporary
// refusal, permanent refusals, and giving up after the last attempt.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MailTransport } from '../../src/notify/mail-transport.js';
import { drainOutbox, type OutboxEvent } from '../../src/notify/outbox-worker.js';
import { createSmtpTransport } from '../../src/notify/smtp-transport.js';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, type Dialect, skipReason, withFreshStore } from '../support/stores.js';
import { insertMail, MINUTE, outboxRows, payload, testClock } from './outbox-fixtures.js';
import { type SinkOptions, type SmtpSink, startSmtpSink } from './smtp-sink.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

async function withSmtp(
  dialect: Dialect,
  body: (store: Store, sink: SmtpSink, transport: MailTransport) => Promise<void>,
  sinkOptions: SinkOptions = {},
): Promise<void> {
  const sink = await startSmtpSink(sinkOptions);
  const transport = createSmtpTransport({ url: sink.url, maxConnections: 2 });
  try {
    await withFreshStore(dialect, (store) => body(store, sink, transport));
  } finally {
    await transport.close();
    await sink.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`mail delivery over SMTP (${dialect})`, { skip: skips.get(dialect) }, () => {
    test('every due row arrives once with its recipients, subject, both parts and its stored Message-ID', () =>
      withSmtp(dialect, async (store, sink, transport) => {
        const payloads = [1, 2, 3, 4, 5].map((n) => payload(n));
        payloads[2] = payload(3, { to: ['guru3@guru.sd.belajar.id', 'pribadi3@example.id'] });
        await insertMail(store, payloads);
        const clock = testClock();

        const result = await drainOutbox(store, transport, { now: clock.now, batchSize: 2, workers: 2 });

        assert.deepEqual(result, { sent: 5, failed: 0, retried: 0, leaseLost: 0, errors: 0 });
        const rows = await outboxRows(store);
        assert.equal(sink.received.length, 5);
        for (const [i, row] of rows.entries()) {
          const sent = payloads[i]!;
          assert.equal(row.status, 'sent');
          assert.equal(row.sent_at, clock.iso());
          assert.equal(row.attempts, 1);
          assert.equal(row.message_id, `<outbox-${row.id}@selaras.belajar.id>`);
          const mail = sink.received.find((m) => m.messageId === row.message_id);
          assert.ok(mail, `message ${row.message_id} arrived`);
          assert.deepEqual(mail.envelopeTo, sent.to);
          assert.deepEqual(mail.to, sent.to);
          assert.equal(mail.from, 'noreply@belajar.id');
          assert.equal(mail.subject, sent.subject);
          assert.equal(mail.text.trim(), sent.text);
          assert.match(mail.html, /akun Anda <strong>berubah<\/strong>/);
        }
        assert.ok(sink.connections.maxOpen <= 2, `at most 2 connections, saw ${sink.connections.maxOpen}`);
        assert.ok(sink.connections.total < 5, 'the pool reuses its connections');
        assert.deepEqual(await drainOutbox(store, transport, { now: clock.now }), {
          sent: 0,
          failed: 0,
          retried: 0,
          leaseLost: 0,
          errors: 0,
        });
        assert.equal(sink.received.length, 5, 'a second drain sends nothing');
      }));

    test('a 451 then 250 delivers the message once, after the backoff and not before', () =>
      withSmtp(dialect, async (store, sink, transport) => {
        const [id] = await insertMail(store, [payload(1)]);
        const clock = testClock();
        sink.refuseNext({ code: 451, text: '4.3.0 Mailbox busy, try again later' });

        const first = await drainOutbox(store, transport, { now: clock.now });
        assert.equal(first.retried, 1);
        let [row] = await outboxRows(store);
        assert.equal(row?.status, 'pending');
        assert.equal(row?.attempts, 1);
        assert.match(row?.last_error ?? '', /^451 .*Mailbox busy/);
        const wait = Date.parse(row!.next_attempt_at) - clock.now().getTime();
        assert.ok(wait >= 15_000 && wait <= 30_000, `first retry after 15-30 s, got ${wait} ms`);

        clock.advance(10_000);
        assert.equal((await drainOutbox(store, transport, { now: clock.now })).sent, 0, 'not due yet');

        clock.advance(30_000);
        assert.equal((await drainOutbox(store, transport, { now: clock.now })).sent, 1);
        [row] = await outboxRows(store);
        assert.equal(row?.status, 'sent');
        assert.equal(row?.attempts, 2);
        assert.equal(row?.id, id);
        assert.deepEqual([...sink.countsByMessageId()], [[row?.message_id, 1]]);
        assert.equal(sink.dataCommands, 2, 'one refused and one accepted DATA');
      }));

    test('a 554 is recorded as failed with its reply and never tried again', () =>
      withSmtp(dialect, async (store, sink, transport) => {
        await insertMail(store, [payload(1), payload(2)]);
        const clock = testClock();
        sink.refuseNext({ code: 554, text: '5.7.1 Message refused by policy' });
        const events: OutboxEvent[] = [];

        const result = await drainOutbox(store, transport, {
          now: clock.now,
          onEvent: (e) => events.push(e),
        });

        assert.equal(result.failed, 1);
        assert.equal(result.sent, 1);
        const failed = (await outboxRows(store)).find((r) => r.status === 'failed');
        assert.match(failed?.last_error ?? '', /^554 .*Message refused by policy/);
        assert.equal(failed?.attempts, 1);
        assert.ok(events.some((e) => e.type === 'failed' && e.id === failed?.id));
        clock.advance(24 * 60 * MINUTE);
        assert.equal((await drainOutbox(store, transport, { now: clock.now })).sent, 0);
        assert.equal(sink.received.length, 1);
      }));

    test('a recipient refused with 550 fails the message; one good recipient of two still delivers it', () =>
      withSmtp(
        dialect,
        async (store, sink, transport) => {
          await insertMail(store, [
            payload(1, { to: ['unknown1@example.id'] }),
            payload(2, { to: ['unknown2@example.id', 'guru2@guru.sd.belajar.id'] }),
          ]);
          const result = await drainOutbox(store, transport, { now: testClock().now });
          assert.equal(result.failed, 1);
          assert.equal(result.sent, 1);
          const [first, second] = await outboxRows(store);
          assert.equal(first?.status, 'failed');
          assert.match(first?.last_error ?? '', /550 .*No such user/);
          assert.equal(second?.status, 'sent');
          assert.deepEqual(sink.received[0]?.envelopeTo, ['guru2@guru.sd.belajar.id']);
        },
        { unknownPrefix: 'unknown' },
      ));

    test('a message refused temporarily on every attempt is failed after maxAttempts', () =>
      withSmtp(dialect, async (store, sink, transport) => {
        await insertMail(store, [payload(1)]);
        const clock = testClock();
        const busy = { code: 421, text: '4.7.0 Too many connections' };
        sink.refuseNext(busy, busy, busy, busy);
        const totals = { retried: 0, failed: 0 };
        for (let i = 0; i < 4; i++) {
          const r = await drainOutbox(store, transport, { now: clock.now, maxAttempts: 3 });
          totals.retried += r.retried;
          totals.failed += r.failed;
          clock.advance(2 * 60 * MINUTE);
        }
        assert.deepEqual(totals, { retried: 2, failed: 1 });
        const [row] = await outboxRows(store);
        assert.equal(row?.status, 'failed');
        assert.equal(row?.attempts, 3);
        assert.match(row?.last_error ?? '', /^421 /);
        assert.equal(sink.dataCommands, 3);
        assert.equal(sink.received.length, 0);
      }));

    test('an unreachable server is a temporary failure; the message goes out once it is back', () =>
      withFreshStore(dialect, async (store) => {
        await insertMail(store, [payload(1)]);
        const clock = testClock();
        const sink = await startSmtpSink();
        await sink.close();
        const down = createSmtpTransport({ url: sink.url });
        try {
          const result = await drainOutbox(store, down, { now: clock.now });
          assert.equal(result.retried, 1);
        } finally {
          await down.close();
        }
        const [row] = await outboxRows(store);
        assert.equal(row?.status, 'pending');
        assert.match(row?.last_error ?? '', /ECONNREFUSED|ECONNECTION|ESOCKET/);

        const back = await startSmtpSink();
        const up = createSmtpTransport({ url: back.url });
        try {
          clock.advance(60 * MINUTE);
          assert.equal((await drainOutbox(store, up, { now: clock.now })).sent, 1);
          assert.equal(back.received[0]?.messageId, row?.message_id);
        } finally {
          await up.close();
          await back.close();
        }
      }));

    test('a payload that is not a mail payload is failed without contacting the server', () =>
      withSmtp(dialect, async (store, sink, transport) => {
        await insertMail(store, [{ ...payload(1), to: [] }]);
        const result = await drainOutbox(store, transport, { now: testClock().now });
        assert.equal(result.failed, 1);
        const [row] = await outboxRows(store);
        assert.equal(row?.last_error, 'invalid payload: payload.to is not a non-empty list of addresses');
        assert.equal(sink.connections.total, 0);
      }));
  });
}
