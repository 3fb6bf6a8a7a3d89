// sekolah.csv: the schools of the extract, keyed by NPSN. Read first, since a person row naming a
// school that is not a valid row here is rejected.

import type { SchoolRecord } from '../domain/records.js';
import type { CsvRecord } from './csv-stream.js';
import { type ColumnPositions, columnIndex, SEKOLAH_COLUMNS, SEKOLAH_FILE } from './extract-files.js';
import { isDigits } from './field-rules.js';
import {
  byLine,
  type ExtractReject,
  type FileSummary,
  passFile,
  shapeProblem,
  summarise,
} from './file-pass.js';
import { fieldAt, validateSchoolRow } from './row-validation.js';

const S = columnIndex(SEKOLAH_COLUMNS);

export interface SchoolFileResult {
  /** Valid rows whose NPSN no other row carries. */
  schools: Map<string, SchoolRecord>;
  /** NPSNs that rows of sekolah.csv carry but that are not valid schools (rejected, duplicated). */
  rejectedNpsn: Set<string>;
  rejects: ExtractReject[];
  summary: FileSummary;
  sha256: string;
}

interface Occurrence {
  lines: number[];
  school: SchoolRecord | null;
}

export async function readSchoolFile(
  path: string,
  header: readonly string[],
  pos: ColumnPositions,
): Promise<SchoolFileResult> {
  const byNpsn = new Map<string, Occurrence>();
  const rejects: ExtractReject[] = [];
  let rows = 0;
  const onRow = (rec: CsvRecord): void => {
    rows++;
    const problem = shapeProblem(rec, header, SEKOLAH_FILE);
    const result = problem ?? validateSchoolRow(rec.fields, pos);
    const npsn = problem === null ? fieldAt(rec.fields, pos, S.npsn) : '';
    if (typeof result === 'string') {
      const reject: ExtractReject = { file: SEKOLAH_FILE, line: rec.line, reason: result };
      if (isDigits(npsn, 8)) reject.npsn = npsn;
      rejects.push(reject);
    }
    if (!isDigits(npsn, 8)) return;
    const seen = byNpsn.get(npsn);
    const school = typeof result === 'string' ? null : result;
    // A negative line marks a row already rejected for its own reason.
    const line = school === null ? -rec.line : rec.line;
    if (seen === undefined) byNpsn.set(npsn, { lines: [line], school });
    else seen.lines.push(line);
  };
  const sha256 = await passFile(path, SEKOLAH_FILE, header, onRow);
  const { schools, rejectedNpsn } = settle(byNpsn, rejects);
  rejects.sort(byLine);
  return { schools, rejectedNpsn, rejects, summary: summarise(SEKOLAH_FILE, rows, rejects), sha256 };
}

/** Keeps the valid schools whose npsn is on one row; rejects every row of a repeated npsn. */
function settle(byNpsn: Map<string, Occurrence>, rejects: ExtractReject[]) {
  const schools = new Map<string, SchoolRecord>();
  const rejectedNpsn = new Set<string>();
  for (const [npsn, seen] of byNpsn) {
    if (seen.lines.length === 1 && seen.school !== null) {
      schools.set(npsn, seen.school);
      continue;
    }
    rejectedNpsn.add(npsn);
    if (seen.lines.length === 1) continue;
    const reason = `duplicate npsn ${npsn} (lines ${seen.lines.map(Math.abs).join(', ')})`;
    for (const line of seen.lines) if (line > 0) rejects.push({ file: SEKOLAH_FILE, line, reason, npsn });
  }
  return { schools, rejectedNpsn };
}
