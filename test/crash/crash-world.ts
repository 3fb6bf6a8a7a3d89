// Two months of a small province for the crash tests: month A is a first load (every person a new
// account and a mail), month B moves, promotes, renames, graduates and deactivates enough people to
// touch every kind of write the apply makes — and empties one small school enough that the school
// guard holds it, so held plans and reserved addresses are written mid-run too. Everything is
// derived from the index of a person: the same calls always write the same bytes.
import { ExtractBuilder } from '../fixtures/extract-builder.js';

export const MONTH_A = { snapshotId: 'crash-2025-07', takenAt: '2025-07-15' } as const;
export const MONTH_B = { snapshotId: 'crash-2025-08', takenAt: '2025-08-15' } as const;

interface SchoolPlan {
  npsn: string;
  bentuk: 'SD' | 'SMP' | 'SMA' | 'SMK';
  pupils: number;
  /** Tingkat of the first pupil; pupils cycle through the school's levels. */
  levels: readonly number[];
}

const SCHOOLS: readonly SchoolPlan[] = [
  { npsn: '30100001', bentuk: 'SD', pupils: 100, levels: [1, 2, 3, 4, 5, 6] },
  { npsn: '30100002', bentuk: 'SD', pupils: 100, levels: [1, 2, 3, 4, 5, 6] },
  { npsn: '30100003', bentuk: 'SD', pupils: 100, levels: [1, 2, 3, 4, 5, 6] },
  { npsn: '30200001', bentuk: 'SMP', pupils: 50, levels: [7, 8, 9] },
  { npsn: '30200002', bentuk: 'SMP', pupils: 50, levels: [7, 8, 9] },
  { npsn: '30300001', bentuk: 'SMA', pupils: 45, levels: [10, 11, 12] },
  { npsn: '30400001', bentuk: 'SMK', pupils: 45, levels: [10, 11, 12] },
];
/** The small school month B empties by a third: held by the school guard (22 accounts, 7 leave). */
const SMALL = { npsn: '30100009', bentuk: 'SD', pupils: 15, levels: [1, 2, 3, 4, 5] } as const;

const FIRST = ['Adi', 'Bima', 'Citra', 'Dewi', 'Eko', 'Fitri', 'Gilang', 'Hana', 'Irfan', 'Joko', 'Kartika'];
const LAST = ['Wijaya', 'Lestari', 'Saputra', 'Rahayu', 'Nasution', 'Siregar', 'Hidayat', 'Purba', 'Halim'];
const GURU = ['Guru Kelas', 'Guru Mapel', 'Guru Mapel', 'Guru BK', 'Guru TIK'];

function nameOf(i: number): string {
  return `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
}

const pdId = (npsn: string, i: number) => `pd-${npsn}-${String(i).padStart(3, '0')}`;
const ptkId = (npsn: string, i: number) => `ptk-${npsn}-${i}`;

function addSchool(b: ExtractBuilder, s: SchoolPlan, offset: number): void {
  b.school({ npsn: s.npsn, bentuk: s.bentuk, kodeWilayah: '016001' });
  b.ptk({ ptkId: ptkId(s.npsn, 0), npsn: s.npsn, jenisPtk: 'Kepala Sekolah', nama: nameOf(offset + 500) });
  b.ptk({
    ptkId: ptkId(s.npsn, 1),
    npsn: s.npsn,
    jenisPtk: 'Tenaga Administrasi Sekolah',
    nama: nameOf(offset + 501),
  });
  for (let i = 2; i < 7; i++) {
    b.ptk({ ptkId: ptkId(s.npsn, i), npsn: s.npsn, jenisPtk: GURU[i - 2]!, nama: nameOf(offset + 500 + i) });
  }
  for (let i = 0; i < s.pupils; i++) {
    const tingkat = s.levels[i % s.levels.length]!;
    b.pd({ pdId: pdId(s.npsn, i), npsn: s.npsn, tingkat, nama: nameOf(offset + i) });
  }
}

export function monthA(): ExtractBuilder {
  const b = new ExtractBuilder(MONTH_A);
  for (const [k, s] of SCHOOLS.entries()) addSchool(b, s, k * 13);
  addSchool(b, SMALL, 99);
  return b;
}

/** Month B: about 170 persons change; the run is `partly_held` (sekolah:30100009). */
export function monthB(): ExtractBuilder {
  const b = monthA().clone(MONTH_B);
  const [sd1, sd2, sd3, smp1, smp2, sma, smk] = SCHOOLS.map((s) => s.npsn) as [string, ...string[]];
  // Renamed (profile_updated): every seventh pupil of the SD and SMP schools.
  for (const npsn of [sd1, sd2, sd3, smp1, smp2] as string[]) {
    for (let i = 3; i < 50; i += 7) b.updatePd(pdId(npsn, i), { nama: `${nameOf(i + 40)} Putri` });
  }
  // Tingkat 6 pupils of SD 1 continue at SMP 1 (pd_level_changed); SD 2's graduate and wait.
  for (let i = 5; i < 100; i += 6) {
    b.removePd(pdId(sd1, i));
    b.pd({ pdId: pdId(sd1, i), rowId: `reg-${sd1}-${i}-smp`, npsn: smp1!, tingkat: 7, nama: nameOf(i) });
  }
  for (let i = 5; i < 30; i += 6)
    b.updatePd(pdId(sd2!, i), { jenisKeluar: 'Lulus', tanggalKeluar: '2025-07-01' });
  // Moves inside a jenjang (pd_transferred, ptk_transferred), and two teachers made heads.
  for (let i = 0; i < 20; i += 2) b.updatePd(pdId(sd3!, i), { npsn: sd2! });
  for (const npsn of [sd1, smp1] as string[])
    b.updatePtk(ptkId(npsn, 4), { npsn: npsn === sd1 ? sd3! : smp2! });
  for (const npsn of [sma, smk] as string[]) b.updatePtk(ptkId(npsn, 2), { jenisPtk: 'Kepala Sekolah' });
  // Graduates at the final level (seasonal pd_deactivated lulus).
  for (const npsn of [sma, smk] as string[]) {
    for (let i = 2; i < 45; i += 9)
      b.updatePd(pdId(npsn, i), { jenisKeluar: 'Lulus', tanggalKeluar: '2025-06-30' });
  }
  // Ordinary leavers, within the national 2 % with the small school's: a death (no mail), a
  // pension, a drop-out.
  b.updatePtk(ptkId(smp2!, 5), { jenisKeluar: 'Meninggal', tanggalKeluar: '2025-08-01' });
  b.updatePtk(ptkId(sd2!, 6), { jenisKeluar: 'Pensiun', tanggalKeluar: '2025-08-01' });
  b.updatePd(pdId(smp1!, 4), { jenisKeluar: 'Putus Sekolah', tanggalKeluar: '2025-08-02' });
  // Seven of the small school's 22 accounts vanish: the school guard holds that school.
  for (let i = 0; i < 7; i++) b.removePd(pdId(SMALL.npsn, i));
  // A pupil re-keyed by Dapodik (same NISN), and 50 newcomers.
  b.rekeyPd(pdId(smp2!, 10), `${pdId(smp2!, 10)}-baru`);
  for (let i = 0; i < 50; i++) {
    const npsn = [sd1, sd2, sd3][i % 3]!;
    b.pd({ pdId: `pd-new-${String(i).padStart(2, '0')}`, npsn, tingkat: 1, nama: nameOf(i + 200) });
  }
  return b;
}
