// ptk.csv and peserta_didik.csv: every valid row goes to the sink in file order; every other row
// becomes a reject that names, where it can, the row, the person and the school, so the caller can
// carry that person's previous rows forward (a rejected row never makes its person look absent).

import type { PdRow, PersonRow, PtkRow, SchoolRecord } from '../domain/records.js';
import type { CsvRecord } from './csv-stream.js';
import { DuplicateRows, type PersonFileSpec } from './duplicate-rows.js';
import {
  type ColumnPositions,
  columnIndex,
  PD_COLUMNS,
  PD_FILE,
  PTK_COLUMNS,
  PTK_FILE,
} from './extract-files.js';
import { digitsValue, hasControlChar, idProblem, isDigits } from './field-rules.js';
import {
  byLine,
  type ExtractReject,
  type FileSummary,
  passFile,
  physicalLines,
  shapeProblem,
  summarise,
} from './file-pass.js';
import { type Fields, fieldAt, validatePdRow, validatePtkRow } from './row-validation.js';

export interface RowSink {
  /**
   * Called for every valid person row, in file order, including rows whose row id turns out to
   * be duplicated (see ExtractSummary.duplicateRowIds). A row's strings share one backing string
   * per CSV record; copy (detachString) any you keep for long on their own.
   */
  add(row: PtkRow | PdRow): void;
}

export interface PersonFile extends PersonFileSpec {
  file: typeof PTK_FILE | typeof PD_FILE;
  validate: (fields: Fields, pos: ColumnPositions, controls: boolean) => PersonRow | string;
}

const T = columnIndex(PTK_COLUMNS);
const P = columnIndex(PD_COLUMNS);

export const PTK_SPEC: PersonFile = {
  file: PTK_FILE,
  kind: 'ptk',
  rowIdColumn: 'ptk_terdaftar_id',
  personIdColumn: 'ptk_id',
  rowIdAt: T.ptk_terdaftar_id,
  personIdAt: T.ptk_id,
  npsnAt: T.npsn,
  validate: validatePtkRow,
};

export const PD_SPEC: PersonFile = {
  file: PD_FILE,
  kind: 'pd',
  rowIdColumn: 'registrasi_id',
  personIdColumn: 'peserta_didik_id',
  rowIdAt: P.registrasi_id,
  personIdAt: P.peserta_didik_id,
  npsnAt: P.npsn,
  validate: validatePdRow,
};

export interface Schools {
  valid: ReadonlyMap<string, SchoolRecord>;
  rejected: ReadonlySet<string>;
}

/** NPSNs as numbers: a Set of small integers answers faster than a Map of fresh 8-char strings. */
function npsnNumbers(schools: Schools): Set<number> {
  return new Set([...schools.valid.keys()].map(digitsValue));
}

export interface PersonFileResult {
  rejects: ExtractReject[];
  duplicateRowIds: Set<string>;
  summary: FileSummary;
  sha256: string;
}

export async function readPersonFile(
  spec: PersonFile,
  path: string,
  header: readonly string[],
  pos: ColumnPositions,
  schools: Schools,
  sink: RowSink,
): Promise<PersonFileResult> {
  const rejects: ExtractReject[] = [];
  const validNpsn = npsnNumbers(schools);
  const duplicates = new DuplicateRows(spec, path, pos);
  let rows = 0;

  const reject = (fields: Fields, line: number, reason: string): void => {
    const r: ExtractReject = { file: spec.file, line, reason, kind: spec.kind };
    const rowId = fieldAt(fields, pos, spec.rowIdAt);
    const personId = fieldAt(fields, pos, spec.personIdAt);
    const npsn = fieldAt(fields, pos, spec.npsnAt);
    if (idProblem('', rowId) === null) r.rowId = rowId;
    if (idProblem('', personId) === null) r.personId = personId;
    if (isDigits(npsn, 8)) r.npsn = npsn;
    rejects.push(r);
  };

  const onRow = (rec: CsvRecord): void => {
    rows++;
    duplicates.passing(rec);
    const shape = shapeProblem(rec, header, spec.file);
    if (shape !== null && rec.count !== header.length) {
      rows += rejectMisshapen(rec, shape, reject) - 1;
      return;
    }
    const result =
      shape ?? checkSchool(spec.validate(rec.fields, pos, hasControlChar(rec.text)), validNpsn, schools);
    if (typeof result === 'string') {
      reject(rec.fields, rec.line, result);
      const rowId = fieldAt(rec.fields, pos, spec.rowIdAt);
      if (idProblem('', rowId) === null) duplicates.track(rowId, rec.line, false);
      return;
    }
    duplicates.track(result.rowId, rec.line, true);
    sink.add(result);
  };

  const sha256 = await passFile(path, spec.file, header, onRow);
  for (const r of await duplicates.finish()) rejects.push(r);
  rejects.sort(byLine);
  return { rejects, duplicateRowIds: duplicates.ids(), summary: summarise(spec.file, rows, rejects), sha256 };
}

function checkSchool(row: PersonRow | string, validNpsn: Set<number>, schools: Schools): PersonRow | string {
  if (typeof row === 'string' || validNpsn.has(digitsValue(row.npsn))) return row;
  return schools.rejected.has(row.npsn)
    ? `npsn ${row.npsn} is rejected in sekolah.csv`
    : `npsn ${row.npsn} is not in sekolah.csv`;
}

/**
 * Rejects a record with the wrong number of fields; returns how many rows it stood for. Its ids
 * are read where their columns would be: usually right (the ids lead the row, stray commas come
 * later in names), and a wrong guess only carries some id's previous rows forward, whereas no
 * guess would make the person look absent. A record spanning several lines is most likely a stray
 * quote that swallowed the line breaks after it, so each physical line is rejected on its own.
 * Misshapen rows never join duplicate detection: their ids may be shifted.
 */
function rejectMisshapen(
  rec: CsvRecord,
  reason: string,
  reject: (fields: Fields, line: number, reason: string) => void,
): number {
  if (rec.endLine === rec.line) {
    reject(rec.fields.slice(0, rec.count), rec.line, reason);
    return 1;
  }
  const lines = physicalLines(rec);
  const why = `${reason} in a record spanning lines ${rec.line}-${rec.endLine} (an unbalanced quote?)`;
  lines.forEach((text, i) => {
    reject(text.split(','), rec.line + i, why);
  });
  return lines.length;
}
