// Reads a Dapodik extract directory (DESIGN 3.1) in one streaming pass per file, in a fixed order
// (sekolah.csv first: a person row must name a valid school). A missing file or column or an
// invalid manifest is bad input before any row reaches the sink; a truncated file shows only at its
// end, so a caller must not act on sunk rows until readExtract has resolved.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest, SchoolRecord } from '../domain/records.js';
import { AppError } from '../errors.js';
import { readCsvHeader } from './csv-stream.js';
import {
  COLUMNS_OF,
  CSV_FILES,
  type CsvFile,
  MANIFEST_FILE,
  PD_FILE,
  PTK_FILE,
  resolveColumns,
  SEKOLAH_FILE,
} from './extract-files.js';
import type { ExtractReject, FileSummary } from './file-pass.js';
import { readManifestFile } from './manifest.js';
import { PD_SPEC, type PersonFile, PTK_SPEC, type RowSink, readPersonFile } from './person-file-reader.js';
import { readSchoolFile } from './school-file-reader.js';

export { detachString } from './csv-fields.js';
export type { ExtractReject, FileSummary } from './file-pass.js';
export { readManifest } from './manifest.js';
export type { RowSink } from './person-file-reader.js';
export { writeRejectsCsv } from './rejects-csv.js';

export interface ExtractSummary {
  manifest: Manifest;
  /** Valid rows of sekolah.csv keyed by npsn (an npsn on two rows is in neither). */
  schools: Map<string, SchoolRecord>;
  /**
   * Every rejected row of every file, by file (sekolah, ptk, peserta_didik) then line; one per
   * physical line. Each also names the school (`npsn`) when it could be read, so a school named only
   * by rejected rows is still known to be named (completeness, DESIGN fine print 7).
   */
  rejects: ExtractReject[];
  /**
   * Row ids carried by more than one row. The sink received those of them that were valid: the
   * caller drops them. Every line carrying one already has a reject.
   */
  duplicateRowIds: { ptk: Set<string>; pd: Set<string> };
  files: FileSummary[];
  /** sha256 over manifest.json and the three CSV files (see contentHashOf). */
  contentHash: string;
}

export interface HeaderInfo {
  header: string[];
  pos: number[];
}

/** What every way of reading an extract reads first: the manifest, the headers and the schools. */
export interface ExtractHead {
  manifest: Manifest;
  /** sha256 of manifest.json. */
  manifestSha: string;
  headers: Map<CsvFile, HeaderInfo>;
  school: Awaited<ReturnType<typeof readSchoolFile>>;
}

export async function readExtractHead(dir: string): Promise<ExtractHead> {
  await assertFilesPresent(dir);
  const { manifest, bytes } = await readManifestFile(dir);
  const headers = await readHeaders(dir);
  const at = headers.get(SEKOLAH_FILE)!;
  const school = await readSchoolFile(join(dir, SEKOLAH_FILE), at.header, at.pos);
  return { manifest, manifestSha: createHash('sha256').update(bytes).digest('hex'), headers, school };
}

export async function readExtract(dir: string, sink: RowSink, head?: ExtractHead): Promise<ExtractSummary> {
  const { manifest, manifestSha, headers, school } = head ?? (await readExtractHead(dir));
  const at = (file: CsvFile) => headers.get(file)!;
  const schools = { valid: school.schools, rejected: school.rejectedNpsn };
  const readPeople = (spec: PersonFile) => {
    const { header, pos } = at(spec.file);
    return readPersonFile(spec, join(dir, spec.file), header, pos, schools, sink);
  };
  const ptk = await readPeople(PTK_SPEC);
  const pd = await readPeople(PD_SPEC);

  const rejects: ExtractReject[] = [...school.rejects, ...ptk.rejects, ...pd.rejects];
  return {
    manifest,
    schools: school.schools,
    rejects,
    duplicateRowIds: { ptk: ptk.duplicateRowIds, pd: pd.duplicateRowIds },
    files: [school.summary, ptk.summary, pd.summary],
    contentHash: contentHashOf([
      [MANIFEST_FILE, manifestSha],
      [SEKOLAH_FILE, school.sha256],
      [PTK_FILE, ptk.sha256],
      [PD_FILE, pd.sha256],
    ]),
  };
}

/**
 * One hash for the extract: sha256 of "<file> <sha256 of its bytes>\n" for each file in a fixed
 * order, so bytes cannot move between files unnoticed and each file is hashed as it streams.
 */
export function contentHashOf(fileHashes: ReadonlyArray<readonly [string, string]>): string {
  const h = createHash('sha256');
  for (const [file, sha] of fileHashes) h.update(`${file} ${sha}\n`);
  return h.digest('hex');
}

async function assertFilesPresent(dir: string): Promise<void> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new AppError('bad_input', `extract directory ${dir} does not exist`, { dir });
  const missing: string[] = [];
  for (const file of [MANIFEST_FILE, ...CSV_FILES]) {
    const isFile = await stat(join(dir, file)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) missing.push(file);
  }
  if (missing.length > 0) {
    throw new AppError('bad_input', `extract ${dir} is missing ${missing.join(', ')}`, {
      dir,
      files: missing,
    });
  }
}

/** Every CSV's header, checked before any row is read. */
async function readHeaders(dir: string): Promise<Map<CsvFile, HeaderInfo>> {
  const out = new Map<CsvFile, HeaderInfo>();
  for (const file of CSV_FILES) {
    const header = await readCsvHeader(join(dir, file), file);
    if (header === null) throw new AppError('bad_input', `${file} is empty (no header row)`, { file });
    out.set(file, { header, pos: resolveColumns(file, header, COLUMNS_OF[file]) });
  }
  return out;
}
