// The SMTP adapter on its own: pooled connections and the rate limit, against a real local server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSmtpTransport } from '../../src/notify/smtp-transport.js';
import { payload } from './outbox-fixtures.js';
import { startSmtpSink } from './smtp-sink.js';

const FROM = 'Selaras <noreply@belajar.id>';

describe('the SMTP transport', () => {
  test('concurrent sends share the pool: never more connections than configured', async () => {
    const sink = await startSmtpSink();
    const transport = createSmtpTransport({ url: sink.url, maxConnections: 2 });
    try {
      const sends = Array.from({ length: 12 }, (_, i) =>
        transport.send({ messageId: `<pool-${i}@selaras.belajar.id>`, from: FROM, ...payload(i) }),
      );
      const results = await Promise.all(sends);
      assert.ok(results.every((r) => r.accepted && r.response.startsWith('250')));
      assert.equal(sink.received.length, 12);
      assert.ok(
        sink.connections.maxOpen <= 2 && sink.connections.total <= 2,
        JSON.stringify(sink.connections),
      );
      assert.equal(transport.description, `smtp://127.0.0.1:${sink.port}`);
    } finally {
      await transport.close();
      await sink.close();
    }
  });

  test('the rate limit spreads sends over time', async () => {
    const sink = await startSmtpSink();
    const transport = createSmtpTransport({ url: sink.url, maxConnections: 3, ratePerSecond: 4 });
    try {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          transport.send({ messageId: `<rate-${i}@selaras.belajar.id>`, from: FROM, ...payload(i) }),
        ),
      );
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 800, `5 messages at 4 per second took ${Math.round(elapsed)} ms`);
      assert.equal(sink.received.length, 5);
    } finally {
      await transport.close();
      await sink.close();
    }
  });
});
