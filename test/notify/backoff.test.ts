// Pure rules of delivery: the retry schedule and how SMTP failures are classified.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_BACKOFF, retryDelayMs } from '../../src/notify/backoff.js';
import { parseMailPayload } from '../../src/notify/mail-payload.js';
import { claimSize } from '../../src/notify/outbox-worker.js';
import { classifySmtpError, describeSmtpUrl } from '../../src/notify/smtp-transport.js';

describe('retry backoff', () => {
  test('the first retry waits 15 to 30 seconds', () => {
    for (let id = 1; id <= 200; id++) {
      const ms = retryDelayMs(id, 1);
      assert.ok(ms >= 15_000 && ms <= 30_000, `row ${id}: ${ms}`);
    }
  });

  test('each failure doubles the ceiling until one hour', () => {
    for (let attempts = 1; attempts <= 12; attempts++) {
      const ceiling = Math.min(DEFAULT_BACKOFF.capMs, 30_000 * 2 ** (attempts - 1));
      const ms = retryDelayMs(42, attempts);
      assert.ok(
        ms >= ceiling / 2 && ms <= ceiling,
        `attempt ${attempts}: ${ms} outside ${ceiling / 2}..${ceiling}`,
      );
    }
    assert.ok(retryDelayMs(42, 1000) <= 3_600_000);
  });

  test('the jitter is the same on every run and differs between rows', () => {
    assert.equal(retryDelayMs(7, 3), retryDelayMs(7, 3));
    const spread = new Set(Array.from({ length: 50 }, (_, i) => retryDelayMs(i + 1, 1)));
    assert.ok(spread.size > 40, 'a batch that failed together does not come back together');
  });
});

describe('SMTP failures', () => {
  test('a 5xx reply is permanent and keeps the reply text', () => {
    const e = classifySmtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Refused' });
    assert.equal(e.permanent, true);
    assert.equal(e.response, '554 5.7.1 Refused');
    assert.equal(e.responseCode, 554);
  });

  test('a 4xx reply, a 503 and a lost connection are temporary', () => {
    assert.equal(classifySmtpError({ responseCode: 451, response: '451 later' }).permanent, false);
    assert.equal(classifySmtpError({ responseCode: 503, response: '503 bad sequence' }).permanent, false);
    const lost = classifySmtpError({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' });
    assert.equal(lost.permanent, false);
    assert.equal(lost.response, 'ECONNECTION: Connection closed unexpectedly');
  });

  test('bad credentials are temporary even with a 5xx reply: the message itself is fine', () => {
    const e = classifySmtpError({ code: 'EAUTH', responseCode: 535, response: '535 bad credentials' });
    assert.equal(e.permanent, false);
  });

  test('all recipients refused takes the reply of a refused recipient', () => {
    const e = classifySmtpError({
      code: 'EENVELOPE',
      message: "Can't send mail - all recipients were rejected",
      rejectedErrors: [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' }],
    });
    assert.equal(e.permanent, true);
    assert.equal(e.response, '550 5.1.1 No such user');
  });

  test('an SMTP URL is shown without its credentials', () => {
    assert.equal(
      describeSmtpUrl('smtps://user:secret@mail.example.id:465/?pool=true'),
      'smtps://mail.example.id:465',
    );
  });
});

describe('mail payloads', () => {
  const good = { template: 't', lang: 'id', to: ['a@b.id'], subject: 's', text: 'x', html: '<p>x</p>' };

  test('a composed message is accepted as it is', () => {
    assert.deepEqual(parseMailPayload(JSON.stringify(good)), { ok: true, payload: good });
  });

  test('a problem names the field, never its value', () => {
    const check = parseMailPayload(JSON.stringify({ ...good, lang: 'jv', text: 'rahasia' }));
    assert.deepEqual(check, { ok: false, problem: 'payload.lang is not id or en' });
    assert.deepEqual(parseMailPayload('{'), { ok: false, problem: 'payload is not valid JSON' });
  });
});

describe('claim size under a rate limit', () => {
  test('claims shrink so every claimed row is sent within half a lease', () => {
    assert.equal(claimSize(50, 1, 300_000), 50, 'no limit: as asked');
    assert.equal(claimSize(50, 1, 300_000, 100), 50);
    assert.equal(claimSize(50, 4, 300_000, 0.5), 18);
    assert.equal(claimSize(50, 4, 300_000, 0.001), 1, 'never below one row');
  });
});
