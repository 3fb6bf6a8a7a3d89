// The embedded default: with no SMTP server, each message is one parseable .eml in <dataDir>/mail.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { MailSendError } from '../../src/notify/mail-transport.js';
import { createMailboxTransport, emlFileName } from '../../src/notify/mailbox-transport.js';
import { mailboxDir, openMailTransport } from '../../src/notify/open-mail-transport.js';
import { drainOutbox } from '../../src/notify/outbox-worker.js';
import { withFreshStore } from '../support/stores.js';
import { insertMail, outboxRows, payload, testClock } from './outbox-fixtures.js';

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'selaras-mail-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const FROM = 'Selaras <noreply@belajar.id>';

describe('the local mailbox', () => {
  test('a message becomes one RFC 5322 file named after its Message-ID, with both parts', () =>
    withTempDir(async (dir) => {
      const transport = createMailboxTransport({ dir: join(dir, 'mail') });
      const p = payload(7, { to: ['guru7@guru.sd.belajar.id', 'pribadi7@example.id'] });
      const result = await transport.send({ messageId: '<outbox-7@selaras.belajar.id>', from: FROM, ...p });

      assert.equal(result.accepted, true);
      assert.deepEqual(await readdir(join(dir, 'mail')), ['outbox-7@selaras.belajar.id.eml']);
      const raw = await readFile(join(dir, 'mail', 'outbox-7@selaras.belajar.id.eml'));
      assert.match(raw.toString('utf8'), /^Content-Type: multipart\/alternative/m);
      const mail = await simpleParser(raw);
      assert.equal(mail.messageId, '<outbox-7@selaras.belajar.id>');
      assert.equal(mail.subject, p.subject);
      assert.equal(mail.text?.trim(), p.text);
      assert.match(String(mail.html), /<strong>berubah<\/strong>/);
      const to = Array.isArray(mail.to) ? mail.to : [mail.to];
      assert.deepEqual(
        to.flatMap((a) => a?.value.map((v) => v.address)),
        p.to,
      );
      assert.equal(mail.from?.value[0]?.address, 'noreply@belajar.id');
    }));

  test('sending the same Message-ID again replaces the file and leaves no temporary file', () =>
    withTempDir(async (dir) => {
      const transport = createMailboxTransport({ dir });
      const messageId = '<outbox-1@selaras.belajar.id>';
      await transport.send({ messageId, from: FROM, ...payload(1, { subject: 'first' }) });
      await transport.send({ messageId, from: FROM, ...payload(1, { subject: 'again' }) });
      assert.deepEqual(await readdir(dir), ['outbox-1@selaras.belajar.id.eml']);
      const mail = await simpleParser(await readFile(join(dir, 'outbox-1@selaras.belajar.id.eml')));
      assert.equal(mail.subject, 'again');
    }));

  test('a mailbox that cannot be written is a temporary failure', () =>
    withTempDir(async (dir) => {
      const blocker = join(dir, 'not-a-dir');
      await writeFile(blocker, 'x');
      const transport = createMailboxTransport({ dir: join(blocker, 'mail') });
      await assert.rejects(
        transport.send({ messageId: '<m@x>', from: FROM, ...payload(1) }),
        (error: unknown) =>
          error instanceof MailSendError && !error.permanent && /ENOTDIR|EEXIST/.test(error.response),
      );
    }));

  test('file names keep only safe characters', () => {
    assert.equal(emlFileName('<outbox-12@selaras.belajar.id>'), 'outbox-12@selaras.belajar.id.eml');
    assert.equal(emlFileName('<../../etc/passwd>'), '__.._etc_passwd.eml');
    assert.equal(emlFileName('<>'), 'message.eml');
  });

  test('without an SMTP URL the worker delivers the outbox into <dataDir>/mail', () =>
    withTempDir(async (dataDir) =>
      withFreshStore('sqlite', async (store) => {
        await insertMail(store, [payload(1), payload(2), payload(3)]);
        const transport = openMailTransport({
          smtpUrl: undefined,
          dataDir,
          mailRatePerSecond: undefined,
          mailMaxConnections: 5,
        });
        assert.equal(transport.description, `mailbox ${mailboxDir(dataDir)}`);
        const result = await drainOutbox(store, transport, { now: testClock().now });
        assert.equal(result.sent, 3);
        const files = (await readdir(mailboxDir(dataDir))).sort();
        const rows = await outboxRows(store);
        assert.deepEqual(files, rows.map((r) => emlFileName(r.message_id ?? '')).sort());
        for (const row of rows) {
          const mail = await simpleParser(
            await readFile(join(mailboxDir(dataDir), emlFileName(row.message_id!))),
          );
          assert.equal(mail.messageId, row.message_id);
        }
      }),
    ));
});
