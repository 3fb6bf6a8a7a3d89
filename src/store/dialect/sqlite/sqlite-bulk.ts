// Bulk writes on SQLite: one cached prepared statement run per row. better-sqlite3 is synchronous and
// Kysely's SQLite driver holds its single connection for the length of a transaction, so these
// statements run inside the caller's open transaction. Multi-row INSERTs through the query builder
// spend most of their time compiling and preparing huge statements; SCALE-NOTES measured the
// prepared-statement path at 150–490 k rows/s. The load writer (sqlite-loader.ts) runs the same
// statements on a thread of its own.
//
// A month's writes land at random places in tables and indexes keyed by person ids, and at 3 % churn
// nearly every leaf page of such a B-tree is touched: what a month costs is the pages it dirties, each
// written to the WAL and again by the checkpoint. SQLite rewrites an index on UPDATE whenever a column
// of it is named in the SET list, equal values or not, so an upsert here names in its SET list only
// the columns no index holds, and a second statement writes the indexed columns of the rows where they
// differ.
import type BetterSqlite3 from 'better-sqlite3';
import type { BulkWriter } from '../../bulk.js';

type Row = Record<string, unknown>;

/**
 * One bulk write with its rows, by column: a column whose rows all hold the same value is sent once
 * (`same`). A first load's rows repeat a good part of their columns (the run, a state, a stamp,
 * nulls), and handing values to another thread costs per value (sqlite-loader.ts). The statements are
 * made where the op runs (`runBulkOp`): they depend on the indexes of that connection's schema.
 */
export interface BulkOp {
  table: string;
  names: string[];
  rows: number;
  columns: ({ same: unknown } | { each: unknown[] })[];
  /** Insert, or on a clash of `keyColumns` update every column but those and `insertOnly`. */
  upsert?: { keyColumns: readonly string[]; insertOnly: readonly string[] };
}

/** The op writing `rows` into `table`; null when there is nothing to write. */
export function bulkOp(
  table: string,
  rows: readonly Row[],
  upsert?: { keyColumns: readonly string[]; insertOnly: readonly string[] },
): BulkOp | null {
  if (rows.length === 0) return null;
  const names = Object.keys(rows[0] as Row);
  const columns = names.map((name) => columnOf(rows, name));
  return { table, names, rows: rows.length, columns, ...(upsert && { upsert }) };
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

/** A statement an op runs once per row, and the op's columns it binds, in order. */
interface RowStatement {
  sql: string;
  params: number[];
}

/** The statements of an op of one shape on one schema. */
export interface OpStatements {
  /** The insert, or the upsert that sets only the columns no index holds. */
  write: RowStatement;
  /** Sets the indexed columns of a row where they differ; null when no updated column is indexed. */
  indexed: RowStatement | null;
}

/** The statements of `op` given the columns indexes hold in `table` (see `indexedColumns`). */
export function opStatements(op: BulkOp, indexed: ReadonlySet<string>): OpStatements {
  const { table, names } = op;
  const all = names.map((_, i) => i);
  let sql = `insert into "${table}" (${quoted(names)}) values (${names.map(() => '?').join(', ')})`;
  if (!op.upsert) return { write: { sql, params: all }, indexed: null };
  const { keyColumns, insertOnly } = op.upsert;
  const updated = names.filter((c) => !keyColumns.includes(c) && !insertOnly.includes(c));
  const plain = updated.filter((c) => !indexed.has(c));
  const guarded = updated.filter((c) => indexed.has(c));
  const action =
    plain.length === 0
      ? 'do nothing'
      : `do update set ${plain.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
  sql += ` on conflict (${quoted(keyColumns)}) ${action}`;
  const at = (c: string) => names.indexOf(c);
  const indexedUpdate: RowStatement | null =
    guarded.length === 0
      ? null
      : {
          sql:
            `update "${table}" set ${guarded.map((c) => `"${c}" = ?`).join(', ')} where ` +
            `${keyColumns.map((c) => `"${c}" = ?`).join(' and ')} and ` +
            `(${guarded.map((c) => `"${c}" is not ?`).join(' or ')})`,
          params: [...guarded.map(at), ...keyColumns.map(at), ...guarded.map(at)],
        };
  return { write: { sql, params: all }, indexed: indexedUpdate };
}

/**
 * The columns of `table` some index holds, the columns of a partial index's condition among them
 * (changing one moves the row in or out of that index).
 */
export function indexedColumns(database: BetterSqlite3.Database, table: string): Set<string> {
  const out = new Set<string>();
  const columns = (database.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => c.name);
  const indexes = database.pragma(`index_list("${table}")`) as { name: string; partial: number }[];
  for (const index of indexes) {
    for (const c of database.pragma(`index_info("${index.name}")`) as { name: string | null }[])
      if (c.name) out.add(c.name);
    if (index.partial) {
      const row = database
        .prepare('select sql from sqlite_master where type = ? and name = ?')
        .get('index', index.name) as { sql: string } | undefined;
      const where = /\bwhere\b([\s\S]*)$/i.exec(row?.sql ?? '')?.[1] ?? '';
      for (const c of columns) if (new RegExp(`\\b${c}\\b`).test(where)) out.add(c);
    }
  }
  return out;
}

/** Prepared statements of one connection, made again when its schema changes (an index dropped or built). */
export class StatementCache {
  private readonly prepared = new Map<string, BetterSqlite3.Statement>();
  private readonly shapes = new Map<string, OpStatements>();
  private schemaVersion = -1;

  constructor(private readonly database: BetterSqlite3.Database) {}

  statement(sql: string): BetterSqlite3.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  of(op: BulkOp): OpStatements {
    const version = this.database.pragma('schema_version', { simple: true }) as number;
    if (version !== this.schemaVersion) {
      this.shapes.clear();
      this.schemaVersion = version;
    }
    const shape = `${op.table}|${op.names.join(',')}|${JSON.stringify(op.upsert ?? null)}`;
    let statements = this.shapes.get(shape);
    if (!statements) {
      statements = opStatements(op, op.upsert ? indexedColumns(this.database, op.table) : new Set());
      this.shapes.set(shape, statements);
    }
    return statements;
  }
}

/** Runs an op on the cache's connection. */
export function runBulkOp(statements: StatementCache, op: BulkOp): void {
  const { write, indexed } = statements.of(op);
  runPerRow(statements.statement(write.sql), write.params, op);
  if (indexed) runPerRow(statements.statement(indexed.sql), indexed.params, op);
}

function runPerRow(statement: BetterSqlite3.Statement, params: number[], op: BulkOp): void {
  const values = new Array<unknown>(params.length);
  const varying: number[] = [];
  params.forEach((c, p) => {
    const column = op.columns[c]!;
    if ('same' in column) values[p] = column.same;
    else varying.push(p);
  });
  for (let r = 0; r < op.rows; r++) {
    for (const p of varying) values[p] = (op.columns[params[p]!] as { each: unknown[] }).each[r];
    statement.run(values);
  }
}

/** How many values an op carries (what handing it to another thread costs). */
export function bulkOpValues(op: BulkOp): number {
  let n = 0;
  for (const column of op.columns) n += 'same' in column ? 1 : op.rows;
  return n;
}

export function sqliteBulkWriter(database: BetterSqlite3.Database): BulkWriter {
  const statements = new StatementCache(database);
  const run = (op: BulkOp | null) => {
    if (op) runBulkOp(statements, op);
  };
  return {
    async insert(_db, table, rows) {
      run(bulkOp(table, rows as Row[]));
    },
    async upsert(_db, table, rows, keyColumns, insertOnly = []) {
      run(bulkOp(table, rows as Row[], { keyColumns, insertOnly }));
    },
  };
}

function quoted(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(', ');
}
