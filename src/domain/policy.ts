// Policy: the tables and windows DESIGN 2 calls "configuration, not code". The defaults live here
// as plain data; src/config merges an operator's overrides into a frozen copy.
import { DEFAULT_GUARD_LIMITS, type GuardLimits } from './guards.js';

export const JENJANG = ['paud', 'sd', 'smp', 'sma', 'smk', 'slb', 'kesetaraan'] as const;
export type Jenjang = (typeof JENJANG)[number];

export const ACCOUNT_ROLES = ['guru', 'admin', 'siswa'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface Policy {
  /** bentuk_pendidikan → jenjang; keys are normalised (see normaliseCode). */
  jenjangByBentuk: Readonly<Record<string, Jenjang>>;
  /** jenis_ptk → role; keys normalised. A type in `noAccountPtk` gets no account. */
  roleByJenisPtk: Readonly<Record<string, 'guru' | 'admin'>>;
  noAccountPtk: readonly string[];
  baseDomain: string;
  /** Academic and religious titles dropped from names before building an address. */
  titles: readonly string[];
  fallbackLocal: string;
  minAddressNumber: number;
  maxAddressNumber: number;
  paudPupilsGetAccounts: boolean;
  continuationDays: number;
  waitingExitDays: number;
  noticeDays: number;
  retentionDays: number;
  reminderDaysBefore: number;
  /** An appeal (issue 10) pauses the account's schedule for at most this many days from filing. */
  appealHoldDays: number;
  /** Tingkat at which Lulus opens a continuation window, and at which it is a final exit. */
  continuationTingkat: readonly number[];
  finalTingkat: readonly number[];
  guards: GuardLimits;
}

/** Case- and space-insensitive form of a code from Dapodik ("Guru  Mapel" → "guru mapel"). */
export function normaliseCode(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

function table<V>(entries: Array<[string[], V]>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [keys, value] of entries) for (const key of keys) out[normaliseCode(key)] = value;
  return out;
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  jenjangByBentuk: table<Jenjang>([
    [['TK', 'KB', 'TPA', 'SPS'], 'paud'],
    [['SD'], 'sd'],
    [['SMP'], 'smp'],
    [['SMA'], 'sma'],
    [['SMK'], 'smk'],
    [['SLB', 'SDLB', 'SMPLB', 'SMLB'], 'slb'],
    [['PKBM', 'SKB'], 'kesetaraan'],
  ]),
  roleByJenisPtk: table<'guru' | 'admin'>([
    [
      [
        'Guru Kelas',
        'Guru Mapel',
        'Guru BK',
        'Guru Inklusi',
        'Guru Pendamping',
        'Guru TIK',
        'Guru Pengganti',
      ],
      'guru',
    ],
    [['Kepala Sekolah', 'Tenaga Administrasi Sekolah', 'Tenaga Perpustakaan', 'Laboran'], 'admin'],
  ]),
  noAccountPtk: Object.keys(
    table([
      [
        ['Penjaga Sekolah', 'Tukang Kebun', 'Petugas Keamanan', 'Pengemudi', 'Pesuruh', 'Tenaga Kebersihan'],
        true,
      ],
    ]),
  ),
  baseDomain: 'belajar.id',
  titles: [
    'S.Pd',
    'M.Pd',
    'Dra',
    'Drs',
    'Dr',
    'Gr',
    'Ir',
    'S.Ag',
    'S.Kom',
    'A.Md',
    'H',
    'Hj',
    'S.Si',
    'S.E',
    'S.H',
    'S.T',
    'S.Sos',
    'S.Pd.I',
    'S.Pd.SD',
    'M.Si',
    'M.Ag',
    'M.Kom',
    'M.M',
    'S.Psi',
    'S.S',
    'Prof',
    'Ust',
    'Ustadz',
    'Ustadzah',
    'K.H',
    'Hj.',
    'S.IP',
    'S.Hum',
    'M.Hum',
    'S.Kep',
    'Ns',
    'S.Th',
    'S.Fil',
  ],
  fallbackLocal: 'pengguna',
  minAddressNumber: 10,
  maxAddressNumber: 99999,
  paudPupilsGetAccounts: false,
  continuationDays: 120,
  waitingExitDays: 45,
  noticeDays: 30,
  retentionDays: 60,
  reminderDaysBefore: 3,
  appealHoldDays: 30,
  continuationTingkat: [6, 9],
  finalTingkat: [12, 13],
  guards: DEFAULT_GUARD_LIMITS,
});

export function jenjangOf(bentuk: string, policy: Policy): Jenjang | null {
  return policy.jenjangByBentuk[normaliseCode(bentuk)] ?? null;
}

export type PtkRoleLookup = 'guru' | 'admin' | 'none' | 'unknown';

export function roleOfPtk(jenisPtk: string, policy: Policy): PtkRoleLookup {
  const key = normaliseCode(jenisPtk);
  const role = policy.roleByJenisPtk[key];
  if (role) return role;
  return policy.noAccountPtk.includes(key) ? 'none' : 'unknown';
}
