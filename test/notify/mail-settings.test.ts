// Mail settings come from the environment or the config file, validated once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { AppError } from '../../src/errors.js';

describe('mail settings', () => {
  test('defaults: no SMTP (the local mailbox), the noreply sender, 5 connections, 8 attempts, no rate limit, 5-minute leases', () => {
    const config = loadConfig({ db: 'x.db' }, {});
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.mailFrom, 'Selaras <noreply@belajar.id>');
    assert.equal(config.mailMaxConnections, 5);
    assert.equal(config.mailMaxAttempts, 8);
    assert.equal(config.mailRatePerSecond, undefined);
    assert.equal(config.mailLeaseSeconds, 300);
  });

  test('the environment sets them', () => {
    const config = loadConfig(
      { db: 'x.db' },
      {
        SELARAS_SMTP_URL: 'smtp://127.0.0.1:2525',
        SELARAS_MAIL_FROM: 'Dinas <dinas@belajar.id>',
        SELARAS_MAIL_RATE_PER_SECOND: '2.5',
        SELARAS_MAIL_MAX_CONNECTIONS: '3',
        SELARAS_MAIL_MAX_ATTEMPTS: '4',
        SELARAS_MAIL_LEASE_SECONDS: '30',
      },
    );
    assert.equal(config.smtpUrl, 'smtp://127.0.0.1:2525');
    assert.equal(config.mailFrom, 'Dinas <dinas@belajar.id>');
    assert.equal(config.mailRatePerSecond, 2.5);
    assert.equal(config.mailMaxConnections, 3);
    assert.equal(config.mailMaxAttempts, 4);
    assert.equal(config.mailLeaseSeconds, 30);
  });

  test('an empty SMTP URL means none; a URL of another scheme is refused', () => {
    assert.equal(loadConfig({ db: 'x.db' }, { SELARAS_SMTP_URL: '' }).smtpUrl, undefined);
    assert.throws(
      () => loadConfig({ db: 'x.db' }, { SELARAS_SMTP_URL: 'http://mail' }),
      (e: unknown) => e instanceof AppError && e.code === 'bad_input',
    );
    assert.throws(() => loadConfig({ db: 'x.db' }, { SELARAS_MAIL_RATE_PER_SECOND: '0' }), AppError);
    assert.throws(() => loadConfig({ db: 'x.db' }, { SELARAS_MAIL_LEASE_SECONDS: '0.5' }), AppError);
  });
});
