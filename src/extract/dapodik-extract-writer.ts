// Writes what a Dapodik Web Service pull read as an extract directory (DESIGN 3.1): the three CSV
// files, then manifest.json with a `sekolah` scope and the schools that failed in `failed_npsn`.
// Files are built in a hidden directory inside <out> and moved into place only when complete,
// manifest last, so a pull that dies half way never leaves an extract that `sync` would read.
//
// The snapshot id is a hash of the content: pulling the same data twice on one day gives the same
// snapshot (a replay, `unchanged`), and different data always a different one, never a `refused`.

import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MANIFEST_FILE,
  PD_COLUMNS,
  PD_FILE,
  PTK_COLUMNS,
  PTK_FILE,
  SEKOLAH_COLUMNS,
  SEKOLAH_FILE,
} from './extract-files.js';

/** The rows one school contributes to each file, as CSV fields in column order. */
export interface SchoolRows {
  sekolah: readonly (readonly string[])[];
  ptk: readonly (readonly string[])[];
  pd: readonly (readonly string[])[];
}

export interface ExtractMeta {
  takenAt: string;
  /** Every school asked for: the extract's scope. */
  npsn: readonly string[];
  /** The schools the service could not give: a sync holds them (`source_error`). */
  failedNpsn: readonly string[];
}

interface OpenFile {
  name: string;
  handle: FileHandle;
  hash: Hash;
}

const FILES = [
  [SEKOLAH_FILE, SEKOLAH_COLUMNS],
  [PTK_FILE, PTK_COLUMNS],
  [PD_FILE, PD_COLUMNS],
] as const;

/** RFC 4180: a field is quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLines(rows: readonly (readonly string[])[]): string {
  let text = '';
  for (const row of rows) text += `${row.map(csvField).join(',')}\n`;
  return text;
}

export class ExtractWriter {
  private closed = false;

  private constructor(
    private readonly out: string,
    private readonly work: string,
    private readonly files: readonly OpenFile[],
  ) {}

  static async open(out: string): Promise<ExtractWriter> {
    await mkdir(out, { recursive: true });
    const work = await mkdtemp(join(out, '.pull-'));
    const files: OpenFile[] = [];
    try {
      for (const [name, columns] of FILES) {
        const file = { name, handle: await open(join(work, name), 'w'), hash: createHash('sha256') };
        files.push(file);
        await write(file, csvLines([columns]));
      }
    } catch (err) {
      await Promise.all(files.map((f) => f.handle.close()));
      await rm(work, { recursive: true, force: true });
      throw err;
    }
    return new ExtractWriter(out, work, files);
  }

  async add(rows: SchoolRows): Promise<void> {
    const [sekolah, ptk, pd] = this.files;
    await write(sekolah!, csvLines(rows.sekolah));
    await write(ptk!, csvLines(rows.ptk));
    await write(pd!, csvLines(rows.pd));
  }

  /** Closes the files, writes the manifest and moves the extract into <out>; returns the snapshot id. */
  async finish(meta: ExtractMeta): Promise<string> {
    await this.close();
    const snapshotId = snapshotIdOf(meta, this.files);
    const manifest = {
      snapshot_id: snapshotId,
      taken_at: meta.takenAt,
      scope: { kind: 'sekolah', npsn: meta.npsn },
      failed_npsn: meta.failedNpsn,
    };
    await writeFile(join(this.work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // An older manifest must not sit beside the new CSV files while they are moved in.
    await rm(join(this.out, MANIFEST_FILE), { force: true });
    for (const { name } of this.files) await rename(join(this.work, name), join(this.out, name));
    await rename(join(this.work, MANIFEST_FILE), join(this.out, MANIFEST_FILE));
    await rm(this.work, { recursive: true, force: true });
    return snapshotId;
  }

  /** Leaves <out> as it was. */
  async abort(): Promise<void> {
    await this.close().catch(() => {});
    await rm(this.work, { recursive: true, force: true });
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.files.map((f) => f.handle.close()));
  }
}

async function write(file: OpenFile, text: string): Promise<void> {
  if (text === '') return;
  const bytes = Buffer.from(text, 'utf8');
  file.hash.update(bytes);
  // writeFile loops until every byte is written, where a single write() may stop short.
  await file.handle.writeFile(bytes);
}

function snapshotIdOf(meta: ExtractMeta, files: readonly OpenFile[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([meta.takenAt, meta.npsn, meta.failedNpsn]));
  for (const file of files) hash.update(`${file.name}:${file.hash.digest('hex')}\n`);
  return `dapodik-${meta.takenAt}-${hash.digest('hex').slice(0, 16)}`;
}
