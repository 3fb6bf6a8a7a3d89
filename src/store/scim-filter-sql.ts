// SCIM filters (RFC 7644 §3.4.2.2) as SQL. The web layer parses a filter and checks it against the
// schema; what reaches the store is a small condition tree over the fields the store knows, and this
// file turns it into one WHERE clause, so the database does the filtering (with an index where the
// field has one) and no account is ever loaded to be tested in memory.
import { type RawBuilder, type SqlBool, sql } from 'kysely';

export const SCIM_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type ScimOp = (typeof SCIM_OPS)[number];

/** A checked filter: `some` holds for a resource with at least one sub-value (email, member) matching. */
export type ScimCondition<F extends string, S extends string = never> =
  | { kind: 'const'; value: boolean }
  | { kind: 'and' | 'or'; items: ScimCondition<F, S>[] }
  | { kind: 'not'; item: ScimCondition<F, S> }
  | { kind: 'compare'; field: F; op: ScimOp; value: string | number | boolean }
  | { kind: 'present'; field: F }
  | { kind: 'some'; where: ScimCondition<S> };

/**
 * How a field reads in SQL. `text` values arrive folded by the web layer as the field's `fold` says
 * (SCIM compares most strings case-insensitively); a column `stored` folded is compared as it is, so
 * its index stays usable. `runTime` is a run id whose run wrote the change at a time (see below).
 */
export type FieldSql =
  | {
      type: 'text';
      column: string;
      fold: 'lower' | 'upper' | 'none';
      stored: boolean;
      eq?: (v: string) => Sql;
    }
  | { type: 'int'; column: string }
  | { type: 'bool'; whenTrue: Sql }
  | { type: 'runTime'; column: string };

type Sql = RawBuilder<SqlBool>;

const TRUE: Sql = sql<SqlBool>`1 = 1`;
const FALSE: Sql = sql<SqlBool>`1 = 0`;
const ORDER: Record<'gt' | 'ge' | 'lt' | 'le', string> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/**
 * When a run's changes were written: its end (its start while it still applies), or the latest
 * approval of one of its held scopes, whose plans are applied under the run's id. Used for
 * `meta.created` and `meta.lastModified`, so a client polling for changes never misses an approval.
 */
export const RUN_WRITTEN_AT = sql`(select r.id as id,
  case when h.decided is not null and h.decided > coalesce(r.finished_at, r.started_at)
    then h.decided else coalesce(r.finished_at, r.started_at) end as written_at
  from runs r left join (select run_id, max(decided_at) as decided from holds
    where status = 'approved' group by run_id) h on h.run_id = r.id)`;

/** `text` with LIKE's own wildcards taken literally (used with `escape '\'`). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function compileCondition<F extends string, S extends string>(
  cond: ScimCondition<F, S>,
  field: (f: F) => FieldSql,
  some: (where: ScimCondition<S>) => Sql,
): Sql {
  switch (cond.kind) {
    case 'const':
      return cond.value ? TRUE : FALSE;
    case 'and':
    case 'or': {
      const parts = cond.items.map((c) => compileCondition(c, field, some));
      const joiner = cond.kind === 'and' ? sql` and ` : sql` or `;
      return sql<SqlBool>`(${sql.join(parts, joiner)})`;
    }
    case 'not':
      return sql<SqlBool>`not (${compileCondition(cond.item, field, some)})`;
    case 'present':
      return present(field(cond.field));
    case 'compare':
      return compare(field(cond.field), cond.op, cond.value);
    case 'some':
      return some(cond.where);
  }
}

function present(f: FieldSql): Sql {
  // Every column behind a SCIM attribute is NOT NULL; only an empty text counts as absent.
  if (f.type === 'text') return sql<SqlBool>`${sql.ref(f.column)} <> ''`;
  return TRUE;
}

function compare(f: FieldSql, op: ScimOp, value: string | number | boolean): Sql {
  switch (f.type) {
    case 'bool': {
      const wanted = (op === 'eq') === (value === true);
      return wanted ? sql<SqlBool>`(${f.whenTrue})` : sql<SqlBool>`not (${f.whenTrue})`;
    }
    case 'int':
      return orderedOrEqual(sql.ref(f.column), op, Number(value));
    case 'runTime':
      return sql<SqlBool>`${sql.ref(f.column)} in (select w.id from ${RUN_WRITTEN_AT} w where ${orderedOrEqual(
        sql.ref('w.written_at'),
        op,
        String(value),
      )})`;
    case 'text':
      return compareText(f, op, String(value));
  }
}

function compareText(f: Extract<FieldSql, { type: 'text' }>, op: ScimOp, value: string): Sql {
  if (op === 'eq' && f.eq) return f.eq(value);
  const column = sql.ref(f.column);
  if (f.fold === 'none' && (op === 'co' || op === 'sw' || op === 'ew')) return exactPart(column, op, value);
  const subject =
    f.stored || f.fold === 'none'
      ? column
      : f.fold === 'lower'
        ? sql`lower(${column})`
        : sql`upper(${column})`;
  switch (op) {
    case 'co':
      return sql<SqlBool>`${subject} like ${`%${likeEscape(value)}%`} escape '\\'`;
    case 'sw':
      return sql<SqlBool>`${subject} like ${`${likeEscape(value)}%`} escape '\\'`;
    case 'ew':
      return sql<SqlBool>`${subject} like ${`%${likeEscape(value)}`} escape '\\'`;
    default:
      return orderedOrEqual(subject, op, value);
  }
}

/**
 * Case-exact substring tests without LIKE, which SQLite folds ASCII case for and PostgreSQL does not:
 * written with substr, length and replace, they mean the same on both.
 */
function exactPart(column: RawBuilder<unknown>, op: 'co' | 'sw' | 'ew', value: string): Sql {
  if (value === '') return TRUE;
  const n = value.length;
  switch (op) {
    case 'sw':
      return sql<SqlBool>`substr(${column}, 1, ${n}) = ${value}`;
    case 'ew':
      return sql<SqlBool>`(length(${column}) >= ${n} and substr(${column}, length(${column}) - ${n - 1}) = ${value})`;
    case 'co':
      return sql<SqlBool>`replace(${column}, ${value}, '') <> ${column}`;
  }
}

function orderedOrEqual(subject: RawBuilder<unknown>, op: ScimOp, value: string | number): Sql {
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${subject} = ${value}`;
    case 'ne':
      return sql<SqlBool>`${subject} <> ${value}`;
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return sql<SqlBool>`${subject} ${sql.raw(ORDER[op])} ${value}`;
    default:
      // The web layer only lets eq, ne and the orderings through for numbers and times.
      return FALSE;
  }
}
