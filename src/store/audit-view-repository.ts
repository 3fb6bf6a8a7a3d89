// The audit log as the console reads it: newest first, a page at a time, and for a scoped caller only
// the entries whose scope lies inside the caller's (a school it covers, a province or dinas area its
// prefix contains). Entries with no scope (logins, whole-run applies) are national.
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { AuditRow } from './hold-repository.js';
import type { Database } from './schema.js';

/** `audit_log.scope` lies inside `scope` (the SQL form of coversHeldScope, plus `dinas:` areas). */
function auditInScope(scope: OperatorScope): RawBuilder<SqlBool> {
  switch (scope.role) {
    case 'nasional':
      return sql<SqlBool>`1 = 1`;
    case 'sekolah':
      return sql<SqlBool>`audit_log.scope = ${`sekolah:${scope.scope}`}`;
    case 'dinas': {
      // The prefix is digits only (domain/operator-scope.ts), so it needs no LIKE escaping.
      const prefix = scope.scope;
      return sql<SqlBool>`(audit_log.scope like ${`provinsi:${prefix}%`}
        or audit_log.scope like ${`dinas:${prefix}%`}
        or audit_log.scope in (select 'sekolah:' || npsn from schools where kode_wilayah like ${`${prefix}%`}))`;
    }
  }
}

export function createAuditViewRepository(db: Kysely<Database>) {
  return {
    async auditPage(scope: OperatorScope, limit: number, offset: number): Promise<AuditRow[]> {
      return db
        .selectFrom('audit_log')
        .selectAll()
        .where(auditInScope(scope))
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    async countAudit(scope: OperatorScope): Promise<number> {
      const row = await db
        .selectFrom('audit_log')
        .select(sql<number>`count(*)`.as('n'))
        .where(auditInScope(scope))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
