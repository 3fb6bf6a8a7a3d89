// Appeals (issue 10) over real HTTP on every store dialect, as one story with a clock the test moves:
// pupils taken out of the data on 2025-02-15 (suspension due 2025-03-17) appeal on Cek Akun on
// 2025-02-20; the school is told at once; a second appeal is refused; `tick` neither reminds nor
// suspends while an appeal is open; each school sees only its own appeals; "data is correct" resumes
// the schedule with a fresh notice; "being corrected" waits for the next extract, which either
// reactivates the account or resumes the schedule; an appeal nobody answers expires at the hold's end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isUniqueViolation } from '../../src/store/db-errors.js';
import { CEK_AKUN_LIMITS } from '../../src/web/services/cek-akun-service.js';
import { appealRow } from '../support/rows.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import {
  type AppealWorld,
  accountOf,
  appealsOf,
  appealWorld,
  auditActions,
  fileAppeal,
  laterMonth,
  lookUp,
  mailsAbout,
  NPSN,
  type Pupil,
  proofIn,
  pupil,
  resultOf,
  SUSPEND_ON,
  schoolAdmins,
  tickOn,
  visitor,
} from './appeals-support.js';
import { attrValues, elementWith } from './runs-support.js';
import { api, WebClient } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

const MESSAGE = 'Saya masih kelas 3 <b>di sini</b> & hadir setiap hari.\nMohon dicek.';

for (const dialect of DIALECTS) {
  describe(`appeals on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: AppealWorld;
    let a01: Pupil;
    let a02: Pupil;
    let a03: Pupil;
    let a04: Pupil;
    let b01: Pupil;
    let firstProof = '';
    let firstVisitor: Awaited<ReturnType<typeof visitor>>;
    /** Sessions expire by the clock the test moves: sign in again on each day. */
    const asSchool = async () => {
      const client = new WebClient(world.url);
      assert.equal((await client.login('op-sd-a')).status, 303);
      return client;
    };
    const appealId = async (p: Pupil) => Number((await appealsOf(world, p.accountId)).at(-1)?.id);

    before(async () => {
      world = await appealWorld(dialect);
      a01 = await pupil(world, 'pd-a-01');
      a02 = await pupil(world, 'pd-a-02');
      a03 = await pupil(world, 'pd-a-03');
      a04 = await pupil(world, 'pd-a-04');
      b01 = await pupil(world, 'pd-b-01');
      await world.addOperator('op-sd-a', `sekolah:${NPSN.sdA}`);
      await world.addOperator('nas', 'nasional');
    });
    after(() => world?.close());

    test('a pupil with a pending deactivation files an appeal on Cek Akun and the school is mailed at once', async () => {
      assert.equal((await accountOf(world, a01.accountId)).status, 'deactivating');
      const { page, proof, visitor: v } = await fileAppeal(world, a01, MESSAGE, 'ortu.a01@example.id');
      firstProof = proof;
      firstVisitor = v;
      assert.equal(page.status, 200);
      assert.equal(resultOf(page.html), 'appeal_filed');
      assert.match(page.html, new RegExp(`id="appeal-state-${a01.accountId}" data-appeal-status="open"`));
      assert.equal(proofIn(page.html, a01.accountId), undefined, 'no second form is offered');
      assert.ok(!page.html.includes(a01.tanggalLahir), 'the birth date is never in the page');

      const [appeal, ...more] = await appealsOf(world, a01.accountId);
      assert.equal(more.length, 0);
      assert.equal(appeal?.status, 'open');
      assert.equal(appeal?.filed_on, '2025-02-20');
      assert.equal(appeal?.hold_until, '2025-03-22', 'appealHoldDays (30) from filing');
      assert.equal(appeal?.message, MESSAGE);
      assert.equal(appeal?.contact_email, 'ortu.a01@example.id');
      assert.equal(appeal?.npsn, NPSN.sdA);

      const mails = (await mailsAbout(world, a01.accountId)).filter((m) => m.template === 'appeal_filed');
      assert.equal(mails.length, 1, 'one mail to the school at once');
      const mail = mails[0]!;
      const admins = await schoolAdmins(world, NPSN.sdA);
      assert.ok(admins.length > 0);
      assert.deepEqual(mail.to, admins, "to the school's active admin accounts");
      assert.ok(mail.subject.includes(a01.nama));
      for (const part of [mail.text, mail.html]) {
        assert.ok(part.includes(a01.nama), 'who appealed');
        assert.ok(part.includes(a01.address), 'their address');
        assert.ok(part.includes('Dapodik'), 'what to check in Dapodik');
      }
      assert.ok(
        mail.text.includes('Saya masih kelas 3 <b>di sini</b> & hadir setiap hari.'),
        'what they wrote',
      );
      assert.ok(mail.html.includes('Saya masih kelas 3 &lt;b&gt;di sini&lt;/b&gt; &amp; hadir'), 'escaped');
      assert.ok(!mail.html.includes('<b>di sini</b>'), 'never markup');
      assert.ok(!mail.text.includes('ortu.a01@example.id'), 'the contact email is not passed on');
      assert.deepEqual(await auditActions(world, appeal!.id), [`appeal_filed:sekolah:${NPSN.sdA}`]);
    });

    test('a second appeal on the same account is refused, and the store allows only one open appeal', async () => {
      const again = await firstVisitor.post('/cek-akun/banding', { proof: firstProof, isi: 'Sekali lagi.' });
      assert.equal(again.status, 409);
      assert.equal(resultOf(again.html), 'appeal_refused');
      assert.match(again.html, /data-reason="open"/);
      assert.equal((await appealsOf(world, a01.accountId)).length, 1);
      await assert.rejects(
        world.store.db.insertInto('appeals').values(appealRow(a01.accountId)).execute(),
        (error: unknown) => isUniqueViolation(error),
      );
    });

    test('the appeal needs the sealed look-up: a forged, altered or stale proof files nothing', async () => {
      const v = await visitor(world);
      const found = await lookUp(v, a02);
      const proof = proofIn(found.html, a02.accountId);
      assert.ok(proof);
      const forged = await v.post('/cek-akun/banding', { proof: 'abc.def.ghi', isi: 'x' });
      assert.equal(forged.status, 400);
      assert.equal(resultOf(forged.html), 'appeal_invalid');
      const flipped = proof.slice(0, 40) + (proof[40] === 'A' ? 'B' : 'A') + proof.slice(41);
      assert.equal((await v.post('/cek-akun/banding', { proof: flipped, isi: 'x' })).status, 400);
      world.clock.day = '2025-02-21';
      try {
        const stale = await v.post('/cek-akun/banding', { proof, isi: 'Masih di sini.' });
        assert.equal(stale.status, 400, 'a proof older than 30 minutes');
      } finally {
        world.clock.day = '2025-02-20';
      }
      assert.equal((await appealsOf(world, a02.accountId)).length, 0);
    });

    test('what the person writes is checked: empty or too long text and a bad email are named, nothing filed', async () => {
      const v = await visitor(world);
      const proof = proofIn((await lookUp(v, a02)).html, a02.accountId);
      assert.ok(proof);
      const cases: [Record<string, string>, string][] = [
        [{ isi: '   ' }, 'message'],
        [{ isi: 'x'.repeat(1001) }, 'message'],
        [{ isi: 'Saya masih di sini.', email: 'bukan email' }, 'email'],
      ];
      for (const [fields, field] of cases) {
        const res = await v.post('/cek-akun/banding', { proof, ...fields });
        assert.equal(res.status, 400, JSON.stringify(fields).slice(0, 60));
        const errors = elementWith(res.html, 'div', 'id', `appeal-errors-${a02.accountId}`);
        assert.ok(errors?.includes(`data-field="${field}"`), `names ${field}`);
        assert.match(res.html, new RegExp(`<details class="appeal" id="appeal-${a02.accountId}" open`));
      }
      assert.equal((await appealsOf(world, a02.accountId)).length, 0);
    });

    test(`the appeal form is limited like the look-up: post ${CEK_AKUN_LIMITS.perClient.limit + 1} is 429`, async () => {
      const v = await visitor(world);
      for (let i = 0; i < CEK_AKUN_LIMITS.perClient.limit; i++) {
        assert.equal((await v.post('/cek-akun/banding', { proof: 'x', isi: 'x' })).status, 400);
      }
      const over = await v.post('/cek-akun/banding', { proof: 'x', isi: 'x' });
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get('retry-after')) >= 1);
    });

    test('while an appeal is open, tick neither reminds nor suspends the account', async () => {
      for (const p of [a02, a04, b01]) {
        const filed = await fileAppeal(
          world,
          p,
          `Saya ${p.nama} masih bersekolah.`,
          `ortu.${p.pdId}@example.id`,
        );
        assert.equal(resultOf(filed.page.html), 'appeal_filed', p.pdId);
      }
      await tickOn(world, '2025-03-14');
      assert.ok(
        (await accountOf(world, a03.accountId)).reminded_on,
        'the pupil without an appeal is reminded',
      );
      assert.equal((await accountOf(world, a01.accountId)).reminded_on, null);
      const report = await tickOn(world, SUSPEND_ON);
      assert.equal(report.counts.account_suspended, 1);
      assert.equal((await accountOf(world, a03.accountId)).status, 'suspended');
      for (const p of [a01, a02, a04, b01]) {
        const account = await accountOf(world, p.accountId);
        assert.equal(account.status, 'deactivating', `${p.pdId} is not suspended`);
        assert.equal(account.suspend_on, SUSPEND_ON, 'its schedule is only paused');
      }
      const tickEvents = await world.store.db
        .selectFrom('events')
        .innerJoin('runs', 'runs.id', 'events.run_id')
        .select('events.account_id')
        .where('runs.kind', '=', 'tick')
        .where(
          'events.account_id',
          'in',
          [a01, a02, a04, b01].map((p) => p.accountId),
        )
        .execute();
      assert.deepEqual(tickEvents, []);
    });

    test("a school's operator sees its own appeals only; another school's appeal is invisible in the console and the API", async () => {
      const school = await asSchool();
      const list = await school.page('/appeals');
      assert.equal(list.status, 200);
      const ids = attrValues(elementWith(list.html, 'table', 'id', 'appeals-table') ?? '', 'data-appeal-id');
      const ours = await Promise.all([a01, a02, a04].map(appealId));
      assert.deepEqual(ids.map(Number).sort(), ours.sort());
      const other = await appealId(b01);
      assert.equal((await school.page(`/appeals/${other}`)).status, 404);
      const forged = await school.post(`/appeals/${other}/resolve`, { decision: 'data_correct' });
      assert.equal(forged.status, 404);
      assert.equal((await appealsOf(world, b01.accountId))[0]?.status, 'open', 'nothing decided');

      const schoolToken = await world.addToken(`sekolah:${NPSN.sdA}`);
      const listed = await api(world.url, schoolToken, '/appeals');
      assert.equal(listed.status, 200);
      const apiIds = (listed.body as { appeals: { id: number; npsn: string }[] }).appeals.map((a) => a.id);
      assert.deepEqual(apiIds.sort(), ours.sort());
      const refused = await api(world.url, schoolToken, `/appeals/${other}/resolve`, {
        method: 'POST',
        body: { decision: 'data_correct' },
      });
      assert.equal(refused.status, 404);
      const dinas = await api(world.url, await world.addToken('dinas:32'), '/appeals?status=all');
      assert.equal((dinas.body as { total: number }).total, 4, 'a dinas covering both schools sees all four');
      const bali = await api(world.url, await world.addToken('dinas:51'), '/appeals?status=all');
      assert.equal((bali.body as { total: number }).total, 0);
    });

    test('the dashboard shows the appeals per school with the age of the oldest', async () => {
      world.clock.day = '2025-03-18';
      const school = await asSchool();
      const { html } = await school.page('/');
      const section = elementWith(html, 'section', 'id', 'appeals-overview');
      assert.match(section ?? '', /data-open="3"/);
      const row = elementWith(html, 'tr', 'data-npsn', NPSN.sdA);
      assert.match(row ?? '', /data-open="3"/);
      assert.match(row ?? '', /data-oldest-days="26"/, 'filed 2025-02-20, today 2025-03-18');
      assert.equal(elementWith(html, 'tr', 'data-npsn', NPSN.smpB), undefined, 'not another school');
    });

    test('"data is correct" in the console resumes the schedule with a fresh notice and tells the person', async () => {
      world.clock.day = '2025-03-18';
      const school = await asSchool();
      const id = await appealId(a01);
      const detail = await school.page(`/appeals/${id}`);
      assert.equal(detail.status, 200);
      assert.ok(detail.html.includes('Saya masih kelas 3 &lt;b&gt;di sini&lt;/b&gt; &amp; hadir'));
      assert.ok(!detail.html.includes('<b>di sini</b>'), 'what the person wrote is never markup');
      assert.ok(!detail.html.includes('ortu.a01@example.id'), 'the contact email is not shown');
      const res = await school.post(`/appeals/${id}/resolve`, {
        decision: 'data_correct',
        note: 'Sudah kami periksa: tercatat pindah.',
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `/appeals/${id}?done=data_correct`);
      const after = await school.page(`/appeals/${id}?done=data_correct`);
      assert.match(after.html, /id="appeal-decided" data-done="data_correct"/);
      assert.match(after.html, /id="appeal-status" data-status="closed"/);

      const account = await accountOf(world, a01.accountId);
      assert.equal(account.status, 'deactivating');
      assert.equal(account.suspend_on, '2025-04-17', 'a fresh notice of 30 days from the decision');
      assert.equal(account.delete_on, '2025-06-16');
      assert.equal(account.reminded_on, null);
      const [appeal] = await appealsOf(world, a01.accountId);
      assert.equal(appeal?.outcome, 'data_correct');
      assert.equal(appeal?.decided_by, 'op-sd-a');
      const told = (await mailsAbout(world, a01.accountId)).filter(
        (m) => m.template === 'appeal_outcome.data_correct',
      );
      assert.equal(told.length, 1);
      assert.deepEqual(told[0]!.to, [a01.address, 'ortu.a01@example.id']);
      assert.ok(told[0]!.text.includes('17 April 2025'));
      assert.ok(told[0]!.text.includes('Sudah kami periksa: tercatat pindah.'));
      assert.deepEqual(await auditActions(world, id), [
        `appeal_filed:sekolah:${NPSN.sdA}`,
        `appeal_resolved:sekolah:${NPSN.sdA}`,
      ]);
      const again = await api(world.url, await world.addToken('nasional'), `/appeals/${id}/resolve`, {
        method: 'POST',
        body: { decision: 'correcting' },
      });
      assert.equal(again.status, 409, 'a closed appeal is not decided again');

      const cek = await lookUp(await visitor(world), a01);
      assert.match(cek.html, /data-appeal-status="closed" data-appeal-outcome="data_correct"/);
      assert.equal(proofIn(cek.html, a01.accountId), undefined, 'no new appeal about the same deactivation');
    });

    test('"being corrected" through the API waits for the next extract: back in it, the account is reactivated; still missing, the schedule resumes', async () => {
      const token = await world.addToken(`sekolah:${NPSN.sdA}`);
      const bad = await api(world.url, token, `/appeals/${await appealId(a02)}/resolve`, {
        method: 'POST',
        body: { decision: 'maybe' },
      });
      assert.equal(bad.status, 400);
      for (const p of [a02, a04]) {
        const res = await api(world.url, token, `/appeals/${await appealId(p)}/resolve`, {
          method: 'POST',
          body: { decision: 'correcting', note: 'Sedang kami perbaiki.' },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal((res.body as { status: string }).status, 'correcting');
      }
      await tickOn(world, '2025-03-19');
      assert.equal((await accountOf(world, a02.accountId)).status, 'deactivating', 'still paused');

      const report = await world.sync(
        laterMonth(
          'dapodik-2025-03',
          '2025-03-18',
          ['pd-a-01', 'pd-a-03', 'pd-a-04', 'pd-b-01'],
          [{ pdId: 'pd-b-90', npsn: NPSN.smpB, nama: 'Murid Baru Sembilan' }],
        ),
      );
      assert.equal(report.status, 'applied');
      assert.equal(report.counts.account_reactivated, 1);

      assert.equal((await accountOf(world, a02.accountId)).status, 'active', 'reactivated as usual');
      const [back] = await appealsOf(world, a02.accountId);
      assert.equal(back?.status, 'closed');
      assert.equal(back?.outcome, 'reactivated');
      assert.equal(back?.closed_run_id, report.run_id);
      const backMail = (await mailsAbout(world, a02.accountId)).filter((m) =>
        m.template.startsWith('appeal_outcome.reactivated'),
      );
      assert.deepEqual(
        backMail.map((m) => m.to),
        [['ortu.pd-a-02@example.id']],
        'the contact email is told too',
      );

      const missing = await accountOf(world, a04.accountId);
      assert.equal(missing.status, 'deactivating');
      assert.equal(missing.suspend_on, '2025-04-17', 'a fresh notice from the day the extract was applied');
      const [notCorrected] = await appealsOf(world, a04.accountId);
      assert.equal(notCorrected?.outcome, 'not_corrected');
      const told = (await mailsAbout(world, a04.accountId)).filter(
        (m) => m.template === 'appeal_outcome.not_corrected',
      );
      assert.deepEqual(told[0]?.to, [a04.address, 'ortu.pd-a-04@example.id']);
      assert.deepEqual(await auditActions(world, notCorrected!.id), [
        `appeal_filed:sekolah:${NPSN.sdA}`,
        `appeal_resolved:sekolah:${NPSN.sdA}`,
        `appeal_closed:sekolah:${NPSN.sdA}`,
      ]);

      const digest = await world.store.db
        .selectFrom('outbox')
        .select('payload_json')
        .where('run_id', '=', report.run_id!)
        .where('account_id', 'is', null)
        .where('channel', '=', 'mail')
        .execute();
      const smpB = digest
        .map((r) => JSON.parse(r.payload_json) as { text: string; subject: string })
        .find((p) => p.subject.includes('SMP NEGERI 2 BANDUNG'));
      assert.ok(smpB, 'SMP_B gets a digest for its new pupil');
      assert.ok(smpB.text.includes(`banding #${await appealId(b01)}`), 'listing its waiting appeal');
      assert.ok(smpB.text.includes(b01.address));
    });

    test('an appeal nobody answers expires at the end of the hold: tick resumes the schedule, tells the person and flags it', async () => {
      const id = await appealId(b01);
      await tickOn(world, '2025-03-21');
      assert.equal(
        (await appealsOf(world, b01.accountId))[0]?.status,
        'open',
        'the hold lasts until 2025-03-22',
      );
      await tickOn(world, '2025-03-22');
      const [expired] = await appealsOf(world, b01.accountId);
      assert.equal(expired?.outcome, 'expired');
      const account = await accountOf(world, b01.accountId);
      assert.equal(account.status, 'deactivating');
      assert.equal(account.suspend_on, '2025-04-21', 'a fresh notice from the tick day');
      const told = (await mailsAbout(world, b01.accountId)).filter(
        (m) => m.template === 'appeal_outcome.expired',
      );
      assert.deepEqual(told[0]?.to, [b01.address, 'ortu.pd-b-01@example.id']);
      assert.deepEqual(await auditActions(world, id), [
        `appeal_filed:sekolah:${NPSN.smpB}`,
        `appeal_expired:sekolah:${NPSN.smpB}`,
      ]);
      const nas = new WebClient(world.url);
      assert.equal((await nas.login('nas')).status, 303);
      const { html } = await nas.page('/');
      assert.match(html, /id="appeals-expired-flag"/);
      assert.match(elementWith(html, 'tr', 'data-npsn', NPSN.smpB) ?? '', /data-expired="1"/);
      const again = await lookUp(await visitor(world), b01);
      assert.match(again.html, /data-appeal-status="closed" data-appeal-outcome="expired"/);
      assert.equal(
        proofIn(again.html, b01.accountId),
        undefined,
        'no new appeal about the same deactivation',
      );
    });

    test('the resumed schedules run on: the corrected-correct appeal suspends on its new date, a suspended account appeals before deletion', async () => {
      await tickOn(world, '2025-04-14');
      assert.equal((await accountOf(world, a01.accountId)).reminded_on, '2025-04-14');
      await tickOn(world, '2025-04-17');
      assert.equal((await accountOf(world, a01.accountId)).status, 'suspended');

      world.clock.day = '2025-04-20';
      const filed = await fileAppeal(world, a03, 'Akun saya jangan dihapus, saya masih di sini.');
      assert.equal(
        resultOf(filed.page.html),
        'appeal_filed',
        'a suspension is a new period: one last appeal',
      );
      await tickOn(world, '2025-05-16');
      assert.equal(
        (await accountOf(world, a03.accountId)).status,
        'suspended',
        'not deleted on its delete day',
      );
    });

    test("the account page tells the appeal's whole story, and the audit log shows every step", async () => {
      const school = await asSchool();
      const { html } = await school.page(`/accounts/${a01.accountId}`);
      const story = elementWith(html, 'div', 'id', 'account-appeals') ?? '';
      assert.match(html, /id="account-appeals"/);
      assert.deepEqual(attrValues(html.slice(html.indexOf('id="account-appeals"')), 'data-step'), [
        'filed',
        'decided',
        'closed',
      ]);
      assert.ok(story.includes('data-outcome="data_correct"'));
      const audit = await school.page('/audit');
      for (const words of ['Banding diajukan', 'Memutuskan banding', 'Banding selesai']) {
        assert.ok(audit.html.includes(words), words);
      }
      assert.ok(!audit.html.includes('Banding kedaluwarsa'), "SMP_B's expiry is not SD_A's to see");
    });
  });
}
