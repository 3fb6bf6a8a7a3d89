// `selaras outbox status|drain` as an operator runs them: a real subprocess on a real store.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { explain, runCli } from '../fixtures/cli.js';
import { DIALECTS, skipReason, withFreshStore } from '../support/stores.js';
import { insertMail, payload, T0 } from './outbox-fixtures.js';
import { startSmtpSink } from './smtp-sink.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`selaras outbox (${dialect})`, { skip: skips.get(dialect) }, () => {
    test('status counts mail by status and template and tells the age of the oldest pending message', () =>
      withFreshStore(dialect, async (store, location) => {
        const ids = await insertMail(
          store,
          [1, 2, 3, 4, 5, 6].map((n) => payload(n)),
        );
        const set = (id: number, status: string) =>
          store.db.updateTable('outbox').set({ status }).where('id', '=', id).execute();
        await set(ids[0]!, 'sent');
        await set(ids[1]!, 'sent');
        await set(ids[2]!, 'failed');
        await set(ids[3]!, 'sending');

        const json = await runCli(['outbox', 'status', '--json'], { db: location });
        assert.equal(json.code, 0, explain(json));
        assert.deepEqual(
          { ...json.json, oldest_pending_age_seconds: undefined },
          {
            pending: 2,
            sending: 1,
            sent: 2,
            failed: 1,
            by_template: {
              account_created: { pending: 1, sending: 0, sent: 1, failed: 1 },
              'ptk_deactivated.pensiun': { pending: 1, sending: 1, sent: 1, failed: 0 },
            },
            oldest_pending_at: new Date(T0).toISOString(),
            oldest_pending_age_seconds: undefined,
          },
        );
        assert.ok(json.json.oldest_pending_age_seconds > 0);

        const text = await runCli(['outbox', 'status'], { db: location });
        assert.equal(text.code, 0, explain(text));
        assert.match(text.stdout, /mail: 2 pending, 1 sending, 2 sent, 1 failed; oldest pending waiting/);
        assert.match(text.stdout, /^account_created +1 +0 +1 +1$/m);
        assert.match(text.stdout, /^ptk_deactivated\.pensiun +1 +1 +1 +0$/m);
      }));

    test('drain sends what is due over SELARAS_SMTP_URL and reports it; --plan only counts', () =>
      withFreshStore(dialect, async (store, location) => {
        await insertMail(store, [payload(1), payload(2), payload(3)]);
        const sink = await startSmtpSink();
        const env = { SELARAS_SMTP_URL: sink.url };
        try {
          const plan = await runCli(['outbox', 'drain', '--plan', '--json'], { db: location, env });
          assert.equal(plan.code, 0, explain(plan));
          assert.deepEqual(plan.json, {
            due: 3,
            by_template: { account_created: 2, 'ptk_deactivated.pensiun': 1 },
          });
          assert.equal(sink.received.length, 0);

          const drain = await runCli(['outbox', 'drain', '--workers', '2', '--json'], { db: location, env });
          assert.equal(drain.code, 0, explain(drain));
          assert.deepEqual(drain.json, {
            sent: 3,
            retried: 0,
            failed: 0,
            lease_lost: 0,
            errors: 0,
            transport: `smtp://127.0.0.1:${sink.port}`,
          });
          assert.equal(sink.countsByMessageId().size, 3);

          const status = await runCli(['outbox', 'status', '--json'], { db: location });
          assert.equal(status.json.sent, 3);
          assert.equal(status.json.oldest_pending_at, null);
        } finally {
          await sink.close();
        }
      }));

    test('drain without SMTP writes one .eml per message into <dataDir>/mail', () =>
      withFreshStore(dialect, async (store, location) => {
        await insertMail(store, [payload(1), payload(2)]);
        const dataDir = await mkdtemp(join(tmpdir(), 'selaras-data-'));
        try {
          const drain = await runCli(['outbox', 'drain'], {
            db: location,
            env: { SELARAS_DATA_DIR: dataDir },
          });
          assert.equal(drain.code, 0, explain(drain));
          assert.match(drain.stdout, /^sent 2, retried 0, failed 0 \(mailbox .*mail\)$/m);
          assert.equal((await readdir(join(dataDir, 'mail'))).filter((f) => f.endsWith('.eml')).length, 2);
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      }));
  });
}
