// Rows for synthetic PTK and pupils, as CSV field arrays in DESIGN 3.1 column order.

import type { Jenjang } from '../../src/domain/policy.js';
import { type IdMinter, nik, nip, nuptk, randomDate } from '../../src/generate/identifier-minters.js';
import { personName } from '../../src/generate/indonesian-names.js';
import { emailFor, type StaffKind, withTitles } from '../../src/generate/name-details.js';
import { type Prng, WeightedTable } from '../../src/generate/random-source.js';

export const PTK_HEADER =
  'ptk_terdaftar_id,ptk_id,nama,nik,nuptk,nip,jenis_kelamin,tanggal_lahir,email,jenis_ptk,npsn,ptk_induk,jenis_keluar,tanggal_keluar';
export const PD_HEADER =
  'registrasi_id,peserta_didik_id,nisn,nik,nama,jenis_kelamin,tanggal_lahir,email,npsn,tingkat_pendidikan,jenis_keluar,tanggal_keluar';

/** Column positions, shared by the generator and the evolver. */
export const PTK = {
  rowId: 0,
  personId: 1,
  nama: 2,
  jenisKelamin: 6,
  tanggalLahir: 7,
  email: 8,
  jenisPtk: 9,
  npsn: 10,
  induk: 11,
  keluar: 12,
  tanggalKeluar: 13,
} as const;
export const PD = {
  rowId: 0,
  personId: 1,
  nisn: 2,
  nama: 4,
  jenisKelamin: 5,
  email: 7,
  npsn: 8,
  tingkat: 9,
  keluar: 10,
  tanggalKeluar: 11,
} as const;

export interface SchoolRef {
  npsn: string;
  kodeWilayah: string;
  province: string;
  jenjang: Jenjang | null;
}

export interface NisnSource {
  next(birthYear: number): string;
}

export const KEPALA_SEKOLAH = 'Kepala Sekolah';

type PtkMix = ReadonlyArray<readonly [string, number]>;
const MIX_SD: PtkMix = [
  ['Guru Kelas', 60],
  ['Guru Mapel', 20],
  ['Tenaga Administrasi Sekolah', 10],
  ['Penjaga Sekolah', 4],
  ['Tenaga Perpustakaan', 2],
  ['Guru Pendamping', 2],
  ['Guru Inklusi', 1],
  ['Tukang Kebun', 1],
];
const MIX_MENENGAH: PtkMix = [
  ['Guru Mapel', 70],
  ['Guru BK', 6],
  ['Guru TIK', 3],
  ['Tenaga Administrasi Sekolah', 12],
  ['Tenaga Perpustakaan', 2],
  ['Laboran', 2],
  ['Penjaga Sekolah', 3],
  ['Petugas Keamanan', 1],
  ['Guru Pengganti', 1],
];
const MIX_PAUD: PtkMix = [
  ['Guru Kelas', 80],
  ['Guru Pendamping', 10],
  ['Tenaga Administrasi Sekolah', 5],
  ['Penjaga Sekolah', 5],
];
const MIX_SLB: PtkMix = [
  ['Guru Kelas', 50],
  ['Guru Mapel', 20],
  ['Guru Pendamping', 10],
  ['Guru Inklusi', 4],
  ['Tenaga Administrasi Sekolah', 12],
  ['Penjaga Sekolah', 4],
];
const MIX_KESETARAAN: PtkMix = [
  ['Guru Mapel', 70],
  ['Guru Kelas', 5],
  ['Tenaga Administrasi Sekolah', 20],
  ['Penjaga Sekolah', 5],
];

const MIXES: Record<Jenjang, WeightedTable<string>> = {
  paud: new WeightedTable(MIX_PAUD),
  sd: new WeightedTable(MIX_SD),
  smp: new WeightedTable(MIX_MENENGAH),
  sma: new WeightedTable(MIX_MENENGAH),
  smk: new WeightedTable(MIX_MENENGAH),
  slb: new WeightedTable(MIX_SLB),
  kesetaraan: new WeightedTable(MIX_KESETARAAN),
};

const OFFICE_TYPES = new Set(['Tenaga Administrasi Sekolah', 'Tenaga Perpustakaan', 'Laboran']);

export function staffKind(jenisPtk: string): StaffKind {
  if (jenisPtk.startsWith('Guru') || jenisPtk === KEPALA_SEKOLAH) return 'teacher';
  return OFFICE_TYPES.has(jenisPtk) ? 'office' : 'none';
}

export function tingkatRange(jenjang: Jenjang | null): readonly [number, number] {
  switch (jenjang) {
    case 'paud':
      return [0, 0];
    case 'sd':
      return [1, 6];
    case 'smp':
      return [7, 9];
    case 'sma':
    case 'smk':
      return [10, 12];
    default:
      return [1, 12];
  }
}

/** The jenis_ptk a teacher gets when placed at a school of this jenjang. */
export function teacherTypeFor(jenjang: Jenjang | null, rng: Prng): string {
  if (jenjang === 'paud') return 'Guru Kelas';
  if (jenjang === 'sd' || jenjang === 'slb') return rng.chance(0.7) ? 'Guru Kelas' : 'Guru Mapel';
  return 'Guru Mapel';
}

export class PersonFactory {
  constructor(
    private readonly rng: Prng,
    private readonly ids: IdMinter,
    private readonly nisns: NisnSource,
    /** The school year's calendar year (the extract's taken_at year). */
    private readonly year: number,
  ) {}

  newId(): string {
    return this.ids.next();
  }

  ptkType(jenjang: Jenjang | null): string {
    return (MIXES[jenjang ?? 'kesetaraan'] ?? MIXES.kesetaraan).sample(this.rng);
  }

  /** The main (ptk_induk 1) row of a new PTK. */
  ptk(school: SchoolRef, jenisPtk: string): string[] {
    const rng = this.rng;
    const female = rng.chance(0.6);
    const head = jenisPtk === KEPALA_SEKOLAH;
    const age = head ? rng.between(38, 59) : rng.between(22, 59);
    const birth = randomDate(rng, this.year - age);
    const kind = staffKind(jenisPtk);
    const nama = withTitles(rng, personName(rng, female, school.province), female, age >= 45, kind);
    const ids = rng.float();
    const hasNip = kind !== 'none' && age >= 25 && ids < 0.4;
    const hasNuptk = kind === 'none' ? ids < 0.1 : ids < 0.6;
    return [
      this.ids.next(),
      this.ids.next(),
      nama,
      nik(rng, school.kodeWilayah, birth, female),
      hasNuptk ? nuptk(rng) : '',
      hasNip ? nip(rng, birth, female, this.year - 1) : '',
      female ? 'P' : 'L',
      birth.iso,
      rng.chance(0.7) ? emailFor(rng, nama) : '',
      jenisPtk,
      school.npsn,
      '1',
      '',
      '',
    ];
  }

  /** Another assignment of the same PTK (ptk_induk 0). */
  assignment(main: readonly string[], school: SchoolRef, jenisPtk: string): string[] {
    const row = main.slice();
    row[PTK.rowId] = this.ids.next();
    row[PTK.jenisPtk] = jenisPtk;
    row[PTK.npsn] = school.npsn;
    row[PTK.induk] = '0';
    return row;
  }

  pupil(school: SchoolRef, tingkat: number): string[] {
    const rng = this.rng;
    const female = rng.chance(0.5);
    const birth = randomDate(rng, this.year - this.pupilAge(school.jenjang, tingkat));
    let nama = personName(rng, female, school.province);
    if (rng.chance(0.2)) nama = nama.toUpperCase();
    return [
      this.ids.next(),
      this.ids.next(),
      this.nisns.next(birth.year),
      nik(rng, school.kodeWilayah, birth, female),
      nama,
      female ? 'P' : 'L',
      birth.iso,
      rng.chance(0.7) ? emailFor(rng, nama) : '',
      school.npsn,
      String(tingkat),
      '',
      '',
    ];
  }

  tingkat(jenjang: Jenjang | null): number {
    const [lo, hi] = tingkatRange(jenjang);
    return this.rng.between(lo, hi);
  }

  private pupilAge(jenjang: Jenjang | null, tingkat: number): number {
    const rng = this.rng;
    if (jenjang === 'paud') return rng.between(4, 6);
    let age = 6 + tingkat + (rng.chance(0.4) ? 1 : 0);
    if (jenjang === 'slb') age += rng.between(0, 3);
    if (jenjang === 'kesetaraan') age += rng.between(0, 12);
    return age;
  }
}
