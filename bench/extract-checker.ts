// Sanity checks for an extract directory: the shapes DESIGN 3.1 validates, plus the uniqueness a
// generator must guarantee (row ids, NPSN, NISN per pupil). Used on synthetic and sample extracts.

import { join } from 'node:path';
import { DEFAULT_POLICY, type Jenjang, jenjangOf } from '../src/domain/policy.js';
import { parseCsvLine, readLines } from '../src/generate/csv-lines.js';
import { assertIsoDate, readManifest } from '../src/generate/manifest-file.js';
import { KEPALA_SEKOLAH, PD, PD_HEADER, PTK, PTK_HEADER, tingkatRange } from './synthetic/people.js';
import { SEKOLAH_HEADER } from './synthetic/schools.js';

export interface CheckReport {
  schools: number;
  ptkRows: number;
  pdRows: number;
  ptkPersons: number;
  pdPersons: number;
  /** Schools without exactly one active Kepala Sekolah: normal after churn, so not an error. */
  schoolsWithoutOneHead: number;
  errors: string[];
}

const MAX_ERRORS = 50;
const DIGITS = (n: number) => new RegExp(`^\\d{${n}}$`);
const NPSN = DIGITS(8);
const NISN = DIGITS(10);
const NIK = DIGITS(16);
const NIP = DIGITS(18);
const KODE = DIGITS(6);
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
const CONTROL = /[\u0000-\u001f\u007f]/;

class Problems {
  readonly list: string[] = [];
  add(file: string, line: number, message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push(`${file}:${line + 1}: ${message}`);
    else if (this.list.length === MAX_ERRORS) this.list.push('… more problems not listed');
  }
}

async function rows(dir: string, file: string, header: string, problems: Problems): Promise<string[][]> {
  const lines = await readLines(join(dir, file));
  if (lines[0] !== header) problems.add(file, 0, `header is not ${header}`);
  const width = header.split(',').length;
  const out: string[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = parseCsvLine(lines[i]!);
    if (fields.length !== width) problems.add(file, i, `${fields.length} fields, expected ${width}`);
    out.push(fields);
  }
  return out;
}

function validDate(value: string): boolean {
  try {
    assertIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

function checkNama(nama: string): string | null {
  const trimmed = nama.trim();
  if (trimmed.length < 1 || trimmed.length > 100) return `nama length ${trimmed.length}`;
  return CONTROL.test(nama) ? 'nama has control characters' : null;
}

export async function checkExtract(dir: string): Promise<CheckReport> {
  const problems = new Problems();
  const manifest = await readManifest(dir);
  if (!validDate(manifest.taken_at)) problems.add('manifest.json', 0, `taken_at ${manifest.taken_at}`);
  const sekolah = await rows(dir, 'sekolah.csv', SEKOLAH_HEADER, problems);
  const jenjangByNpsn = new Map<string, Jenjang | null>();
  const sekolahIds = new Set<string>();
  sekolah.forEach((f, i) => {
    const [id = '', npsn = '', , bentuk = '', , kode = ''] = f;
    if (!NPSN.test(npsn)) problems.add('sekolah.csv', i + 1, `npsn ${npsn}`);
    if (jenjangByNpsn.has(npsn)) problems.add('sekolah.csv', i + 1, `duplicate npsn ${npsn}`);
    if (sekolahIds.has(id)) problems.add('sekolah.csv', i + 1, `duplicate sekolah_id ${id}`);
    if (!KODE.test(kode)) problems.add('sekolah.csv', i + 1, `kode_wilayah ${kode}`);
    const jenjang = jenjangOf(bentuk, DEFAULT_POLICY);
    if (!jenjang) problems.add('sekolah.csv', i + 1, `unknown bentuk_pendidikan ${bentuk}`);
    jenjangByNpsn.set(npsn, jenjang);
    sekolahIds.add(id);
  });
  const rowIds = new Set<string>();
  const ptk = await rows(dir, 'ptk.csv', PTK_HEADER, problems);
  const ptkPersons = checkPtk(ptk, jenjangByNpsn, rowIds, problems);
  const pd = await rows(dir, 'peserta_didik.csv', PD_HEADER, problems);
  const pdPersons = checkPd(pd, jenjangByNpsn, rowIds, problems);
  return {
    schools: sekolah.length,
    ptkRows: ptk.length,
    pdRows: pd.length,
    ptkPersons: ptkPersons.persons,
    pdPersons,
    schoolsWithoutOneHead: [...jenjangByNpsn.keys()].filter((n) => ptkPersons.heads.get(n) !== 1).length,
    errors: problems.list,
  };
}

function checkRowId(file: string, line: number, id: string, rowIds: Set<string>, problems: Problems): void {
  if (!id) problems.add(file, line, 'empty row id');
  else if (rowIds.has(id)) problems.add(file, line, `duplicate row id ${id}`);
  rowIds.add(id);
}

function checkPtk(rows: string[][], schools: Map<string, unknown>, rowIds: Set<string>, problems: Problems) {
  const file = 'ptk.csv';
  const identity = new Map<string, string>();
  const heads = new Map<string, number>();
  const mainRows = new Map<string, number>();
  rows.forEach((f, i) => {
    const line = i + 1;
    const personId = f[PTK.personId] ?? '';
    checkRowId(file, line, f[PTK.rowId] ?? '', rowIds, problems);
    const namaProblem = checkNama(f[PTK.nama] ?? '');
    if (namaProblem) problems.add(file, line, namaProblem);
    const [nik = '', nuptk = '', nip = ''] = f.slice(3, 6);
    if (nik && !NIK.test(nik)) problems.add(file, line, `nik ${nik}`);
    if (nuptk && !NIK.test(nuptk)) problems.add(file, line, `nuptk ${nuptk}`);
    if (nip && !NIP.test(nip)) problems.add(file, line, `nip ${nip}`);
    if (!validDate(f[PTK.tanggalLahir] ?? ''))
      problems.add(file, line, `tanggal_lahir ${f[PTK.tanggalLahir]}`);
    if (!/^[LP]$/.test(f[PTK.jenisKelamin] ?? '')) problems.add(file, line, 'jenis_kelamin');
    if (!schools.has(f[PTK.npsn] ?? '')) problems.add(file, line, `unknown npsn ${f[PTK.npsn]}`);
    if (!f[PTK.jenisPtk]) problems.add(file, line, 'empty jenis_ptk');
    const same = `${nik}|${f[PTK.tanggalLahir]}|${f[PTK.nama]}`;
    if ((identity.get(personId) ?? same) !== same) problems.add(file, line, `rows of ${personId} disagree`);
    identity.set(personId, same);
    const active = f[PTK.keluar] === '';
    if (active && f[PTK.jenisPtk] === KEPALA_SEKOLAH)
      heads.set(f[PTK.npsn]!, (heads.get(f[PTK.npsn]!) ?? 0) + 1);
    if (active && f[PTK.induk] === '1') mainRows.set(personId, (mainRows.get(personId) ?? 0) + 1);
  });
  for (const [personId, count] of mainRows) {
    if (count > 1) problems.add(file, 0, `${personId} has ${count} active ptk_induk 1 rows`);
  }
  return { persons: identity.size, heads };
}

function checkPd(
  rows: string[][],
  schools: Map<string, Jenjang | null>,
  rowIds: Set<string>,
  problems: Problems,
) {
  const file = 'peserta_didik.csv';
  const nisnOwner = new Map<string, string>();
  const persons = new Set<string>();
  rows.forEach((f, i) => {
    const line = i + 1;
    const personId = f[PD.personId] ?? '';
    persons.add(personId);
    checkRowId(file, line, f[PD.rowId] ?? '', rowIds, problems);
    const nisn = f[PD.nisn] ?? '';
    if (nisn) {
      if (!NISN.test(nisn)) problems.add(file, line, `nisn ${nisn}`);
      const owner = nisnOwner.get(nisn);
      if (owner !== undefined && owner !== personId)
        problems.add(file, line, `nisn ${nisn} shared by two pupils`);
      nisnOwner.set(nisn, personId);
    }
    const nik = f[3] ?? '';
    if (nik && !NIK.test(nik)) problems.add(file, line, `nik ${nik}`);
    const namaProblem = checkNama(f[PD.nama] ?? '');
    if (namaProblem) problems.add(file, line, namaProblem);
    if (!validDate(f[6] ?? '')) problems.add(file, line, `tanggal_lahir ${f[6]}`);
    if (!/^[LP]$/.test(f[PD.jenisKelamin] ?? '')) problems.add(file, line, 'jenis_kelamin');
    const npsn = f[PD.npsn] ?? '';
    if (!schools.has(npsn)) problems.add(file, line, `unknown npsn ${npsn}`);
    const [lo, hi] = tingkatRange(schools.get(npsn) ?? null);
    const tingkat = Number(f[PD.tingkat]);
    if (!(tingkat >= lo && tingkat <= hi)) problems.add(file, line, `tingkat ${f[PD.tingkat]} at ${npsn}`);
    const keluar = f[PD.tanggalKeluar] ?? '';
    if (keluar && !validDate(keluar)) problems.add(file, line, `tanggal_keluar ${keluar}`);
  });
  return persons.size;
}
