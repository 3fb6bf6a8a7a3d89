// The hashes of the byte scan (SCALE-NOTES: "id as 128 bits + a 64-bit hash of the row, no
// strings"). A person is keyed by three 32-bit words: the 31-bit partition hash the store already
// keeps (`personHash`), and two more independent hashes of the id, so two ids meet on one key with a
// chance near 2^-95. A row is hashed to 64 bits over its bytes, 8 at a time: it only has to tell this
// month's row from last month's, and reading two words per step keeps it at ~1 GB/s per core.
// Hand-written because no library hashes byte ranges of a Buffer without copying them out first.

/** FNV-1a 32 over bytes [from, to), folded to 31 bits: equal to personHash() of an ASCII id. */
export function phashOfBytes(buf: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return (h >>> 1) & 0x7fffffff;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The second and third words of a person key, written to out[at], out[at + 1]. */
export function idWordsOfBytes(
  buf: Uint8Array,
  from: number,
  to: number,
  out: Uint32Array,
  at: number,
): void {
  let b = 0x9747b28c;
  let c = 0x1b873593;
  for (let i = from; i < to; i++) {
    const x = buf[i]!;
    b = Math.imul(b ^ x, 0x5bd1e995);
    c = Math.imul((c << 5) | (c >>> 27), 0x27d4eb2d) ^ x;
  }
  out[at] = fmix(b ^ (to - from));
  out[at + 1] = fmix(c + (to - from));
}

/** The three words of the key of an ASCII id given as a string (the id of a parsed row). */
export function personKeyOf(id: string): [number, number, number] {
  const bytes = Buffer.from(id, 'latin1');
  const out = new Uint32Array(2);
  idWordsOfBytes(bytes, 0, bytes.length, out, 0);
  return [phashOfBytes(bytes, 0, bytes.length), out[0]!, out[1]!];
}

/** 64-bit hash of bytes [from, to) as two words in out[at], out[at + 1]. */
export function rowHashOfBytes(
  view: DataView,
  buf: Uint8Array,
  from: number,
  to: number,
  out: Uint32Array,
  at: number,
): void {
  let a = 0x811c9dc5;
  let b = 0x12345678;
  let i = from;
  for (; i + 8 <= to; i += 8) {
    a = Math.imul(a ^ view.getInt32(i, true), 0x01000193);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ view.getInt32(i + 4, true), 0x5bd1e995);
    b = (b << 17) | (b >>> 15);
  }
  for (; i < to; i++) {
    a = Math.imul(a ^ buf[i]!, 0x01000193);
    b = Math.imul(b ^ buf[i]!, 0x5bd1e995);
  }
  const n = to - from;
  out[at] = fmix(a ^ Math.imul(b, 0x9e3779b1) ^ n);
  out[at + 1] = fmix(b ^ Math.imul(a, 0x85ebca77) ^ (n << 7));
}

/**
 * Folds a row hash into a person's running hash so that the order of the rows does not matter (a
 * person's rows may move within the file): the sum of each row hash mixed once more, per word.
 */
export function foldRow(acc: Uint32Array, at: number, a: number, b: number): void {
  acc[at] = (acc[at]! + fmix(a ^ 0x2545f491)) >>> 0;
  acc[at + 1] = (acc[at + 1]! + fmix(b + 0x9e3779b9)) >>> 0;
}
