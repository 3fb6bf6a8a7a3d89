// Finding row ids that more than one row carries, at national scale (~50 M rows in
// peserta_didik.csv). A Map of strings fails there twice over: V8 caps a Map at 2^24 entries, and
// measured here a Map of copied 36-character ids costs ~90–130 bytes an entry — over 4 GB of heap,
// Node's default limit. Dapodik's ids are UUIDs, so a canonical lower-case UUID is packed into 128
// bits and appended with its line to one of 256 partitions chosen by a hash of the id (20 bytes an
// entry, in fixed-size blocks outside the JS heap). Duplicates are found at the end one partition
// at a time, in a hash table small enough to stay in cache; a hash table over all ids, probed once
// per row, measured 2-3x slower here (a cache miss a row). Any other id goes to sharded Maps:
// exact, just costlier. Keys are compared whole, so two different ids never collide.

const PARTS = 256;
const BLOCK_ENTRIES = 1 << 14;
const FIRST_BLOCK_ENTRIES = 1 << 6;
const WORDS = 5; // four key words, then the signed line
const MAP_SHARDS = 64;

/** Hex digit value of a lower-case hex character code, else -1. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;

/**
 * Packs a canonical lower-case UUID (8-4-4-4-12) into out[0..3]; false for anything else. Words
 * stay int32 throughout: a uint32 above 2^31 would be a heap-allocated double in V8.
 */
export function packUuid(id: string, out: Int32Array): boolean {
  if (id.length !== 36) return false;
  if (id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45) return false;
  if (id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) return false;
  const g0 = hex4(id, 0);
  const g1 = hex4(id, 4);
  const g2 = hex4(id, 9);
  const g3 = hex4(id, 14);
  const g4 = hex4(id, 19);
  const g5 = hex4(id, 24);
  const g6 = hex4(id, 28);
  const g7 = hex4(id, 32);
  if ((g0 | g1 | g2 | g3 | g4 | g5 | g6 | g7) < 0) return false;
  out[0] = (g0 << 16) | g1;
  out[1] = (g2 << 16) | g3;
  out[2] = (g4 << 16) | g5;
  out[3] = (g6 << 16) | g7;
  return true;
}

/** The value of four lower-case hex digits at `from`, or -1. */
function hex4(id: string, from: number): number {
  let v = 0;
  for (let i = from; i < from + 4; i++) {
    const c = id.charCodeAt(i);
    const h = c < 128 ? HEX[c]! : -1;
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

/** The UUID that packUuid packed into `words[at..at+3]`. */
export function unpackUuid(words: Int32Array, at: number): string {
  const hex = (w: number) => (w >>> 0).toString(16).padStart(8, '0');
  const s = hex(words[at]!) + hex(words[at + 1]!) + hex(words[at + 2]!) + hex(words[at + 3]!);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A 32-bit mix of the four words, as an int32. */
function mix(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x1e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ d ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function stringHash(id: string): number {
  let h = id.length;
  for (let i = 0; i < id.length; i += 3) h = Math.imul(h ^ id.charCodeAt(i), 0x9e3779b1);
  return h ^ (h >>> 16);
}

/** A flat copy of `s`, so a kept string does not pin the (larger) string it was sliced from. */
export function detachString(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * Append-only entries of one partition, in blocks of BLOCK_ENTRIES so growing copies little; the
 * first block starts small and doubles up to that size, so small files stay small.
 */
class Partition {
  readonly blocks: Int32Array[] = [new Int32Array(FIRST_BLOCK_ENTRIES * WORDS)];
  count = 0;

  append(a: number, b: number, c: number, d: number, value: number): void {
    const inBlock = this.count % BLOCK_ENTRIES;
    if (inBlock === 0 && this.count > 0) this.blocks.push(new Int32Array(BLOCK_ENTRIES * WORDS));
    let block = this.blocks[this.blocks.length - 1]!;
    if (inBlock * WORDS === block.length) {
      const bigger = new Int32Array(block.length * 2);
      bigger.set(block);
      this.blocks[this.blocks.length - 1] = block = bigger;
    }
    const at = inBlock * WORDS;
    block[at] = a;
    block[at + 1] = b;
    block[at + 2] = c;
    block[at + 3] = d;
    block[at + 4] = value;
    this.count++;
  }

  /** Adds each key seen more than once, with its values in order, to `out`. */
  collectDuplicates(out: Map<string, number[]>): void {
    if (this.count < 2) return;
    // Slots hold entry index + 1; capacity at least twice the entries keeps probes short.
    const mask = (1 << Math.ceil(Math.log2(this.count * 2))) - 1;
    const slots = new Int32Array(mask + 1);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.count; i++) {
      const block = this.blocks[(i / BLOCK_ENTRIES) | 0]!;
      const at = (i % BLOCK_ENTRIES) * WORDS;
      let slot = (mix(block[at]!, block[at + 1]!, block[at + 2]!, block[at + 3]!) >>> 8) & mask;
      for (;;) {
        const j = slots[slot]! - 1;
        if (j < 0) {
          slots[slot] = i + 1;
          break;
        }
        if (this.sameKey(j, block, at)) {
          const lines = groups.get(j);
          if (lines === undefined) groups.set(j, [this.valueAt(j), block[at + 4]!]);
          else lines.push(block[at + 4]!);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    for (const [first, lines] of groups) {
      const block = this.blocks[(first / BLOCK_ENTRIES) | 0]!;
      out.set(unpackUuid(block, (first % BLOCK_ENTRIES) * WORDS), lines);
    }
  }

  private sameKey(j: number, block: Int32Array, at: number): boolean {
    const other = this.blocks[(j / BLOCK_ENTRIES) | 0]!;
    const o = (j % BLOCK_ENTRIES) * WORDS;
    return (
      other[o] === block[at] &&
      other[o + 1] === block[at + 1] &&
      other[o + 2] === block[at + 2] &&
      other[o + 3] === block[at + 3]
    );
  }

  private valueAt(j: number): number {
    return this.blocks[(j / BLOCK_ENTRIES) | 0]![(j % BLOCK_ENTRIES) * WORDS + 4]!;
  }
}

/** Row ids with a value each (a signed line); reports the ids added more than once. */
export class RowIdLog {
  private readonly parts = Array.from({ length: PARTS }, () => new Partition());
  private readonly others: Map<string, number>[] = Array.from({ length: MAP_SHARDS }, () => new Map());
  private readonly otherDuplicates = new Map<string, number[]>();
  private readonly key = new Int32Array(4);

  /** `value` must be a non-zero int32. */
  add(id: string, value: number): void {
    const k = this.key;
    if (packUuid(id, k)) {
      const hash = mix(k[0]!, k[1]!, k[2]!, k[3]!);
      this.parts[hash & (PARTS - 1)]!.append(k[0]!, k[1]!, k[2]!, k[3]!, value);
      return;
    }
    const shard = this.others[stringHash(id) & (MAP_SHARDS - 1)]!;
    const first = shard.get(id);
    if (first === undefined) {
      shard.set(detachString(id), value);
      return;
    }
    const lines = this.otherDuplicates.get(id);
    if (lines === undefined) this.otherDuplicates.set(detachString(id), [first, value]);
    else lines.push(value);
  }

  /** Every id added more than once, with its values in the order they were added. */
  duplicates(): Map<string, number[]> {
    const out = new Map(this.otherDuplicates);
    for (const part of this.parts) part.collectDuplicates(out);
    return out;
  }
}
