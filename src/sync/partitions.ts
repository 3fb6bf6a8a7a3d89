// Work is split by a hash of the person id, never by school or province: a transfer must meet both
// of its ends in one partition (SCALE-NOTES). The hash is stored with every person, account and
// row, so the store hands over one partition with a range scan on an index.
import type { PersonRow } from '../domain/records.js';

const PHASH_SPACE = 2 ** 31;

/** FNV-1a over the UTF-16 code units, folded to 31 bits (fits a signed INTEGER on every dialect). */
export function personHash(personId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < personId.length; i++) {
    h ^= personId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) & 0x7fffffff;
}

export interface PartitionRange {
  index: number;
  /** Inclusive lower and exclusive upper bound of phash. */
  from: number;
  to: number;
}

export function partitionRanges(count: number): PartitionRange[] {
  const size = Math.ceil(PHASH_SPACE / count);
  return Array.from({ length: count }, (_, index) => ({
    index,
    from: index * size,
    to: Math.min(PHASH_SPACE, (index + 1) * size),
  }));
}

export function partitionOf(phash: number, count: number): number {
  return Math.floor(phash / Math.ceil(PHASH_SPACE / count));
}

/** The rows of an extract's persons, one partition at a time, grouped by person id. */
export interface PartitionRows {
  byPerson(index: number): Map<string, PersonRow[]>;
}

/**
 * The extract's valid rows, bucketed by partition as the careful reader streams them, in memory
 * (about 1 KB a person): what an extract the byte scan cannot cut takes. The byte path parses a
 * partition's rows when it is worked on instead (byte-screen.ts).
 */
export class RowPartitions implements PartitionRows {
  private readonly buckets: PersonRow[][];

  constructor(readonly count: number) {
    this.buckets = Array.from({ length: count }, () => []);
  }

  add(row: PersonRow): void {
    this.buckets[partitionOf(personHash(row.personId), this.count)]!.push(row);
  }

  /** Drops rows for good (rows carrying a duplicated key are known only once the file is read). */
  purge(drop: (row: PersonRow) => boolean): void {
    for (let i = 0; i < this.buckets.length; i++) {
      const bucket = this.buckets[i]!;
      if (bucket.some(drop)) this.buckets[i] = bucket.filter((row) => !drop(row));
    }
  }

  /** Rows of one partition grouped by person id. */
  byPerson(index: number): Map<string, PersonRow[]> {
    const out = new Map<string, PersonRow[]>();
    for (const row of this.buckets[index]!) {
      const list = out.get(row.personId);
      if (list) list.push(row);
      else out.set(row.personId, [row]);
    }
    return out;
  }

  get size(): number {
    return this.buckets.reduce((n, b) => n + b.length, 0);
  }
}

/**
 * Reads of the partitions in order, each started `depth` partitions before it is asked for: while
 * one partition is worked on, the next ones' reads run on other cores (Store.parallel) or other
 * connections. Ask in order; a read that fails fails the ask that wants it.
 */
export function readAhead<T>(
  ranges: readonly PartitionRange[],
  read: (range: PartitionRange) => Promise<T>,
  depth: number,
): (position: number) => Promise<T> {
  const started: Promise<T>[] = [];
  return (position) => {
    while (started.length < ranges.length && started.length <= position + depth) {
      const pending = read(ranges[started.length]!);
      pending.catch(() => {}); // a read never asked for (an earlier one failed) is not unhandled
      started.push(pending);
    }
    const pending = started[position]!;
    started[position] = undefined as unknown as Promise<T>; // what was asked for is the asker's now
    return pending;
  };
}
