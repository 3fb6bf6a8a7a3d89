// The baseline an engineer would write for a monthly diff: with last month's extract already in
// PostgreSQL (loaded, vacuumed and analyzed beforehand, not timed), COPY this month's ptk.csv and
// peserta_didik.csv into unlogged tables of text columns, then ONE FULL OUTER JOIN per file on the
// row's key that sorts every row into new / gone / changed / unchanged by comparing whole rows.
// Timed: the COPY of the new files and the diff queries. Everything lives in a schema of its own,
// dropped after. Alone, on a cached extract:
//
//   node dist/bench/pg-baseline.js [--persons 1000000] [--churn 0.03] [--pg URL]
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { cachedExtracts } from './bench-cache.js';

export const DEFAULT_PG_URL = 'postgres://root@127.0.0.1:5432/test';

/** The person files and the key that identifies a row of each. */
const KEYED_FILES = [
  { file: 'ptk.csv', table: 'ptk', key: 'ptk_terdaftar_id' },
  { file: 'peserta_didik.csv', table: 'peserta_didik', key: 'registrasi_id' },
] as const;

type KeyedFile = (typeof KEYED_FILES)[number];

export interface DiffCounts {
  new: number;
  gone: number;
  changed: number;
  unchanged: number;
}

export interface BaselineFile {
  file: string;
  /** Rows of the new file COPY loaded. */
  rows: number;
  copy_s: number;
  diff_s: number;
  counts: DiffCounts;
}

export interface PgBaseline {
  /** COPY of the new files plus the diff queries. */
  seconds: number;
  copy_s: number;
  diff_s: number;
  rows: number;
  files: BaselineFile[];
}

export async function pgBaseline(url: string, previousDir: string, nextDir: string): Promise<PgBaseline> {
  const schema = `bench_baseline_${process.pid}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    for (const f of KEYED_FILES) await loadPrevious(client, f, previousDir);
    const files: BaselineFile[] = [];
    for (const f of KEYED_FILES) files.push(await diffNext(client, f, nextDir));
    const copy_s = files.reduce((s, f) => s + f.copy_s, 0);
    const diff_s = files.reduce((s, f) => s + f.diff_s, 0);
    const rows = files.reduce((s, f) => s + f.rows, 0);
    return { seconds: copy_s + diff_s, copy_s, diff_s, rows, files };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

/** Last month as it would sit in the database: loaded, vacuumed and analyzed. Not timed. */
async function loadPrevious(client: pg.Client, f: KeyedFile, dir: string): Promise<void> {
  const path = join(dir, f.file);
  const columns = await headerOf(path);
  await client.query(`CREATE UNLOGGED TABLE prev_${f.table} (${columns.map((c) => `${c} text`).join(', ')})`);
  await copyInto(client, `prev_${f.table}`, columns, path);
  await client.query(`VACUUM (ANALYZE) prev_${f.table}`);
}

async function diffNext(client: pg.Client, f: KeyedFile, dir: string): Promise<BaselineFile> {
  const path = join(dir, f.file);
  const columns = await headerOf(path);
  await client.query(`CREATE UNLOGGED TABLE next_${f.table} (${columns.map((c) => `${c} text`).join(', ')})`);
  const copyStarted = process.hrtime.bigint();
  const rows = await copyInto(client, `next_${f.table}`, columns, path);
  const diffStarted = process.hrtime.bigint();
  const result = await client.query<Record<keyof DiffCounts, string>>(diffQuery(f));
  const done = process.hrtime.bigint();
  const row = result.rows[0]!;
  return {
    file: f.file,
    rows,
    copy_s: Number(diffStarted - copyStarted) / 1e9,
    diff_s: Number(done - diffStarted) / 1e9,
    counts: {
      new: Number(row.new),
      gone: Number(row.gone),
      changed: Number(row.changed),
      unchanged: Number(row.unchanged),
    },
  };
}

/** One pass over the join; a whole-row comparison decides changed, so no column is left out. */
function diffQuery(f: KeyedFile): string {
  const key = quoted(f.key);
  return `
    SELECT count(*) FILTER (WHERE class = 'new') AS new,
           count(*) FILTER (WHERE class = 'gone') AS gone,
           count(*) FILTER (WHERE class = 'changed') AS changed,
           count(*) FILTER (WHERE class = 'unchanged') AS unchanged
    FROM (
      SELECT CASE
               WHEN o.${key} IS NULL THEN 'new'
               WHEN n.${key} IS NULL THEN 'gone'
               WHEN o IS DISTINCT FROM n THEN 'changed'
               ELSE 'unchanged'
             END AS class
      FROM prev_${f.table} o FULL OUTER JOIN next_${f.table} n ON n.${key} = o.${key}
    ) AS classified`;
}

async function copyInto(client: pg.Client, table: string, columns: string[], path: string): Promise<number> {
  const sink = client.query(
    copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`),
  );
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), sink);
  return sink.rowCount;
}

/** The file's header line as quoted column names. */
async function headerOf(path: string): Promise<string[]> {
  const handle = await open(path);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    if (end === -1) throw new Error(`${path}: no header line in its first 64 KiB`);
    return text
      .slice(0, end)
      .replace(/^\uFEFF/, '')
      .replace(/\r$/, '')
      .split(',')
      .map((c) => quoted(c.replace(/^"(.*)"$/, '$1')));
  } finally {
    await handle.close();
  }
}

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

export function printBaseline(b: PgBaseline): void {
  console.log(
    `pg baseline (COPY new files + one FULL OUTER JOIN per file): ${b.seconds.toFixed(2)} s ` +
      `(COPY ${b.copy_s.toFixed(2)} s, diff ${b.diff_s.toFixed(2)} s), ${Math.round(b.rows / b.seconds).toLocaleString('en-US')} rows/s`,
  );
  for (const f of b.files) {
    const c = f.counts;
    console.log(
      `  ${f.file}: ${f.rows} rows; new ${c.new}, gone ${c.gone}, changed ${c.changed}, unchanged ${c.unchanged}`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '1000000' },
      churn: { type: 'string', default: '0.03' },
      pg: { type: 'string', default: process.env.SELARAS_TEST_PG_URL ?? DEFAULT_PG_URL },
    },
  });
  const { first, next } = await cachedExtracts(Number(values.persons), Number(values.churn));
  printBaseline(await pgBaseline(values.pg, first, next));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
