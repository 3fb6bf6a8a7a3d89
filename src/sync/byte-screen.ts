// The byte path of a sync (issue 7): the person files are scanned as bytes on every core, joined per
// partition against the state the store vouches for, and only the rows of persons that may have
// changed are parsed. What it hands on has the same shape as the careful reader's (rows of the
// persons to look at, rejects, the schools named) and the screening then asks the store about those
// persons with the same rule as ever (rekey.ts judgePerson), so the byte path can only skip work,
// never change a decision.
//
// It also writes the next state, whichever way the extract was read: the records of persons it
// skipped carry over, and each person the run looked at is recorded from what the run did to them.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PersonPlan } from '../domain/classify.js';
import type { Policy } from '../domain/policy.js';
import { roleOfPtk } from '../domain/policy.js';
import type { PersonRow } from '../domain/records.js';
import { CsvSplitter } from '../extract/csv-stream.js';
import { MANIFEST_FILE, PD_FILE, PTK_FILE, SEKOLAH_FILE } from '../extract/extract-files.js';
import type { ExtractHead } from '../extract/extract-reader.js';
import { contentHashOf } from '../extract/extract-reader.js';
import { digitsValue } from '../extract/field-rules.js';
import type { ExtractReject, FileSummary } from '../extract/file-pass.js';
import { byLine, summarise } from '../extract/file-pass.js';
import { PD_SPEC, PTK_SPEC, RecordJudge } from '../extract/person-file-reader.js';
import { type ExtractScan, scanPersonFiles } from '../scan/extract-scan.js';
import { personKeyOf } from '../scan/hashing.js';
import { joinPartitions, joinScopeOf, pickedRecords } from '../scan/join-worker.js';
import {
  findGroup,
  groupRows,
  type JoinContext,
  keyString,
  type ScanGroups,
} from '../scan/partition-join.js';
import { offsetOf, R_ID_B, R_ID_C, R_LINE, R_META, R_PHASH, REC } from '../scan/row-scanner.js';
import { distrustState, SegmentBuilder, StateWriter, trustedState } from '../scan/screen-state.js';
import { readSpill } from '../scan/spill.js';
import { screenKeysByIds } from '../store/person-reads.js';
import { type PersonKeys, personKeysOf } from '../store/person-repository.js';
import type { Store } from '../store/store.js';
import type { PartitionRange } from './partitions.js';
import { type PartitionRows, partitionOf, RowPartitions } from './partitions.js';
import type { PartitionInput } from './rekey.js';
import { npsnList, rowsHash } from './row-hash.js';

const PERSON_FILES = [PTK_FILE, PD_FILE] as const;
const SPECS = [PTK_SPEC, PD_SPEC] as const;

/** What the byte path read of the person files: the careful reader's summary, for those rows. */
export interface ByteRead {
  rows: PartitionRows;
  rejects: ExtractReject[];
  named: Set<string>;
  unknownJenisPtk: number;
  files: FileSummary[];
}

/** What the run did to the persons of one partition, for the next state. */
export interface PartitionOutcome {
  range: PartitionRange;
  plans: readonly PersonPlan[];
  /** Persons the run classified; `all`: every person of the partition's rows. */
  classified: ReadonlySet<string> | 'all';
  /** Old ids of re-keyed persons. */
  rekeyedOld: ReadonlySet<string>;
  isHeld: (plan: PersonPlan) => boolean;
  flagged: (personId: string) => boolean;
}

export class ByteScreen {
  private stateWriter: StateWriter | null = null;
  private readonly keys = new Map<number, Map<string, PersonKeys>>();
  private readonly candidates = new Map<number, Set<string>>();
  private ctx: JoinContext | null = null;

  private constructor(
    readonly scan: ExtractScan,
    readonly headers: Record<string, string>,
    readonly trusted: { dir: string } | null,
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly head: ExtractHead,
    private readonly policy: Policy,
    /** Parsed rows kept for the planning pass at most (memory-budget.ts); beyond, parsed again. */
    private readonly keptRows: number,
  ) {}

  static async start(
    dir: string,
    head: ExtractHead,
    store: Store,
    options: { dataDir: string; partitions: number; policy: Policy; keptRows: number },
  ): Promise<ByteScreen> {
    const spillDir = join(options.dataDir, 'scan', `${process.pid}-${randomBytes(4).toString('hex')}`);
    const files = PERSON_FILES.map((file, fileIndex) => {
      const pos = head.headers.get(file)!.pos;
      const spec = SPECS[fileIndex]!;
      return {
        file,
        path: join(dir, file),
        cols: {
          fileIndex,
          personAt: pos[spec.personIdAt]!,
          rowAt: pos[spec.rowIdAt]!,
          npsnAt: pos[spec.npsnAt]!,
          jenisAt: fileIndex === 0 ? pos[9]! : -1,
        },
      };
    });
    const scan = await scanPersonFiles({
      files,
      partitions: options.partitions,
      policy: options.policy,
      spillDir,
    });
    const headers: Record<string, string> = {};
    for (const f of files) headers[f.file] = await headerLine(f.path);
    const trusted =
      scan.anomaly === null ? await trustedState(store, options.dataDir, options.partitions, headers) : null;
    return new ByteScreen(
      scan,
      headers,
      trusted,
      store,
      options.dataDir,
      head,
      options.policy,
      options.keptRows,
    );
  }

  /** The byte path decides this run: the extract scanned cleanly and the store vouches for a state. */
  get fast(): boolean {
    return this.scan.anomaly === null && this.trusted !== null && this.ctx !== null;
  }

  contentHash(): string {
    const [ptk, pd] = this.scan.files;
    return contentHashOf([
      [MANIFEST_FILE, this.head.manifestSha],
      [SEKOLAH_FILE, this.head.school.sha256],
      [PTK_FILE, ptk!.sha256],
      [PD_FILE, pd!.sha256],
    ]);
  }

  /**
   * Joins every partition against the state (without one, everyone is a candidate) and parses the
   * candidates' rows once: for the rejects, the schools named and the codes the policy does not know,
   * before anything is decided. The rows themselves are kept only while they are few; otherwise each
   * partition's are parsed again when it is worked on, so memory holds one partition at a time.
   */
  async read(
    inScope: (npsn: string) => boolean,
    waiting: ReadonlySet<string>,
    /** Every other school number the scope may be asked about: the store's schools, failed, listed. */
    scopeKeys: Iterable<string>,
  ): Promise<ByteRead> {
    const schools = { valid: this.head.school.schools, rejected: this.head.school.rejectedNpsn };
    this.joinContext(inScope, waiting);
    const ctx = this.ctx!;
    this.judges = SPECS.map((spec, i) => {
      const h = this.head.headers.get(PERSON_FILES[i]!)!;
      return new RecordJudge(spec, h.header, h.pos, schools);
    });
    const kept = new RowPartitions(this.scan.partitions);
    let keptRows = 0;
    let keep = true;
    const rejects: ExtractReject[][] = [[], []];
    const namedNumbers = new Set<number>();
    let unknownJenisPtk = 0;
    const mismatched: string[] = [];
    const reader = new LineReader(this.scan.files.map((f) => f.path));
    const onRow = (row: PersonRow, keyMatches: boolean) => {
      namedNumbers.add(digitsValue(row.npsn));
      if (row.kind === 'ptk' && roleOfPtk(row.jenisPtk, this.policy) === 'unknown') unknownJenisPtk++;
      if (!keyMatches) mismatched.push(row.personId);
      if (keep) {
        kept.add(row);
        if (++keptRows > this.keptRows) keep = false; // from here on, partitions are parsed when worked on
      }
    };
    const onReject = (fileIndex: number, reject: ExtractReject) => rejects[fileIndex]!.push(reject);
    const trusted = this.trusted;
    // Joined on worker threads, parsed here, partition after partition.
    await joinPartitions(
      {
        kind: 'selaras-join',
        spillDir: this.scan.spillDir,
        rowPrefixes: this.scan.rowPrefixes,
        stateDir: trusted?.dir ?? null,
        carriedDir: trusted && this.stateWriter ? this.stateWriter.pendingDir : null,
        scope: joinScopeOf(ctx, inScope, [...this.head.school.schools.keys(), ...scopeKeys]),
      },
      this.scan.partitions,
      this.scan.workers,
      (joined) => {
        for (const n of joined.named) namedNumbers.add(n);
        unknownJenisPtk += joined.unknownJenis;
        if (trusted) this.candidateSet(joined.part, joined.goneIds);
        this.parsedGroups.set(joined.part, joined.candidate);
        this.parseRecords(reader, joined.picked, onRow, onReject);
      },
    );
    // Persons named by a reject, or by a row read under another key, are looked at too.
    const allRejects = [...rejects[0]!, ...rejects[1]!];
    const promoted = new Set<string>(mismatched);
    for (const r of allRejects) {
      if (r.personId) promoted.add(r.personId);
      for (const id of r.maybePersonIds ?? []) promoted.add(id);
    }
    const byPartition = new Map<number, string[]>();
    for (const id of promoted) {
      const p = partitionOf(personKeyOf(id)[0], this.scan.partitions);
      byPartition.set(p, [...(byPartition.get(p) ?? []), id]);
    }
    for (const [p, ids] of byPartition) {
      this.candidateSet(p, ids);
      const spill = readSpill(this.scan.spillDir, this.scan.rowPrefixes, p);
      const groups = groupRows(spill, ctx);
      const wanted = new Set(ids.map((id) => personKeyOf(id).join(':')));
      const parsedBefore = this.parsedGroups.get(p)!;
      this.parseGroups(
        reader,
        spill,
        groups,
        (g) => {
          if (parsedBefore[g] === 1) return false;
          const hit = wanted.has(keyString(groups.key, g * 3));
          if (hit) parsedBefore[g] = 1;
          return hit;
        },
        onRow,
        onReject,
      );
    }
    reader.close();
    for (const r of allRejects) {
      for (const id of [...(r.personId ? [r.personId] : []), ...(r.maybePersonIds ?? [])]) {
        this.candidateSet(partitionOf(personKeyOf(id)[0], this.scan.partitions), [id]);
      }
    }
    const rows: PartitionRows = keep ? kept : new ParsedOnDemand(this);
    if (trusted) {
      // The candidates' ids, for the store's view of them (gone ones were added by the join).
      for (let p = 0; p < this.scan.partitions; p++) this.candidateSet(p, [...rows.byPerson(p).keys()]);
    }
    for (const list of rejects) list.sort(byLine);
    const named = new Set<string>();
    for (const n of namedNumbers) if (n !== 0) named.add(String(n).padStart(8, '0'));
    for (const r of allRejects) if (r.npsn) named.add(r.npsn);
    const files = this.scan.files.map((f, i) => summarise(f.file, f.rows, rejects[i]!));
    return { rows, rejects: [...rejects[0]!, ...rejects[1]!], named, unknownJenisPtk, files };
  }

  private judges: RecordJudge[] = [];
  private readonly parsedGroups = new Map<number, Uint8Array>();

  private joinContext(inScope: (npsn: string) => boolean, waiting: ReadonlySet<string>): void {
    const validNpsn = new Set([...this.head.school.schools.keys()].map(digitsValue));
    const scopeMemo = new Map<number, boolean>();
    this.ctx = {
      validNpsn: (n) => validNpsn.has(n),
      inScope: (n) => {
        let v = scopeMemo.get(n);
        if (v === undefined) {
          v = n !== 0 && inScope(String(n).padStart(8, '0'));
          scopeMemo.set(n, v);
        }
        return v;
      },
      flagged: new Set([...waiting].map((id) => personKeyOf(id).join(':'))),
    };
  }

  /** Parses the rows of the chosen groups, in file order. */
  private parseGroups(
    reader: LineReader,
    spill: Uint32Array,
    groups: ScanGroups,
    pick: (g: number) => boolean,
    onRow: (row: PersonRow, keyMatches: boolean) => void,
    onReject: (fileIndex: number, reject: ExtractReject) => void,
  ): void {
    this.parseRecords(reader, pickedRecords(spill, groups, pick), onRow, onReject);
  }

  /** Parses the rows of the given row records (REC words each), in their order. */
  private parseRecords(
    reader: LineReader,
    records: Uint32Array,
    onRow: (row: PersonRow, keyMatches: boolean) => void,
    onReject: (fileIndex: number, reject: ExtractReject) => void,
  ): void {
    for (let b = 0; b < records.length; b += REC) {
      const fileIndex = records[b + R_META]! & 1;
      const file = this.scan.files[fileIndex]!;
      const line = file.lineBase[records[b + R_META]! >>> 8]! + records[b + R_LINE]! + 1;
      const judged = parseLine(
        reader,
        fileIndex,
        offsetOf(records, b / REC),
        line,
        PERSON_FILES[fileIndex]!,
        this.judges[fileIndex]!,
      );
      if ('reject' in judged) onReject(fileIndex, judged.reject);
      else {
        const key = personKeyOf(judged.row.personId);
        onRow(
          judged.row,
          key[0] === records[b + R_PHASH] && key[1] === records[b + R_ID_B] && key[2] === records[b + R_ID_C],
        );
      }
    }
  }

  /** A partition's candidate rows parsed again (rejects were counted the first time). */
  rowsOf(p: number): Map<string, PersonRow[]> {
    const rows = new RowPartitions(1);
    const spill = readSpill(this.scan.spillDir, this.scan.rowPrefixes, p);
    const groups = groupRows(spill, this.ctx!);
    const parsed = this.parsedGroups.get(p)!;
    const reader = new LineReader(this.scan.files.map((f) => f.path));
    try {
      this.parseGroups(
        reader,
        spill,
        groups,
        (g) => parsed[g] === 1,
        (row) => rows.add(row),
        () => {},
      );
    } finally {
      reader.close();
    }
    return rows.byPerson(0);
  }

  private candidateSet(p: number, ids: readonly string[]): void {
    let set = this.candidates.get(p);
    if (!set) {
      set = new Set();
      this.candidates.set(p, set);
    }
    for (const id of ids) set.add(id);
  }

  /** The screening's input for a partition: the store's view of the candidates, and their rows. */
  partitionInput(rows: PartitionRows): (range: PartitionRange) => Promise<PartitionInput> {
    return async (range) => {
      const ids = [...(this.candidates.get(range.index) ?? [])];
      const keys = await screenKeysByIds(this.store, ids);
      this.keys.set(range.index, keys);
      return { known: [...keys.values()], rows: rows.byPerson(range.index) };
    };
  }

  /** Begins the next state (a run that will write): records are written as the run goes. */
  async openState(): Promise<void> {
    if (this.scan.anomaly !== null) return;
    this.stateWriter = new StateWriter(this.dataDir, this.scan.partitions, this.headers);
    await this.stateWriter.open();
  }

  /** Before the run writes anything: the old state stops being trusted. */
  async distrust(): Promise<void> {
    await distrustState(this.store);
  }

  /** The store held nobody when the run began: nobody to ask about when recording. */
  storeWasEmpty = false;

  /** Records what the run did to the persons of a partition it looked at (all of them, on the careful path). */
  async recordPartition(outcome: PartitionOutcome, freshRows: Map<string, PersonRow[]>): Promise<void> {
    const writer = this.stateWriter;
    if (!writer || !this.ctx) return;
    const p = outcome.range.index;
    const spill = readSpill(this.scan.spillDir, this.scan.rowPrefixes, p);
    const groups = groupRows(spill, this.ctx);
    const plans = new Map(outcome.plans.map((plan) => [plan.personId, plan]));
    let keys = this.keys.get(p);
    let ids: Iterable<string>;
    if (this.fast) ids = this.candidates.get(p) ?? [];
    else if (this.storeWasEmpty) ids = freshRows.keys();
    else {
      const all = await this.store.db
        .selectFrom('persons')
        .select(['person_id', 'kind', 'nisn', 'nik', 'tanggal_lahir', 'rows_hash', 'npsns'])
        .where('phash', '>=', outcome.range.from)
        .where('phash', '<=', outcome.range.to - 1)
        .execute();
      keys = new Map(all.map((k) => [k.person_id, personKeysOf(k)]));
      ids = new Set([...freshRows.keys(), ...keys.keys()]);
    }
    const seg = new SegmentBuilder();
    for (const id of ids) {
      const key = personKeyOf(id);
      const k = keys?.get(id);
      const fresh = freshRows.get(id);
      const plan = plans.get(id);
      const g = findGroup(groups, key[0], key[1], key[2]);
      record(seg, key, id, { k, fresh, plan, g, groups }, outcome);
    }
    seg.write(writer.segmentPath(p, 'b'));
  }

  /** Makes the new state the trusted one (after the run's last commit). */
  async commitState(): Promise<boolean> {
    const writer = this.stateWriter;
    if (!writer) return false;
    this.stateWriter = null;
    return writer.commit(this.store, this.trusted?.dir ?? null);
  }

  async dispose(): Promise<void> {
    if (this.stateWriter) await this.stateWriter.abandon();
    await rm(this.scan.spillDir, { recursive: true, force: true });
  }

  /** The extract can take the byte path (with a state or without). */
  get readable(): boolean {
    return this.scan.anomaly === null;
  }
}

/** A partition's rows parsed when it is worked on; the last one asked for is kept for the next ask. */
class ParsedOnDemand implements PartitionRows {
  private last = -1;
  private rows = new Map<string, PersonRow[]>();

  constructor(private readonly screen: ByteScreen) {}

  byPerson(index: number): Map<string, PersonRow[]> {
    if (index !== this.last) {
      this.rows = this.screen.rowsOf(index);
      this.last = index;
    }
    return this.rows;
  }
}

function rowCount(groups: ScanGroups, g: number): number {
  let n = 0;
  for (let r = groups.first[g]!; r !== -1; r = groups.next[r]!) n++;
  return n;
}

/**
 * One person's record in the next state. Known (skippable next month) only when the store now holds
 * exactly the rows whose bytes the scan hashed: all of them valid, in scope, read under this key, and
 * either unchanged by the run or applied as they are. Anyone else the store holds is recorded as
 * "always look", or, when gone from the extract and left alone, with their schools.
 */
function record(
  seg: SegmentBuilder,
  key: readonly number[],
  id: string,
  at: {
    k: PersonKeys | undefined;
    fresh: PersonRow[] | undefined;
    plan: PersonPlan | undefined;
    g: number;
    groups: ScanGroups;
  },
  outcome: PartitionOutcome,
): void {
  const { k, fresh, plan, g, groups } = at;
  const classified = outcome.classified === 'all' ? fresh !== undefined : outcome.classified.has(id);
  const held = plan !== undefined && outcome.isHeld(plan);
  const applied = plan !== undefined && !held;
  const rekeyedAway = outcome.rekeyedOld.has(id);
  const existsAfter = rekeyedAway ? k !== undefined : applied || k !== undefined;
  if (!existsAfter) return;
  const present = fresh !== undefined && fresh.length > 0 && g !== -1;
  let known = false;
  if (
    present &&
    !rekeyedAway &&
    !held &&
    groups.dirty[g] === 0 &&
    !outcome.flagged(id) &&
    rowCount(groups, g) === fresh.length
  ) {
    if (applied) known = sameRows(plan.rows, fresh);
    else if (classified) known = k !== undefined && rowsHash(fresh) === k.rowsHash;
    else known = k !== undefined; // judged unchanged by the screening
  }
  if (known) {
    const npsns = npsnList(fresh!).split(',').map(digitsValue);
    seg.add(key, 0, groups.hash[g * 2]!, groups.hash[g * 2 + 1]!, true, npsns, id);
    return;
  }
  // Gone from the extract and left alone: kept with its schools, so that a scoped extract that does
  // not cover them can pass them by next time.
  const schools = !present && !classified && k?.npsns.every((n) => /^\d{8}$/.test(n)) ? k.npsns : null;
  seg.add(key, 0, 0, 0, false, schools ? schools.map(digitsValue) : null, id);
}

function sameRows(a: readonly PersonRow[], b: readonly PersonRow[]): boolean {
  if (a.length !== b.length) return false;
  // The very row objects (a first load applies the rows it parsed): the same, without hashing both,
  // which cost a first load two JSON texts and a SHA-1 per person (3 s at 1 M).
  if (sameObjects(a, b)) return true;
  const ids = new Set(b.map((r) => r.rowId));
  return a.every((r) => ids.has(r.rowId)) && rowsHash(a) === rowsHash(b);
}

function sameObjects(a: readonly PersonRow[], b: readonly PersonRow[]): boolean {
  if (a.length === 1) return a[0] === b[0];
  const objects = new Set<PersonRow>(b);
  return (
    objects.size === b.length && new Set<PersonRow>(a).size === a.length && a.every((r) => objects.has(r))
  );
}

async function headerLine(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    return buf.toString('latin1', 0, nl === -1 ? bytesRead : nl);
  } finally {
    await fh.close();
  }
}

/** Windows a line is looked for in, smallest first. */
const WINDOW_BYTES = [1 << 13, 1 << 21];

/** Reads lines at known offsets, through a window, so rows close together cost one read. */
class LineReader {
  private readonly fds: number[];
  private window: Buffer = Buffer.alloc(0);
  private windowFile = -1;
  private windowStart = 0;
  private readonly buffers = new Map<number, Buffer>();

  constructor(paths: readonly string[]) {
    this.fds = paths.map((p) => openSync(p, 'r'));
  }

  /**
   * The bytes of the line at `offset`, with its line feed. The lines asked for are one partition's,
   * in file order but far apart (a partition holds a 64th of the rows by default), so a read is
   * sized for one row and its neighbours: a 256 KiB window per line read 37 GB to parse a 5M
   * month's 150,000 candidates. A longer line is read again in a window that holds any line the
   * reader accepts.
   */
  line(file: number, offset: number): Buffer {
    let found = this.inWindow(file, offset);
    for (let i = 0; found === null && i < WINDOW_BYTES.length; i++) {
      this.load(file, offset, WINDOW_BYTES[i]!);
      found = this.inWindow(file, offset);
    }
    // No line feed within 2 MiB: the careful reader would refuse that line too.
    return found ?? this.window.subarray(offset - this.windowStart);
  }

  private inWindow(file: number, offset: number): Buffer | null {
    if (file !== this.windowFile || offset < this.windowStart) return null;
    const at = offset - this.windowStart;
    const nl = this.window.indexOf(10, at);
    return nl === -1 ? null : this.window.subarray(at, nl + 1);
  }

  private load(file: number, offset: number, size: number): void {
    // One buffer per window size, read into again and again: a line is parsed before the next is
    // asked for. A new 8 KiB buffer per window read (above Node's pool size: memory outside the
    // heap, about half a million of them per pass over 1 M rows) cost a 1 M first load 141 garbage
    // collections asked for by that memory alone.
    let buf = this.buffers.get(size);
    if (!buf) {
      buf = Buffer.allocUnsafe(size);
      this.buffers.set(size, buf);
    }
    const n = readSync(this.fds[file]!, buf, 0, size, offset);
    this.window = buf.subarray(0, n);
    this.windowFile = file;
    this.windowStart = offset;
  }

  close(): void {
    for (const fd of this.fds) closeSync(fd);
  }
}

function parseLine(
  reader: LineReader,
  fileIndex: number,
  offset: number,
  line: number,
  file: string,
  judge: RecordJudge,
): ReturnType<RecordJudge['judge']> {
  let out: ReturnType<RecordJudge['judge']> | null = null;
  const splitter = new CsvSplitter(
    file,
    (rec) => {
      out = judge.judge(rec);
      return false;
    },
    { line, offset },
  );
  splitter.push(reader.line(fileIndex, offset));
  splitter.end();
  if (out === null) throw new Error(`${file}: line ${line} could not be read again`);
  return out;
}
