// Reads a SQLite store file ahead of a month's sync, on a thread of its own, so that the sync's reads
// find its pages in the operating system's page cache (issue 7).
//
// A month reads the stored state of a few percent of the persons, spread over every partition, so it
// touches nearly every page of the persons and accounts tables and their indexes — one
// page at a time, in no order the disk likes. On a store that is not in the page cache (a month after
// the last sync, a restart) that is random I/O: the 5 M month's plan took 84 s cold against 13 s warm,
// while reading the whole 15 GB file in order took 31 s. So a sync starts reading the file in order
// when the file is not cached yet and the machine's available memory can hold it; a store larger than
// that (56 M persons) is left to the reads that need it, since reading it would only evict itself.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { freemem } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export type WarmStatus = 'read' | 'cached' | 'too_large' | 'stopped' | 'failed';

export interface WarmResult {
  status: WarmStatus;
  /** Bytes read in order (the samples not counted). */
  bytes: number;
  seconds: number;
}

export interface WarmOptions {
  /** Memory the page cache may use for the file; default: 80 % of what the system has available. */
  availableBytes?: number;
  /** Sample the file first and read nothing when it is cached already; default true. */
  sample?: boolean;
  /** Bytes per read; default 8 MiB. */
  chunkBytes?: number;
}

export interface PageWarming {
  /** What was done, once the reading ends by itself (or is stopped). */
  readonly done: Promise<WarmResult>;
  /** Stops reading (after the read under way) and tells what was done. */
  stop(): Promise<WarmResult>;
}

/** Share of the available memory the file may take. */
const AVAILABLE_SHARE = 0.8;
const CHUNK_BYTES = 8 << 20;
const SAMPLE_BYTES = 1 << 20;
const SAMPLES = 32;
/**
 * A MiB read in less than this came from the page cache: here about 0.5 ms from the cache, and 2 ms
 * or more from the disk (490 MB/s in order, slower at random).
 */
const CACHED_MS_PER_MIB = 1;

/**
 * Whether sampled reads (milliseconds per MiB) say the file is cached: all but a quarter of them as
 * fast as the page cache, so a busy core slowing a sample or two does not cost a needless read.
 */
export function cachedBySamples(msPerMib: readonly number[]): boolean {
  const slow = msPerMib.filter((ms) => ms >= CACHED_MS_PER_MIB).length;
  return slow <= msPerMib.length / 4;
}

interface WarmData {
  kind: 'selaras-warm';
  path: string;
  /** The file's size when the warming began: it is read that far. */
  size: number;
  sample: boolean;
  chunkBytes: number;
  stop: SharedArrayBuffer;
}

/** Starts reading `path` in order on a worker thread, unless it is too large or cached already. */
export function warmFile(path: string, options: WarmOptions = {}): PageWarming {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return settled({ status: 'failed', bytes: 0, seconds: seconds() });
  }
  const available = options.availableBytes ?? freemem() * AVAILABLE_SHARE;
  if (size > available) return settled({ status: 'too_large', bytes: 0, seconds: seconds() });
  const stop = new SharedArrayBuffer(4);
  const data: WarmData = {
    kind: 'selaras-warm',
    path,
    size,
    sample: options.sample ?? true,
    chunkBytes: options.chunkBytes ?? CHUNK_BYTES,
    stop,
  };
  const worker = new Worker(new URL(import.meta.url), { workerData: data });
  worker.unref();
  const done = new Promise<WarmResult>((resolve) => {
    worker.once('message', (m: { status: WarmStatus; bytes: number }) =>
      resolve({ ...m, seconds: seconds() }),
    );
    worker.once('error', () => resolve({ status: 'failed', bytes: 0, seconds: seconds() }));
    worker.once('exit', () => resolve({ status: 'failed', bytes: 0, seconds: seconds() }));
  });
  return {
    done,
    stop: async () => {
      Atomics.store(new Int32Array(stop), 0, 1);
      const result = await done;
      await worker.terminate();
      return result;
    },
  };
}

function settled(result: WarmResult): PageWarming {
  const done = Promise.resolve(result);
  return { done, stop: () => done };
}

/** The worker's side: sample, then read in order until the end or until told to stop. */
function warm(data: WarmData): { status: WarmStatus; bytes: number } {
  const stopped = new Int32Array(data.stop);
  const fd = openSync(data.path, 'r');
  const size = data.size;
  try {
    if (data.sample && size > SAMPLES * SAMPLE_BYTES) {
      const sample = Buffer.allocUnsafe(SAMPLE_BYTES);
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const at = Math.floor((i * (size - SAMPLE_BYTES)) / (SAMPLES - 1));
        const t = performance.now();
        readSync(fd, sample, 0, SAMPLE_BYTES, at);
        times.push(performance.now() - t);
      }
      if (cachedBySamples(times)) return { status: 'cached', bytes: 0 };
    }
    const buf = Buffer.allocUnsafe(data.chunkBytes);
    let at = 0;
    while (at < size) {
      if (Atomics.load(stopped, 0) === 1) return { status: 'stopped', bytes: at };
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) break;
      at += n;
    }
    return { status: 'read', bytes: at };
  } finally {
    closeSync(fd);
  }
}

if (!isMainThread && parentPort && (workerData as { kind?: string } | null)?.kind === 'selaras-warm') {
  const port = parentPort;
  try {
    port.postMessage(warm(workerData as WarmData));
  } catch {
    port.postMessage({ status: 'failed', bytes: 0 });
  }
}
