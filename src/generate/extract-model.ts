// An extract held in memory as plain records, read from and written to the DESIGN 3.1 files. The
// generator edits records in place, marks removed ones `dropped` and appends new ones, so a written
// month keeps the order of the month it came from, as successive Dapodik pulls do.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { PD_COLUMNS, PTK_COLUMNS, SEKOLAH_COLUMNS } from '../extract/extract-files.js';
import { ChunkWriter, csvLine, parseCsvLine, readLines } from './csv-lines.js';
import { type ManifestFile, readManifest, writeManifest } from './manifest-file.js';

export interface SchoolRec {
  sekolahId: string;
  npsn: string;
  nama: string;
  bentuk: string;
  status: string;
  kodeWilayah: string;
  dropped?: boolean;
}

export interface PtkRec {
  rowId: string;
  personId: string;
  nama: string;
  nik: string;
  nuptk: string;
  nip: string;
  jenisKelamin: string;
  tanggalLahir: string;
  email: string;
  jenisPtk: string;
  npsn: string;
  ptkInduk: string;
  jenisKeluar: string;
  tanggalKeluar: string;
  dropped?: boolean;
}

export interface PdRec {
  rowId: string;
  personId: string;
  nisn: string;
  nik: string;
  nama: string;
  jenisKelamin: string;
  tanggalLahir: string;
  email: string;
  npsn: string;
  tingkat: number;
  jenisKeluar: string;
  tanggalKeluar: string;
  dropped?: boolean;
}

export interface ExtractData {
  manifest: ManifestFile;
  schools: SchoolRec[];
  ptk: PtkRec[];
  pd: PdRec[];
}

export function schoolFields(s: SchoolRec): string[] {
  return [s.sekolahId, s.npsn, s.nama, s.bentuk, s.status, s.kodeWilayah];
}

export function ptkFields(r: PtkRec): string[] {
  return [
    r.rowId,
    r.personId,
    r.nama,
    r.nik,
    r.nuptk,
    r.nip,
    r.jenisKelamin,
    r.tanggalLahir,
    r.email,
    r.jenisPtk,
    r.npsn,
    r.ptkInduk,
    r.jenisKeluar,
    r.tanggalKeluar,
  ];
}

export function pdFields(r: PdRec): string[] {
  return [
    r.rowId,
    r.personId,
    r.nisn,
    r.nik,
    r.nama,
    r.jenisKelamin,
    r.tanggalLahir,
    r.email,
    r.npsn,
    String(r.tingkat),
    r.jenisKeluar,
    r.tanggalKeluar,
  ];
}

/** Rows of one file as objects keyed by column name; columns may come in any order. */
async function readTable(path: string, columns: readonly string[]): Promise<Record<string, string>[]> {
  const [header = '', ...lines] = await readLines(path);
  const names = parseCsvLine(header).map((n) => n.trim().toLowerCase());
  const at = columns.map((c) => {
    const i = names.indexOf(c);
    if (i < 0) throw new AppError('bad_input', `${path}: missing column ${c}`);
    return i;
  });
  return lines
    .filter((line) => line !== '')
    .map((line) => {
      const fields = parseCsvLine(line);
      const row: Record<string, string> = {};
      columns.forEach((c, k) => {
        row[c] = (fields[at[k]!] ?? '').trim();
      });
      return row;
    });
}

type Raw = Record<string, string>;

const schoolRec = (r: Raw): SchoolRec => ({
  sekolahId: r.sekolah_id!,
  npsn: r.npsn!,
  nama: r.nama!,
  bentuk: r.bentuk_pendidikan!,
  status: r.status_sekolah!,
  kodeWilayah: r.kode_wilayah!,
});

const ptkRec = (r: Raw): PtkRec => ({
  rowId: r.ptk_terdaftar_id!,
  personId: r.ptk_id!,
  nama: r.nama!,
  nik: r.nik!,
  nuptk: r.nuptk!,
  nip: r.nip!,
  jenisKelamin: r.jenis_kelamin!,
  tanggalLahir: r.tanggal_lahir!,
  email: r.email!,
  jenisPtk: r.jenis_ptk!,
  npsn: r.npsn!,
  ptkInduk: r.ptk_induk!,
  jenisKeluar: r.jenis_keluar!,
  tanggalKeluar: r.tanggal_keluar!,
});

const pdRec = (r: Raw): PdRec => ({
  rowId: r.registrasi_id!,
  personId: r.peserta_didik_id!,
  nisn: r.nisn!,
  nik: r.nik!,
  nama: r.nama!,
  jenisKelamin: r.jenis_kelamin!,
  tanggalLahir: r.tanggal_lahir!,
  email: r.email!,
  npsn: r.npsn!,
  tingkat: Number(r.tingkat_pendidikan),
  jenisKeluar: r.jenis_keluar!,
  tanggalKeluar: r.tanggal_keluar!,
});

export async function readExtractData(dir: string): Promise<ExtractData> {
  const [manifest, sekolah, ptk, pd] = await Promise.all([
    readManifest(dir),
    readTable(join(dir, 'sekolah.csv'), SEKOLAH_COLUMNS),
    readTable(join(dir, 'ptk.csv'), PTK_COLUMNS),
    readTable(join(dir, 'peserta_didik.csv'), PD_COLUMNS),
  ]);
  return { manifest, schools: sekolah.map(schoolRec), ptk: ptk.map(ptkRec), pd: pd.map(pdRec) };
}

async function writeTable<T extends { dropped?: boolean }>(
  path: string,
  columns: readonly string[],
  rows: readonly T[],
  fields: (row: T) => string[],
): Promise<void> {
  const out = new ChunkWriter(path);
  out.line(columns.join(','));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!row.dropped) out.line(csvLine(fields(row)));
    if ((i & 0x3fff) === 0) await out.flushIfFull();
  }
  await out.close();
}

/** Writes manifest.json and the three CSV files (rows marked dropped left out). */
export async function writeExtractData(dir: string, data: ExtractData): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeManifest(dir, data.manifest);
  await writeTable(join(dir, 'sekolah.csv'), SEKOLAH_COLUMNS, data.schools, schoolFields);
  await writeTable(join(dir, 'ptk.csv'), PTK_COLUMNS, data.ptk, ptkFields);
  await writeTable(join(dir, 'peserta_didik.csv'), PD_COLUMNS, data.pd, pdFields);
}

export async function writeText(path: string, text: string): Promise<void> {
  await writeFile(path, text, 'utf8');
}
