// Bulk writes on PostgreSQL with COPY (SCALE-NOTES: 700–800 k rows/s against a few tens of thousands
// for multi-row INSERTs). An insert is one `COPY table FROM STDIN`; an upsert copies into a temporary
// staging table dropped at commit and merges it with one `INSERT … SELECT … ON CONFLICT`. Both run on
// the caller's transaction (see postgres-copy.ts), so a failed batch leaves nothing behind.
// Small writes, and rows COPY cannot carry exactly as a statement would (a missing column that should
// take its default, a value that is not a plain scalar), go through the statement writer instead.
import { sql } from 'kysely';
import {
  type BulkWriter,
  type Executor,
  inOneTransaction,
  lastPerKey,
  statementBulkWriter,
} from '../../bulk.js';
import { CopyRequest, copyField, copyQuery } from './postgres-copy.js';

type Row = Record<string, unknown>;
type Scalar = string | number | bigint | boolean | null;

/** Below this many rows a multi-row statement costs less than setting up a COPY. */
const COPY_MIN_ROWS = 32;
/** Characters of COPY text handed to the socket at a time. */
const CHUNK_CHARS = 1 << 20;

export function postgresBulkWriter(maxBindParams: number): BulkWriter {
  const statements = statementBulkWriter(maxBindParams);
  let staged = 0;

  const writer: BulkWriter = {
    async insert(db, table, rows) {
      const columns = copyColumns(rows as Row[]);
      if (!columns) return statements.insert(db, table, rows);
      await inOneTransaction(db, async (trx) => {
        await copyInto(trx, `"${table}"`, columns, rows as Row[]);
      });
    },
    async upsert(db, table, rows, keyColumns, insertOnly = []) {
      const unique = lastPerKey(rows as Row[], keyColumns);
      const columns = copyColumns(unique);
      if (!columns) return statements.upsert(db, table, rows, keyColumns, insertOnly);
      const stage = `selaras_stage_${++staged}`;
      const updated = columns.filter(
        (c) => !keyColumns.includes(c as never) && !insertOnly.includes(c as never),
      );
      const action =
        updated.length === 0
          ? 'do nothing'
          : `do update set ${updated.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
      const list = quoted(columns);
      await inOneTransaction(db, async (trx) => {
        // No constraints beyond NOT NULL are copied: the stage holds rows, the target judges them.
        await sql.raw(`create temp table "${stage}" (like "${table}") on commit drop`).execute(trx);
        await copyInto(trx, `"${stage}"`, columns, unique);
        await sql
          .raw(
            `insert into "${table}" (${list}) select ${list} from "${stage}" ` +
              `on conflict (${quoted(keyColumns)}) ${action}`,
          )
          .execute(trx);
        await sql.raw(`drop table "${stage}"`).execute(trx);
      });
    },
  };
  return writer;
}

async function copyInto(
  trx: Executor,
  target: string,
  columns: string[],
  rows: readonly Row[],
): Promise<void> {
  const statement = `copy ${target} (${quoted(columns)}) from stdin`;
  await trx.executeQuery(copyQuery(new CopyRequest(statement, () => copyChunks(columns, rows))));
}

function* copyChunks(columns: readonly string[], rows: readonly Row[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = copyField(row[columns[0]!] as Scalar);
    for (let i = 1; i < columns.length; i++) line += `\t${copyField(row[columns[i]!] as Scalar)}`;
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * The columns to COPY, or null when the rows should go through statements: too few, or not all of
 * the same columns with plain values (a statement gives an absent column its default, COPY a null;
 * pg formats a Date or an object its own way).
 */
function copyColumns(rows: readonly Row[]): string[] | null {
  if (rows.length < COPY_MIN_ROWS) return null;
  const columns = Object.keys(rows[0]!);
  if (columns.length === 0) return null;
  for (const row of rows) {
    let count = 0;
    for (const key in row) if (Object.hasOwn(row, key)) count++;
    if (count !== columns.length) return null;
    for (const column of columns) if (!isScalar(row[column])) return null;
  }
  return columns;
}

function isScalar(value: unknown): boolean {
  if (value === null) return true;
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean';
}

function quoted(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(', ');
}
