// Small Dapodik extracts written to a temporary directory, for the extract reader's tests.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { after as afterHook, before as beforeHook } from 'node:test';
import type { PdRow, PtkRow } from '../../src/domain/records.js';
import { AppError } from '../../src/errors.js';
import { type ExtractSummary, readExtract } from '../../src/extract/extract-reader.js';

export const SEKOLAH_HEADER = 'sekolah_id,npsn,nama,bentuk_pendidikan,status_sekolah,kode_wilayah';
export const PTK_HEADER =
  'ptk_terdaftar_id,ptk_id,nama,nik,nuptk,nip,jenis_kelamin,tanggal_lahir,email,jenis_ptk,npsn,ptk_induk,jenis_keluar,tanggal_keluar';
export const PD_HEADER =
  'registrasi_id,peserta_didik_id,nisn,nik,nama,jenis_kelamin,tanggal_lahir,email,npsn,tingkat_pendidikan,jenis_keluar,tanggal_keluar';

export const SCHOOL_ROWS = [
  'a0000000-0000-4000-8000-000000000001,20100001,SD Negeri 1 Contoh,SD,Negeri,016001',
  'a0000000-0000-4000-8000-000000000002,20100002,SMP Negeri 2 Contoh,SMP,Negeri,016002',
];

export const PTK_ROWS = [
  'b0000000-0000-4000-8000-000000000001,c0000000-0000-4000-8000-000000000001,Siti Rahayu,3201010101800001,1234567890123456,198001012005012001,P,1980-01-01,siti@example.org,Guru Kelas,20100001,1,,',
  'pt-2,ptk-2,Budi Santoso,,,,L,1975-05-05,,Kepala Sekolah,20100002,0,,',
];

export const PD_ROWS = [
  'd0000000-0000-4000-8000-000000000001,e0000000-0000-4000-8000-000000000001,0012345678,,Ani Lestari,P,2014-03-04,,20100001,4,,',
  'reg-2,pd-2,0012345679,3201010101140002,Dodi,L,2010-07-08,dodi@example.org,20100002,8,Mutasi,2025-01-15',
];

export const MANIFEST = { snapshot_id: 'snap-2025-07', taken_at: '2025-07-31', scope: { kind: 'national' } };

export interface ExtractFiles {
  manifest?: unknown;
  /** Whole file contents; `null` leaves the file out. */
  sekolah?: string | null;
  ptk?: string | null;
  pd?: string | null;
}

export function csv(header: string, rows: readonly string[], eol = '\n'): string {
  return [header, ...rows].map((line) => line + eol).join('');
}

export const DEFAULT_FILES = {
  sekolah: csv(SEKOLAH_HEADER, SCHOOL_ROWS),
  ptk: csv(PTK_HEADER, PTK_ROWS),
  pd: csv(PD_HEADER, PD_ROWS),
};

/** A fresh directory, removed after the calling test file's tests. */
export async function tempDir(after: typeof afterHook): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'selaras-extract-'));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Fresh scratch directories for a test file: one temp root made before the tests and removed after
 * them; each call of the returned function names a new directory inside it.
 */
export function scratchDirs(hooks: { before: typeof beforeHook; after: typeof afterHook }): () => string {
  let root = '';
  let n = 0;
  hooks.before(async () => {
    root = await tempDir(hooks.after);
  });
  return () => join(root, `x${++n}`);
}

/** Writes an extract into `dir` (default: a small valid one); returns `dir`. */
export async function writeExtract(dir: string, files: ExtractFiles = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const manifest = files.manifest === undefined ? MANIFEST : files.manifest;
  if (manifest !== null) {
    const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
    await writeFile(join(dir, 'manifest.json'), text);
  }
  const contents: Array<[string, string | null | undefined, string]> = [
    ['sekolah.csv', files.sekolah, DEFAULT_FILES.sekolah],
    ['ptk.csv', files.ptk, DEFAULT_FILES.ptk],
    ['peserta_didik.csv', files.pd, DEFAULT_FILES.pd],
  ];
  for (const [name, given, fallback] of contents) {
    if (given === null) continue;
    await writeFile(join(dir, name), given ?? fallback);
  }
  return dir;
}

export interface ReadResult {
  summary: ExtractSummary;
  rows: Array<PtkRow | PdRow>;
}

export async function read(dir: string): Promise<ReadResult> {
  const rows: Array<PtkRow | PdRow> = [];
  const summary = await readExtract(dir, { add: (row) => rows.push(row) });
  return { summary, rows };
}

/** Asserts that reading `dir` fails as bad input with a message matching `message`. */
export async function assertBadInput(dir: string, message: RegExp): Promise<Array<PtkRow | PdRow>> {
  const rows: Array<PtkRow | PdRow> = [];
  await assert.rejects(readExtract(dir, { add: (row) => rows.push(row) }), (err: unknown) => {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    assert.equal(err.code, 'bad_input');
    assert.match(err.message, message);
    return true;
  });
  return rows;
}
