// The byte scan of a person file (ptk.csv, peserta_didik.csv): for every row, the key of its person,
// a hash of its bytes, its school and where it is — no strings, no field objects. This is what lets a
// month's sync read 5 million rows in about the time it takes to split them into lines, and parse
// only the few percent that changed (SCALE-NOTES). It reads nothing it does not need: a row's other
// fields are checked only if the row has to be parsed, and a row whose bytes were valid last month
// is byte for byte the same row this month.
//
// What it cannot read safely it reports as an anomaly, and the sync then reads the extract the
// careful way: a record spanning lines (an odd number of quotes on a line), an id with bytes outside
// printable ASCII, an escaped quote inside an id.
import { idWordsOfBytes, phashOfBytes, rowHashOfBytes } from './hashing.js';
import type { SpillWriter } from './spill.js';

/** Words of a row record. */
export const REC = 10;
/** Offsets of a row record's words. */
export const R_PHASH = 0;
export const R_ID_B = 1;
export const R_ID_C = 2;
export const R_HASH_A = 3;
export const R_HASH_B = 4;
export const R_NPSN = 5;
/**
 * bit 0: file (0 ptk, 1 pd); bit 1: jenis_ptk unknown to the policy; bit 2: irregular (an id or the
 * npsn quoted, padded or missing: the row's person is always parsed); bits 8–31: the block.
 */
export const R_META = 6;
/** Physical line index within the block (0 = the first line starting in it). */
export const R_LINE = 7;
export const R_OFFSET_LO = 8;
export const R_OFFSET_HI = 9;

/** Byte offset in its file of row record r's line. */
export function offsetOf(records: Uint32Array, r: number): number {
  return records[r * REC + R_OFFSET_HI]! * 2 ** 32 + records[r * REC + R_OFFSET_LO]!;
}

export const META_UNKNOWN_JENIS = 2;
export const META_IRREGULAR = 4;

/** Words of a row-key record (the row id's hash, for duplicate detection). */
export const KEY_REC = 2;

export interface ScanColumns {
  fileIndex: number;
  /** Positions in the file's header. */
  personAt: number;
  rowAt: number;
  npsnAt: number;
  /** -1 for a file without jenis_ptk. */
  jenisAt: number;
}

export interface BlockScan {
  /** Physical lines starting in the block. */
  lines: number;
  /** Data rows (non-blank lines, the header excepted). */
  rows: number;
  anomaly: string | null;
}

const OK = 0;
const SHORT = 1;
const UNBALANCED = 2;
/** fEscaped: the field was quoted; it held "" or text after its closing quote. */
const QUOTED = 1;
const ESCAPED = 2;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/**
 * Scans the rows starting in [begin, stop) of `buf` (whose byte 0 is at file offset `base`); every
 * such row must end in `buf` with a line feed. `skipFirst` skips the file's header line.
 */
export function scanBlock(
  buf: Buffer,
  base: number,
  begin: number,
  stop: number,
  block: number,
  skipFirst: boolean,
  cols: ScanColumns,
  partitions: number,
  rowsOut: SpillWriter,
  keysOut: SpillWriter,
  isUnknownJenis: (value: string) => boolean,
): BlockScan {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const maxCol = Math.max(cols.personAt, cols.rowAt, cols.npsnAt, cols.jenisAt);
  const fStart = new Int32Array(maxCol + 1);
  const fEnd = new Int32Array(maxCol + 1);
  const fEscaped = new Uint8Array(maxCol + 1);
  const words = new Uint32Array(2);
  const partSize = Math.ceil(2 ** 31 / partitions);
  const meta = cols.fileIndex | (block << 8);
  let lines = 0;
  let rows = 0;
  let s = begin;
  let nextQuote = -2;
  while (s < stop) {
    const e = buf.indexOf(LF, s);
    if (e === -1) return { lines, rows, anomaly: 'a line has no line feed' };
    const line = lines++;
    const end = e > s && buf[e - 1] === CR ? e - 1 : e;
    if (skipFirst && line === 0) {
      s = e + 1;
      continue;
    }
    if (end === s) {
      s = e + 1; // a blank line is no record (csv-stream skips it too)
      continue;
    }
    rows++;
    // The next quote at or after s, found once and reused until passed: a search per row would
    // run to the end of the block in a file without quotes.
    if (nextQuote !== -1 && nextQuote < s) nextQuote = buf.indexOf(QUOTE, s);
    const quoted = nextQuote !== -1 && nextQuote < end;
    const shape = locateFields(buf, s, end, maxCol, quoted, fStart, fEnd, fEscaped);
    if (shape === UNBALANCED) {
      return { lines, rows, anomaly: 'a quoted field holds a line break or a quote is unbalanced' };
    }

    // The person's key, from the trimmed id (as fieldAt trims it).
    let a = fStart[cols.personAt]!;
    let z = fEnd[cols.personAt]!;
    while (a < z && buf[a]! <= 32) a++;
    while (z > a && buf[z - 1]! <= 32) z--;
    for (let i = a; i < z; i++) {
      const c = buf[i]!;
      if (c > 126) return { lines, rows, anomaly: 'an id holds a byte outside printable ASCII' };
    }
    const irregular =
      shape === SHORT ||
      z === a ||
      a !== fStart[cols.personAt] ||
      z !== fEnd[cols.personAt] ||
      fEscaped[cols.personAt] !== 0 ||
      fEscaped[cols.rowAt] !== 0 ||
      fEscaped[cols.npsnAt] !== 0 ||
      (cols.jenisAt >= 0 && fEscaped[cols.jenisAt] === ESCAPED);
    const phash = phashOfBytes(buf, a, z);
    const part = Math.floor(phash / partSize);
    const out = rowsOut.bufs[part]!;
    const at = rowsOut.slot(part);
    out[at + R_PHASH] = phash;
    idWordsOfBytes(buf, a, z, out, at + R_ID_B);
    rowHashOfBytes(view, buf, s, end, out, at + R_HASH_A);
    const npsn = npsnOf(buf, fStart[cols.npsnAt]!, fEnd[cols.npsnAt]!, fEscaped[cols.npsnAt]!);
    out[at + R_NPSN] = npsn;
    let m = irregular || npsn === 0 ? meta | META_IRREGULAR : meta;
    if (
      cols.jenisAt >= 0 &&
      isUnknownJenis(fieldText(buf, fStart[cols.jenisAt]!, fEnd[cols.jenisAt]!, fEscaped[cols.jenisAt]!))
    ) {
      m |= META_UNKNOWN_JENIS;
    }
    out[at + R_META] = m;
    out[at + R_LINE] = line;
    const offset = base + s;
    out[at + R_OFFSET_LO] = offset % 2 ** 32;
    out[at + R_OFFSET_HI] = Math.floor(offset / 2 ** 32);

    // The row id, trimmed, for duplicate detection.
    let ra = fStart[cols.rowAt]!;
    let rz = fEnd[cols.rowAt]!;
    while (ra < rz && buf[ra]! <= 32) ra++;
    while (rz > ra && buf[rz - 1]! <= 32) rz--;
    if (rz > ra) {
      idWordsOfBytes(buf, ra, rz, words, 0);
      const keyPart = words[0]! % partitions;
      const kAt = keysOut.slot(keyPart);
      const kOut = keysOut.bufs[keyPart]!;
      kOut[kAt] = words[0]!;
      kOut[kAt + 1] = words[1]!;
    }
    s = e + 1;
  }
  return { lines, rows, anomaly: null };
}

/**
 * Field bounds of the row's first maxCol + 1 fields (RFC 4180 when `quoted`: a quoted field, "" for
 * a quote inside); fields past the row's last are empty at its end. UNBALANCED when the row's quotes
 * do not balance: the record goes on past the line feed.
 */
function locateFields(
  buf: Buffer,
  s: number,
  end: number,
  maxCol: number,
  quoted: boolean,
  fStart: Int32Array,
  fEnd: Int32Array,
  fEscaped: Uint8Array,
): number {
  if (quoted) {
    let quotes = 0;
    for (let i = s; i < end; i++) if (buf[i] === QUOTE) quotes++;
    if (quotes % 2 === 1) return UNBALANCED;
  }
  let p = s;
  let shape = OK;
  for (let col = 0; col <= maxCol; col++) {
    fEscaped[col] = 0;
    if (p > end) {
      fStart[col] = end;
      fEnd[col] = end;
      shape = SHORT;
      continue;
    }
    if (quoted && buf[p] === QUOTE) {
      fEscaped[col] = QUOTED;
      let i = p + 1;
      while (i < end) {
        if (buf[i] === QUOTE) {
          if (buf[i + 1] !== QUOTE) break;
          fEscaped[col] = ESCAPED;
          i += 2;
          continue;
        }
        i++;
      }
      fStart[col] = p + 1;
      fEnd[col] = Math.min(i, end);
      let c = buf.indexOf(COMMA, i);
      if (c === -1 || c > end) c = end;
      if (c !== i + 1 && i < end) fEscaped[col] = ESCAPED; // text after the closing quote
      p = c + 1;
      continue;
    }
    let c = buf.indexOf(COMMA, p);
    if (c === -1 || c > end) c = end;
    fStart[col] = p;
    fEnd[col] = c;
    p = c + 1;
  }
  return shape;
}

/** The npsn as a number when the trimmed field is exactly 8 digits, else 0. */
function npsnOf(buf: Buffer, a: number, z: number, escaped: number): number {
  if (escaped === ESCAPED) return 0;
  while (a < z && buf[a]! <= 32) a++;
  while (z > a && buf[z - 1]! <= 32) z--;
  if (z - a !== 8) return 0;
  let n = 0;
  for (let i = a; i < z; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) return 0;
    n = n * 10 + c;
  }
  return n; // 00000000 is 0: no school, as an unreadable npsn
}

function fieldText(buf: Buffer, a: number, z: number, escaped: number): string {
  const text = buf.toString('utf8', a, z);
  return escaped === ESCAPED ? text.replaceAll('""', '"').trim() : text.trim();
}
