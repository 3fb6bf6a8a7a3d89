// Duplicate row ids in ptk.csv / peserta_didik.csv: every row carrying an id that more than one row
// carries is rejected. Rows go to the sink as they are read and duplicates are only known at the
// end of the file (row-id-log); to reject those rows with their person id and school without
// keeping every row's in memory, the few lines needed are read again from checkpoints taken while
// streaming (a read covers at most CHECKPOINT_EVERY records per run of wanted lines).

import type { PersonKind } from '../domain/records.js';
import { AppError } from '../errors.js';
import { type CsvRecord, type SplitterStart, streamCsv } from './csv-stream.js';
import type { ColumnPositions } from './extract-files.js';
import { isDigits } from './field-rules.js';
import type { ExtractReject } from './file-pass.js';
import { detachString, RowIdLog } from './row-id-log.js';
import { fieldAt } from './row-validation.js';

/** Re-reading one line costs at most this many records read again. */
const CHECKPOINT_EVERY = 8192;
const LINES_LISTED = 10;

export interface PersonFileSpec {
  file: string;
  kind: PersonKind;
  rowIdColumn: string;
  personIdColumn: string;
  /** Canonical column indexes of the row id, person id and npsn. */
  rowIdAt: number;
  personIdAt: number;
  npsnAt: number;
}

export class DuplicateRows {
  private readonly log = new RowIdLog();
  private readonly checkpoints: SplitterStart[] = [];
  private sinceCheckpoint = CHECKPOINT_EVERY;
  private groups = new Map<string, number[]>();

  constructor(
    private readonly spec: PersonFileSpec,
    private readonly path: string,
    private readonly pos: ColumnPositions,
  ) {}

  /** Call once for every data record, in order. */
  passing(rec: CsvRecord): void {
    if (++this.sinceCheckpoint < CHECKPOINT_EVERY) return;
    this.checkpoints.push({ line: rec.line, offset: rec.offset });
    this.sinceCheckpoint = 0;
  }

  /** Notes the (readable) row id of the row at `line`, and whether the row was accepted. */
  track(rowId: string, line: number, accepted: boolean): void {
    this.log.add(rowId, accepted ? line : -line);
  }

  /**
   * Finds the duplicated row ids; returns the rejects of the rows carrying one that were accepted
   * (rows rejected for another reason keep that reject), in file order.
   */
  async finish(): Promise<ExtractReject[]> {
    this.groups = this.log.duplicates();
    const wanted = new Map<number, string>();
    for (const [id, lines] of this.groups) for (const line of lines) if (line > 0) wanted.set(line, id);
    const rejects: ExtractReject[] = [];
    const lines = [...wanted.keys()].sort((a, b) => a - b);
    for (const { start, lastLine } of this.segments(lines)) {
      const onRecord = (rec: CsvRecord) => {
        const id = wanted.get(rec.line);
        if (id !== undefined) {
          rejects.push(this.reject(rec, id));
          wanted.delete(rec.line);
        }
        return rec.line < lastLine;
      };
      await streamCsv(this.path, this.spec.file, onRecord, { start });
    }
    if (wanted.size > 0) throw this.changed();
    return rejects;
  }

  /** Row ids carried by more than one row (after finish). */
  ids(): Set<string> {
    return new Set(this.groups.keys());
  }

  private reject(rec: CsvRecord, id: string): ExtractReject {
    const read = (column: number) => detachString(fieldAt(rec.fields, this.pos, column));
    if (read(this.spec.rowIdAt) !== id) throw this.changed();
    const lines = this.groups.get(id)!.map(Math.abs);
    const more = lines.length > LINES_LISTED ? ` and ${lines.length - LINES_LISTED} more` : '';
    const reason = `duplicate ${this.spec.rowIdColumn} ${id} (lines ${lines.slice(0, LINES_LISTED).join(', ')}${more})`;
    const { file, kind } = this.spec;
    const r: ExtractReject = {
      file,
      line: rec.line,
      reason,
      kind,
      rowId: id,
      personId: read(this.spec.personIdAt),
    };
    const npsn = read(this.spec.npsnAt);
    if (isDigits(npsn, 8)) r.npsn = npsn;
    return r;
  }

  /** Runs of wanted lines (sorted) that one forward read from a checkpoint covers. */
  private segments(lines: number[]): { start: SplitterStart; lastLine: number }[] {
    const out: { start: SplitterStart; lastLine: number; cp: number }[] = [];
    for (const line of lines) {
      const cp = this.checkpointBefore(line);
      const last = out[out.length - 1];
      if (last !== undefined && cp <= last.cp + 1) {
        last.cp = cp;
        last.lastLine = line;
      } else {
        out.push({ start: this.checkpoints[cp]!, lastLine: line, cp });
      }
    }
    return out;
  }

  private checkpointBefore(line: number): number {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid]!.line <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private changed(): AppError {
    return new AppError('bad_input', `${this.spec.file} changed while it was being read`, {
      file: this.spec.file,
    });
  }
}
