// Guards of DESIGN 2 "Safety" (fine print 7 and 9, issue 3) through real extract files and the real
// CLI, on every store dialect. Each scenario sizes its population so that only the guard it aims at
// can trip; the arithmetic is in the comments (limits: national 2 %, province 5 %, school 30 % from
// 20 accounts, seasonal 60 % of a school and 10 % nationally, rejected rows 1 % and at least 5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, type Dialect, skipReason } from '../support/stores.js';
import {
  AUGUST,
  accountOf,
  accountsOf,
  addressBook,
  addressOf,
  addSchool,
  assertHeldReport,
  assertPendingHold,
  BACKGROUND_ACCOUNTS,
  BIG,
  BIG_HELD,
  BIG_HELD_COUNTS,
  backgroundNpsn,
  backgroundPupil,
  CUT_PUPILS,
  country,
  DROPOUT,
  emptySchool,
  holdOf,
  holdsOf,
  inState,
  JULY,
  JUNE,
  KEPT_PUPIL,
  MOVER_IN,
  pupilId,
  RENAMED,
  type SchoolPlan,
  snapshotOf,
  TEACHER_OUT,
  TEACHER_OUT_TO,
  TRUNCATION_ACCOUNTS,
  TRUNCATION_APPLIED,
  truncationChanges,
  truncationWorld,
  writeTruncated,
} from './safety-support.js';
import { assertEvent, at, eventOf, M2, NPSN, withSession, world, worldAccounts } from './scenario-support.js';

/** A rename in provinsi 01 that no guard counts: the "rest" that must still apply. */
const RENAME_01 = backgroundPupil('01', 2, 3);

function scenarios(dialect: Dialect) {
  it('holds a school whose peserta_didik.csv rows were cut off half-way, with the transfers into and out of it, and applies the rest', () =>
    withSession(dialect, async (s) => {
      // Arithmetic in safety-support.ts ("The truncation world"): BIG 40 / 82 = 48.8 % > 30 %;
      // national 41 / 2 893 = 1.42 % and provinsi 01 40 / 1 293 = 3.09 % stay under their limits.
      const m1 = truncationWorld();
      const first = await s.applied(m1, { account_created: TRUNCATION_ACCOUNTS });
      const book = addressBook(first.events);
      const dir = await writeTruncated(s, truncationChanges(m1));

      // The plan names the hold it would make, counts what it would apply, and changes nothing.
      assertHeldReport(await s.sync(dir, '--plan'), {
        code: 0,
        status: 'planned',
        counts: TRUNCATION_APPLIED,
        held: [BIG_HELD],
        snapshot: snapshotOf(AUGUST),
      });
      assert.equal(await s.accountStatus(addressOf(book, DROPOUT)), 'active', 'a plan applies nothing');

      const report = assertHeldReport(await s.sync(dir), {
        code: 3,
        status: 'partly_held',
        counts: TRUNCATION_APPLIED,
        held: [BIG_HELD],
        snapshot: snapshotOf(AUGUST),
        rejectedRows: 0,
      });
      const evts = await s.events(report.run_id);
      assert.deepEqual(
        inState(evts, 'applied')
          .map((e) => `${e.type} ${e.person.id}`)
          .sort(),
        [`pd_deactivated ${DROPOUT}`, `profile_updated ${RENAMED}`],
      );
      const held = inState(evts, 'held');
      assert.equal(held.length, BIG_HELD.count, 'every event of the held school is held');
      for (const id of CUT_PUPILS) {
        assertEvent(eventOf(evts, id), { type: 'pd_deactivated', reason: 'absent', to: null });
      }
      const moverIn = eventOf(evts, MOVER_IN);
      assert.equal(
        moverIn.state,
        'held',
        `a transfer into a held school is held: ${JSON.stringify(moverIn)}`,
      );
      assertEvent(moverIn, {
        type: 'pd_transferred',
        from: at(addressOf(book, MOVER_IN), backgroundNpsn('01', 0)),
        to: at(addressOf(book, MOVER_IN), BIG),
      });
      const teacherOut = eventOf(evts, TEACHER_OUT);
      assert.equal(
        teacherOut.state,
        'held',
        `a transfer out of a held school is held: ${JSON.stringify(teacherOut)}`,
      );
      assertEvent(teacherOut, {
        type: 'ptk_transferred',
        sameJenjang: true,
        reason: 'mutasi',
        from: at(addressOf(book, TEACHER_OUT), BIG),
        to: at(addressOf(book, TEACHER_OUT), TEACHER_OUT_TO),
      });

      // The held school keeps its previous state; the rest changed.
      assert.equal(await s.accountStatus(addressOf(book, CUT_PUPILS[0]!)), 'active');
      assert.equal(await s.accountStatus(addressOf(book, KEPT_PUPIL)), 'active');
      assert.equal((await accountOf(s, addressOf(book, MOVER_IN))).npsn, backgroundNpsn('01', 0));
      assert.equal((await accountOf(s, addressOf(book, TEACHER_OUT))).npsn, BIG);
      assert.equal(await s.accountStatus(addressOf(book, DROPOUT)), 'deactivating');
      assert.equal((await accountOf(s, addressOf(book, RENAMED))).nama, 'Rahmat Hidayat');

      // `runs show` explains the hold: counts by event and reason, a sample of the people in it.
      const hold = holdOf(await holdsOf(s, report.run_id), BIG_HELD.scope);
      assertPendingHold(hold, 'threshold', BIG_HELD.count, BIG_HELD_COUNTS);
      assert.equal(hold.by_reason.absent, CUT_PUPILS.length, `by_reason: ${JSON.stringify(hold)}`);
      assert.equal(hold.by_reason.mutasi, 1, `by_reason: ${JSON.stringify(hold)}`);
      const heldPeople = new Set(held.map((e) => e.person.id));
      for (const one of hold.sample) {
        assert.ok(heldPeople.has(one.person_id), `sampled ${JSON.stringify(one)} is in the hold`);
        assert.ok(typeof one.address === 'string' && one.address.includes('@'), JSON.stringify(one));
        assert.ok(Object.keys(BIG_HELD_COUNTS).includes(one.type), JSON.stringify(one));
      }

      // Replaying the held run's extract is unchanged, and its hold stays pending (fine print 9).
      const replay = await s.sync(dir);
      assert.equal(replay.code, 0, `replay: ${JSON.stringify(replay.json)}`);
      assert.equal(replay.json?.status, 'unchanged');
      assert.equal(String(replay.json?.run_id), String(report.run_id));
      assert.equal(holdOf(await holdsOf(s, report.run_id), BIG_HELD.scope).status, 'pending');
    }));

  it('holds a province whose schools all vanished as provinsi:09 and applies the rest', () =>
    withSession(dialect, async (s) => {
      // Provinsi 09: two SD schools of 1 teacher + 11 pupils = 12 accounts each (under the 20-account
      // floor, so no school guard can trip there), 24 in all. National before: 2 800 + 24 = 2 824.
      // Both schools leave sekolah.csv with all their rows: 24 school_closed leavers →
      // national 24 / 2 824 = 0.85 % (≤ 2 %: the run is not held); provinsi 09: 24 / 24 = 100 % (> 5 %).
      const schools: SchoolPlan[] = ['40900001', '40900002'].map((npsn) => ({
        npsn,
        bentuk: 'SD',
        province: '09',
        pupils: [[3, 11]],
        teachers: 1,
      }));
      const m1 = country(JULY);
      for (const plan of schools) addSchool(m1, plan);
      const first = await s.applied(m1, { account_created: BACKGROUND_ACCOUNTS + 24 });
      const book = addressBook(first.events);

      const m2 = m1.clone(AUGUST).removeSchool('40900001').removeSchool('40900002');
      m2.updatePd(RENAME_01, { nama: 'Rahmat Hidayat' });
      const report = assertHeldReport(await s.sync(m2), {
        code: 3,
        status: 'partly_held',
        counts: { profile_updated: 1 },
        held: [{ scope: 'provinsi:09', reason: 'threshold', count: 24 }],
        snapshot: snapshotOf(AUGUST),
      });
      const hold = holdOf(await holdsOf(s, report.run_id), 'provinsi:09');
      assertPendingHold(hold, 'threshold', 24, { pd_deactivated: 22, ptk_deactivated: 2 });
      assert.equal(hold.by_reason.school_closed, 24, JSON.stringify(hold));
      assert.equal(await s.accountStatus(addressOf(book, pupilId('40900001', 0))), 'active');
      assert.equal(await s.accountStatus(addressOf(book, `PTK-40900002-0`)), 'active');
      const evts = await s.events(report.run_id);
      assert.equal(inState(evts, 'held').length, 24);
    }));

  it('applies a July in which every SMA and SMK graduates its final year, without a hold', () =>
    withSession(dialect, async (s) => {
      // Two SMA and two SMK in provinsi 01, each 1 teacher + 25 pupils in each of tingkat 10, 11 and
      // 12 = 76 accounts; 304 in all. Active before July: national 2 800 + 304 = 3 104, provinsi 01
      // 1 200 + 304 = 1 504. The 100 Lulus at tingkat 12 are seasonal leavers, judged only against
      // their own limits: 25 / 76 = 32.9 % of each school (≤ 60 %) and 100 / 3 104 = 3.2 % nationally
      // (≤ 10 %). Were they counted as ordinary leavers, every school (> 30 %), provinsi 01
      // (6.6 % > 5 %) and the run (3.2 % > 2 %) would be held: this population proves they are not.
      const plans: SchoolPlan[] = [
        ['40100011', 'SMA'],
        ['40100012', 'SMA'],
        ['40100013', 'SMK'],
        ['40100014', 'SMK'],
      ].map(([npsn, bentuk]) => ({
        npsn: npsn!,
        bentuk: bentuk!,
        province: '01',
        pupils: [
          [10, 25],
          [11, 25],
          [12, 25],
        ],
        teachers: 1,
      }));
      const m1 = country(JUNE);
      for (const plan of plans) addSchool(m1, plan);
      const first = await s.applied(m1, { account_created: BACKGROUND_ACCOUNTS + 4 * 76 });
      const book = addressBook(first.events);

      const m2 = m1.clone(JULY);
      for (const plan of plans) {
        for (let k = 50; k < 75; k++) {
          m2.updatePd(pupilId(plan.npsn, k), { jenisKeluar: 'Lulus', tanggalKeluar: '2024-06-20' });
        }
      }
      const { events } = await s.applied(m2, { pd_deactivated: 100 });
      assertEvent(eventOf(events, pupilId('40100013', 60)), {
        type: 'pd_deactivated',
        reason: 'lulus',
        to: null,
      });
      assert.equal(await s.accountStatus(addressOf(book, pupilId('40100011', 74))), 'deactivating');
      assert.equal(await s.accountStatus(addressOf(book, pupilId('40100011', 49))), 'active');
    }));

  it('holds a school where more than 60 % graduate at once (seasonal_threshold) and applies the ordinary graduation', () =>
    withSession(dialect, async (s) => {
      // SMA 40100011: 1 teacher + 25 pupils in each of tingkat 10, 11, 12 = 76 accounts, 25 graduate
      // (32.9 % ≤ 60 %). SMA 40100015: 1 teacher + 10 pupils in tingkat 11 + 20 in tingkat 12 = 31
      // accounts, 20 graduate: 64.5 % > 60 % → held. Nationally 45 / (2 800 + 107 = 2 907) = 1.5 %
      // of seasonal leavers (≤ 10 %).
      const normal: SchoolPlan = {
        npsn: '40100011',
        bentuk: 'SMA',
        province: '01',
        pupils: [
          [10, 25],
          [11, 25],
          [12, 25],
        ],
        teachers: 1,
      };
      const odd: SchoolPlan = {
        npsn: '40100015',
        bentuk: 'SMA',
        province: '01',
        pupils: [
          [11, 10],
          [12, 20],
        ],
        teachers: 1,
      };
      const m1 = addSchool(addSchool(country(JUNE), normal), odd);
      const first = await s.applied(m1, { account_created: BACKGROUND_ACCOUNTS + accountsOf(normal) + 31 });
      const book = addressBook(first.events);

      const m2 = m1.clone(JULY);
      const lulus = { jenisKeluar: 'Lulus', tanggalKeluar: '2024-06-20' };
      for (let k = 50; k < 75; k++) m2.updatePd(pupilId(normal.npsn, k), lulus);
      for (let k = 10; k < 30; k++) m2.updatePd(pupilId(odd.npsn, k), lulus);
      const report = assertHeldReport(await s.sync(m2), {
        code: 3,
        status: 'partly_held',
        counts: { pd_deactivated: 25 },
        held: [{ scope: `sekolah:${odd.npsn}`, reason: 'seasonal_threshold', count: 20 }],
        snapshot: snapshotOf(JULY),
      });
      assertPendingHold(
        holdOf(await holdsOf(s, report.run_id), `sekolah:${odd.npsn}`),
        'seasonal_threshold',
        20,
        {
          pd_deactivated: 20,
        },
      );
      assert.equal(await s.accountStatus(addressOf(book, pupilId(odd.npsn, 29))), 'active');
      assert.equal(await s.accountStatus(addressOf(book, pupilId(normal.npsn, 74))), 'deactivating');
    }));

  it('holds the whole run when more than 10 % of all accounts graduate at once', () =>
    withSession(dialect, async (s) => {
      // world(['smaE']): 150 bystander pupils + the SMA's resident teacher = 151 accounts, plus 20
      // SMA pupils in tingkat 12 = 171. All 20 graduate: 20 / 171 = 11.7 % > 10 % seasonal → the run
      // is held (smaller scopes are then not judged). No ordinary leaver at all.
      const m1 = world(['smaE']);
      for (let i = 0; i < 20; i++) {
        m1.pd({ pdId: `PD-G-${String(i).padStart(2, '0')}`, npsn: NPSN.smaE, tingkat: 12, nama: nameOf(i) });
      }
      await s.applied(m1, { account_created: worldAccounts(['smaE']) + 20 });
      const m2 = m1.clone(M2);
      for (let i = 0; i < 20; i++) {
        m2.updatePd(`PD-G-${String(i).padStart(2, '0')}`, {
          jenisKeluar: 'Lulus',
          tanggalKeluar: '2024-06-20',
        });
      }
      const report = assertHeldReport(await s.sync(m2), {
        code: 3,
        status: 'held',
        counts: {},
        held: [{ scope: 'run', reason: 'seasonal_threshold', count: 20 }],
      });
      assert.deepEqual(
        (await s.events(report.run_id)).filter((e) => e.state !== 'held'),
        [],
        'nothing of a held run is applied',
      );
    }));

  it('holds the whole run when more than 2 % of all accounts would leave', () =>
    withSession(dialect, async (s) => {
      // One background school of each province closes: 300 school_closed leavers out of 2 800 =
      // 10.7 % > 2 % → the run is held, with every event of the plan (300 + a rename = 301); the
      // provinces (100 / 1 200, 100 / 800 > 5 %) and schools are then not judged.
      const m1 = country(JULY);
      const first = await s.applied(m1, { account_created: BACKGROUND_ACCOUNTS });
      const book = addressBook(first.events);
      const m2 = m1.clone(AUGUST);
      for (const province of ['01', '02', '03']) m2.removeSchool(backgroundNpsn(province, 0));
      m2.updatePd(RENAME_01, { nama: 'Rahmat Hidayat' });
      const held = [{ scope: 'run', reason: 'threshold', count: 301 }];
      assertHeldReport(await s.sync(m2, '--plan'), { code: 0, status: 'planned', counts: {}, held });
      const report = assertHeldReport(await s.sync(m2), {
        code: 3,
        status: 'held',
        counts: {},
        held,
        snapshot: snapshotOf(AUGUST),
      });
      const evts = await s.events(report.run_id);
      assert.equal(inState(evts, 'held').length, 301);
      assert.equal(evts.length, 301);
      assert.equal(await s.accountStatus(addressOf(book, backgroundPupil('02', 0, 0))), 'active');
      assert.notEqual((await accountOf(s, addressOf(book, RENAME_01))).nama, 'Rahmat Hidayat');
    }));

  it('holds the whole run when 2 % of the rows of peserta_didik.csv are malformed, and applies nothing', () =>
    withSession(dialect, async (s) => {
      // peserta_didik.csv has 2 800 rows; every 50th is malformed (an impossible birth date or a
      // 5-digit NISN): 56 rows = 2 % > 1 % and ≥ 5 → the run is held (rejected_share) with the 2
      // events the valid rows plan (a drop-out and a rename), and nothing is applied.
      const m1 = country(JULY);
      const first = await s.applied(m1, { account_created: BACKGROUND_ACCOUNTS });
      const book = addressBook(first.events);
      const m2 = m1.clone(AUGUST);
      const malformed = m2.pdRows().filter((_, i) => i % 50 === 0);
      assert.equal(malformed.length, 56);
      malformed.forEach((row, i) => {
        m2.updatePd(row.pdId, i % 2 === 0 ? { tanggalLahir: '2014-02-30' } : { nisn: '12345' });
      });
      assert.ok(!malformed.some((r) => r.pdId === DROPOUT || r.pdId === RENAMED), 'fixture');
      m2.updatePd(DROPOUT, { jenisKeluar: 'Putus Sekolah', tanggalKeluar: '2024-08-01' });
      m2.updatePd(RENAMED, { nama: 'Rahmat Hidayat' });
      const report = assertHeldReport(await s.sync(m2), {
        code: 3,
        status: 'held',
        counts: {},
        held: [{ scope: 'run', reason: 'rejected_share', count: 2 }],
        rejectedRows: 56,
        snapshot: snapshotOf(AUGUST),
      });
      const evts = await s.events(report.run_id);
      assert.deepEqual(evts.map((e) => `${e.state} ${e.type} ${e.person.id}`).sort(), [
        `held pd_deactivated ${DROPOUT}`,
        `held profile_updated ${RENAMED}`,
      ]);
      assert.equal(await s.accountStatus(addressOf(book, DROPOUT)), 'active');
      assert.equal(await s.accountStatus(addressOf(book, malformed[0]!.pdId)), 'active');
      assert.notEqual((await accountOf(s, addressOf(book, RENAMED))).nama, 'Rahmat Hidayat');
    }));

  it('holds a school still in sekolah.csv that no row names any more (completeness)', () =>
    withSession(dialect, async (s) => {
      // CMP: 1 teacher + 10 pupils = 11 accounts, under the 20-account floor, so only completeness
      // can hold it. Its 11 leavers: national 11 / 2 811 = 0.39 %, provinsi 01 11 / 1 211 = 0.91 %.
      const cmp: SchoolPlan = {
        npsn: '40100002',
        bentuk: 'SD',
        province: '01',
        pupils: [[2, 10]],
        teachers: 1,
      };
      const m1 = addSchool(country(JULY), cmp);
      const first = await s.applied(m1, { account_created: BACKGROUND_ACCOUNTS + 11 });
      const book = addressBook(first.events);
      const m2 = emptySchool(m1.clone(AUGUST), cmp.npsn).updatePd(RENAME_01, { nama: 'Rahmat Hidayat' });
      assert.ok(
        m2.schools().some((x) => x.npsn === cmp.npsn),
        'fixture: the school stays in sekolah.csv',
      );
      const report = assertHeldReport(await s.sync(m2), {
        code: 3,
        status: 'partly_held',
        counts: { profile_updated: 1 },
        held: [{ scope: `sekolah:${cmp.npsn}`, reason: 'completeness', count: 11 }],
        snapshot: snapshotOf(AUGUST),
      });
      assertPendingHold(holdOf(await holdsOf(s, report.run_id), `sekolah:${cmp.npsn}`), 'completeness', 11, {
        pd_deactivated: 10,
        ptk_deactivated: 1,
      });
      assert.equal(await s.accountStatus(addressOf(book, pupilId(cmp.npsn, 0))), 'active');
    }));

  it('holds a school the source could not read (manifest failed_npsn) instead of judging its people absent', () =>
    withSession(dialect, async (s) => {
      // ERR: 1 teacher + 10 pupils = 11 accounts; month 2 lists it in failed_npsn and carries none of
      // its rows. It is held with reason source_error; its people stay active.
      const err: SchoolPlan = {
        npsn: '40100003',
        bentuk: 'SD',
        province: '01',
        pupils: [[2, 10]],
        teachers: 1,
      };
      const m1 = addSchool(country(JULY), err);
      const first = await s.applied(m1, { account_created: BACKGROUND_ACCOUNTS + 11 });
      const book = addressBook(first.events);
      const m2 = m1
        .clone({ ...AUGUST, failedNpsn: [err.npsn] })
        .removeSchool(err.npsn)
        .updatePd(RENAME_01, { nama: 'Rahmat Hidayat' });
      const report = assertHeldReport(await s.sync(m2), {
        code: 3,
        status: 'partly_held',
        counts: { profile_updated: 1 },
        held: [{ scope: `sekolah:${err.npsn}`, reason: 'source_error' }],
        snapshot: snapshotOf(AUGUST),
      });
      const errPeople = new Set([...m1.pdRows(), ...m1.ptkRows()].filter((r) => r.npsn === err.npsn));
      const applied = inState(await s.events(report.run_id), 'applied');
      for (const row of errPeople) {
        const id = 'pdId' in row ? row.pdId : row.ptkId;
        assert.deepEqual(
          applied.filter((e) => e.person.id === id),
          [],
          `nothing applied to ${id}`,
        );
      }
      assert.equal(await s.accountStatus(addressOf(book, pupilId(err.npsn, 0))), 'active');
      assert.equal(await s.accountStatus(addressOf(book, `PTK-${err.npsn}-0`)), 'active');
    }));
}

const GRADUATES = ['Ayu Lestari', 'Bagus Santoso', 'Citra Kirana', 'Dodi Saputra', 'Evi Susanti'];
function nameOf(i: number): string {
  return GRADUATES[i % GRADUATES.length]!;
}

for (const dialect of DIALECTS) {
  const skip = await skipReason(dialect);
  describe(`safety guards through the CLI on ${dialect}`, { skip }, () => scenarios(dialect));
}
