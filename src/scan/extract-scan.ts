// The byte scan of an extract's two person files, spread over worker threads (issue 7: both cores).
// Each file is cut into fixed blocks; each block is scanned by whichever worker is free and hashed on
// its own, so the file's content hash is a hash of its block hashes (content-hash.ts) and no thread
// reads a byte twice. Rows go to partition files by person hash (spill.ts); row ids go to partition
// files of their own, where a duplicated row id shows up without a table of every id.
import { mkdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Policy } from '../domain/policy.js';
import { CONTENT_BLOCK_BYTES, treeHash } from '../extract/content-hash.js';
import { KEY_REC, type ScanColumns } from './row-scanner.js';
import type { BlockResult, BlockTask, ScanWorkerData } from './scan-worker.js';
import { keyPrefix, rowPrefix } from './scan-worker.js';
import { readSpill } from './spill.js';

export interface ScannedFile {
  file: string;
  fileIndex: number;
  path: string;
  size: number;
  /** Line number of each block's first line, minus one (so line = base + local index + 1). */
  lineBase: number[];
  /** Data rows (non-blank lines after the header). */
  rows: number;
  /** The file's content hash (content-hash.ts). */
  sha256: string;
}

export interface ExtractScan {
  spillDir: string;
  partitions: number;
  workers: number;
  files: ScannedFile[];
  /** Why this extract cannot take the byte path (the careful reader takes it), or null. */
  anomaly: string | null;
  /** Row-spill prefixes, for readSpill. */
  rowPrefixes: string[];
}

export interface ScanInput {
  files: { file: string; path: string; cols: ScanColumns }[];
  partitions: number;
  policy: Policy;
  spillDir: string;
  /** Worker threads; default min(2, cores). */
  workers?: number;
  /** Bytes per block; only a test sets it (the content hash is defined on CONTENT_BLOCK_BYTES). */
  blockBytes?: number;
}

export async function scanPersonFiles(input: ScanInput): Promise<ExtractScan> {
  await rm(input.spillDir, { recursive: true, force: true });
  await mkdir(input.spillDir, { recursive: true });
  const workers = Math.max(1, input.workers ?? Math.min(2, availableParallelism()));
  const tasks: BlockTask[] = [];
  const sizes: number[] = [];
  for (const f of input.files) {
    const size = (await stat(f.path)).size;
    sizes.push(size);
    const blockBytes = input.blockBytes ?? CONTENT_BLOCK_BYTES;
    const blocks = Math.max(1, Math.ceil(size / blockBytes));
    for (let b = 0; b < blocks; b++) {
      const start = b * blockBytes;
      tasks.push({
        path: f.path,
        cols: f.cols,
        block: b,
        start,
        end: Math.min(size, start + blockBytes),
        size,
      });
    }
  }
  // Largest first would balance better, but blocks are of one size but the last of each file.
  const results = await runPool(tasks, workers, input);
  const files: ScannedFile[] = input.files.map((f, i) => {
    const mine = results.filter((r) => r.fileIndex === f.cols.fileIndex).sort((a, b) => a.block - b.block);
    const lineBase: number[] = [];
    let lines = 0;
    let rows = 0;
    for (const r of mine) {
      lineBase.push(lines);
      lines += r.lines;
      rows += r.rows;
    }
    return {
      file: f.file,
      fileIndex: f.cols.fileIndex,
      path: f.path,
      size: sizes[i]!,
      lineBase,
      rows,
      sha256: treeHash(mine.map((r) => r.sha256)),
    };
  });
  const anomalies = results.filter((r) => r.anomaly !== null);
  let anomaly = anomalies.length > 0 ? `${nameOf(input, anomalies[0]!)}: ${anomalies[0]!.anomaly}` : null;
  const rowPrefixes = Array.from({ length: workers }, (_, w) => rowPrefix(w));
  if (anomaly === null) {
    for (const f of input.files) {
      const prefixes = Array.from({ length: workers }, (_, w) => keyPrefix(w, f.cols.fileIndex));
      if (hasDuplicateKey(input.spillDir, prefixes, input.partitions)) {
        anomaly = `${f.file}: a row id appears on more than one row`;
        break;
      }
    }
  }
  return { spillDir: input.spillDir, partitions: input.partitions, workers, files, anomaly, rowPrefixes };
}

function nameOf(input: ScanInput, r: BlockResult): string {
  return input.files.find((f) => f.cols.fileIndex === r.fileIndex)?.file ?? '?';
}

async function runPool(tasks: BlockTask[], count: number, input: ScanInput): Promise<BlockResult[]> {
  const queue = [...tasks];
  const results: BlockResult[] = [];
  const url = new URL('./scan-worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: count }, (_, w) => {
      const data: ScanWorkerData & { kind: string } = {
        kind: 'selaras-scan',
        spillDir: input.spillDir,
        worker: w,
        partitions: input.partitions,
        policy: input.policy,
      };
      const worker = new Worker(url, { workerData: data });
      return new Promise<void>((resolve, reject) => {
        const next = () => {
          const task = queue.shift();
          worker.postMessage(task ? { task } : { close: true });
        };
        worker.on('message', (m: { result?: BlockResult; closed?: true; error?: string }) => {
          if (m.error !== undefined) {
            queue.length = 0;
            void worker.terminate();
            reject(new Error(`scan worker ${w}: ${m.error}`));
          } else if (m.result) {
            results.push(m.result);
            next();
          } else if (m.closed) {
            void worker.terminate().then(() => resolve());
          }
        });
        worker.on('error', reject);
        next();
      });
    }),
  );
  return results;
}

/**
 * Whether any two rows of the file share a row id: per partition of row-id hashes, an open-addressing
 * set of 64-bit hashes. A clash of hashes between different ids (~2^-64 a pair) only sends the
 * extract to the careful reader, which compares the ids themselves.
 */
function hasDuplicateKey(dir: string, prefixes: string[], partitions: number): boolean {
  for (let p = 0; p < partitions; p++) {
    const keys = readSpill(dir, prefixes, p);
    const n = keys.length / KEY_REC;
    if (n < 2) continue;
    let size = 1;
    while (size < n * 2) size <<= 1;
    const table = new Uint32Array(size * 2);
    const used = new Uint8Array(size);
    const mask = size - 1;
    for (let i = 0; i < keys.length; i += KEY_REC) {
      const a = keys[i]!;
      const b = keys[i + 1]!;
      let slot = (Math.imul(b, 0x9e3779b1) >>> 0) & mask;
      while (used[slot]) {
        if (table[slot * 2] === a && table[slot * 2 + 1] === b) return true;
        slot = (slot + 1) & mask;
      }
      used[slot] = 1;
      table[slot * 2] = a;
      table[slot * 2 + 1] = b;
    }
  }
  return false;
}

export function spillDirOf(dataDir: string, name: string): string {
  return join(dataDir, 'scan', name);
}
