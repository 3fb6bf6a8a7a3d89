// The scan limit: the least a program must do to read an extract — read each file in 1 MiB chunks and
// find its line breaks with Buffer.indexOf, nothing else. No sync can read the same files faster in
// Node, so its time is the floor every other figure of the benchmark is set against.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

/** The files a sync reads, in the order it reads them. */
export const EXTRACT_FILES = ['sekolah.csv', 'ptk.csv', 'peserta_didik.csv'] as const;

export interface Scan {
  /** Data rows of all files (header lines not counted). */
  rows: number;
  bytes: number;
  seconds: number;
}

export async function countLines(dir: string): Promise<Scan> {
  const started = process.hrtime.bigint();
  let rows = 0;
  let bytes = 0;
  for (const file of EXTRACT_FILES) {
    for await (const chunk of createReadStream(join(dir, file), {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      let at = chunk.indexOf(10);
      while (at !== -1) {
        rows++;
        at = chunk.indexOf(10, at + 1);
      }
    }
    rows--; // header
  }
  return { rows, bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * The faster of `runs` scans: the first one also pulls the files into the page cache, where every
 * later measurement of the run finds them, so the floor is taken warm like the rest.
 */
export async function scanLimit(dir: string, runs = 2): Promise<Scan> {
  let best = await countLines(dir);
  for (let i = 1; i < runs; i++) {
    const scan = await countLines(dir);
    if (scan.seconds < best.seconds) best = scan;
  }
  return best;
}
