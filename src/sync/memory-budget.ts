// The memory a sync may use (issue 7: "within a configurable budget, default 4 GB"), turned into the
// sizes that govern it. What a run keeps for its whole length is bounded by design (the scan, the
// address book and the digests spill to disk); what grows with the extract is the partition being
// worked on: its parsed rows, its plans, the rows of its batch. So the budget chooses how many
// partitions the person-id hash space is cut into, and how much a run may keep between its passes.
//
// The rules are linear and measured, not modelled: a first load at 1 M persons held about 1.5 KB of
// heap per person of the partition being worked on (its rows and plans, and their garbage), and
// SQLite's page cache is the other large consumer. A quarter of the budget goes to that cache (at most
// 1 GiB), and a partition is sized to hold at most 40 persons per MiB of budget (164,000 at 4 GB).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const DEFAULT_MEMORY_MB = 4096;
/** Below this a national extract cannot be worked on at any partition count that keeps files few. */
export const MIN_MEMORY_MB = 256;

const PERSONS_PER_PARTITION_PER_MB = 40;
/** Plans kept between the planning and the applying pass, per MiB (200,000 at 4 GB as before). */
const KEPT_PLANS_PER_MB = 50;
/**
 * Parsed rows the scan keeps for the passes after it, per MiB: as many as the plans (204,800 at 4 GB),
 * enough for a month's candidates. Kept rows stay alive for the whole run, about 630 bytes of heap
 * each: at 250 per MiB a 1 M first load kept all of its rows, 620 MB alive under a heap share of
 * 1 GB, so every partition boundary forced a full collection (20 of them, 8.5 s) and peak RSS was
 * 3.0 GB; parsed again a partition at a time it peaks at 2.0 GB, no slower.
 */
const KEPT_ROWS_PER_MB = 50;
/** Bytes of person files per person in a Dapodik extract (measured on the synthetic ones: ~156). */
const BYTES_PER_PERSON = 150;
const MAX_SQLITE_CACHE_MB = 1024;
/** At most this many partitions: each has its spill and state files. */
const MAX_PARTITIONS = 1 << 14;

export interface MemorySizes {
  /** Partitions of the person-id hash space: at least the configured number, more if the budget needs. */
  partitions: number;
  /** Plans a month's run keeps from planning to applying; a larger run classifies again instead. */
  keptPlans: number;
  /** Parsed rows the byte path keeps; a larger extract is parsed again a partition at a time. */
  keptRows: number;
}

/** SQLite's page cache for a budget: a quarter of it, at most 1 GiB. */
export function sqliteCacheMbFor(memoryMb: number): number {
  return Math.min(MAX_SQLITE_CACHE_MB, Math.floor(memoryMb / 4));
}

/**
 * Sizes for a run of about `persons` persons within `memoryMb`, with at least `partitions` partitions
 * (a power of two above it when the budget needs more, so the count changes seldom from run to run:
 * a run with another count than its predecessor's cannot trust the scan state and reads every row).
 */
export function memorySizes(memoryMb: number, persons: number, partitions: number): MemorySizes {
  const perPartition = memoryMb * PERSONS_PER_PARTITION_PER_MB;
  let count = Math.max(1, partitions);
  if (persons > count * perPartition) {
    count = 2 ** Math.ceil(Math.log2(persons / perPartition));
  }
  return {
    partitions: Math.min(MAX_PARTITIONS, Math.max(partitions, count)),
    keptPlans: memoryMb * KEPT_PLANS_PER_MB,
    keptRows: memoryMb * KEPT_ROWS_PER_MB,
  };
}

/** Persons an extract holds, estimated from the size of its person files (before anything is read). */
export async function estimatedPersons(dir: string, files: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(dir, file)).catch(() => ({ size: 0 }))).size;
  return Math.ceil(bytes / BYTES_PER_PERSON);
}

const MIN_HEAP_SHARE_MB = 256;

/**
 * The part of the budget V8's heap may fill before a partition boundary collects its garbage: a
 * quarter. Garbage grows by a partition's worth between two boundaries, so the heap's peak is about
 * twice this; with SQLite's quarter, workers and buffers, the process stays within the budget. At
 * 1 M persons a first load's peak RSS went from 3.8 GB to 3.0 GB with 30 collections, no slower.
 */
export function heapShareMb(memoryMb: number): number {
  return Math.max(MIN_HEAP_SHARE_MB, Math.floor(memoryMb / 4));
}

/**
 * A full garbage collection, asked for between partitions. V8 sizes its heap from the machine, not
 * from our budget (its limit can only be set when node starts), and lets garbage grow while there
 * is room: a 1 M first load's heap reached 2.4 GB, about a quarter of it alive. The collector is taken
 * from V8 at run time, as `node --expose-gc` would expose it.
 */
export function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Called at each partition boundary: collects the garbage when the heap in use exceeds its share of
 * the budget. Returns how many collections it asked for.
 */
export function heapGuard(
  shareMb: number,
  heapUsed: () => number = () => process.memoryUsage().heapUsed,
  collect: () => void = fullCollection(),
): { check(): void; readonly collections: number } {
  let collections = 0;
  return {
    check() {
      if (heapUsed() <= shareMb * 2 ** 20) return;
      collect();
      collections++;
    },
    get collections() {
      return collections;
    },
  };
}
