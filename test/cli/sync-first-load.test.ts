// First loads through real extract files and the real CLI, on every store dialect: who gets an
// account, and which address (DESIGN 2, "Addresses", and fine print 1 and 10). Each first load is
// followed by an unchanged month, which must apply with no events at all.
import { describe, it } from 'node:test';
import { DIALECTS, type Dialect, skipReason } from '../support/stores.js';
import {
  assertEvent,
  assertNoEventFor,
  at,
  eventOf,
  M2,
  NPSN,
  withSession,
  world,
  worldAccounts,
} from './scenario-support.js';

const { sdA, sdB, smpC, tkF } = NPSN;

function scenarios(dialect: Dialect) {
  it('creates an account for each person who gets one on the first load, and none for PAUD pupils or Penjaga Sekolah', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'tkF'])
        .ptk({ ptkId: 'PTK-001', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Siti Rahayu' })
        .ptk({ ptkId: 'PTK-002', npsn: sdA, jenisPtk: 'Kepala Sekolah', nama: 'Budi Santoso' })
        .ptk({ ptkId: 'PTK-003', npsn: sdA, jenisPtk: 'Penjaga Sekolah', nama: 'Joko Susilo' })
        .pd({ pdId: 'PD-001', npsn: sdA, tingkat: 3, nama: 'Andi Pratama' })
        .pd({ pdId: 'PD-002', npsn: tkF, tingkat: 0, nama: 'Cici Lestari' });
      const { events } = await s.applied(m1, { account_created: worldAccounts(['sdA', 'tkF']) + 3 });
      const created = { type: 'account_created', from: null } as const;
      assertEvent(eventOf(events, 'PTK-001'), {
        ...created,
        kind: 'ptk',
        to: at('siti.rahayu10@guru.sd.belajar.id', sdA),
      });
      assertEvent(eventOf(events, 'PTK-002'), {
        ...created,
        to: at('budi.santoso10@admin.sd.belajar.id', sdA),
      });
      assertEvent(eventOf(events, 'PD-001'), {
        ...created,
        kind: 'pd',
        to: at('andi.pratama10@sd.belajar.id', sdA),
      });
      assertEvent(eventOf(events, `PTK-RES-${tkF}`), {
        ...created,
        to: at('nur.aini10@guru.paud.belajar.id', tkF),
      });
      assertNoEventFor(events, 'PTK-003', 'PD-002');

      const m2 = m1.clone(M2);
      await s.applied(m2, {});
    }));

  it('numbers two teachers with the same name in one domain in order of person id, per domain', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'sdB', 'smpC'])
        .ptk({ ptkId: 'PTK-SR-2', npsn: sdB, jenisPtk: 'Guru Kelas', nama: 'Siti Rahayu' })
        .ptk({ ptkId: 'PTK-SR-1', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'SITI  rahayu' })
        .ptk({ ptkId: 'PTK-SR-3', npsn: smpC, jenisPtk: 'Guru Mapel', nama: 'Siti Rahayu' });
      const { events } = await s.applied(m1, { account_created: worldAccounts(['sdA', 'sdB', 'smpC']) + 3 });
      assertEvent(eventOf(events, 'PTK-SR-1'), {
        type: 'account_created',
        to: at('siti.rahayu10@guru.sd.belajar.id', sdA),
      });
      assertEvent(eventOf(events, 'PTK-SR-2'), {
        type: 'account_created',
        to: at('siti.rahayu11@guru.sd.belajar.id', sdB),
      });
      assertEvent(eventOf(events, 'PTK-SR-3'), {
        type: 'account_created',
        to: at('siti.rahayu10@guru.smp.belajar.id', smpC),
      });
      await s.applied(m1.clone(M2), {});
    }));

  it('strips titles, degrees, punctuation and diacritics from names when building addresses', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA'])
        .ptk({ ptkId: 'PTK-001', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Dra. Hj. Siti Aminah, S.Pd.' })
        .ptk({
          ptkId: 'PTK-002',
          npsn: sdA,
          jenisPtk: 'Kepala Sekolah',
          nama: 'Drs. H. Muhammad Yusuf M.Pd.',
        })
        .pd({ pdId: 'PD-001', npsn: sdA, tingkat: 2, nama: 'Zaïnal Abdul-Rahman' });
      const { events } = await s.applied(m1, { account_created: worldAccounts(['sdA']) + 3 });
      assertEvent(eventOf(events, 'PTK-001'), {
        type: 'account_created',
        to: at('siti.aminah10@guru.sd.belajar.id', sdA),
      });
      assertEvent(eventOf(events, 'PTK-002'), {
        type: 'account_created',
        to: at('muhammad.yusuf10@admin.sd.belajar.id', sdA),
      });
      assertEvent(eventOf(events, 'PD-001'), {
        type: 'account_created',
        to: at('zainal.abdulrahman10@sd.belajar.id', sdA),
      });
      await s.applied(m1.clone(M2), {});
    }));
}

for (const dialect of DIALECTS) {
  const skip = await skipReason(dialect);
  describe(`first loads through the CLI on ${dialect}`, { skip }, () => scenarios(dialect));
}
