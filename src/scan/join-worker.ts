// The join of a month's partitions on both cores (issue 7). Each partition's scan records are joined
// against the state the store vouches for (partition-join.ts) on a worker thread; the records it
// carries over are written there too. What comes back is small: the schools the partition names,
// which groups are candidates, the candidates' row records in the order they are parsed, and the ids
// of persons gone from the scan who must be looked at. The main thread parses those rows.
//
// A worker cannot call the run's scope function, so the scope travels as data: its answer for every
// school number the run knows of (JoinScope), and one answer for any other number.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { groupRows, type JoinContext, joinPartition, type ScanGroups } from './partition-join.js';
import { offsetOf, R_META, R_NPSN, REC } from './row-scanner.js';
import { idOf, readStatePartition, SegmentBuilder, segmentFile } from './screen-state.js';
import { readSpill } from './spill.js';

/** JoinContext as data a worker can be given. */
export interface JoinScope {
  /** Numbers of the extract's valid schools. */
  valid: Uint32Array;
  /** School numbers and whether each is in scope. */
  numbers: Uint32Array;
  inScope: Uint8Array;
  /** The answer for a number not listed (0 is never in scope). */
  otherwise: boolean;
  /** Persons always looked at, by key "phash:b:c". */
  flagged: string[];
}

export interface JoinWorkerData {
  kind: 'selaras-join';
  spillDir: string;
  rowPrefixes: string[];
  /** The trusted state's directory; null: no state, every group is a candidate. */
  stateDir: string | null;
  /** Where the carried records' segments are written; null when the run writes no state. */
  carriedDir: string | null;
  scope: JoinScope;
}

export interface JoinedPartition {
  part: number;
  /** Distinct school numbers the partition's rows name. */
  named: Uint32Array;
  /** Per group: 1 when its rows are parsed. */
  candidate: Uint8Array;
  /** The candidates' row records (REC words each), in file and offset order. */
  picked: Uint32Array;
  goneIds: string[];
  unknownJenis: number;
}

/**
 * The run's JoinContext as data. `inScope` is the scope's test on NPSN strings, which the context
 * asks of a number padded to eight digits; `keys` are every school the test may know by name (the
 * extract's, the store's, the failed and the listed ones). Any other number pads to a name the
 * test knows nothing of, so it answers as it answers for the empty name.
 */
export function joinScopeOf(
  ctx: JoinContext,
  inScope: (npsn: string) => boolean,
  keys: Iterable<string>,
): JoinScope {
  const numbers = new Set<number>();
  for (const key of keys) {
    if (!/^\d{1,10}$/.test(key)) continue;
    const n = Number(key);
    if (n < 2 ** 32) numbers.add(n);
  }
  const list = Uint32Array.from(numbers);
  const valid: number[] = [];
  for (const n of list) if (ctx.validNpsn(n)) valid.push(n);
  return {
    valid: Uint32Array.from(valid),
    numbers: list,
    inScope: Uint8Array.from(list, (n) => (ctx.inScope(n) ? 1 : 0)),
    otherwise: inScope(''),
    flagged: [...ctx.flagged],
  };
}

export function contextOf(scope: JoinScope): JoinContext {
  const valid = new Set(scope.valid);
  const inScope = new Map<number, boolean>();
  for (const [i, n] of scope.numbers.entries()) inScope.set(n, scope.inScope[i] === 1);
  return {
    validNpsn: (n) => valid.has(n),
    inScope: (n) => inScope.get(n) ?? (n !== 0 && scope.otherwise),
    flagged: new Set(scope.flagged),
  };
}

/** The records of the chosen groups' rows, in the order the careful reader meets them. */
export function pickedRecords(
  rows: Uint32Array,
  groups: ScanGroups,
  pick: (g: number) => boolean,
): Uint32Array {
  const locs: number[] = [];
  for (let g = 0; g < groups.count; g++) {
    if (!pick(g)) continue;
    for (let r = groups.first[g]!; r !== -1; r = groups.next[r]!) locs.push(r);
  }
  locs.sort(
    (a, b) =>
      (rows[a * REC + R_META]! & 1) - (rows[b * REC + R_META]! & 1) || offsetOf(rows, a) - offsetOf(rows, b),
  );
  const out = new Uint32Array(locs.length * REC);
  for (const [i, r] of locs.entries()) out.set(rows.subarray(r * REC, r * REC + REC), i * REC);
  return out;
}

export function joinOne(data: JoinWorkerData, ctx: JoinContext, part: number): JoinedPartition {
  const rows = readSpill(data.spillDir, data.rowPrefixes, part);
  const named = new Set<number>();
  let last = -1;
  for (let b = R_NPSN; b < rows.length; b += REC) {
    if (rows[b] === last) continue;
    last = rows[b]!;
    named.add(last);
  }
  if (data.stateDir === null) {
    const groups = groupRows(rows, ctx);
    const candidate = new Uint8Array(groups.count).fill(1);
    return {
      part,
      named: Uint32Array.from(named),
      candidate,
      picked: pickedRecords(rows, groups, () => true),
      goneIds: [],
      unknownJenis: 0,
    };
  }
  const state = readStatePartition(data.stateDir, part);
  const joined = joinPartition(rows, state, ctx, (i) => idOf(state, i));
  if (data.carriedDir !== null) {
    const carried = new SegmentBuilder();
    carried.copyMany(state, joined.carried);
    carried.write(segmentFile(data.carriedDir, part, 'a'));
  }
  return {
    part,
    named: Uint32Array.from(named),
    candidate: joined.candidate,
    picked: pickedRecords(rows, joined.groups, (g) => joined.candidate[g] === 1),
    goneIds: joined.goneIds,
    unknownJenis: joined.unknownJenis,
  };
}

/**
 * Joins every partition on `workers` threads, handing each result to `consume` in partition order
 * (a partition joined early waits for those before it).
 */
export async function joinPartitions(
  data: JoinWorkerData,
  partitions: number,
  workers: number,
  consume: (joined: JoinedPartition) => void,
): Promise<void> {
  const url = new URL('./join-worker.js', import.meta.url);
  const done = new Map<number, JoinedPartition>();
  let next = 0;
  let handed = 0;
  const threads: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const give = (worker: Worker) => {
        if (next < partitions) worker.postMessage({ part: next++ });
      };
      for (let w = 0; w < Math.max(1, Math.min(workers, partitions)); w++) {
        const worker = new Worker(url, { workerData: data });
        threads.push(worker);
        worker.on('message', (m: { joined?: JoinedPartition; error?: string }) => {
          if (m.error !== undefined) return fail(new Error(`join worker: ${m.error}`));
          done.set(m.joined!.part, m.joined!);
          give(worker);
          try {
            while (done.has(handed)) {
              const joined = done.get(handed)!;
              done.delete(handed);
              handed++;
              consume(joined);
            }
          } catch (error) {
            return fail(error instanceof Error ? error : new Error(String(error)));
          }
          if (handed === partitions) resolve();
        });
        worker.on('error', fail);
        give(worker);
      }
      if (partitions === 0) resolve();
    });
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

if (parentPort && (workerData as { kind?: string } | null)?.kind === 'selaras-join') {
  const data = workerData as JoinWorkerData;
  const port = parentPort;
  const ctx = contextOf(data.scope);
  port.on('message', (m: { part: number }) => {
    try {
      const joined = joinOne(data, ctx, m.part);
      const buffers = [joined.named.buffer, joined.candidate.buffer, joined.picked.buffer] as ArrayBuffer[];
      port.postMessage({ joined }, buffers);
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  });
}
