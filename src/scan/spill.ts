// Fixed-size records appended to one file per partition, so that what a scan learns about each row
// waits on disk (in the page cache, mostly) instead of in memory: a national extract costs one
// partition's records at a time, never one entry per person in a Map (issue 7). Each writer owns its
// files (a worker thread writes its own), so no two threads ever append to one file.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const BUFFER_WORDS = 1 << 14;

export class SpillWriter {
  readonly bufs: Uint32Array[];
  readonly fill: Int32Array;
  private readonly fds: number[];
  /** Records written per partition. */
  readonly counts: Float64Array;

  constructor(
    dir: string,
    prefix: string,
    partitions: number,
    readonly words: number,
  ) {
    this.bufs = Array.from(
      { length: partitions },
      () => new Uint32Array(BUFFER_WORDS - (BUFFER_WORDS % words)),
    );
    this.fill = new Int32Array(partitions);
    this.counts = new Float64Array(partitions);
    this.fds = Array.from({ length: partitions }, (_, p) => openSync(spillPath(dir, prefix, p), 'a'));
  }

  /** The index in bufs[part] where the next record goes; the caller fills `words` words there. */
  slot(part: number): number {
    let at = this.fill[part]!;
    if (at + this.words > this.bufs[part]!.length) {
      this.flush(part);
      at = 0;
    }
    this.fill[part] = at + this.words;
    this.counts[part]!++;
    return at;
  }

  private flush(part: number): void {
    const n = this.fill[part]!;
    if (n === 0) return;
    const buf = this.bufs[part]!;
    writeSync(this.fds[part]!, new Uint8Array(buf.buffer, buf.byteOffset, n * 4));
    this.fill[part] = 0;
  }

  close(): void {
    for (let p = 0; p < this.fds.length; p++) {
      this.flush(p);
      closeSync(this.fds[p]!);
    }
  }
}

export function spillPath(dir: string, prefix: string, part: number): string {
  return join(dir, `${prefix}-${String(part).padStart(4, '0')}.bin`);
}

/** Every record of one partition written under the given prefixes, as one array. */
export function readSpill(dir: string, prefixes: readonly string[], part: number): Uint32Array {
  const fds = prefixes.map((prefix) => openSync(spillPath(dir, prefix, part), 'r'));
  try {
    const sizes = fds.map((fd) => fstatSync(fd).size);
    const out = new Uint32Array(sizes.reduce((n, s) => n + s, 0) / 4);
    const bytes = new Uint8Array(out.buffer);
    let at = 0;
    for (const [i, fd] of fds.entries()) {
      let left = sizes[i]!;
      while (left > 0) {
        const n = readSync(fd, bytes, at, left, null);
        if (n === 0) break;
        at += n;
        left -= n;
      }
    }
    return out;
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}
