// Lifecycle scenarios of DESIGN 2 through real extract files and the real CLI, on every store
// dialect: each builds month 1, syncs it, builds month 2 (and 3) from it, syncs those, and checks
// the JSON report and the events (`selaras events --run <id>`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, type Dialect, skipReason } from '../support/stores.js';
import {
  assertEvent,
  at,
  eventOf,
  eventsOf,
  M2,
  M3,
  NPSN,
  withSession,
  world,
  worldAccounts,
} from './scenario-support.js';

const { sdA, sdB, sdClosing, smpC, smaE } = NPSN;

function scenarios(dialect: Dialect) {
  it('moves a teacher appointed Kepala Sekolah to the admin domain and keeps the guru address as an alias', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Dewi Lestari',
      });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const accountId = eventOf(first.events, 'PTK-001').account_id;

      const m2 = m1.clone(M2).updatePtk('PTK-001', { jenisPtk: 'Kepala Sekolah' });
      const { events } = await s.applied(m2, { ptk_role_changed: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_role_changed',
        reason: null,
        accountId,
        from: at('dewi.lestari10@guru.sd.belajar.id', sdA),
        to: at('dewi.lestari10@admin.sd.belajar.id', sdA),
      });
      const viaNew = await s.account('dewi.lestari10@admin.sd.belajar.id');
      const viaOld = await s.account('dewi.lestari10@guru.sd.belajar.id');
      for (const view of [viaNew, viaOld]) {
        assert.ok(view.text.includes('dewi.lestari10@admin.sd.belajar.id'), view.text);
        assert.ok(view.text.includes('dewi.lestari10@guru.sd.belajar.id'), view.text);
      }
      assert.equal(await s.accountStatus('dewi.lestari10@guru.sd.belajar.id'), 'active');
    }));

  it('gives a Kepala Sekolah who goes back to teaching the guru address the account owned before', () =>
    withSession(dialect, async (s) => {
      // PTK-RS-1 already holds ratna.sari10@admin.sd, so PTK-RS-2's admin address must be …11.
      const m1 = world(['sdA', 'sdB'])
        .ptk({ ptkId: 'PTK-RS-1', npsn: sdB, jenisPtk: 'Kepala Sekolah', nama: 'Ratna Sari' })
        .ptk({ ptkId: 'PTK-RS-2', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Ratna Sari' });
      await s.applied(m1, { account_created: worldAccounts(['sdA', 'sdB']) + 2 });

      const m2 = m1.clone(M2).updatePtk('PTK-RS-2', { jenisPtk: 'Kepala Sekolah' });
      const second = await s.applied(m2, { ptk_role_changed: 1 });
      assertEvent(eventOf(second.events, 'PTK-RS-2'), {
        type: 'ptk_role_changed',
        from: at('ratna.sari10@guru.sd.belajar.id', sdA),
        to: at('ratna.sari11@admin.sd.belajar.id', sdA),
      });

      const m3 = m2.clone(M3).updatePtk('PTK-RS-2', { jenisPtk: 'Guru Kelas' });
      const third = await s.applied(m3, { ptk_role_changed: 1 });
      assertEvent(eventOf(third.events, 'PTK-RS-2'), {
        type: 'ptk_role_changed',
        from: at('ratna.sari11@admin.sd.belajar.id', sdA),
        to: at('ratna.sari10@guru.sd.belajar.id', sdA),
      });
    }));

  it('keeps the address of a teacher transferred to a school of the same jenjang', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'sdB']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Rina Wati',
      });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA', 'sdB']) + 1 });

      const m2 = m1
        .clone(M2)
        .updatePtk('PTK-001', { jenisKeluar: 'Mutasi', tanggalKeluar: '2024-08-01' })
        .ptk({ ptkId: 'PTK-001', npsn: sdB, jenisPtk: 'Guru Kelas', nama: 'Rina Wati' });
      const { events } = await s.applied(m2, { ptk_transferred: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_transferred',
        sameJenjang: true,
        reason: 'mutasi',
        accountId: eventOf(first.events, 'PTK-001').account_id,
        from: at('rina.wati10@guru.sd.belajar.id', sdA),
        to: at('rina.wati10@guru.sd.belajar.id', sdB),
      });
    }));

  it('opens an account in the new jenjang for a teacher transferred across jenjang and deactivates the old one', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'smpC']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Agus Salim',
      });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA', 'smpC']) + 1 });

      const m2 = m1
        .clone(M2)
        .removePtk('PTK-001')
        .ptk({ ptkId: 'PTK-001', npsn: smpC, jenisPtk: 'Guru Mapel', nama: 'Agus Salim' });
      const { events } = await s.applied(m2, { ptk_transferred: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_transferred',
        sameJenjang: false,
        reason: null, // the ended row has no jenis_keluar: it vanished
        accountId: eventOf(first.events, 'PTK-001').account_id,
        from: at('agus.salim10@guru.sd.belajar.id', sdA),
        to: at('agus.salim10@guru.smp.belajar.id', smpC),
      });
      assert.equal(await s.accountStatus('agus.salim10@guru.sd.belajar.id'), 'deactivating');
      assert.equal(await s.accountStatus('agus.salim10@guru.smp.belajar.id'), 'active');
    }));

  it('gives a teacher in an SD and an SMP two accounts and deactivates only the SMP one when that post ends', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'smpC'])
        .ptk({ ptkId: 'PTK-001', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Hendra Gunawan', ptkInduk: '1' })
        .ptk({ ptkId: 'PTK-001', npsn: smpC, jenisPtk: 'Guru Mapel', nama: 'Hendra Gunawan', ptkInduk: '0' });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA', 'smpC']) + 2 });
      const created = eventsOf(first.events, 'PTK-001').map((e) => e.to?.address);
      assert.deepEqual(created.sort(), [
        'hendra.gunawan10@guru.sd.belajar.id',
        'hendra.gunawan10@guru.smp.belajar.id',
      ]);

      const m2 = m1
        .clone(M2)
        .updatePtk('PTK-001', { jenisKeluar: 'Mengundurkan diri', tanggalKeluar: '2024-08-01' }, smpC);
      const { events } = await s.applied(m2, { ptk_deactivated: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_deactivated',
        reason: 'mengundurkan_diri',
        from: at('hendra.gunawan10@guru.smp.belajar.id', smpC),
        to: null,
      });
      assert.equal(await s.accountStatus('hendra.gunawan10@guru.sd.belajar.id'), 'active');
    }));

  it('marks an SD kelas 6 graduate as pending continuation, then moves them to SMP when registered there', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'smpC']).pd({ pdId: 'PD-001', npsn: sdA, tingkat: 6, nama: 'Putri Ayu' });
      await s.applied(m1, { account_created: worldAccounts(['sdA', 'smpC']) + 1 });

      const m2 = m1.clone(M2).updatePd('PD-001', { jenisKeluar: 'Lulus', tanggalKeluar: '2024-08-01' });
      const second = await s.applied(m2, { pd_continuation_pending: 1 });
      const sdAddress = at('putri.ayu10@sd.belajar.id', sdA);
      assertEvent(eventOf(second.events, 'PD-001'), {
        type: 'pd_continuation_pending',
        from: sdAddress,
        to: sdAddress,
      });
      assert.equal(await s.accountStatus('putri.ayu10@sd.belajar.id'), 'active');

      const m3 = m2.clone(M3).pd({ pdId: 'PD-001', npsn: smpC, tingkat: 7, nama: 'Putri Ayu' });
      const third = await s.applied(m3, { pd_level_changed: 1 });
      assertEvent(eventOf(third.events, 'PD-001'), {
        type: 'pd_level_changed',
        reason: 'lulus',
        from: sdAddress,
        to: at('putri.ayu10@smp.belajar.id', smpC),
      });
    }));

  it('deactivates an SMA kelas 12 graduate with reason lulus', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['smaE']).pd({ pdId: 'PD-001', npsn: smaE, tingkat: 12, nama: 'Dinda Maharani' });
      await s.applied(m1, { account_created: worldAccounts(['smaE']) + 1 });
      const m2 = m1.clone(M2).updatePd('PD-001', { jenisKeluar: 'Lulus', tanggalKeluar: '2024-06-20' });
      const { events } = await s.applied(m2, { pd_deactivated: 1 });
      assertEvent(eventOf(events, 'PD-001'), {
        type: 'pd_deactivated',
        reason: 'lulus',
        from: at('dinda.maharani10@sma.belajar.id', smaE),
        to: null,
      });
    }));

  it('deactivates everyone of a school gone from sekolah.csv with none of its rows, with reason school_closed', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA'])
        .school({ npsn: sdClosing, bentuk: 'SD' })
        .ptk({ ptkId: 'PTK-001', npsn: sdClosing, jenisPtk: 'Guru Kelas', nama: 'Yusuf Maulana' })
        .pd({ pdId: 'PD-001', npsn: sdClosing, tingkat: 4, nama: 'Fajar Nugroho' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 2 });
      const m2 = m1.clone(M2).removeSchool(sdClosing);
      const { events } = await s.applied(m2, { ptk_deactivated: 1, pd_deactivated: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_deactivated',
        reason: 'school_closed',
        from: at('yusuf.maulana10@guru.sd.belajar.id', sdClosing),
      });
      assertEvent(eventOf(events, 'PD-001'), {
        type: 'pd_deactivated',
        reason: 'school_closed',
        from: at('fajar.nugroho10@sd.belajar.id', sdClosing),
      });
    }));

  it('deactivates a teacher who died with reason meninggal', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Mapel',
        nama: 'Ahmad Fauzi',
      });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const m2 = m1.clone(M2).updatePtk('PTK-001', { jenisKeluar: 'Meninggal', tanggalKeluar: '2024-08-02' });
      const { events } = await s.applied(m2, { ptk_deactivated: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_deactivated',
        reason: 'meninggal',
        from: at('ahmad.fauzi10@guru.sd.belajar.id', sdA),
        to: null,
      });
    }));

  it('deactivates a pupil who dropped out with reason putus_sekolah', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-001', npsn: sdA, tingkat: 4, nama: 'Rizky Firmansyah' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const m2 = m1
        .clone(M2)
        .updatePd('PD-001', { jenisKeluar: 'Putus Sekolah', tanggalKeluar: '2024-08-01' });
      const { events } = await s.applied(m2, { pd_deactivated: 1 });
      assertEvent(eventOf(events, 'PD-001'), {
        type: 'pd_deactivated',
        reason: 'putus_sekolah',
        from: at('rizky.firmansyah10@sd.belajar.id', sdA),
      });
    }));

  it('deactivates people missing from a national extract with reason absent', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA'])
        .ptk({ ptkId: 'PTK-001', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Hadi Susanto' })
        .pd({ pdId: 'PD-001', npsn: sdA, tingkat: 2, nama: 'Bayu Saputra' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 2 });
      const m2 = m1.clone(M2).removePtk('PTK-001').removePd('PD-001');
      const { events } = await s.applied(m2, { ptk_deactivated: 1, pd_deactivated: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_deactivated',
        reason: 'absent',
        from: at('hadi.susanto10@guru.sd.belajar.id', sdA),
        to: null,
      });
      assertEvent(eventOf(events, 'PD-001'), { type: 'pd_deactivated', reason: 'absent' });
    }));

  it('deactivates a teacher who becomes Penjaga Sekolah with reason no_account_role', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Slamet Riyadi',
      });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const m2 = m1.clone(M2).updatePtk('PTK-001', { jenisPtk: 'Penjaga Sekolah' });
      const { events } = await s.applied(m2, { ptk_deactivated: 1 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'ptk_deactivated',
        reason: 'no_account_role',
        from: at('slamet.riyadi10@guru.sd.belajar.id', sdA),
      });
    }));

  it('reactivates the account of a teacher who leaves and comes back the next month', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Hadi Susanto',
      });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const accountId = eventOf(first.events, 'PTK-001').account_id;
      const address = at('hadi.susanto10@guru.sd.belajar.id', sdA);

      const m2 = m1.clone(M2).removePtk('PTK-001');
      const second = await s.applied(m2, { ptk_deactivated: 1 });
      assertEvent(eventOf(second.events, 'PTK-001'), {
        type: 'ptk_deactivated',
        reason: 'absent',
        accountId,
      });

      const m3 = m1.clone(M3);
      const third = await s.applied(m3, { account_reactivated: 1 });
      assertEvent(eventOf(third.events, 'PTK-001'), {
        type: 'account_reactivated',
        accountId,
        from: address,
        to: address,
      });
      assert.equal(await s.accountStatus(address.address), 'active');
    }));

  it('links a pupil re-keyed with the same NISN to the same account without any event', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-OLD', npsn: sdA, tingkat: 3, nama: 'Nabila Putri' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const m2 = m1.clone(M2).rekeyPd('PD-OLD', 'PD-NEW');
      assert.equal(
        m2.pdRows().find((r) => r.pdId === 'PD-NEW')?.nisn,
        m1.pdRows().find((r) => r.pdId === 'PD-OLD')?.nisn,
      );
      await s.applied(m2, {});
      assert.equal(await s.accountStatus('nabila.putri10@sd.belajar.id'), 'active');
    }));

  it('reports only pd_transferred for a pupil re-keyed and moved to another school', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'sdB']).pd({ pdId: 'PD-OLD', npsn: sdA, tingkat: 3, nama: 'Raka Aditya' });
      await s.applied(m1, { account_created: worldAccounts(['sdA', 'sdB']) + 1 });
      const m2 = m1.clone(M2).rekeyPd('PD-OLD', 'PD-NEW', { npsn: sdB });
      const { events } = await s.applied(m2, { pd_transferred: 1 });
      const [moved] = events;
      assert.ok(moved && ['PD-OLD', 'PD-NEW'].includes(moved.person.id), JSON.stringify(events));
      assertEvent(moved, {
        type: 'pd_transferred',
        kind: 'pd',
        reason: null,
        from: at('raka.aditya10@sd.belajar.id', sdA),
        to: at('raka.aditya10@sd.belajar.id', sdB),
      });
    }));

  it('records a name change as profile_updated and keeps the address', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Lina Marlina',
      });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const m2 = m1.clone(M2).updatePtk('PTK-001', { nama: 'Lina Kusumawati' });
      const { events } = await s.applied(m2, { profile_updated: 1 });
      const address = at('lina.marlina10@guru.sd.belajar.id', sdA);
      assertEvent(eventOf(events, 'PTK-001'), { type: 'profile_updated', from: address, to: address });
    }));
}

for (const dialect of DIALECTS) {
  const skip = await skipReason(dialect);
  describe(`sync scenarios through the CLI on ${dialect}`, { skip }, () => scenarios(dialect));
}
