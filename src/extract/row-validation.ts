// Turning the fields of one CSV row into a typed record, or the reason it is rejected
// (DESIGN 3.1). Pure: knows nothing of other rows (duplicates and unknown schools are checked by
// the reader). `controls` false says the caller found no control character in the whole record.
// Reasons never quote a NIK, NISN, NUPTK, NIP, e-mail or birth date (STYLE 8): the rejects file
// is shown to operators and copied around.

import type { PdRow, PtkRow, SchoolRecord } from '../domain/records.js';
import {
  type ColumnPositions,
  columnIndex,
  PD_COLUMNS,
  PTK_COLUMNS,
  SEKOLAH_COLUMNS,
} from './extract-files.js';
import { allDigits, idProblem, isCalendarDate, isDigits, isEmailLike, nameProblem } from './field-rules.js';

const S = columnIndex(SEKOLAH_COLUMNS);
const T = columnIndex(PTK_COLUMNS);
const P = columnIndex(PD_COLUMNS);

export type Fields = readonly string[];

/** The trimmed value of canonical column `column`. */
export function fieldAt(fields: Fields, pos: ColumnPositions, column: number): string {
  const value = fields[pos[column]!] ?? '';
  const last = value.length - 1;
  if (last < 0) return value;
  // Most fields have nothing to trim; looking at both ends first skips most trim() calls.
  const a = value.charCodeAt(0);
  const z = value.charCodeAt(last);
  return a > 32 && a < 0xa0 && z > 32 && z < 0xa0 ? value : value.trim();
}

function npsnProblem(npsn: string): string | null {
  if (npsn.length === 0) return 'npsn is empty';
  return isDigits(npsn, 8) ? null : `npsn '${npsn}' is not 8 digits`;
}

function birthDateProblem(value: string): string | null {
  if (value.length === 0) return 'tanggal_lahir is empty';
  return isCalendarDate(value) ? null : 'tanggal_lahir is not a valid date (YYYY-MM-DD)';
}

function exitDateProblem(value: string): string | null {
  return value.length === 0 || isCalendarDate(value) ? null : `tanggal_keluar '${value}' is not a valid date`;
}

/** An optional identifier: empty, or exactly `length` digits. */
function digitsProblem(column: string, value: string, length: number): string | null {
  return value.length === 0 || isDigits(value, length) ? null : `${column} is not ${length} digits`;
}

function emailProblem(value: string): string | null {
  return value.length === 0 || isEmailLike(value) ? null : 'email is not a valid address';
}

/**
 * A school needs only a valid npsn, a name and a kode_wilayah (DESIGN 3.1). The name follows the
 * rule of every `nama` (1–100 characters, no control character): it goes into mail and pages.
 */
export function validateSchoolRow(f: Fields, pos: ColumnPositions): SchoolRecord | string {
  const npsn = fieldAt(f, pos, S.npsn);
  const nama = fieldAt(f, pos, S.nama);
  const kodeWilayah = fieldAt(f, pos, S.kode_wilayah);
  const problem =
    npsnProblem(npsn) ??
    nameProblem('nama', nama) ??
    (kodeWilayah.length >= 2 && allDigits(kodeWilayah)
      ? null
      : `kode_wilayah '${kodeWilayah}' is not at least 2 digits`);
  if (problem !== null) return problem;
  return {
    sekolahId: fieldAt(f, pos, S.sekolah_id),
    npsn,
    nama,
    bentukPendidikan: fieldAt(f, pos, S.bentuk_pendidikan),
    statusSekolah: fieldAt(f, pos, S.status_sekolah),
    kodeWilayah,
  };
}

function ptkIndukValue(value: string): boolean | string {
  if (value === '1') return true;
  if (value === '0' || value === '') return false;
  return `ptk_induk '${value}' is not 1, 0 or empty`;
}

export function validatePtkRow(f: Fields, pos: ColumnPositions, controls = true): PtkRow | string {
  const rowId = fieldAt(f, pos, T.ptk_terdaftar_id);
  const personId = fieldAt(f, pos, T.ptk_id);
  const nama = fieldAt(f, pos, T.nama);
  const npsn = fieldAt(f, pos, T.npsn);
  const tanggalLahir = fieldAt(f, pos, T.tanggal_lahir);
  const jenisPtk = fieldAt(f, pos, T.jenis_ptk);
  const nik = fieldAt(f, pos, T.nik);
  const nuptk = fieldAt(f, pos, T.nuptk);
  const nip = fieldAt(f, pos, T.nip);
  const email = fieldAt(f, pos, T.email);
  const tanggalKeluar = fieldAt(f, pos, T.tanggal_keluar);
  const ptkInduk = ptkIndukValue(fieldAt(f, pos, T.ptk_induk));
  const problem =
    idProblem('ptk_terdaftar_id', rowId, controls) ??
    idProblem('ptk_id', personId, controls) ??
    nameProblem('nama', nama, controls) ??
    npsnProblem(npsn) ??
    birthDateProblem(tanggalLahir) ??
    (jenisPtk.length === 0 ? 'jenis_ptk is empty' : null) ??
    digitsProblem('nik', nik, 16) ??
    digitsProblem('nuptk', nuptk, 16) ??
    digitsProblem('nip', nip, 18) ??
    emailProblem(email) ??
    (typeof ptkInduk === 'string' ? ptkInduk : null) ??
    exitDateProblem(tanggalKeluar);
  if (problem !== null) return problem;
  return {
    kind: 'ptk',
    rowId,
    personId,
    nama,
    nik,
    nuptk,
    nip,
    jenisKelamin: fieldAt(f, pos, T.jenis_kelamin),
    tanggalLahir,
    email,
    jenisPtk,
    npsn,
    ptkInduk: ptkInduk === true,
    jenisKeluar: fieldAt(f, pos, T.jenis_keluar),
    tanggalKeluar,
  };
}

/** tingkat_pendidikan as a number 0–13, or the reason it is not one. */
function tingkatValue(value: string): number | string {
  if (value.length === 0) return 'tingkat_pendidikan is empty';
  if (value.length <= 2 && allDigits(value)) {
    const n = Number(value);
    if (n <= 13) return n;
  }
  return `tingkat_pendidikan '${value}' is not an integer from 0 to 13`;
}

export function validatePdRow(f: Fields, pos: ColumnPositions, controls = true): PdRow | string {
  const rowId = fieldAt(f, pos, P.registrasi_id);
  const personId = fieldAt(f, pos, P.peserta_didik_id);
  const nama = fieldAt(f, pos, P.nama);
  const npsn = fieldAt(f, pos, P.npsn);
  const tanggalLahir = fieldAt(f, pos, P.tanggal_lahir);
  const tingkat = tingkatValue(fieldAt(f, pos, P.tingkat_pendidikan));
  const nisn = fieldAt(f, pos, P.nisn);
  const nik = fieldAt(f, pos, P.nik);
  const email = fieldAt(f, pos, P.email);
  const tanggalKeluar = fieldAt(f, pos, P.tanggal_keluar);
  const problem =
    idProblem('registrasi_id', rowId, controls) ??
    idProblem('peserta_didik_id', personId, controls) ??
    nameProblem('nama', nama, controls) ??
    npsnProblem(npsn) ??
    birthDateProblem(tanggalLahir) ??
    (typeof tingkat === 'string' ? tingkat : null) ??
    digitsProblem('nisn', nisn, 10) ??
    digitsProblem('nik', nik, 16) ??
    emailProblem(email) ??
    exitDateProblem(tanggalKeluar);
  if (problem !== null) return problem;
  return {
    kind: 'pd',
    rowId,
    personId,
    nisn,
    nik,
    nama,
    jenisKelamin: fieldAt(f, pos, P.jenis_kelamin),
    tanggalLahir,
    email,
    npsn,
    tingkat: tingkat as number,
    jenisKeluar: fieldAt(f, pos, P.jenis_keluar),
    tanggalKeluar,
  };
}
