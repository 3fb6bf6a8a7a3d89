// Records as read from a Dapodik extract (DESIGN 3.1), after validation. Field names follow the
// CSV columns in camelCase. Empty optional fields are empty strings, never undefined, so that two
// versions of a row compare field by field.

export const PERSON_KINDS = ['ptk', 'pd'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

export interface SchoolRecord {
  sekolahId: string;
  npsn: string;
  nama: string;
  bentukPendidikan: string;
  statusSekolah: string;
  kodeWilayah: string;
}

/** One assignment of a PTK at a school (a row of ptk.csv). */
export interface PtkRow {
  kind: 'ptk';
  rowId: string; // ptk_terdaftar_id
  personId: string; // ptk_id
  nama: string;
  nik: string;
  nuptk: string;
  nip: string;
  jenisKelamin: string;
  tanggalLahir: string;
  email: string;
  jenisPtk: string;
  npsn: string;
  ptkInduk: boolean;
  jenisKeluar: string;
  tanggalKeluar: string;
}

/** One registration of a pupil at a school (a row of peserta_didik.csv). */
export interface PdRow {
  kind: 'pd';
  rowId: string; // registrasi_id
  personId: string; // peserta_didik_id
  nisn: string;
  nik: string;
  nama: string;
  jenisKelamin: string;
  tanggalLahir: string;
  email: string;
  npsn: string;
  tingkat: number; // tingkat_pendidikan, 0 for PAUD
  jenisKeluar: string;
  tanggalKeluar: string;
}

export type PersonRow = PtkRow | PdRow;

export type ExtractScope =
  | { kind: 'national' }
  | { kind: 'provinsi'; codes: string[] }
  | { kind: 'sekolah'; npsn: string[] };

export interface Manifest {
  snapshotId: string;
  takenAt: string; // YYYY-MM-DD
  scope: ExtractScope;
  failedNpsn: string[];
}

/** A row the reader refused: where it was and why. `personId` is set when it could be read. */
export interface RejectedRow {
  file: string;
  line: number;
  reason: string;
  rowId?: string;
  personId?: string;
  kind?: PersonKind;
}
