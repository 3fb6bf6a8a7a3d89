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
  idTokens,
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
  const reader = new PersonFileReader(spec, path, header, pos, schools, sink);
  const sha256 = await passFile(path, spec.file, header, (rec) => reader.onRow(rec));
  const rejects = await reader.finish();
  return {
    rejects,
    duplicateRowIds: reader.duplicates.ids(),
    summary: summarise(spec.file, reader.rows, rejects),
    sha256,
  };
}

/** A single-line record turned into a row or a reject (duplicates are the reader's to find). */
export type Judged = { row: PersonRow } | { reject: ExtractReject; trackRowId: string | null };

/** The rules of one person file applied to one record at a time; shared by the reader and the scan. */
export class RecordJudge {
  private readonly validNpsn: Set<number>;

  constructor(
    readonly spec: PersonFile,
    private readonly header: readonly string[],
    private readonly pos: ColumnPositions,
    private readonly schools: Schools,
  ) {
    this.validNpsn = npsnNumbers(schools);
  }

  /** A record on one line; `trackRowId` is the rejected row's id when it is one. */
  judge(rec: CsvRecord): Judged {
    const { spec, pos } = this;
    const shape = shapeProblem(rec, this.header, spec.file);
    if (shape !== null && rec.count !== this.header.length) {
      // Ids are read where their columns would be: usually right (the ids lead the row, stray
      // commas come later, in names), and a wrong guess only carries some id's rows forward,
      // whereas no guess would make the person look absent. A row without a single comma has no
      // columns to read (another delimiter): its whole text is no id. Either way every id-like
      // piece of the row is kept, so a wrong or missing guess cannot make the person look absent.
      const fields = rec.count > 1 ? rec.fields.slice(0, rec.count) : [];
      return { reject: this.reject(fields, rec.line, shape, rec.text), trackRowId: null };
    }
    const result = shape ?? this.checkSchool(spec.validate(rec.fields, pos, hasControlChar(rec.text)));
    if (typeof result === 'string') {
      const reject = this.reject(rec.fields, rec.line, result);
      const rowId = fieldAt(rec.fields, pos, spec.rowIdAt);
      return { reject, trackRowId: idProblem('', rowId) === null ? rowId : null };
    }
    return { row: result };
  }

  /** `untrusted`: the text of a row whose fields could not be told apart (see maybePersonIds). */
  reject(fields: Fields, line: number, reason: string, untrusted?: string): ExtractReject {
    const { spec, pos } = this;
    const r: ExtractReject = { file: spec.file, line, reason, kind: spec.kind };
    const rowId = fieldAt(fields, pos, spec.rowIdAt);
    const personId = fieldAt(fields, pos, spec.personIdAt);
    const npsn = fieldAt(fields, pos, spec.npsnAt);
    if (idProblem('', rowId) === null) r.rowId = rowId;
    if (idProblem('', personId) === null) r.personId = personId;
    if (isDigits(npsn, 8)) r.npsn = npsn;
    if (untrusted !== undefined) r.maybePersonIds = idTokens(untrusted);
    return r;
  }

  private checkSchool(row: PersonRow | string): PersonRow | string {
    if (typeof row === 'string' || this.validNpsn.has(digitsValue(row.npsn))) return row;
    return this.schools.rejected.has(row.npsn)
      ? `npsn ${row.npsn} is rejected in sekolah.csv`
      : `npsn ${row.npsn} is not in sekolah.csv`;
  }
}

class PersonFileReader {
  readonly duplicates: DuplicateRows;
  rows = 0;
  private readonly rejects: ExtractReject[] = [];
  private readonly judge: RecordJudge;

  constructor(
    private readonly spec: PersonFile,
    path: string,
    private readonly header: readonly string[],
    pos: ColumnPositions,
    schools: Schools,
    private readonly sink: RowSink,
  ) {
    this.duplicates = new DuplicateRows(spec, path, pos);
    this.judge = new RecordJudge(spec, header, pos, schools);
  }

  onRow(rec: CsvRecord): void {
    this.rows++;
    this.duplicates.passing(rec);
    if (rec.endLine > rec.line) {
      this.rows += this.rejectSpanning(rec, shapeProblem(rec, this.header, this.spec.file)) - 1;
      return;
    }
    const judged = this.judge.judge(rec);
    if ('reject' in judged) {
      this.rejects.push(judged.reject);
      if (judged.trackRowId !== null) this.duplicates.track(judged.trackRowId, rec.line, false);
      return;
    }
    this.duplicates.track(judged.row.rowId, rec.line, true);
    this.sink.add(judged.row);
  }

  /** All rejects of the file, duplicates included, in line order. */
  async finish(): Promise<ExtractReject[]> {
    for (const r of await this.duplicates.finish()) this.rejects.push(r);
    return this.rejects.sort(byLine);
  }

  /**
   * Rejects a person record that spans several lines; returns how many lines it spans. No person
   * field should hold a line break, so it is most likely a stray quote that swallowed the rows
   * after it: each physical line is rejected on its own, naming its person when the line splits
   * into a whole row. Such rows never join duplicate detection: their ids may be shifted.
   */
  private rejectSpanning(rec: CsvRecord, shape: string | null): number {
    const span = `lines ${rec.line}-${rec.endLine}`;
    const why =
      shape === null
        ? `a quoted field holds a line break (the record spans ${span}; an unbalanced quote?)`
        : `${shape} in a record spanning ${span} (an unbalanced quote?)`;
    const lines = physicalLines(rec);
    this.rejects.push(this.judge.reject(rec.fields.slice(0, rec.count), rec.line, why, lines[0]));
    lines.slice(1).forEach((text, i) => {
      const fields = text.split(',');
      this.rejects.push(
        this.judge.reject(fields.length === this.header.length ? fields : [], rec.line + 1 + i, why, text),
      );
    });
    return rec.endLine - rec.line + 1;
  }
}
