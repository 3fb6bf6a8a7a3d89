// One partition's join of this month's scan against the state the store vouches for: which persons
// are certainly unchanged (their records carry over, their rows are never parsed), and which must be
// looked at (their rows are parsed, the store is asked about them). Typed arrays and open addressing
// only: a partition of a national extract holds ~100k persons, and a Map per person is what fails at
// national scale (SCALE-NOTES).
import { foldRow } from './hashing.js';
import {
  META_IRREGULAR,
  META_UNKNOWN_JENIS,
  R_HASH_A,
  R_HASH_B,
  R_ID_B,
  R_ID_C,
  R_META,
  R_NPSN,
  R_PHASH,
  REC,
} from './row-scanner.js';
import {
  FLAG_KNOWN,
  FLAG_MORE_NPSNS,
  npsnsOf,
  S_FLAGS,
  S_HASH_A,
  S_HASH_B,
  S_ID_B,
  S_ID_C,
  S_PHASH,
  S_REC,
  type StatePartition,
} from './screen-state.js';

export interface JoinContext {
  validNpsn: (npsn: number) => boolean;
  inScope: (npsn: number) => boolean;
  /** Persons always looked at (an exit waits), by key "phash:b:c". */
  flagged: ReadonlySet<string>;
}

/** A person of this month's scan, grouped by key. */
export interface ScanGroups {
  count: number;
  /** Per group: key words (3), folded hash (2). */
  key: Uint32Array;
  hash: Uint32Array;
  /** Per group: a row irregular, or naming a school that is unknown or out of scope. */
  dirty: Uint8Array;
  /** Per group: rows whose jenis_ptk the policy does not know. */
  unknownJenis: Uint32Array;
  /** First row record of each group, and the next row record of each row record (-1 ends). */
  first: Int32Array;
  next: Int32Array;
  /** Group of each row record. */
  groupOf: Int32Array;
  /** The open-addressing table from key to group. */
  slots: Int32Array;
  mask: number;
}

export interface JoinResult {
  groups: ScanGroups;
  /** Groups whose rows must be parsed. */
  candidate: Uint8Array;
  /** State records carried over unchanged (their persons are skipped). */
  carried: number[];
  /** Ids of state records of persons gone from this scan that must be looked at. */
  goneIds: string[];
  /** Rows of skipped persons whose jenis_ptk the policy does not know. */
  unknownJenis: number;
}

export function keyString(words: ArrayLike<number>, at: number): string {
  return `${words[at]}:${words[at + 1]}:${words[at + 2]}`;
}

export function groupRows(rows: Uint32Array, ctx: JoinContext): ScanGroups {
  const n = rows.length / REC;
  let size = 16;
  while (size < n * 2) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const key = new Uint32Array(n * 3);
  const hash = new Uint32Array(n * 2);
  const dirty = new Uint8Array(n);
  const unknownJenis = new Uint32Array(n);
  const first = new Int32Array(n).fill(-1);
  const last = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const groupOf = new Int32Array(n);
  let count = 0;
  // Rows of a school come together in a file, so a partition's rows repeat their school in runs.
  let lastNpsn = -1;
  let lastBad = false;
  for (let r = 0; r < n; r++) {
    const b = r * REC;
    const p = rows[b + R_PHASH]!;
    const k1 = rows[b + R_ID_B]!;
    const k2 = rows[b + R_ID_C]!;
    let slot = (k1 ^ Math.imul(p, 0x9e3779b1)) & mask;
    let g = slots[slot]!;
    while (g !== -1 && !(key[g * 3] === p && key[g * 3 + 1] === k1 && key[g * 3 + 2] === k2)) {
      slot = (slot + 1) & mask;
      g = slots[slot]!;
    }
    if (g === -1) {
      g = count++;
      slots[slot] = g;
      key[g * 3] = p;
      key[g * 3 + 1] = k1;
      key[g * 3 + 2] = k2;
      first[g] = r;
    } else next[last[g]!] = r;
    last[g] = r;
    groupOf[r] = g;
    foldRow(hash, g * 2, rows[b + R_HASH_A]!, rows[b + R_HASH_B]!);
    const meta = rows[b + R_META]!;
    const npsn = rows[b + R_NPSN]!;
    if (npsn !== lastNpsn) {
      lastNpsn = npsn;
      lastBad = !ctx.validNpsn(npsn) || !ctx.inScope(npsn);
    }
    if (meta & META_IRREGULAR || lastBad) dirty[g] = 1;
    if (meta & META_UNKNOWN_JENIS) unknownJenis[g]!++;
  }
  return { count, key, hash, dirty, unknownJenis, first, next, groupOf, slots, mask };
}

export function findGroup(groups: ScanGroups, p: number, k1: number, k2: number): number {
  const { slots, mask } = groups;
  let slot = (k1 ^ Math.imul(p, 0x9e3779b1)) & mask;
  let g = slots[slot]!;
  while (g !== -1) {
    const k = groups.key;
    if (k[g * 3] === p && k[g * 3 + 1] === k1 && k[g * 3 + 2] === k2) return g;
    slot = (slot + 1) & mask;
    g = slots[slot]!;
  }
  return -1;
}

/**
 * The rule of the careful screening (rekey.ts judgePerson), decided from the records where they
 * suffice: a person is skipped only when the store's rows are known to be these very bytes, all of
 * their schools are valid and in scope, and nothing flags them; a person gone from the scan is
 * skipped only when all of their schools are outside the extract's scope.
 */
export function joinPartition(
  rows: Uint32Array,
  state: StatePartition | null,
  ctx: JoinContext,
  idOf: (i: number) => string,
): JoinResult {
  const groups = groupRows(rows, ctx);
  const candidate = new Uint8Array(groups.count).fill(1);
  const carried: number[] = [];
  const goneIds: string[] = [];
  let unknownJenis = 0;
  if (state) {
    const r = state.recs;
    for (let i = 0; i < state.count; i++) {
      const b = i * S_REC;
      const p = r[b + S_PHASH]!;
      const k1 = r[b + S_ID_B]!;
      const k2 = r[b + S_ID_C]!;
      const flags = r[b + S_FLAGS]!;
      const g = findGroup(groups, p, k1, k2);
      const flagged = ctx.flagged.size > 0 && ctx.flagged.has(`${p}:${k1}:${k2}`);
      const npsns = flags & FLAG_MORE_NPSNS ? null : npsnsOf(state, i);
      if (g === -1) {
        // Gone from this scan: skipped only when every school of theirs is outside the scope.
        const outside = npsns !== null && npsns.length > 0 && npsns.every((n) => !ctx.inScope(n));
        if (!flagged && outside) carried.push(i);
        else goneIds.push(idOf(i));
        continue;
      }
      const same =
        (flags & FLAG_KNOWN) !== 0 &&
        r[b + S_HASH_A] === groups.hash[g * 2] &&
        r[b + S_HASH_B] === groups.hash[g * 2 + 1];
      if (same && !flagged && groups.dirty[g] === 0 && npsns?.every(ctx.inScope)) {
        candidate[g] = 0;
        carried.push(i);
        unknownJenis += groups.unknownJenis[g]!;
      }
    }
  }
  return { groups, candidate, carried, goneIds, unknownJenis };
}
