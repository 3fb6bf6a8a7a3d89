// Candidate duplicate row ids at national scale (~50 M rows in peserta_didik.csv). A Map of
// strings fails there twice over: V8 caps a Map at 2^24 entries, and measured here a Map of copied
// 36-character ids costs ~90–130 bytes an entry, over 4 GB of heap (Node's default limit). So each
// id is reduced to a 64-bit hash and appended with its line to one of 256 partitions chosen by the
// hash (12 bytes an entry, in fixed-size typed-array blocks outside the JS heap). At the end each
// partition is grouped in a hash table small enough to stay in cache — a table over all ids,
// probed once per row, measured 2–3x slower here (a cache miss a row). Equal hashes are only
// candidates: the caller reads those lines again and compares the ids themselves, so a hash
// collision costs a re-read, never a wrong answer.

const PARTS = 256;
const BLOCK_ENTRIES = 1 << 14;
const FIRST_BLOCK_ENTRIES = 1 << 6;
const WORDS = 3; // two hash words, then the value

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Two independent 32-bit hashes of `id` (int32s) into out[0] and out[1], two characters a step. */
export function hashId(id: string, out: Int32Array): void {
  let a = 0x811c9dc5 ^ id.length;
  let b = 0x5bd1e995 ^ id.length;
  const pairs = id.length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    const c = id.charCodeAt(i) | (id.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  if (pairs < id.length) {
    const c = id.charCodeAt(pairs);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  out[0] = fmix(a);
  out[1] = fmix(b);
}

/**
 * Append-only entries of one partition, in blocks of BLOCK_ENTRIES so growing copies little; the
 * first block starts small and doubles up to that size, so small files stay small.
 */
class Partition {
  private readonly blocks: Int32Array[] = [new Int32Array(FIRST_BLOCK_ENTRIES * WORDS)];
  private count = 0;

  append(a: number, b: number, value: number): void {
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
    block[at + 2] = value;
    this.count++;
  }

  /** Pushes the values of each hash seen more than once, in the order added, onto `out`. */
  collectRepeats(out: number[][]): void {
    if (this.count < 2) return;
    // Slots hold entry index + 1; at least twice as many slots as entries keeps probes short.
    const mask = (1 << Math.ceil(Math.log2(this.count * 2))) - 1;
    const slots = new Int32Array(mask + 1);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.count; i++) {
      const a = this.word(i, 0);
      const b = this.word(i, 1);
      let slot = (a >>> 8) & mask;
      for (;;) {
        const j = slots[slot]! - 1;
        if (j < 0) {
          slots[slot] = i + 1;
          break;
        }
        if (this.word(j, 0) === a && this.word(j, 1) === b) {
          const values = groups.get(j);
          if (values === undefined) groups.set(j, [this.word(j, 2), this.word(i, 2)]);
          else values.push(this.word(i, 2));
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    for (const values of groups.values()) out.push(values);
  }

  private word(entry: number, k: number): number {
    return this.blocks[(entry / BLOCK_ENTRIES) | 0]![(entry % BLOCK_ENTRIES) * WORDS + k]!;
  }
}

/** Row ids, each with a value (a signed line); reports the groups of values whose ids may be equal. */
export class RowIdLog {
  private readonly parts = Array.from({ length: PARTS }, () => new Partition());
  private readonly hash = new Int32Array(2);

  /** `value` must be an int32. */
  add(id: string, value: number): void {
    const h = this.hash;
    hashId(id, h);
    this.parts[h[0]! & (PARTS - 1)]!.append(h[0]!, h[1]!, value);
  }

  /** The values of ids whose 64-bit hashes were added more than once, each group in order added. */
  candidates(): number[][] {
    const out: number[][] = [];
    for (const part of this.parts) part.collectRepeats(out);
    return out;
  }
}
