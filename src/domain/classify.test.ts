import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  account,
  classify,
  context,
  DELETE_ON,
  deactivatingFields,
  ended,
  eventSummary,
  known,
  NPSN,
  onlyEvent,
  pdRow,
  ptkRow,
  pupilAccount,
  SUSPEND_ON,
  subjectOf,
  TAKEN_AT,
  targetOf,
} from './classify-builders.js';

const GURU_SD = 'siti.rahayu10@guru.sd.belajar.id';
const GURU_SMP = 'siti.rahayu10@guru.smp.belajar.id';
const SISWA_SD = 'budi.santoso10@sd.belajar.id';

const guruSd = { address: GURU_SD, jenjang: 'sd', role: 'guru', npsn: NPSN.sdA } as const;
const smpAccount = () => account({ id: 2, jenjang: 'smp', npsn: NPSN.smpA, primaryAddress: GURU_SMP });
const smpRow = () => ptkRow({ rowId: 'ptr-2', npsn: NPSN.smpA, ptkInduk: false });
const nonNational = () => context({ national: false });

describe('classifyPerson: first sight', () => {
  test('a teacher seen for the first time gets a guru account at their school', () => {
    const plan = classify({ newRows: [ptkRow()] });
    const event = onlyEvent(plan);
    assert.deepEqual(eventSummary(event), {
      type: 'account_created',
      reason: null,
      sameJenjang: null,
      from: null,
      to: { address: '', jenjang: 'sd', role: 'guru', npsn: NPSN.sdA },
      leaver: false,
      seasonal: false,
    });
    const created = targetOf(plan, event);
    assert.equal(event.subject, event.toChange);
    assert.equal(created.previous, null);
    assert.deepEqual(created.addressNeed, { kind: 'new', domain: 'guru.sd.belajar.id', base: 'siti.rahayu' });
    assert.equal(created.account.status, 'active');
    assert.equal(created.account.personId, 'ptk-1');
    assert.equal(created.account.personKind, 'ptk');
    assert.equal(created.account.statusSince, TAKEN_AT);
    assert.equal(created.account.suspendOn, null);
    assert.equal(plan.rowsChanged, true);
  });

  test('a Kepala Sekolah seen for the first time gets an admin account', () => {
    const plan = classify({ newRows: [ptkRow({ jenisPtk: 'Kepala Sekolah', npsn: NPSN.smpA })] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'account_created');
    assert.deepEqual(event.to, { address: '', jenjang: 'smp', role: 'admin', npsn: NPSN.smpA });
    assert.deepEqual(targetOf(plan, event).addressNeed, {
      kind: 'new',
      domain: 'admin.smp.belajar.id',
      base: 'siti.rahayu',
    });
  });

  test('a pupil seen for the first time gets a siswa account in the jenjang domain', () => {
    const plan = classify({ newRows: [pdRow()] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'account_created');
    assert.deepEqual(event.to, { address: '', jenjang: 'sd', role: 'siswa', npsn: NPSN.sdA });
    const created = targetOf(plan, event);
    assert.deepEqual(created.addressNeed, { kind: 'new', domain: 'sd.belajar.id', base: 'budi.santoso' });
    assert.equal(created.account.personKind, 'pd');
    assert.equal(plan.profile.nisn, '0012345678');
  });

  test('a PAUD teacher gets a guru.paud account', () => {
    const plan = classify({ newRows: [ptkRow({ npsn: NPSN.tk })] });
    assert.deepEqual(targetOf(plan, onlyEvent(plan)).addressNeed, {
      kind: 'new',
      domain: 'guru.paud.belajar.id',
      base: 'siti.rahayu',
    });
  });

  test('a PAUD pupil gets no account', () => {
    const plan = classify({ newRows: [pdRow({ npsn: NPSN.tk, tingkat: 0 })] });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.events, []);
    assert.equal(plan.rowsChanged, true);
  });

  test('a Penjaga Sekolah gets no account and is not counted as an unknown jenis_ptk', () => {
    const plan = classify({ newRows: [ptkRow({ jenisPtk: 'Penjaga Sekolah' })] });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.events, []);
    assert.equal(plan.unknownJenisPtk, 0);
  });

  test('an unknown jenis_ptk gets no account and is counted', () => {
    const plan = classify({ newRows: [ptkRow({ jenisPtk: 'Instruktur Kursus' })] });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.events, []);
    assert.equal(plan.unknownJenisPtk, 1);
  });

  test('jenis_ptk matches case- and space-insensitively', () => {
    const plan = classify({ newRows: [ptkRow({ jenisPtk: '  guru   MAPEL ' })] });
    assert.equal(onlyEvent(plan).to?.role, 'guru');
    assert.equal(plan.unknownJenisPtk, 0);
  });

  test('a person at a school with an unknown bentuk_pendidikan gets no account and is counted', () => {
    const plan = classify({ newRows: [ptkRow({ npsn: NPSN.mi })] });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.events, []);
    assert.equal(plan.unknownBentuk, 1);
  });

  test('a person first seen with only ended rows gets no account', () => {
    const plan = classify({ newRows: [ended(ptkRow(), 'Pensiun')] });
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.events, []);
  });

  test('a teacher in an SD and an SMP gets an account in each jenjang', () => {
    const plan = classify({ newRows: [ptkRow(), smpRow()] });
    assert.deepEqual(
      plan.events.map((e) => [e.type, e.to?.jenjang, e.to?.npsn]),
      [
        ['account_created', 'sd', NPSN.sdA],
        ['account_created', 'smp', NPSN.smpA],
      ],
    );
    assert.deepEqual(
      plan.events.map((e) => targetOf(plan, e).addressNeed?.domain),
      ['guru.sd.belajar.id', 'guru.smp.belajar.id'],
    );
  });
});

describe('classifyPerson: which role and which school', () => {
  test('admin wins over guru in one jenjang and the school comes from the admin row', () => {
    const guru = ptkRow({ rowId: 'ptr-1', npsn: NPSN.sdA, ptkInduk: true });
    const kepala = ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB, ptkInduk: false, jenisPtk: 'Kepala Sekolah' });
    const plan = classify({ newRows: [guru, kepala] });
    assert.deepEqual(onlyEvent(plan).to, { address: '', jenjang: 'sd', role: 'admin', npsn: NPSN.sdB });
  });

  test('the home school (ptk_induk) picks the school between two guru rows', () => {
    const plan = classify({
      newRows: [
        ptkRow({ rowId: 'ptr-1', npsn: NPSN.sdA, ptkInduk: false }),
        ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB, ptkInduk: true }),
      ],
    });
    assert.equal(onlyEvent(plan).to?.npsn, NPSN.sdB);
  });

  test('the lowest NPSN picks the school when no row is the home school', () => {
    const plan = classify({
      newRows: [
        ptkRow({ rowId: 'ptr-1', npsn: NPSN.sdB, ptkInduk: false }),
        ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdA, ptkInduk: false }),
      ],
    });
    assert.equal(onlyEvent(plan).to?.npsn, NPSN.sdA);
  });

  test('a pupil with two registrations in one jenjang belongs to the lowest NPSN', () => {
    const plan = classify({
      newRows: [pdRow({ rowId: 'reg-1', npsn: NPSN.sdB }), pdRow({ rowId: 'reg-2', npsn: NPSN.sdA })],
    });
    assert.equal(onlyEvent(plan).to?.npsn, NPSN.sdA);
  });

  test('profile fields come from the row that gives the account', () => {
    const guru = ptkRow({ rowId: 'ptr-1', email: 'lama@example.id' });
    const kepala = ptkRow({
      rowId: 'ptr-2',
      npsn: NPSN.sdB,
      jenisPtk: 'Kepala Sekolah',
      email: 'kepsek@example.id',
    });
    const plan = classify({ newRows: [guru, kepala] });
    assert.equal(plan.profile.email, 'kepsek@example.id');
  });
});

describe('classifyPerson: a PTK who changes role or school', () => {
  test('a guru appointed Kepala Sekolah at the same school is ptk_role_changed to an admin address', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ptkRow({ jenisPtk: 'Kepala Sekolah' })] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_role_changed');
    assert.equal(event.reason, null);
    assert.equal(event.leaver, false);
    assert.deepEqual(event.from, guruSd);
    assert.deepEqual({ ...event.to, address: undefined }, { ...guruSd, role: 'admin', address: undefined });
    const change = subjectOf(plan, event);
    assert.equal(event.toChange, event.subject);
    assert.equal(change.previous?.id, 1);
    assert.deepEqual(change.addressNeed, {
      kind: 'role_change',
      domain: 'admin.sd.belajar.id',
      current: GURU_SD,
    });
    assert.equal(change.account.role, 'admin');
    assert.equal(change.account.status, 'active');
  });

  test('a Kepala Sekolah who goes back to teaching is ptk_role_changed to a guru address', () => {
    const admin = account({ role: 'admin', primaryAddress: 'siti.rahayu10@admin.sd.belajar.id' });
    const prev = known([ptkRow({ jenisPtk: 'Kepala Sekolah' })], [admin]);
    const plan = classify({ prev, newRows: [ptkRow()] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_role_changed');
    assert.deepEqual(subjectOf(plan, event).addressNeed, {
      kind: 'role_change',
      domain: 'guru.sd.belajar.id',
      current: 'siti.rahayu10@admin.sd.belajar.id',
    });
  });

  test('a mutasi inside the jenjang is ptk_transferred with the address kept', () => {
    const prev = known([ptkRow()], [account()]);
    const newRows = [ended(ptkRow(), 'Mutasi'), ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB })];
    const plan = classify({ prev, newRows });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_transferred');
    assert.equal(event.sameJenjang, true);
    assert.equal(event.leaver, false);
    assert.deepEqual(event.from, guruSd);
    assert.deepEqual(event.to, { ...guruSd, npsn: NPSN.sdB });
    const change = subjectOf(plan, event);
    assert.equal(change.addressNeed, null);
    assert.equal(event.toChange, null);
    assert.equal(change.account.npsn, NPSN.sdB);
    assert.equal(change.account.primaryAddress, GURU_SD);
    assert.equal(change.account.status, 'active');
    assert.deepEqual([...event.schools].sort(), [NPSN.sdA, NPSN.sdB]);
  });

  test('a transfer that also changes the role is one ptk_transferred needing a role-change address', () => {
    const prev = known([ptkRow()], [account()]);
    const kepala = ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB, jenisPtk: 'Kepala Sekolah' });
    const plan = classify({ prev, newRows: [ended(ptkRow(), 'Mutasi'), kepala] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_transferred');
    assert.equal(event.sameJenjang, true);
    assert.equal(event.to?.role, 'admin');
    assert.equal(event.to?.npsn, NPSN.sdB);
    assert.equal(event.toChange, event.subject);
    assert.deepEqual(subjectOf(plan, event).addressNeed, {
      kind: 'role_change',
      domain: 'admin.sd.belajar.id',
      current: GURU_SD,
    });
  });

  test('a mutasi to another jenjang is one ptk_transferred: the old account deactivates, a new one is made', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ended(ptkRow(), 'Mutasi'), smpRow()] });
    const event = onlyEvent(plan);
    assert.deepEqual(eventSummary(event), {
      type: 'ptk_transferred',
      reason: 'mutasi',
      sameJenjang: false,
      from: guruSd,
      to: { address: '', jenjang: 'smp', role: 'guru', npsn: NPSN.smpA },
      leaver: false,
      seasonal: false,
    });
    const old = subjectOf(plan, event);
    assert.equal(old.previous?.id, 1);
    assert.equal(old.addressNeed, null);
    assert.equal(old.account.status, 'deactivating');
    assert.equal(old.account.statusSince, TAKEN_AT);
    assert.equal(old.account.suspendOn, SUSPEND_ON);
    assert.equal(old.account.deleteOn, DELETE_ON);
    const fresh = targetOf(plan, event);
    assert.notEqual(event.toChange, event.subject);
    assert.equal(fresh.previous, null);
    assert.equal(fresh.account.status, 'active');
    assert.equal(fresh.account.jenjang, 'smp');
    assert.deepEqual(fresh.addressNeed, { kind: 'new', domain: 'guru.smp.belajar.id', base: 'siti.rahayu' });
    assert.deepEqual([...event.schools].sort(), [NPSN.sdA, NPSN.smpA]);
  });

  test('a move to another jenjang without a jenis_keluar on the ended row carries no reason', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [smpRow()] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_transferred');
    assert.equal(event.sameJenjang, false);
    assert.equal(event.reason, null);
  });

  test('a teacher who leaves one of two jenjang is deactivated in that jenjang only', () => {
    const prev = known([ptkRow(), smpRow()], [account(), smpAccount()]);
    const plan = classify({ prev, newRows: [ptkRow(), ended(smpRow(), 'Mengundurkan diri')] });
    const event = onlyEvent(plan);
    assert.deepEqual(eventSummary(event), {
      type: 'ptk_deactivated',
      reason: 'mengundurkan_diri',
      sameJenjang: null,
      from: { address: GURU_SMP, jenjang: 'smp', role: 'guru', npsn: NPSN.smpA },
      to: null,
      leaver: true,
      seasonal: false,
    });
    assert.equal(subjectOf(plan, event).previous?.id, 2);
    assert.equal(subjectOf(plan, event).account.status, 'deactivating');
    assert.ok(!plan.changes.some((c) => c.previous?.id === 1), 'the SD account is untouched');
  });

  test('a retired teacher’s account goes deactivating with the notice schedule', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ended(ptkRow(), 'Pensiun')] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_deactivated');
    assert.equal(event.reason, 'pensiun');
    assert.equal(event.leaver, true);
    assert.equal(event.evidence.rows[0]?.jenis_keluar, 'Pensiun');
    const change = subjectOf(plan, event);
    assert.equal(change.addressNeed, null);
    assert.deepEqual(change.account, {
      ...account(),
      status: 'deactivating',
      statusSince: TAKEN_AT,
      deactivateReason: 'pensiun',
      suspendOn: SUSPEND_ON,
      deleteOn: DELETE_ON,
    });
  });

  test('an existing account stays untouched when the row’s jenis_ptk becomes unknown', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ptkRow({ jenisPtk: 'Instruktur Kursus' })] });
    assert.deepEqual(plan.events, []);
    assert.deepEqual(plan.changes, []);
    assert.equal(plan.unknownJenisPtk, 1);
  });

  test('an existing account at a school whose bentuk_pendidikan is unknown stays untouched', () => {
    const prev = known([ptkRow({ npsn: NPSN.mi })], [account({ npsn: NPSN.mi })]);
    const plan = classify({ prev, newRows: [ptkRow({ npsn: NPSN.mi, nama: 'Siti Rahayu Putri, S.Pd.' })] });
    assert.deepEqual(plan.events, []);
    assert.deepEqual(plan.changes, []);
    assert.equal(plan.unknownBentuk, 1);
  });

  test('an existing account at a school with an unknown bentuk_pendidikan stays as it is when its row ends', () => {
    // DESIGN fine print 2: "An unknown bentuk_pendidikan keeps the school: its people get no new
    // account, existing accounts stay as they are".
    const prev = known([ptkRow({ npsn: NPSN.mi })], [account({ npsn: NPSN.mi })]);
    const plan = classify({ prev, newRows: [ended(ptkRow({ npsn: NPSN.mi }), 'Pensiun')] });
    assert.deepEqual(
      plan.events.map((e) => [e.type, e.reason]),
      [],
    );
    assert.deepEqual(plan.changes, []);
  });
});

describe('classifyPerson: reasons and their precedence', () => {
  const twoSd = () => [ptkRow(), ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB, ptkInduk: false })];
  const reasonOf = (plan: ReturnType<typeof classify>) => {
    const event = onlyEvent(plan);
    assert.equal(event.leaver, true);
    return [event.type, event.reason];
  };

  test('meninggal beats pensiun even when pensiun is later', () => {
    const [a, b] = twoSd() as [ReturnType<typeof ptkRow>, ReturnType<typeof ptkRow>];
    const prev = known([a, b], [account()]);
    const plan = classify({
      prev,
      newRows: [ended(a, 'Pensiun', '2024-07-01'), ended(b, 'Meninggal', '2024-06-01')],
    });
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'meninggal']);
  });

  test('among other jenis_keluar the latest tanggal_keluar wins', () => {
    const [a, b] = twoSd() as [ReturnType<typeof ptkRow>, ReturnType<typeof ptkRow>];
    const prev = known([a, b], [account()]);
    const first = classify({
      prev,
      newRows: [ended(a, 'Pensiun', '2024-05-01'), ended(b, 'Mengundurkan diri', '2024-06-01')],
    });
    assert.deepEqual(reasonOf(first), ['ptk_deactivated', 'mengundurkan_diri']);
    const second = classify({
      prev,
      newRows: [ended(a, 'Pensiun', '2024-06-01'), ended(b, 'Mengundurkan diri', '2024-05-01')],
    });
    assert.deepEqual(reasonOf(second), ['ptk_deactivated', 'pensiun']);
  });

  test('a jenis_keluar beats no_account_role', () => {
    const prev = known([ptkRow()], [account()]);
    const penjaga = ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB, jenisPtk: 'Penjaga Sekolah' });
    const plan = classify({ prev, newRows: [ended(ptkRow(), 'Pensiun'), penjaga] });
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'pensiun']);
  });

  test('a teacher who becomes Penjaga Sekolah is deactivated for no_account_role', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ptkRow({ jenisPtk: 'Penjaga Sekolah' })] });
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'no_account_role']);
  });

  test('no_account_role beats school_closed', () => {
    const prev = known([ptkRow()], [account()]);
    const kebun = ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB, jenisPtk: 'Tukang Kebun' });
    const plan = classify({ prev, newRows: [kebun] }, context({ closed: [NPSN.sdA] }));
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'no_account_role']);
  });

  test('a school gone from sekolah.csv with none of its rows left is school_closed', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [] }, context({ closed: [NPSN.sdA] }));
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'school_closed']);
  });

  test('school_closed beats absent', () => {
    const prev = known(twoSd(), [account({ npsn: NPSN.sdB })]);
    const plan = classify({ prev, newRows: [] }, context({ closed: [NPSN.sdA] }));
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'school_closed']);
  });

  test('a person simply gone from an in-scope school is absent', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [] });
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'absent']);
    assert.equal(plan.rowsChanged, true);
    assert.deepEqual(plan.rows, []);
  });

  test('a mutasi out of the system under a national extract is ptk_deactivated for mutasi', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ended(ptkRow(), 'Mutasi')] });
    assert.deepEqual(reasonOf(plan), ['ptk_deactivated', 'mutasi']);
  });

  test('a jenis_keluar is reported in snake case', () => {
    const row = pdRow({ npsn: NPSN.smpA, tingkat: 8 });
    const prev = known([row], [pupilAccount({ jenjang: 'smp', npsn: NPSN.smpA })]);
    const plan = classify({ prev, newRows: [ended(row, 'Putus Sekolah')] });
    assert.deepEqual(reasonOf(plan), ['pd_deactivated', 'putus_sekolah']);
  });
});

describe('classifyPerson: pupils who finish a level', () => {
  const sixth = () => pdRow({ tingkat: 6 });
  const marked = () => pupilAccount({ continuationDeadline: '2024-10-18' });
  const afterLulus = () => known([ended(sixth(), 'Lulus', '2024-06-20')], [marked()]);
  const smpReg = () => pdRow({ rowId: 'reg-2', npsn: NPSN.smpA, tingkat: 7 });

  test('Lulus at tingkat 6 is pd_continuation_pending with a deadline 120 days after tanggal_keluar', () => {
    const prev = known([sixth()], [pupilAccount()]);
    const plan = classify({ prev, newRows: [ended(sixth(), 'Lulus', '2024-06-20')] });
    const event = onlyEvent(plan);
    const ref = { address: SISWA_SD, jenjang: 'sd', role: 'siswa', npsn: NPSN.sdA };
    assert.deepEqual(eventSummary(event), {
      type: 'pd_continuation_pending',
      reason: 'lulus',
      sameJenjang: null,
      from: ref,
      to: ref,
      leaver: false,
      seasonal: false,
    });
    const change = subjectOf(plan, event);
    assert.equal(change.account.status, 'active');
    assert.equal(change.account.continuationDeadline, '2024-10-18');
    assert.equal(change.account.suspendOn, null);
    assert.equal(change.addressNeed, null);
  });

  test('the continuation deadline counts from taken_at when tanggal_keluar is empty', () => {
    const prev = known([sixth()], [pupilAccount()]);
    const plan = classify({ prev, newRows: [ended(sixth(), 'Lulus', '')] });
    assert.equal(subjectOf(plan, onlyEvent(plan)).account.continuationDeadline, '2024-11-12');
  });

  test('Lulus at tingkat 9 also opens a continuation window', () => {
    const row = pdRow({ npsn: NPSN.smpA, tingkat: 9 });
    const prev = known([row], [pupilAccount({ jenjang: 'smp', npsn: NPSN.smpA })]);
    const plan = classify({ prev, newRows: [ended(row, 'Lulus', '2024-06-20')] });
    assert.equal(onlyEvent(plan).type, 'pd_continuation_pending');
  });

  for (const national of [true, false]) {
    test(`absence inside the window is not absent (national ${national})`, () => {
      const plan = classify({ prev: afterLulus(), newRows: [] }, context({ national }));
      assert.deepEqual(plan.events, []);
      assert.deepEqual(plan.changes, []);
    });
  }

  test('a registration at an SMP inside the window is pd_level_changed', () => {
    const plan = classify({ prev: afterLulus(), newRows: [smpReg()] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'pd_level_changed');
    assert.equal(event.leaver, false);
    assert.deepEqual(event.from, { address: SISWA_SD, jenjang: 'sd', role: 'siswa', npsn: NPSN.sdA });
    assert.deepEqual(event.to, { address: '', jenjang: 'smp', role: 'siswa', npsn: NPSN.smpA });
    const old = subjectOf(plan, event);
    assert.equal(old.previous?.id, 11);
    assert.equal(old.account.status, 'deactivating');
    assert.equal(old.account.suspendOn, SUSPEND_ON);
    assert.equal(old.account.continuationDeadline, null);
    assert.deepEqual(targetOf(plan, event).addressNeed, {
      kind: 'new',
      domain: 'smp.belajar.id',
      base: 'budi.santoso',
    });
  });

  test('Lulus at tingkat 6 with an SMP registration in the same extract is pd_level_changed for lulus', () => {
    const prev = known([sixth()], [pupilAccount()]);
    const plan = classify({ prev, newRows: [ended(sixth(), 'Lulus', '2024-06-20'), smpReg()] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'pd_level_changed');
    assert.equal(event.reason, 'lulus');
  });

  test('a marked pupil who reappears in the same jenjang at another school is pd_transferred and unmarked', () => {
    const plan = classify({
      prev: afterLulus(),
      newRows: [pdRow({ rowId: 'reg-2', npsn: NPSN.sdB, tingkat: 6 })],
    });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'pd_transferred');
    assert.deepEqual(event.to, { address: SISWA_SD, jenjang: 'sd', role: 'siswa', npsn: NPSN.sdB });
    const change = subjectOf(plan, event);
    assert.equal(change.account.continuationDeadline, null);
    assert.equal(change.account.status, 'active');
    assert.equal(change.addressNeed, null);
  });

  test('a marked pupil who reappears at the same school just loses the mark', () => {
    const plan = classify({ prev: afterLulus(), newRows: [sixth()] });
    assert.deepEqual(plan.events, []);
    assert.equal(plan.changes.length, 1);
    assert.equal(plan.changes[0]?.previous?.id, 11);
    assert.equal(plan.changes[0]?.account.continuationDeadline, null);
    assert.equal(plan.changes[0]?.account.status, 'active');
  });

  test('a sync after the window has ended does not call the pupil absent: the window ends as lulus', () => {
    // DESIGN 2, pd_continuation_pending: "… else `tick` makes it `pd_deactivated` (`lulus`)", and
    // "Time-driven moves happen in `tick`, never in the middle of an import."
    for (const national of [true, false]) {
      const plan = classify(
        { prev: afterLulus(), newRows: [] },
        context({ takenAt: '2024-10-20', national }),
      );
      const decided = plan.events.map((e) => [e.type, e.reason]);
      assert.ok(
        decided.length === 0 || (decided.length === 1 && decided[0]?.[1] === 'lulus'),
        `national ${national}: ${JSON.stringify(decided)}`,
      );
      assert.ok(
        plan.changes.every((c) => c.account.waitingReason !== 'absent'),
        `national ${national}: the ended window starts an absent wait`,
      );
    }
  });

  for (const [bentuk, npsn, tingkat, jenjang] of [
    ['SMA', NPSN.sma, 12, 'sma'],
    ['SMK', NPSN.smk, 13, 'smk'],
  ] as const) {
    test(`Lulus at tingkat ${tingkat} of an ${bentuk} is a seasonal pd_deactivated for lulus`, () => {
      const row = pdRow({ npsn, tingkat });
      const prev = known(
        [row],
        [pupilAccount({ jenjang, npsn, primaryAddress: `budi.santoso10@${jenjang}.belajar.id` })],
      );
      const plan = classify({ prev, newRows: [ended(row, 'Lulus', '2024-06-20')] });
      const event = onlyEvent(plan);
      assert.deepEqual(
        [event.type, event.reason, event.leaver, event.seasonal, event.to],
        ['pd_deactivated', 'lulus', true, true, null],
      );
      assert.equal(subjectOf(plan, event).account.status, 'deactivating');
      assert.equal(subjectOf(plan, event).account.suspendOn, SUSPEND_ON);
    });
  }

  test('Lulus at tingkat 8 is an ordinary pd_deactivated for lulus', () => {
    const row = pdRow({ npsn: NPSN.smpA, tingkat: 8 });
    const prev = known([row], [pupilAccount({ jenjang: 'smp', npsn: NPSN.smpA })]);
    const event = onlyEvent(classify({ prev, newRows: [ended(row, 'Lulus', '2024-06-20')] }));
    assert.deepEqual(
      [event.type, event.reason, event.leaver, event.seasonal],
      ['pd_deactivated', 'lulus', true, false],
    );
  });

  test('a pupil who moves school inside the jenjang is pd_transferred with the address kept', () => {
    const prev = known([pdRow()], [pupilAccount()]);
    const plan = classify({
      prev,
      newRows: [ended(pdRow(), 'Mutasi'), pdRow({ rowId: 'reg-2', npsn: NPSN.sdB })],
    });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'pd_transferred');
    assert.equal(event.leaver, false);
    assert.deepEqual(event.from, { address: SISWA_SD, jenjang: 'sd', role: 'siswa', npsn: NPSN.sdA });
    assert.deepEqual(event.to, { address: SISWA_SD, jenjang: 'sd', role: 'siswa', npsn: NPSN.sdB });
    assert.equal(subjectOf(plan, event).addressNeed, null);
  });
});

describe('classifyPerson: accounts already on their way out', () => {
  for (const status of ['deactivating', 'suspended'] as const) {
    test(`a ${status} account whose person is active again is account_reactivated with its schedule cleared`, () => {
      const gone = account({ ...deactivatingFields(), status });
      const plan = classify({ prev: known([], [gone]), newRows: [ptkRow()] });
      const event = onlyEvent(plan);
      assert.deepEqual(eventSummary(event), {
        type: 'account_reactivated',
        reason: null,
        sameJenjang: null,
        from: guruSd,
        to: guruSd,
        leaver: false,
        seasonal: false,
      });
      const change = subjectOf(plan, event);
      assert.equal(change.addressNeed, null);
      assert.deepEqual(change.account, { ...account(), statusSince: TAKEN_AT });
    });
  }

  test('a deactivating account reactivates at another school in the same jenjang', () => {
    const gone = account(deactivatingFields());
    const plan = classify({ prev: known([], [gone]), newRows: [ptkRow({ npsn: NPSN.sdB })] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'account_reactivated');
    assert.equal(event.to?.npsn, NPSN.sdB);
    assert.equal(subjectOf(plan, event).account.status, 'active');
  });

  test('a deactivating account is not lost again while its person stays away', () => {
    const prev = known([ended(ptkRow(), 'Pensiun')], [account(deactivatingFields('pensiun'))]);
    const plan = classify({ prev, newRows: [] });
    assert.equal(plan.rowsChanged, true);
    assert.deepEqual(plan.events, []);
    assert.deepEqual(plan.changes, []);
  });

  test('a deactivating account does not pair into a move: the new jenjang is account_created', () => {
    const prev = known([], [account(deactivatingFields())]);
    const plan = classify({ prev, newRows: [smpRow()] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'account_created');
    assert.equal(event.to?.jenjang, 'smp');
    assert.ok(!plan.changes.some((c) => c.previous?.id === 1));
  });
});

describe('classifyPerson: profile changes', () => {
  test('a name change is profile_updated and keeps the address', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ptkRow({ nama: 'Siti Rahayu Putri, S.Pd.' })] });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'profile_updated');
    assert.deepEqual(event.from, guruSd);
    assert.deepEqual(event.to, guruSd);
    const change = subjectOf(plan, event);
    assert.equal(change.addressNeed, null);
    assert.equal(change.account.nama, 'Siti Rahayu Putri, S.Pd.');
    assert.equal(change.account.primaryAddress, GURU_SD);
    assert.equal(plan.profile.nama, 'Siti Rahayu Putri, S.Pd.');
  });

  for (const [field, value] of [
    ['nik', '3201014101800009'],
    ['tanggalLahir', '1980-02-01'],
    ['email', 'siti.baru@example.id'],
  ] as const) {
    test(`a changed ${field} is profile_updated`, () => {
      const prev = known([ptkRow()], [account()]);
      const plan = classify({ prev, newRows: [ptkRow({ [field]: value })] });
      assert.equal(onlyEvent(plan).type, 'profile_updated');
      assert.equal(plan.profile[field], value);
    });
  }

  test('a change to a field outside the profile is no event', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [ptkRow({ nip: '198001012005012001' })] });
    assert.equal(plan.rowsChanged, true);
    assert.deepEqual(plan.events, []);
  });

  test('a name change alongside a transfer is folded into the one ptk_transferred', () => {
    const prev = known([ptkRow()], [account()]);
    const nama = 'Siti Rahayu Putri, S.Pd.';
    const plan = classify({
      prev,
      newRows: [ended(ptkRow(), 'Mutasi'), ptkRow({ rowId: 'ptr-2', npsn: NPSN.sdB, nama })],
    });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_transferred');
    assert.equal(event.evidence.facts.previous_nama, 'Siti Rahayu, S.Pd.');
    assert.equal(subjectOf(plan, event).account.nama, nama);
    assert.equal(subjectOf(plan, event).addressNeed, null);
  });

  test('a teacher whose two jenjang rows carry different emails gets no profile_updated when neither changes', () => {
    // DESIGN 2: profile_updated is for "name, birth date, NIK or personal email changed".
    const sd = ptkRow({ email: 'siti@sd.example.id' });
    const smp = ptkRow({ rowId: 'ptr-2', npsn: NPSN.smpA, ptkInduk: false, email: 'siti@smp.example.id' });
    const prev = known([sd, smp], [account(), smpAccount()]);
    const plan = classify({ prev, newRows: [{ ...sd, nip: '198001012005012001' }, smp] });
    assert.deepEqual(
      plan.events.map((e) => `${e.type} ${e.from?.jenjang}`),
      [],
    );
  });
});

describe('classifyPerson: unchanged, rejected and out-of-scope rows', () => {
  test('unchanged rows give no change and no event', () => {
    const prev = known([ptkRow(), smpRow()], [account(), smpAccount()]);
    const plan = classify({ prev, newRows: [smpRow(), ptkRow()] });
    assert.equal(plan.rowsChanged, false);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.events, []);
  });

  test('a rejected row carries its previous version forward and its person does not look absent', () => {
    const prev = known([ptkRow()], [account()]);
    const plan = classify({ prev, newRows: [], hasRejects: true });
    assert.deepEqual(plan.rows, [ptkRow()]);
    assert.equal(plan.rowsChanged, false);
    assert.deepEqual(plan.events, []);
    assert.deepEqual(plan.changes, []);
  });

  test('a rejected row protects its own account, not the person’s other exits', () => {
    const prev = known([ptkRow(), smpRow()], [account(), smpAccount()]);
    const plan = classify({ prev, newRows: [ended(ptkRow(), 'Pensiun')], hasRejects: true });
    const event = onlyEvent(plan);
    assert.deepEqual([event.type, event.reason, event.from?.jenjang], ['ptk_deactivated', 'pensiun', 'sd']);
    assert.deepEqual(
      plan.rows.map((r) => r.rowId),
      ['ptr-1', 'ptr-2'],
    );
  });

  test('rows at out-of-scope schools are carried forward and their accounts untouched', () => {
    const prev = known([ptkRow(), smpRow()], [account(), smpAccount()]);
    const ctx = context({ national: false, outOfScope: [NPSN.smpA] });
    const stale = ended(smpRow(), 'Pensiun');
    const plan = classify({ prev, newRows: [ptkRow(), stale] }, ctx);
    assert.deepEqual(plan.rows, [ptkRow(), smpRow()]);
    assert.equal(plan.rowsChanged, false);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.events, []);
    const absent = classify({ prev, newRows: [ptkRow()] }, ctx);
    assert.deepEqual(absent.rows, [ptkRow(), smpRow()]);
    assert.deepEqual(absent.events, []);
    assert.deepEqual(absent.changes, []);
  });
});

describe('classifyPerson: exits that wait under a non-national scope', () => {
  const waiting = (since: string, reason = 'absent') =>
    account({ waitingSince: since, waitingReason: reason });

  test('an absent person starts the wait: no event, the account is marked with taken_at', () => {
    const plan = classify({ prev: known([ptkRow()], [account()]), newRows: [] }, nonNational());
    assert.deepEqual(plan.events, []);
    assert.equal(plan.changes.length, 1);
    const change = plan.changes[0]!;
    assert.equal(change.previous?.id, 1);
    assert.equal(change.account.waitingSince, TAKEN_AT);
    assert.equal(change.account.status, 'active');
    assert.equal(change.account.suspendOn, null);
    assert.equal(change.addressNeed, null);
  });

  test('a mutasi out waits too', () => {
    const plan = classify(
      { prev: known([ptkRow()], [account()]), newRows: [ended(ptkRow(), 'Mutasi')] },
      nonNational(),
    );
    assert.deepEqual(plan.events, []);
    assert.equal(plan.changes[0]?.account.waitingSince, TAKEN_AT);
  });

  for (const [label, newRows, closed, reason] of [
    ['pensiun', [ended(ptkRow(), 'Pensiun')], [], 'pensiun'],
    ['school_closed', [], [NPSN.sdA], 'school_closed'],
    ['no_account_role', [ptkRow({ jenisPtk: 'Pesuruh' })], [], 'no_account_role'],
  ] as const) {
    test(`a ${label} exit does not wait`, () => {
      const ctx = context({ national: false, closed: [...closed] });
      const event = onlyEvent(classify({ prev: known([ptkRow()], [account()]), newRows: [...newRows] }, ctx));
      assert.deepEqual([event.type, event.reason], ['ptk_deactivated', reason]);
    });
  }

  test('a seasonal Lulus does not wait', () => {
    const row = pdRow({ npsn: NPSN.sma, tingkat: 12 });
    const prev = known([row], [pupilAccount({ jenjang: 'sma', npsn: NPSN.sma })]);
    const event = onlyEvent(classify({ prev, newRows: [ended(row, 'Lulus')] }, nonNational()));
    assert.deepEqual([event.type, event.reason], ['pd_deactivated', 'lulus']);
  });

  test('a mutasi to another in-scope school in another jenjang is a move at once', () => {
    const prev = known([ptkRow()], [account()]);
    const event = onlyEvent(
      classify({ prev, newRows: [ended(ptkRow(), 'Mutasi'), smpRow()] }, nonNational()),
    );
    assert.deepEqual([event.type, event.sameJenjang, event.reason], ['ptk_transferred', false, 'mutasi']);
  });

  test('a wait of 44 days changes nothing', () => {
    const plan = classify({ prev: known([], [waiting('2024-06-01')]), newRows: [] }, nonNational());
    assert.equal(plan.rowsChanged, false);
    assert.deepEqual(plan.events, []);
    assert.deepEqual(plan.changes, []);
  });

  test('after 46 days of waiting the absent exit fires as ptk_deactivated', () => {
    const plan = classify({ prev: known([], [waiting('2024-05-30')]), newRows: [] }, nonNational());
    const event = onlyEvent(plan);
    assert.deepEqual([event.type, event.reason, event.leaver], ['ptk_deactivated', 'absent', true]);
    const change = subjectOf(plan, event);
    assert.equal(change.account.status, 'deactivating');
    assert.equal(change.account.suspendOn, SUSPEND_ON);
    assert.equal(change.account.waitingSince, null);
  });

  test('after 46 days a waiting mutasi fires with reason mutasi', () => {
    const rows = [ended(ptkRow(), 'Mutasi')];
    const plan = classify(
      { prev: known(rows, [waiting('2024-05-30', 'mutasi')]), newRows: rows },
      nonNational(),
    );
    assert.deepEqual([onlyEvent(plan).type, onlyEvent(plan).reason], ['ptk_deactivated', 'mutasi']);
  });

  test('a national extract fires an absent exit at once', () => {
    const event = onlyEvent(classify({ prev: known([ptkRow()], [account()]), newRows: [] }));
    assert.deepEqual([event.type, event.reason], ['ptk_deactivated', 'absent']);
  });

  test('a national extract confirms a waiting exit at once', () => {
    const event = onlyEvent(classify({ prev: known([], [waiting('2024-07-05')]), newRows: [] }));
    assert.deepEqual([event.type, event.reason], ['ptk_deactivated', 'absent']);
  });

  test('a waiting person who reappears loses the wait without an event', () => {
    const plan = classify({ prev: known([], [waiting('2024-07-05')]), newRows: [ptkRow()] }, nonNational());
    assert.deepEqual(plan.events, []);
    assert.equal(plan.changes[0]?.account.waitingSince, null);
    assert.equal(plan.changes[0]?.account.status, 'active');
  });

  test('a waiting absent exit confirmed by a national extract with Pensiun is reported as pensiun', () => {
    // DESIGN 2 "Reasons": precedence meninggal/wafat, then any other jenis_keluar, …, then absent.
    const plan = classify({
      prev: known([], [waiting('2024-07-05')]),
      newRows: [ended(ptkRow(), 'Pensiun')],
    });
    const event = onlyEvent(plan);
    assert.deepEqual([event.type, event.reason], ['ptk_deactivated', 'pensiun']);
  });

  test('a waiting absent exit that turns out to be a death fires at once as meninggal', () => {
    // DESIGN fine print 6: "only *_deactivated with reason mutasi or absent wait".
    const prev = known([], [waiting('2024-07-05')]);
    const plan = classify({ prev, newRows: [ended(ptkRow(), 'Meninggal', '2024-07-10')] }, nonNational());
    assert.deepEqual(
      plan.events.map((e) => [e.type, e.reason]),
      [['ptk_deactivated', 'meninggal']],
    );
  });
});

describe('classifyPerson: re-keyed persons and one event per account', () => {
  test('a re-keyed person with the same rows gets no event and every account moves to the new id', () => {
    const rows = [ptkRow(), ended(smpRow(), 'Mengundurkan diri')];
    const accounts = [account(), account({ ...smpAccount(), ...deactivatingFields('mengundurkan_diri') })];
    const prev = known(rows, accounts);
    const newRows = rows.map((r) => ({ ...r, personId: 'ptk-9' }));
    const plan = classify({ prev, newRows, rekeyedFrom: 'ptk-1' });
    assert.equal(plan.personId, 'ptk-9');
    assert.equal(plan.rekeyedFrom, 'ptk-1');
    assert.equal(plan.rowsChanged, true);
    assert.deepEqual(plan.events, []);
    assert.deepEqual(
      plan.changes.map((c) => c.account).sort((a, b) => a.id - b.id),
      accounts.map((a) => ({ ...a, personId: 'ptk-9' })),
    );
    assert.ok(plan.changes.every((c) => c.addressNeed === null));
  });

  test('a re-keyed person who also transfers gets the one transfer, with the re-key as evidence', () => {
    const prev = known([ptkRow()], [account()]);
    const newRows = [ptkRow({ personId: 'ptk-9', rowId: 'ptr-7', npsn: NPSN.sdB })];
    const plan = classify({ prev, newRows, rekeyedFrom: 'ptk-1' });
    const event = onlyEvent(plan);
    assert.equal(event.type, 'ptk_transferred');
    assert.equal(event.evidence.facts.rekeyed_from, 'ptk-1');
    assert.equal(subjectOf(plan, event).account.personId, 'ptk-9');
  });

  test('a teacher who loses two jenjang and gains one gets one event per account', () => {
    const sma = ptkRow({ rowId: 'ptr-3', npsn: NPSN.sma, ptkInduk: false });
    const prev = known([ptkRow(), smpRow()], [account(), smpAccount()]);
    const plan = classify({ prev, newRows: [ended(smpRow(), 'Pensiun'), sma] });
    assert.deepEqual(
      plan.events.map((e) => [e.type, e.from?.jenjang ?? null, e.to?.jenjang ?? null]).sort(),
      [
        ['ptk_deactivated', 'smp', null],
        ['ptk_transferred', 'sd', 'sma'],
      ],
    );
  });
});
