// Duplicate row ids in ptk.csv / peserta_didik.csv: every row carrying an id that more than one row
// carries is rejected. Rows go to the sink as they are read, and the ids are only remembered as
// 64-bit hashes (row-id-log), so at the end of the file the lines whose hashes repeat are read
// again, from checkpoints taken while streaming: that compares the real ids and gives each
// rejected row its person id and school without keeping every row's in memory.

import type { PersonKind } from '../domain/records.js';
import { AppError } from '../errors.js';
import { detachString } from './csv-fields.js';
import { type CsvRecord, type SplitterStart, streamCsv } from './csv-stream.js';
import type { ColumnPositions } from './extract-files.js';
import { isDigits } from './field-rules.js';
import type { ExtractReject } from './file-pass.js';
import { hashId, RowIdLog } from './row-id-log.js';
import { fieldAt } from './row-validation.js';

/** Reading one line again reads at most this many records. */
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

/** A line read again. */
interface Seen {
  rowId: string;
  personId: string;
  npsn: string;
}

/** Ids that were logged with one hash still have one: the file did not change under us. */
function sameHash(ids: string[]): boolean {
  const first = new Int32Array(2);
  const other = new Int32Array(2);
  hashId(ids[0]!, first);
  return ids.every((id) => {
    hashId(id, other);
    return other[0] === first[0] && other[1] === first[1];
  });
}

export class DuplicateRows {
  private readonly log = new RowIdLog();
  private readonly checkpoints: SplitterStart[] = [];
  private sinceCheckpoint = CHECKPOINT_EVERY;
  private readonly duplicated = new Set<string>();

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
   * (a row rejected for another reason keeps that reject).
   */
  async finish(): Promise<ExtractReject[]> {
    const candidates = this.log.candidates();
    if (candidates.length === 0) return [];
    const seen = await this.reread(candidates.flat().map(Math.abs));
    const rejects: ExtractReject[] = [];
    for (const group of candidates) {
      const byId = new Map<string, number[]>();
      if (!sameHash(group.map((line) => seen.get(Math.abs(line))!.rowId))) throw this.changed();
      for (const line of group) {
        const id = seen.get(Math.abs(line))!.rowId;
        const lines = byId.get(id);
        if (lines === undefined) byId.set(id, [line]);
        else lines.push(line);
      }
      for (const [id, lines] of byId) {
        if (lines.length < 2) continue;
        this.duplicated.add(id);
        const reason = this.reason(id, lines);
        for (const line of lines) if (line > 0) rejects.push(this.reject(line, seen.get(line)!, reason));
      }
    }
    return rejects;
  }

  /** Row ids carried by more than one row (after finish). */
  ids(): Set<string> {
    return this.duplicated;
  }

  private reason(id: string, signedLines: number[]): string {
    const lines = signedLines.map(Math.abs);
    const more = lines.length > LINES_LISTED ? ` and ${lines.length - LINES_LISTED} more` : '';
    return `duplicate ${this.spec.rowIdColumn} ${id} (lines ${lines.slice(0, LINES_LISTED).join(', ')}${more})`;
  }

  private reject(line: number, seen: Seen, reason: string): ExtractReject {
    const { file, kind } = this.spec;
    const r: ExtractReject = { file, line, reason, kind, rowId: seen.rowId, personId: seen.personId };
    if (isDigits(seen.npsn, 8)) r.npsn = seen.npsn;
    return r;
  }

  /** Reads the given lines again (each run of them from the checkpoint before it). */
  private async reread(lines: number[]): Promise<Map<number, Seen>> {
    const wanted = new Set(lines);
    const out = new Map<number, Seen>();
    const read = (rec: CsvRecord, column: number) => detachString(fieldAt(rec.fields, this.pos, column));
    for (const { start, lastLine } of this.segments([...wanted].sort((a, b) => a - b))) {
      const onRecord = (rec: CsvRecord) => {
        if (wanted.has(rec.line)) {
          const { rowIdAt, personIdAt, npsnAt } = this.spec;
          out.set(rec.line, {
            rowId: read(rec, rowIdAt),
            personId: read(rec, personIdAt),
            npsn: read(rec, npsnAt),
          });
        }
        return rec.line < lastLine;
      };
      await streamCsv(this.path, this.spec.file, onRecord, { start });
    }
    if (out.size !== wanted.size) throw this.changed();
    return out;
  }

  private changed(): AppError {
    return new AppError('bad_input', `${this.spec.file} changed while it was being read`, {
      file: this.spec.file,
    });
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
}
