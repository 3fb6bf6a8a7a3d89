// Mapping rows of the Dapodik Web Service onto the CSV columns of an extract (DESIGN 3.1). Pure.
//
// Source keys are those of the service's documented answers (the Dapodik "Pengaturan → Web
// Service" endpoints as read by community SDKs); where a column has several candidates the first
// present one wins:
//   sekolah.csv        getSekolah: sekolah_id, npsn, nama, bentuk_pendidikan_id_str (the label,
//                      e.g. "SMP"), status_sekolah_str (else status_sekolah 1/2 → Negeri/Swasta),
//                      kode_wilayah (the service pads it with spaces: trimmed)
//   ptk.csv            getGtk: ptk_terdaftar_id, ptk_id, nama, nik, nuptk, nip, jenis_kelamin,
//                      tanggal_lahir, email, jenis_ptk_id_str (the label, e.g. "Guru Mapel"),
//                      ptk_induk, jenis_keluar_id_str, tanggal_keluar; npsn is the school asked for
//   peserta_didik.csv  getPesertaDidik: registrasi_id, peserta_didik_id, nisn, nik, nama,
//                      jenis_kelamin, tanggal_lahir, email, tingkat_pendidikan_id,
//                      jenis_keluar_id_str, tanggal_keluar; npsn is the school asked for
// The service lists current members, so jenis_keluar and tanggal_keluar are usually empty.
//
// Each row is rebuilt from exactly these keys: keys of another record type that leak into a row
// are dropped, and a key missing from a row is an empty field (the sync's row rules then reject a
// row that lacks a required value, keeping that person as they were). A row that cannot be tied to
// a record at all — not an object, no row or person id, a nested value — cannot be mapped.

import { PD_COLUMNS, PTK_COLUMNS, SEKOLAH_COLUMNS } from './extract-files.js';

type ValueKind = 'text' | 'date' | 'flag' | 'status';

interface ColumnSource {
  /** Service keys, first present one wins; none means the pulled school's NPSN. */
  keys?: readonly string[];
  kind?: ValueKind;
  /** A fixed-width digit code: a JSON number lost its leading zeros, which are put back. */
  width?: number;
}

export interface RecordMapping {
  endpoint: 'getSekolah' | 'getGtk' | 'getPesertaDidik';
  /** What one record is, for reasons. */
  label: string;
  /** One source per CSV column, in the column order of the file. */
  columns: readonly ColumnSource[];
  /** Service keys that must hold a value for a row to be a record of this type. */
  identity: readonly string[];
  /** Identity keys of the other record types, to name a row that belongs elsewhere. */
  foreign: Readonly<Record<string, readonly string[]>>;
}

export type MappedRow = { ok: true; fields: string[] } | { ok: false; reason: string };

const key = (...keys: string[]): ColumnSource => ({ keys });
const SCHOOL_NPSN: ColumnSource = {};

export const SEKOLAH_MAPPING: RecordMapping = {
  endpoint: 'getSekolah',
  label: 'school',
  columns: [
    key('sekolah_id'),
    { keys: ['npsn'], width: 8 },
    key('nama'),
    key('bentuk_pendidikan_id_str', 'bentuk_pendidikan'),
    { keys: ['status_sekolah_str', 'status_sekolah'], kind: 'status' },
    key('kode_wilayah'),
  ],
  identity: ['npsn'],
  foreign: { PTK: ['ptk_terdaftar_id', 'ptk_id'], peserta_didik: ['registrasi_id', 'peserta_didik_id'] },
};

export const PTK_MAPPING: RecordMapping = {
  endpoint: 'getGtk',
  label: 'PTK',
  columns: [
    key('ptk_terdaftar_id'),
    key('ptk_id'),
    key('nama'),
    { keys: ['nik'], width: 16 },
    { keys: ['nuptk'], width: 16 },
    { keys: ['nip'], width: 18 },
    key('jenis_kelamin'),
    { keys: ['tanggal_lahir'], kind: 'date' },
    key('email'),
    key('jenis_ptk_id_str', 'jenis_ptk'),
    SCHOOL_NPSN,
    { keys: ['ptk_induk'], kind: 'flag' },
    key('jenis_keluar_id_str', 'jenis_keluar'),
    { keys: ['tanggal_keluar'], kind: 'date' },
  ],
  identity: ['ptk_terdaftar_id', 'ptk_id'],
  foreign: { peserta_didik: ['registrasi_id', 'peserta_didik_id'] },
};

export const PD_MAPPING: RecordMapping = {
  endpoint: 'getPesertaDidik',
  label: 'peserta_didik',
  columns: [
    key('registrasi_id'),
    key('peserta_didik_id'),
    { keys: ['nisn'], width: 10 },
    { keys: ['nik'], width: 16 },
    key('nama'),
    key('jenis_kelamin'),
    { keys: ['tanggal_lahir'], kind: 'date' },
    key('email'),
    SCHOOL_NPSN,
    key('tingkat_pendidikan_id', 'tingkat_pendidikan'),
    key('jenis_keluar_id_str', 'jenis_keluar'),
    { keys: ['tanggal_keluar'], kind: 'date' },
  ],
  identity: ['registrasi_id', 'peserta_didik_id'],
  foreign: { PTK: ['ptk_terdaftar_id', 'ptk_id'] },
};

// The mappings must follow the extract's column order; a mismatch is a programming error.
for (const [mapping, columns] of [
  [SEKOLAH_MAPPING, SEKOLAH_COLUMNS],
  [PTK_MAPPING, PTK_COLUMNS],
  [PD_MAPPING, PD_COLUMNS],
] as const) {
  if (mapping.columns.length !== columns.length) throw new Error(`${mapping.endpoint} mapping is incomplete`);
}

/** A scalar as CSV text; null for an object or array, which no column can hold. */
function scalarText(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return null;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

function shaped(source: ColumnSource, raw: unknown, text: string): string {
  if (source.width && typeof raw === 'number' && /^\d+$/.test(text)) return text.padStart(source.width, '0');
  switch (source.kind) {
    case 'date':
      // Some versions answer "YYYY-MM-DD 00:00:00"; the time says nothing.
      return /^\d{4}-\d{2}-\d{2}[ T]/.test(text) ? text.slice(0, 10) : text;
    case 'flag':
      return text === 'true' ? '1' : text === 'false' ? '0' : text;
    case 'status':
      return text === '1' ? 'Negeri' : text === '2' ? 'Swasta' : text;
    default:
      return text;
  }
}

/** The field of one column, or the name of the key whose value cannot be a field. */
function columnValue(
  source: ColumnSource,
  row: Record<string, unknown>,
  npsn: string,
): string | { bad: string } {
  if (!source.keys) return npsn;
  const name = source.keys.find((k) => present(row[k])) ?? source.keys[0]!;
  const raw = row[name];
  const text = scalarText(raw);
  if (text === null) return { bad: name };
  return shaped(source, raw, text);
}

/** Why a row is not a record of this mapping's type, or null. */
function identityProblem(mapping: RecordMapping, row: Record<string, unknown>): string | null {
  const missing = mapping.identity.filter((k) => !present(row[k]));
  if (missing.length === 0) return null;
  for (const [label, keys] of Object.entries(mapping.foreign)) {
    if (keys.some((k) => present(row[k]))) return `is a ${label} record, not a ${mapping.label}`;
  }
  return `has no ${missing.join(' or ')}`;
}

/** One service row as the fields of its CSV line, in column order. `index` counts from 0. */
export function mapRow(mapping: RecordMapping, raw: unknown, npsn: string, index: number): MappedRow {
  const where = `${mapping.endpoint} row ${index + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: `${where} is not an object` };
  }
  const row = raw as Record<string, unknown>;
  const problem = identityProblem(mapping, row);
  if (problem) return { ok: false, reason: `${where} ${problem}` };
  const fields: string[] = [];
  for (const source of mapping.columns) {
    const value = columnValue(source, row, npsn);
    if (typeof value !== 'string')
      return { ok: false, reason: `${where}: ${value.bad} is not a plain value` };
    fields.push(value);
  }
  return { ok: true, fields };
}
