// An operator's scope as SQL: the one place that turns `nasional`, `dinas:<prefix>` or
// `sekolah:<NPSN>` into a condition on an NPSN column. Every console and API query that lists
// accounts, events, schools or mail goes through it, so no page can forget the caller's scope.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';

/** `column` (a qualified name such as 'accounts.npsn') names a school inside `scope`. */
export function npsnInScope(column: string, scope: OperatorScope): RawBuilder<SqlBool> {
  switch (scope.role) {
    case 'nasional':
      return sql<SqlBool>`1 = 1`;
    case 'sekolah':
      return sql<SqlBool>`${sql.ref(column)} = ${scope.scope}`;
    case 'dinas':
      // The prefix is digits only (domain/operator-scope.ts), so it needs no LIKE escaping.
      return sql<SqlBool>`${sql.ref(column)} in (select npsn from schools where kode_wilayah like ${`${scope.scope}%`})`;
  }
}

/** An event is inside a scope when the school on either side of it is. */
export function eventInScope(scope: OperatorScope): RawBuilder<SqlBool> {
  if (scope.role === 'nasional') return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${npsnInScope('events.from_npsn', scope)} or ${npsnInScope('events.to_npsn', scope)})`;
}
