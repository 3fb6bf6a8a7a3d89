// Appeal mail end to end (issue 10), on every store dialect: the outbox drained by the real worker over
// SMTP to a server inside this process, each message parsed back with mailparser. The school's admin
// accounts are told at once when a pupil appeals on Cek Akun; the person is told each decision at the
// account and at the contact email they gave.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drainOutbox } from '../../src/notify/outbox-worker.js';
import { createSmtpTransport } from '../../src/notify/smtp-transport.js';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../fixtures/smtp-sink.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import {
  type AppealWorld,
  appealsOf,
  appealWorld,
  fileAppeal,
  NPSN,
  type Pupil,
  pupil,
  resultOf,
  schoolAdmins,
} from './appeals-support.js';
import { api } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`appeal mail over SMTP on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: AppealWorld;
    let sink: SmtpSink;
    let a01: Pupil;
    let a02: Pupil;
    let token: string;

    /** Sends what is queued; returns only the messages this call delivered. */
    const drain = async (): Promise<SunkMail[]> => {
      const before = sink.received.length;
      const transport = createSmtpTransport({ url: sink.url });
      try {
        const result = await drainOutbox(world.store, transport, { now: world.clock.now });
        assert.equal(result.failed + result.errors, 0);
      } finally {
        await transport.close();
      }
      return sink.received.slice(before);
    };

    before(async () => {
      sink = await startSmtpSink();
      world = await appealWorld(dialect, ['pd-a-01', 'pd-a-02']);
      a01 = await pupil(world, 'pd-a-01');
      a02 = await pupil(world, 'pd-a-02');
      token = await world.addToken(`sekolah:${NPSN.sdA}`);
      await drain(); // the months' own mail, so each test sees only what it caused
    });
    after(async () => {
      await world?.close();
      await sink?.close();
    });

    test("the school's admin accounts get the appeal at once: who, what they wrote, what to check", async () => {
      const message =
        'Anak saya masih kelas 3 di sini.\n<script>alert(1)</script> Mohon diperiksa & diperbaiki.';
      const filed = await fileAppeal(world, a01, message, 'ibu.siti@example.id');
      assert.equal(resultOf(filed.page.html), 'appeal_filed');
      const sent = await drain();
      assert.equal(sent.length, 1, 'one message, sent at once');
      const mail = sent[0]!;
      const admins = await schoolAdmins(world, NPSN.sdA);
      assert.deepEqual(mail.envelopeTo.sort(), [...admins].sort());
      assert.match(mail.subject, /^Banding data akun belajar\.id: /);
      assert.ok(mail.subject.includes(a01.nama));
      assert.ok(
        mail.text.includes(a01.nama) && mail.text.includes(a01.address),
        'who appealed, by name and address',
      );
      assert.ok(mail.text.includes('Anak saya masih kelas 3 di sini.'), 'what they wrote');
      assert.ok(mail.text.includes('<script>alert(1)</script> Mohon diperiksa & diperbaiki.'));
      assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped in the HTML part');
      assert.ok(!mail.html.includes('<script>'), 'never markup');
      assert.match(mail.text, /Yang perlu diperiksa di Dapodik/);
      assert.match(mail.text, /rombongan belajar/);
      assert.ok(mail.text.includes('22 Maret 2025'), 'until when the account is held');
      assert.ok(!mail.text.includes('ibu.siti@example.id'), "the person's contact email stays private");
      assert.ok(!mail.envelopeTo.includes(a01.address), 'the pupil is not sent the school’s mail');
    });

    test('"data is correct": the person is told the new dates at the account and the contact email', async () => {
      world.clock.day = '2025-03-01';
      const id = (await appealsOf(world, a01.accountId))[0]!.id;
      const res = await api(world.url, token, `/appeals/${id}/resolve`, {
        method: 'POST',
        body: { decision: 'data_correct', note: 'Tercatat pindah ke sekolah lain pada Februari.' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const sent = await drain();
      assert.equal(sent.length, 1);
      const mail = sent[0]!;
      assert.deepEqual(mail.envelopeTo.sort(), [a01.address, 'ibu.siti@example.id'].sort());
      assert.equal(mail.subject, 'Hasil banding data akun belajar.id Anda');
      assert.match(mail.text, /menyatakan data Anda di Dapodik sudah benar/);
      assert.ok(mail.text.includes('30 Maret 2025'), 'last day of use (suspension − 1)');
      assert.ok(mail.text.includes('31 Maret 2025'), 'suspended from, 30 days after the decision');
      assert.ok(mail.text.includes('30 Mei 2025'), 'deleted on, 60 days later');
      assert.ok(mail.text.includes('Tercatat pindah ke sekolah lain pada Februari.'), "the school's note");
    });

    test('"being corrected": the person is told the account stays safe until the next data', async () => {
      await fileAppeal(world, a02, 'Saya belum pindah.', 'budi@example.id');
      const toSchool = await drain();
      assert.equal(toSchool.length, 1);
      const id = (await appealsOf(world, a02.accountId))[0]!.id;
      const res = await api(world.url, token, `/appeals/${id}/resolve`, {
        method: 'POST',
        body: { decision: 'correcting' },
      });
      assert.equal(res.status, 200);
      const sent = await drain();
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0]!.envelopeTo.sort(), [a02.address, 'budi@example.id'].sort());
      assert.equal(sent[0]!.subject, 'Banding Anda diterima: data sedang diperbaiki');
      assert.ok(sent[0]!.text.includes('31 Maret 2025'), 'held at most until filing + 30 days');
    });

    test('found correct after all while being corrected: both decisions stay on record and the person is told', async () => {
      world.clock.day = '2025-03-05';
      const id = (await appealsOf(world, a02.accountId))[0]!.id;
      const res = await api(world.url, token, `/appeals/${id}/resolve`, {
        method: 'POST',
        body: { decision: 'data_correct', note: 'Ternyata memang sudah pindah.' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const body = res.body as Record<string, unknown>;
      assert.equal(body.status, 'closed');
      assert.equal(body.outcome, 'data_correct');
      assert.equal(body.decision, 'correcting', 'the first decision stays on record');
      assert.equal(body.closing_note, 'Ternyata memang sudah pindah.');
      assert.equal(body.suspend_on_after, '2025-04-04');
      const sent = await drain();
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.subject, 'Hasil banding data akun belajar.id Anda');
      assert.ok(sent[0]!.text.includes('Ternyata memang sudah pindah.'));
      assert.ok(sent[0]!.text.includes('4 April 2025'));
    });
  });
}
