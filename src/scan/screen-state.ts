// What the store holds per person, as compact records in partition files beside the data: the key of
// the person, the hash of the row bytes the store's rows came from, and their schools. A monthly sync
// joins this month's scan against it and reads from the store only the persons it cannot rule out.
//
// The files are a cache the store vouches for: they live in a directory named by a random mark, and
// the store's screen_state row names the mark it trusts. A sync clears the mark before it writes and
// sets the new one after its last commit, so a crash, another machine or an older copy can only cost
// a slow month, never a wrong one. A record is "known" only when the store's rows for that person are
// exactly the rows whose bytes it hashes; otherwise the person is always read from the store.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/store.js';

/** Bump when what a record means changes (the row hash, the scan's reading of a row). */
export const STATE_VERSION = 1;

export const S_REC = 9;
export const S_PHASH = 0;
export const S_ID_B = 1;
export const S_ID_C = 2;
export const S_HASH_A = 3;
export const S_HASH_B = 4;
export const S_NPSN_1 = 5;
export const S_NPSN_2 = 6;
/** bit 0 known; bit 1 more than two schools; bits 2–3 how many schools (0–2). */
export const S_FLAGS = 7;
export const S_ID_AT = 8;

export const FLAG_KNOWN = 1;
export const FLAG_MORE_NPSNS = 2;

const MAGIC = 0x53454c31;

export interface StateManifest {
  version: number;
  mark: string;
  partitions: number;
  /** The person files' header lines: another column order makes every record meaningless. */
  headers: Record<string, string>;
}

export interface StatePartition {
  recs: Uint32Array;
  /** Ids, latin1; record i's id is ids[at[i], at[i+1]). */
  ids: Buffer;
  /** id start per record, plus the end. */
  at: Uint32Array;
  count: number;
}

export function stateRoot(dataDir: string): string {
  return join(dataDir, 'scan-state');
}

export function idOf(part: StatePartition, i: number): string {
  return part.ids.toString('latin1', part.at[i]!, part.at[i + 1]!);
}

export function npsnsOf(part: StatePartition, i: number): number[] | null {
  const base = i * S_REC;
  const flags = part.recs[base + S_FLAGS]!;
  if (flags & FLAG_MORE_NPSNS) return null;
  const n = (flags >>> 2) & 3;
  return n === 0
    ? []
    : n === 1
      ? [part.recs[base + S_NPSN_1]!]
      : [part.recs[base + S_NPSN_1]!, part.recs[base + S_NPSN_2]!];
}

/** The state the store vouches for, or null (none yet, another store's, or out of date). */
export async function trustedState(
  store: Store,
  dataDir: string,
  partitions: number,
  headers: Record<string, string>,
): Promise<{ dir: string; manifest: StateManifest } | null> {
  const row = await store.db.selectFrom('screen_state').select('mark').where('id', '=', 1).executeTakeFirst();
  const mark = row?.mark;
  if (!mark || !/^[0-9a-f]{32}$/.test(mark)) return null;
  const dir = join(stateRoot(dataDir), mark);
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  let manifest: StateManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as StateManifest;
  } catch {
    return null;
  }
  if (manifest.version !== STATE_VERSION || manifest.mark !== mark || manifest.partitions !== partitions)
    return null;
  for (const [file, header] of Object.entries(headers)) if (manifest.headers[file] !== header) return null;
  return { dir, manifest };
}

/** Every segment of one partition, as one set of records. */
export function readStatePartition(dir: string, part: number): StatePartition {
  const prefix = `s-${String(part).padStart(4, '0')}-`;
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .sort();
  const segments = files.map((f) => decodeSegment(readFileSync(join(dir, f))));
  if (segments.length === 1) return segments[0]!;
  const count = segments.reduce((n, s) => n + s.count, 0);
  const recs = new Uint32Array(count * S_REC);
  const at = new Uint32Array(count + 1);
  const ids = Buffer.concat(segments.map((s) => s.ids));
  let r = 0;
  let base = 0;
  for (const s of segments) {
    recs.set(s.recs, r * S_REC);
    for (let i = 0; i < s.count; i++) at[r + i] = s.at[i]! + base;
    r += s.count;
    base += s.ids.length;
  }
  at[count] = ids.length;
  return { recs, ids, at, count };
}

function decodeSegment(bytes: Buffer): StatePartition {
  // Words are read in place when the file's bytes are aligned for them (a file read whole is).
  const words = (from: number, count: number) =>
    (bytes.byteOffset + from) % 4 === 0
      ? new Uint32Array(bytes.buffer, bytes.byteOffset + from, count)
      : new Uint32Array(bytes.buffer.slice(bytes.byteOffset + from, bytes.byteOffset + from + count * 4));
  const head = words(0, 3);
  if (head[0] !== MAGIC) throw new Error('not a scan state segment');
  const count = head[1]!;
  const idBytes = head[2]!;
  const recBytes = count * S_REC * 4;
  const recs = words(12, count * S_REC);
  const at = words(12 + recBytes, count + 1);
  const atBytes = (count + 1) * 4;
  const ids = bytes.subarray(12 + recBytes + atBytes, 12 + recBytes + atBytes + idBytes);
  return { recs, ids, at, count };
}

/** Builds one segment of a partition's records, then writes it in one go. */
export class SegmentBuilder {
  private recs = new Uint32Array(S_REC * 1024);
  /** Ids in order: strings added one by one, and runs of ids copied as the bytes of an old segment. */
  private idParts: (string | Buffer)[] = [];
  private idBytes = 0;
  private ats: number[] = [];
  count = 0;

  private reserve(records: number): void {
    if ((this.count + records) * S_REC <= this.recs.length) return;
    let size = this.recs.length * 2;
    while (size < (this.count + records) * S_REC) size *= 2;
    const grown = new Uint32Array(size);
    grown.set(this.recs.subarray(0, this.count * S_REC));
    this.recs = grown;
  }

  add(
    key: ArrayLike<number>,
    keyAt: number,
    hashA: number,
    hashB: number,
    known: boolean,
    npsns: readonly number[] | null,
    id: string,
  ): void {
    this.reserve(1);
    const b = this.count * S_REC;
    this.recs[b + S_PHASH] = key[keyAt]!;
    this.recs[b + S_ID_B] = key[keyAt + 1]!;
    this.recs[b + S_ID_C] = key[keyAt + 2]!;
    this.recs[b + S_HASH_A] = known ? hashA : 0;
    this.recs[b + S_HASH_B] = known ? hashB : 0;
    let flags = known ? FLAG_KNOWN : 0;
    if (npsns === null || npsns.length > 2) flags |= FLAG_MORE_NPSNS;
    else {
      flags |= npsns.length << 2;
      this.recs[b + S_NPSN_1] = npsns[0] ?? 0;
      this.recs[b + S_NPSN_2] = npsns[1] ?? 0;
    }
    this.recs[b + S_FLAGS] = flags;
    this.ats.push(this.idBytes);
    this.idParts.push(id);
    this.idBytes += Buffer.byteLength(id, 'latin1');
    this.count++;
  }

  /**
   * Copies records of an old partition as they are, `indices` ascending. A month carries nearly every
   * record over: runs of neighbours are copied as blocks of words and id bytes, no id decoded.
   */
  copyMany(from: StatePartition, indices: readonly number[]): void {
    for (let k = 0; k < indices.length; ) {
      let end = k + 1;
      while (end < indices.length && indices[end] === indices[end - 1]! + 1) end++;
      const first = indices[k]!;
      const last = indices[end - 1]! + 1;
      this.reserve(last - first);
      this.recs.set(from.recs.subarray(first * S_REC, last * S_REC), this.count * S_REC);
      const base = from.at[first]!;
      for (let i = first; i < last; i++) this.ats.push(this.idBytes + from.at[i]! - base);
      this.idParts.push(from.ids.subarray(base, from.at[last]!));
      this.idBytes += from.at[last]! - base;
      this.count += last - first;
      k = end;
    }
  }

  write(path: string): void {
    const head = new Uint32Array([MAGIC, this.count, this.idBytes]);
    const at = new Uint32Array(this.count + 1);
    for (let i = 0; i < this.count; i++) at[i] = this.ats[i]!;
    at[this.count] = this.idBytes;
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, new Uint8Array(head.buffer));
      writeSync(fd, new Uint8Array(this.recs.buffer, 0, this.count * S_REC * 4));
      writeSync(fd, new Uint8Array(at.buffer));
      let strings: string[] = [];
      const flush = () => {
        if (strings.length > 0) writeSync(fd, Buffer.from(strings.join(''), 'latin1'));
        strings = [];
      };
      for (const part of this.idParts) {
        if (typeof part === 'string') strings.push(part);
        else {
          flush();
          writeSync(fd, part);
        }
      }
      flush();
    } finally {
      closeSync(fd);
    }
  }
}

/** The file of one segment of a partition's records. */
export function segmentFile(dir: string, part: number, segment: string): string {
  return join(dir, `s-${String(part).padStart(4, '0')}-${segment}.bin`);
}

/** A new state being written: segments per partition, then the manifest, then the store's mark. */
export class StateWriter {
  readonly mark = randomBytes(16).toString('hex');
  readonly dir: string;
  private readonly tmp: string;

  constructor(
    dataDir: string,
    private readonly partitions: number,
    private readonly headers: Record<string, string>,
  ) {
    this.dir = join(stateRoot(dataDir), this.mark);
    this.tmp = `${this.dir}.tmp`;
  }

  async open(): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
  }

  segmentPath(part: number, segment: string): string {
    return segmentFile(this.tmp, part, segment);
  }

  /** Where segments are written before the state is committed. */
  get pendingDir(): string {
    return this.tmp;
  }

  /**
   * Makes the state the one the store trusts: files first, then the mark, in a transaction that
   * only succeeds if no other writer set a mark meanwhile (the mark was cleared by this run).
   */
  async commit(store: Store, previousDir: string | null): Promise<boolean> {
    const manifest: StateManifest = {
      version: STATE_VERSION,
      mark: this.mark,
      partitions: this.partitions,
      headers: this.headers,
    };
    await writeFile(join(this.tmp, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
    await rename(this.tmp, this.dir);
    const result = await store.db
      .updateTable('screen_state')
      .set({ mark: this.mark, updated_at: new Date().toISOString() })
      .where('id', '=', 1)
      .where('mark', 'is', null)
      .executeTakeFirst();
    const ok = Number(result.numUpdatedRows) === 1;
    if (!ok) await rm(this.dir, { recursive: true, force: true });
    else if (previousDir) await rm(previousDir, { recursive: true, force: true });
    return ok;
  }

  async abandon(): Promise<void> {
    await rm(this.tmp, { recursive: true, force: true });
  }
}

/** Called before a sync writes anything: from now on the store vouches for no state files. */
export async function distrustState(store: Store): Promise<void> {
  await store.db
    .updateTable('screen_state')
    .set({ mark: null, updated_at: null })
    .where('id', '=', 1)
    .execute();
}
