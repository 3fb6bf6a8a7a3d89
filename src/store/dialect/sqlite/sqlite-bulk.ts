// Bulk writes on SQLite: one cached prepared statement run per row. better-sqlite3 is synchronous and
// Kysely's SQLite driver holds its single connection for the length of a transaction, so these
// statements run inside the caller's open transaction. Multi-row INSERTs through the query builder
// spend most of their time compiling and preparing huge statements; SCALE-NOTES measured the
// prepared-statement path at 150–490 k rows/s. The load writer (sqlite-loader.ts) runs the same
// statements on a thread of its own.
import type BetterSqlite3 from 'better-sqlite3';
import type { BulkWriter } from '../../bulk.js';

type Row = Record<string, unknown>;

/**
 * One bulk statement with its rows, by column: a column whose rows all hold the same value is sent
 * once (`same`). A first load's rows repeat a good part of their columns (the run, a state, a stamp,
 * nulls), and handing values to another thread costs per value (sqlite-loader.ts).
 */
export interface BulkOp {
  sql: string;
  rows: number;
  columns: ({ same: unknown } | { each: unknown[] })[];
}

/** The insert or upsert statement and the column values of `rows`; null when there are no rows. */
export function bulkOp(
  table: string,
  rows: readonly Row[],
  upsert?: { keyColumns: readonly string[]; insertOnly: readonly string[] },
): BulkOp | null {
  if (rows.length === 0) return null;
  const names = Object.keys(rows[0] as Row);
  let sql = `insert into "${table}" (${quoted(names)}) values (${names.map(() => '?').join(', ')})`;
  if (upsert) {
    const updated = names.filter((c) => !upsert.keyColumns.includes(c) && !upsert.insertOnly.includes(c));
    const action =
      updated.length === 0
        ? 'do nothing'
        : `do update set ${updated.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
    sql += ` on conflict (${quoted(upsert.keyColumns)}) ${action}`;
  }
  const columns = names.map((name) => columnOf(rows, name));
  return { sql, rows: rows.length, columns };
}

function columnOf(rows: readonly Row[], name: string): { same: unknown } | { each: unknown[] } {
  const first = rows[0]![name] ?? null;
  let i = 1;
  while (i < rows.length && (rows[i]![name] ?? null) === first) i++;
  if (i === rows.length) return { same: first };
  const each = new Array<unknown>(rows.length);
  each.fill(first, 0, i);
  for (; i < rows.length; i++) each[i] = rows[i]![name] ?? null;
  return { each };
}

/** Runs an op on `database`, preparing its statement once (`statements` is the caller's cache). */
export function runBulkOp(
  database: BetterSqlite3.Database,
  statements: Map<string, BetterSqlite3.Statement>,
  op: BulkOp,
): void {
  let prepared = statements.get(op.sql);
  if (!prepared) {
    prepared = database.prepare(op.sql);
    statements.set(op.sql, prepared);
  }
  const width = op.columns.length;
  const row = new Array<unknown>(width);
  const varying: number[] = [];
  op.columns.forEach((column, c) => {
    if ('same' in column) row[c] = column.same;
    else varying.push(c);
  });
  for (let r = 0; r < op.rows; r++) {
    for (const c of varying) row[c] = (op.columns[c] as { each: unknown[] }).each[r];
    prepared.run(row);
  }
}

/** How many values an op carries (what handing it to another thread costs). */
export function bulkOpValues(op: BulkOp): number {
  let n = 0;
  for (const column of op.columns) n += 'same' in column ? 1 : op.rows;
  return n;
}

export function sqliteBulkWriter(database: BetterSqlite3.Database): BulkWriter {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    async insert(_db, table, rows) {
      const op = bulkOp(table, rows as Row[]);
      if (op) runBulkOp(database, statements, op);
    },
    async upsert(_db, table, rows, keyColumns, insertOnly = []) {
      const op = bulkOp(table, rows as Row[], { keyColumns, insertOnly });
      if (op) runBulkOp(database, statements, op);
    },
  };
}

function quoted(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(', ');
}
