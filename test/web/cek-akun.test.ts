// The public Cek Akun page over real HTTP: a person finds their address and status from what they
// know; every miss is the same answer; nothing personal is shown; limits per client and per school.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { reasonLabel } from '../../src/notify/templates/mail-format.js';
import { CEK_AKUN_LIMITS } from '../../src/web/services/cek-akun-service.js';
import { formatDate } from '../../src/web/text/i18n.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { cekAkunWorld, resultOf, Visitor } from './cek-akun-support.js';
import { monthOne, NPSN, type WebWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

interface Secrets {
  nik: string;
  nisn: string;
  tanggal_lahir: string;
}

for (const dialect of DIALECTS) {
  describe(`Cek Akun on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let pupil: Secrets & { address: string };
    let clients = 0;
    /** Each test is its own client, so one test's look-ups never count against another's limit. */
    const visitor = async (path = '/cek-akun') => {
      clients += 1;
      const v = new Visitor(world.url, `198.51.100.${clients}`);
      await v.open(path);
      return v;
    };
    const personal = async (personId: string): Promise<Secrets> =>
      world.store.db
        .selectFrom('persons')
        .select(['nik', 'nisn', 'tanggal_lahir'])
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
    const assertNothingPersonal = (html: string, who: Secrets) => {
      for (const secret of [who.nik, who.nisn, who.tanggal_lahir, formatDate(who.tanggal_lahir, 'id')]) {
        if (secret !== '') assert.ok(!html.includes(secret), `the page shows ${secret}`);
      }
    };

    before(async () => {
      world = await cekAkunWorld(dialect);
      const account = await world.store.db
        .selectFrom('accounts')
        .select('primary_address')
        .where('person_id', '=', 'pd-a-00')
        .executeTakeFirstOrThrow();
      pupil = { ...(await personal('pd-a-00')), address: account.primary_address };
    });
    after(() => world.close());

    test('a pupil is found by kind, NPSN, name and birth date, with the address and its status', async () => {
      const v = await visitor();
      const res = await v.ask({
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: '  siti   AMINAH 00 ',
        tanggal_lahir: pupil.tanggal_lahir,
      });
      assert.equal(res.status, 200);
      assert.equal(resultOf(res.html), 'found');
      assert.match(res.html, new RegExp(`<strong data-field="address">${pupil.address}</strong>`));
      assert.match(res.html, /<article class="card account" data-status="active">/);
      assert.match(res.html, /SD NEGERI 1 BANDUNG \(32000001\)/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assertNothingPersonal(res.html, pupil);
    });

    test('a teacher is found when the name is typed without the degree Dapodik holds', async () => {
      const head = await personal('ptk-a-ks');
      const account = await world.store.db
        .selectFrom('accounts')
        .select('primary_address')
        .where('person_id', '=', 'ptk-a-ks')
        .executeTakeFirstOrThrow();
      const v = await visitor();
      const res = await v.ask({
        kind: 'ptk',
        npsn: NPSN.sdA,
        nama: 'Dewi Lestari',
        tanggal_lahir: head.tanggal_lahir,
      });
      assert.equal(resultOf(res.html), 'found');
      assert.ok(res.html.includes(account.primary_address));
      assertNothingPersonal(res.html, head);
    });

    test('a wrong birth date, an unknown person, another school and another kind get the same bytes', async () => {
      const v = await visitor();
      const base = { kind: 'pd', npsn: NPSN.sdA, nama: 'Siti Aminah 00', tanggal_lahir: pupil.tanggal_lahir };
      const misses = [
        { ...base, tanggal_lahir: addDays(pupil.tanggal_lahir, 1) },
        { ...base, nama: 'Nama Yang Tidak Ada' },
        { ...base, npsn: NPSN.smpB },
        { ...base, kind: 'ptk' },
      ];
      const answers = [];
      for (const fields of misses) answers.push(await v.ask(fields));
      for (const answer of answers) {
        assert.equal(answer.status, 200);
        assert.equal(resultOf(answer.html), 'not_found');
        assertNothingPersonal(answer.html, pupil);
        assert.ok(!answer.html.includes('Siti Aminah'), 'the typed name is not echoed');
      }
      const [first, ...rest] = answers.map((a) => a.html);
      for (const other of rest) assert.equal(other, first);
    });

    test('invalid input is a 400 naming the fields to fix, and looks nothing up', async () => {
      const v = await visitor();
      const res = await v.ask({
        kind: 'pd',
        npsn: '1234',
        nama: 'Siti Aminah 00',
        tanggal_lahir: '2015-02-30',
      });
      assert.equal(res.status, 400);
      assert.equal(resultOf(res.html), 'invalid');
      assert.match(res.html, /<li data-field="npsn">/);
      assert.match(res.html, /<li data-field="tanggalLahir">/);
      assert.doesNotMatch(res.html, /data-field="nama"/);
      assert.ok(res.html.includes('value="Siti Aminah 00"'), 'the typed name is kept in the form');
    });

    test('a look-up without the CSRF token is refused', async () => {
      const v = await visitor();
      const res = await v.ask({
        _csrf: null,
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: 'Siti Aminah 00',
        tanggal_lahir: pupil.tanggal_lahir,
      });
      assert.equal(res.status, 403);
      assert.match(res.html, /data-code="csrf"/);
      assert.ok(!res.html.includes(pupil.address));
    });

    test('the English switch gives the form and the answers in English', async () => {
      const v = await visitor('/cek-akun?lang=en');
      const page = await v.open('/cek-akun?lang=en');
      assert.match(page.html, /<html lang="en">/);
      assert.match(page.html, /Check your belajar\.id account/);
      const miss = await v.ask({
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: 'Nobody Here',
        tanggal_lahir: '2015-01-01',
      });
      assert.match(miss.html, /No match found/);
      const hit = await v.ask({
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: 'Siti Aminah 00',
        tanggal_lahir: pupil.tanggal_lahir,
      });
      assert.match(hit.html, /Active\. The account can be used\./);
      const id = await visitor();
      assert.match((await id.open()).html, /Cek Akun belajar\.id/);
    });

    test(`look-up ${CEK_AKUN_LIMITS.perClient.limit + 1} from one client is refused with Retry-After`, async () => {
      const v = await visitor();
      const limit = CEK_AKUN_LIMITS.perClient.limit;
      for (let i = 0; i < limit; i++) {
        // Other schools each time: only the client's own limit can be the one reached.
        const res = await v.ask({
          kind: 'pd',
          npsn: `8800${String(i).padStart(4, '0')}`,
          nama: 'A B',
          tanggal_lahir: '2015-01-01',
        });
        assert.equal(res.status, 200, `look-up ${i + 1}`);
      }
      const over = await v.ask({
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: 'Siti Aminah 00',
        tanggal_lahir: pupil.tanggal_lahir,
      });
      assert.equal(over.status, 429);
      assert.equal(resultOf(over.html), 'limited');
      assert.ok(Number(over.headers.get('retry-after')) >= 1);
      assert.ok(!over.html.includes(pupil.address), 'no look-up is made');
      assert.ok(
        world.logged.some(
          (e) => e.type === 'rate_limited' && e.bucket === 'cek_akun_client' && e.client === v.address,
        ),
      );
      const other = await visitor();
      const fine = await other.ask({
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: 'Siti Aminah 00',
        tanggal_lahir: pupil.tanggal_lahir,
      });
      assert.equal(resultOf(fine.html), 'found', 'another client is not limited');
    });

    test(`look-up ${CEK_AKUN_LIMITS.perNpsn.limit + 1} about one school is refused whoever asks`, async () => {
      const npsn = '77777777';
      for (let i = 0; i < CEK_AKUN_LIMITS.perNpsn.limit; i++) {
        const res = await (await visitor()).ask({
          kind: 'ptk',
          npsn,
          nama: 'A B',
          tanggal_lahir: '1980-01-01',
        });
        assert.equal(res.status, 200, `look-up ${i + 1}`);
      }
      const fresh = await visitor();
      const over = await fresh.ask({ kind: 'ptk', npsn, nama: 'A B', tanggal_lahir: '1980-01-01' });
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get('retry-after')) >= 1);
      assert.ok(world.logged.some((e) => e.type === 'rate_limited' && e.bucket === 'cek_akun_npsn'));
      const elsewhere = await fresh.ask({
        kind: 'ptk',
        npsn: '77777778',
        nama: 'A B',
        tanggal_lahir: '1980-01-01',
      });
      assert.equal(elsewhere.status, 200, 'other schools can still be looked up');
    });

    test('nothing the server logged names a person or a birth date', () => {
      const log = JSON.stringify(world.logged);
      assert.ok(!log.includes('Siti'));
      assert.ok(!log.includes(pupil.tanggal_lahir));
    });

    // Last: it syncs a second month into this world (one pupil gone, one graduating from grade 6).
    test('a pupil who left shows the suspension and deletion dates and the reason', async () => {
      const report = await world.sync(
        monthOne()
          .clone({ snapshotId: 'dapodik-2025-02', takenAt: '2025-02-15' })
          .removePd('pd-a-01')
          .updatePd('pd-a-05', { jenisKeluar: 'Lulus', tanggalKeluar: '2025-02-10' }),
      );
      assert.equal(report.status, 'applied');
      const leaver = await personal('pd-a-01');
      const account = await world.store.db
        .selectFrom('accounts')
        .select(['primary_address', 'status', 'suspend_on', 'delete_on', 'deactivate_reason'])
        .where('person_id', '=', 'pd-a-01')
        .executeTakeFirstOrThrow();
      assert.equal(account.status, 'deactivating');
      assert.ok(account.suspend_on && account.delete_on);
      const v = await visitor();
      const res = await v.ask({
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: 'Siti Aminah 01',
        tanggal_lahir: leaver.tanggal_lahir,
      });
      assert.equal(resultOf(res.html), 'found');
      assert.match(res.html, /<article class="card account" data-status="deactivating">/);
      assert.match(res.html, /data-change="deactivating"/);
      assert.ok(res.html.includes(account.primary_address));
      assert.ok(
        res.html.includes(`Mulai ${formatDate(account.suspend_on, 'id')}, akun tidak dapat digunakan`),
      );
      assert.ok(
        res.html.includes(`Pada ${formatDate(account.delete_on, 'id')}, akun dan seluruh isinya dihapus`),
      );
      assert.ok(
        res.html.includes(`Alasan menurut Dapodik: ${reasonLabel(account.deactivate_reason, 'id')}.`),
      );
      assertNothingPersonal(res.html, leaver);
    });

    test('a grade-6 graduate shows the deadline to enrol at the next level', async () => {
      const graduate = await personal('pd-a-05');
      const account = await world.store.db
        .selectFrom('accounts')
        .select(['status', 'continuation_deadline'])
        .where('person_id', '=', 'pd-a-05')
        .executeTakeFirstOrThrow();
      assert.equal(account.status, 'active');
      assert.ok(account.continuation_deadline);
      const v = await visitor();
      const res = await v.ask({
        kind: 'pd',
        npsn: NPSN.sdA,
        nama: 'Siti Aminah 05',
        tanggal_lahir: graduate.tanggal_lahir,
      });
      assert.match(res.html, /<article class="card account" data-status="active">/);
      assert.match(res.html, /data-change="continuation"/);
      assert.ok(res.html.includes(`Batas waktu: ${formatDate(account.continuation_deadline, 'id')}.`));
    });
  });
}
