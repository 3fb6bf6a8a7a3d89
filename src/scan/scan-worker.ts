// A worker thread of the byte scan: takes blocks of a person file from the main thread one at a time
// (whoever is free takes the next, so both cores stay busy whatever the sizes), scans their rows into
// this worker's own partition files, and hashes each block's bytes for the extract's content hash.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { type Policy, roleOfPtk } from '../domain/policy.js';
import { type BlockScan, KEY_REC, REC, type ScanColumns, scanBlock } from './row-scanner.js';
import { SpillWriter } from './spill.js';

export interface ScanWorkerData {
  spillDir: string;
  worker: number;
  partitions: number;
  policy: Policy;
}

export interface BlockTask {
  path: string;
  cols: ScanColumns;
  block: number;
  start: number;
  end: number;
  size: number;
}

export interface BlockResult extends BlockScan {
  block: number;
  fileIndex: number;
  sha256: string;
}

const LF = 10;
const TAIL = 1 << 16;

export function rowPrefix(worker: number): string {
  return `rows-w${worker}`;
}

export function keyPrefix(worker: number, fileIndex: number): string {
  return `keys-w${worker}-f${fileIndex}`;
}

/**
 * One buffer per worker, reused block after block: a fresh 16 MiB buffer per block cost its pages'
 * first-touch faults on every block, more than the read itself once the file is in the page cache.
 * Nothing outlives a block's scan (records are copied into the spill as numbers).
 */
let reusable = Buffer.allocUnsafe(0);

function readRange(fd: number, from: number, to: number): Buffer {
  if (reusable.length < to - from) reusable = Buffer.allocUnsafe(Math.max(to - from, reusable.length * 2));
  const buf = reusable.subarray(0, to - from);
  let at = 0;
  while (at < buf.length) {
    const n = readSync(fd, buf, at, buf.length - at, from + at);
    if (n === 0) break;
    at += n;
  }
  return at === buf.length ? buf : buf.subarray(0, at);
}

/** Reads the block plus the end of its last row, scans it, and hashes exactly its own bytes. */
export function runBlock(
  task: BlockTask,
  partitions: number,
  rows: SpillWriter,
  keys: SpillWriter,
  isUnknownJenis: (value: string) => boolean,
): BlockResult {
  const fd = openSync(task.path, 'r');
  try {
    const from = task.start === 0 ? 0 : task.start - 1;
    let to = Math.min(task.size, task.end + TAIL);
    let buf = readRange(fd, from, to);
    while (to < task.size && buf.indexOf(LF, task.end - 1 - from) === -1) {
      to = Math.min(task.size, to + (1 << 20));
      buf = readRange(fd, from, to);
    }
    const sha256 = createHash('sha256')
      .update(buf.subarray(task.start - from, task.end - from))
      .digest('hex');
    const begin = task.start === 0 ? 0 : buf.indexOf(LF, 0) + 1;
    const stop = task.end - from;
    const scan =
      begin <= 0 && task.start !== 0
        ? { lines: 0, rows: 0, anomaly: null }
        : scanBlock(
            buf,
            from,
            begin,
            stop,
            task.block,
            task.start === 0,
            task.cols,
            partitions,
            rows,
            keys,
            isUnknownJenis,
          );
    return { ...scan, block: task.block, fileIndex: task.cols.fileIndex, sha256 };
  } finally {
    closeSync(fd);
  }
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === 'selaras-scan') {
  const data = workerData as ScanWorkerData & { kind: string };
  const port = parentPort;
  const rows = new SpillWriter(data.spillDir, rowPrefix(data.worker), data.partitions, REC);
  const keys = [0, 1].map(
    (f) => new SpillWriter(data.spillDir, keyPrefix(data.worker, f), data.partitions, KEY_REC),
  );
  const unknown = new Map<string, boolean>();
  const isUnknownJenis = (value: string) => {
    let known = unknown.get(value);
    if (known === undefined) {
      known = roleOfPtk(value, data.policy) === 'unknown';
      unknown.set(value, known);
    }
    return known;
  };
  port.on('message', (message: { task?: BlockTask; close?: true }) => {
    try {
      if (message.task) {
        const t = message.task;
        port.postMessage({
          result: runBlock(t, data.partitions, rows, keys[t.cols.fileIndex]!, isUnknownJenis),
        });
      } else if (message.close) {
        rows.close();
        for (const k of keys) k.close();
        port.postMessage({ closed: true });
      }
    } catch (err) {
      port.postMessage({ error: err instanceof Error ? err.message : String(err) });
    }
  });
}
