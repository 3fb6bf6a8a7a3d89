// The files of a Dapodik extract and their columns (DESIGN 3.1).

import { AppError } from '../errors.js';

export const MANIFEST_FILE = 'manifest.json';
export const SEKOLAH_FILE = 'sekolah.csv';
export const PTK_FILE = 'ptk.csv';
export const PD_FILE = 'peserta_didik.csv';

/** Fixed order for reading and for the content hash. */
export const CSV_FILES = [SEKOLAH_FILE, PTK_FILE, PD_FILE] as const;
export type CsvFile = (typeof CSV_FILES)[number];

export const SEKOLAH_COLUMNS = [
  'sekolah_id',
  'npsn',
  'nama',
  'bentuk_pendidikan',
  'status_sekolah',
  'kode_wilayah',
] as const;

export const PTK_COLUMNS = [
  'ptk_terdaftar_id',
  'ptk_id',
  'nama',
  'nik',
  'nuptk',
  'nip',
  'jenis_kelamin',
  'tanggal_lahir',
  'email',
  'jenis_ptk',
  'npsn',
  'ptk_induk',
  'jenis_keluar',
  'tanggal_keluar',
] as const;

export const PD_COLUMNS = [
  'registrasi_id',
  'peserta_didik_id',
  'nisn',
  'nik',
  'nama',
  'jenis_kelamin',
  'tanggal_lahir',
  'email',
  'npsn',
  'tingkat_pendidikan',
  'jenis_keluar',
  'tanggal_keluar',
] as const;

export const COLUMNS_OF: Record<CsvFile, readonly string[]> = {
  [SEKOLAH_FILE]: SEKOLAH_COLUMNS,
  [PTK_FILE]: PTK_COLUMNS,
  [PD_FILE]: PD_COLUMNS,
};

/** Position of each canonical column (in the order of `columns`) within one file's header. */
export type ColumnPositions = readonly number[];

/** `{ name: index in columns }`, so rules read `f[pos[C.nama]]`. */
export function columnIndex<const T extends readonly string[]>(columns: T): { [K in T[number]]: number } {
  const out: Record<string, number> = {};
  columns.forEach((name, i) => {
    out[name] = i;
  });
  return out as { [K in T[number]]: number };
}

/**
 * Maps a header onto the canonical columns. Names are compared trimmed and case-insensitively;
 * extra columns are ignored, any order is accepted; a missing or repeated column is bad input.
 */
export function resolveColumns(
  file: string,
  header: readonly string[],
  columns: readonly string[],
): number[] {
  const at = new Map<string, number>();
  const repeated = new Set<string>();
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (at.has(name)) repeated.add(name);
    else at.set(name, i);
  });
  const missing = columns.filter((c) => !at.has(c));
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new AppError('bad_input', `${file} is missing column${missing.length > 1 ? 's' : ''} ${list}`, {
      file,
      columns: missing,
    });
  }
  const twice = columns.filter((c) => repeated.has(c));
  if (twice.length > 0) {
    throw new AppError('bad_input', `${file} has column ${twice.join(', ')} more than once`, {
      file,
      columns: twice,
    });
  }
  return columns.map((c) => at.get(c)!);
}
