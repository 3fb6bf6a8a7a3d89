// The national picture a synthetic extract is shaped after: every bentuk_pendidikan with its share
// of schools, size and staff, the 38 provinces with their share of schools, and the jenis_ptk mix.
// Sources are named beside each figure; "assumption" marks a figure chosen by us (docs/generator.md).

import type { Jenjang } from '../domain/policy.js';

export interface BentukShape {
  bentuk: string;
  /** Schools of this bentuk nationally: a relative weight. */
  schools: number;
  /** Share of negeri (public) schools. */
  negeri: number;
  /** Mean pupils, teachers (the head included) and tendik per school. */
  pupils: number;
  teachers: number;
  tendik: number;
  /** tingkat_pendidikan taught: 0 for PAUD. */
  tingkat: readonly [number, number];
}

// SD…SLB: Dapodik Ditjen Dikdasmen, semester ganjil 2017/2018 (schools, pupils, guru, tendik per
// jenjang; e.g. SD 148,529 schools, 25.3 M pupils, 1.48 M guru, 119 k tendik). TK/KB/TPA/SPS:
// Dapodik PAUD 2019 (92,766 TK, 84,437 KB, 3,005 TPA, 22,405 SPS; 8.1 M pupils, 598 k guru).
// SDLB/SMPLB/SMLB, PKBM, SKB counts and sizes, negeri shares and the PAUD split of pupils: assumption.
export const BENTUK_SHAPES: readonly BentukShape[] = [
  { bentuk: 'TK', schools: 92_766, negeri: 0.05, pupils: 48, teachers: 4, tendik: 0.4, tingkat: [0, 0] },
  { bentuk: 'KB', schools: 84_437, negeri: 0.02, pupils: 30, teachers: 3, tendik: 0.2, tingkat: [0, 0] },
  { bentuk: 'TPA', schools: 3_005, negeri: 0.05, pupils: 22, teachers: 3, tendik: 0.3, tingkat: [0, 0] },
  { bentuk: 'SPS', schools: 22_405, negeri: 0, pupils: 25, teachers: 2, tendik: 0, tingkat: [0, 0] },
  { bentuk: 'SD', schools: 148_529, negeri: 0.88, pupils: 170, teachers: 10, tendik: 0.8, tingkat: [1, 6] },
  { bentuk: 'SMP', schools: 39_196, negeri: 0.58, pupils: 256, teachers: 16, tendik: 3.1, tingkat: [7, 9] },
  { bentuk: 'SMA', schools: 13_599, negeri: 0.5, pupils: 350, teachers: 22, tendik: 4.4, tingkat: [10, 12] },
  { bentuk: 'SMK', schools: 13_888, negeri: 0.25, pupils: 350, teachers: 21, tendik: 3.8, tingkat: [10, 12] },
  { bentuk: 'SLB', schools: 2_211, negeri: 0.25, pupils: 57, teachers: 11, tendik: 1, tingkat: [1, 12] },
  { bentuk: 'SDLB', schools: 60, negeri: 0.3, pupils: 30, teachers: 6, tendik: 0.5, tingkat: [1, 6] },
  { bentuk: 'SMPLB', schools: 30, negeri: 0.3, pupils: 20, teachers: 5, tendik: 0.5, tingkat: [7, 9] },
  { bentuk: 'SMLB', schools: 30, negeri: 0.3, pupils: 20, teachers: 5, tendik: 0.5, tingkat: [10, 12] },
  { bentuk: 'PKBM', schools: 10_000, negeri: 0, pupils: 80, teachers: 8, tendik: 1, tingkat: [1, 12] },
  { bentuk: 'SKB', schools: 400, negeri: 1, pupils: 100, teachers: 10, tendik: 2, tingkat: [1, 12] },
];

/** Share of SMK that run a four-year programme (kelas XIII): assumption. */
export const SMK_FOUR_YEAR_SHARE = 0.05;

export function shapeOf(bentuk: string): BentukShape | undefined {
  return BENTUK_SHAPES.find((s) => s.bentuk === bentuk);
}

/**
 * Dapodik's province codes (the first two digits of kode_wilayah) with their number of schools as
 * listed by the public school reference of Kemendikdasmen (all bentuk, rounded), used only as
 * relative weights. The four Papuan provinces formed in 2022 get codes 35–38 here: assumption.
 */
export const PROVINCES: ReadonlyArray<readonly [code: string, name: string, schools: number]> = [
  ['01', 'DKI Jakarta', 11_585],
  ['02', 'Jawa Barat', 85_472],
  ['03', 'Jawa Tengah', 67_113],
  ['04', 'DI Yogyakarta', 8_646],
  ['05', 'Jawa Timur', 91_714],
  ['06', 'Aceh', 13_871],
  ['07', 'Sumatera Utara', 30_504],
  ['08', 'Sumatera Barat', 12_560],
  ['09', 'Riau', 13_849],
  ['10', 'Jambi', 9_246],
  ['11', 'Sumatera Selatan', 15_801],
  ['12', 'Lampung', 16_594],
  ['13', 'Kalimantan Barat', 11_697],
  ['14', 'Kalimantan Tengah', 8_091],
  ['15', 'Kalimantan Selatan', 10_304],
  ['16', 'Kalimantan Timur', 7_024],
  ['17', 'Sulawesi Utara', 6_779],
  ['18', 'Sulawesi Tengah', 9_046],
  ['19', 'Sulawesi Selatan', 19_964],
  ['20', 'Sulawesi Tenggara', 7_787],
  ['21', 'Maluku', 5_781],
  ['22', 'Bali', 6_092],
  ['23', 'Nusa Tenggara Barat', 14_835],
  ['24', 'Nusa Tenggara Timur', 15_219],
  ['25', 'Papua', 2_329],
  ['26', 'Bengkulu', 4_958],
  ['27', 'Maluku Utara', 4_640],
  ['28', 'Banten', 20_586],
  ['29', 'Kepulauan Bangka Belitung', 2_438],
  ['30', 'Gorontalo', 3_352],
  ['31', 'Kepulauan Riau', 3_690],
  ['32', 'Papua Barat', 1_580],
  ['33', 'Sulawesi Barat', 4_456],
  ['34', 'Kalimantan Utara', 1_690],
  ['35', 'Papua Selatan', 1_276],
  ['36', 'Papua Tengah', 1_627],
  ['37', 'Papua Pegunungan', 1_700],
  ['38', 'Papua Barat Daya', 1_424],
];

export const KEPALA_SEKOLAH = 'Kepala Sekolah';

type Mix = ReadonlyArray<readonly [string, number]>;

/** Teachers by jenis_ptk per jenjang, the head apart (assumption, shaped after Dapodik GTK). */
export const TEACHER_MIX: Record<Jenjang, Mix> = {
  paud: [
    ['Guru Kelas', 85],
    ['Guru Pendamping', 15],
  ],
  sd: [
    ['Guru Kelas', 62],
    ['Guru Mapel', 30],
    ['Guru Pendamping', 3],
    ['Guru Inklusi', 2],
    ['Guru Pengganti', 2],
    ['Guru TIK', 1],
  ],
  smp: [
    ['Guru Mapel', 86],
    ['Guru BK', 7],
    ['Guru TIK', 4],
    ['Guru Pengganti', 2],
    ['Guru Inklusi', 1],
  ],
  sma: [
    ['Guru Mapel', 86],
    ['Guru BK', 7],
    ['Guru TIK', 4],
    ['Guru Pengganti', 2],
    ['Guru Inklusi', 1],
  ],
  smk: [
    ['Guru Mapel', 87],
    ['Guru BK', 6],
    ['Guru TIK', 5],
    ['Guru Pengganti', 2],
  ],
  slb: [
    ['Guru Kelas', 50],
    ['Guru Mapel', 25],
    ['Guru Pendamping', 15],
    ['Guru Inklusi', 10],
  ],
  kesetaraan: [
    ['Guru Mapel', 85],
    ['Guru Kelas', 15],
  ],
};

/** Tendik by jenis_ptk: a third get no account (assumption). Laboran only where there are labs. */
export const TENDIK_MIX: Mix = [
  ['Tenaga Administrasi Sekolah', 50],
  ['Tenaga Perpustakaan', 10],
  ['Laboran', 6],
  ['Penjaga Sekolah', 20],
  ['Tukang Kebun', 4],
  ['Petugas Keamanan', 5],
  ['Pengemudi', 1],
  ['Pesuruh', 2],
  ['Tenaga Kebersihan', 2],
];

const WITH_LABS: ReadonlySet<Jenjang> = new Set(['smp', 'sma', 'smk']);

export function tendikMix(jenjang: Jenjang): Mix {
  return WITH_LABS.has(jenjang) ? TENDIK_MIX : TENDIK_MIX.filter(([type]) => type !== 'Laboran');
}

/** How many pupils of a kesetaraan (PKBM/SKB) sit at each tingkat: most follow Paket B or C. */
export function tingkatWeight(bentuk: string, tingkat: number): number {
  if (bentuk !== 'PKBM' && bentuk !== 'SKB') return 1;
  return tingkat <= 6 ? 1 : tingkat <= 9 ? 2 : 4;
}
