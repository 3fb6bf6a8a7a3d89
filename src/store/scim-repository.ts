// What the SCIM service provider reads: accounts as Users, schools as Groups, always inside the caller's
// scope (scope-filter.ts) and never a deleted account. Filters arrive checked (scim-filter-sql.ts) and
// run entirely in SQL; the fields with an index (an address, a person id, an NPSN, an account id) are
// written so the database can use it. Nothing personal is selected: no NIK, NISN, birth date or
// personal email.
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { Database } from './schema.js';
import { compileCondition, type FieldSql, RUN_WRITTEN_AT, type ScimCondition } from './scim-filter-sql.js';
import { npsnInScope } from './scope-filter.js';

export const USER_FIELDS = [
  'id',
  'externalId',
  'userName',
  'displayName',
  'userType',
  'active',
  'organization',
  'department',
  'created',
  'lastModified',
] as const;
export type UserField = (typeof USER_FIELDS)[number];
export const EMAIL_FIELDS = ['value', 'primary'] as const;
export type EmailField = (typeof EMAIL_FIELDS)[number];
export const GROUP_FIELDS = ['id', 'externalId', 'displayName'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];
export const MEMBER_FIELDS = ['value', 'display'] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export type UserCondition = ScimCondition<UserField, EmailField>;
export type GroupCondition = ScimCondition<GroupField, MemberField>;

/** An account as a SCIM User needs it: nothing more is read. */
export interface ScimAccount {
  id: number;
  person_id: string;
  person_kind: string;
  jenjang: string;
  role: string;
  npsn: string;
  status: string;
  primary_address: string;
  nama: string;
  created_run_id: number;
  updated_run_id: number;
}

export interface ScimSchool {
  npsn: string;
  sekolah_id: string;
  nama: string;
  last_run_id: number;
}

/** What a Group's version and times are computed from, without reading its members. */
export interface GroupStats {
  members: number;
  idSum: string;
  firstRun: number | null;
  lastRun: number | null;
}

export interface ScimMember {
  id: number;
  nama: string;
}

const ACCOUNT_COLUMNS = [
  'accounts.id',
  'accounts.person_id',
  'accounts.person_kind',
  'accounts.jenjang',
  'accounts.role',
  'accounts.npsn',
  'accounts.status',
  'accounts.primary_address',
  'accounts.nama',
  'accounts.created_run_id',
  'accounts.updated_run_id',
] as const;

const CHUNK = 500;

function userField(f: UserField): FieldSql {
  switch (f) {
    case 'id':
      return { type: 'int', column: 'accounts.id' };
    case 'externalId':
      return { type: 'text', column: 'accounts.person_id', fold: 'none', stored: true };
    case 'userName':
      // Addresses are issued lower-case; the address table's primary key finds one at once.
      return {
        type: 'text',
        column: 'accounts.primary_address',
        fold: 'lower',
        stored: true,
        eq: (v) =>
          sql<SqlBool>`(accounts.primary_address = ${v} and accounts.id in (select account_id from addresses where address = ${v}))`,
      };
    case 'displayName':
      return { type: 'text', column: 'accounts.nama', fold: 'lower', stored: false };
    case 'userType':
      return { type: 'text', column: 'accounts.role', fold: 'lower', stored: true };
    case 'active':
      return { type: 'bool', whenTrue: sql<SqlBool>`accounts.status in ('active', 'deactivating')` };
    case 'organization':
      return { type: 'text', column: 'accounts.npsn', fold: 'upper', stored: true };
    case 'department':
      return { type: 'text', column: 'accounts.jenjang', fold: 'lower', stored: true };
    case 'created':
      return { type: 'runTime', column: 'accounts.created_run_id' };
    case 'lastModified':
      return { type: 'runTime', column: 'accounts.updated_run_id' };
  }
}

function emailField(f: EmailField): FieldSql {
  return f === 'value'
    ? { type: 'text', column: 'addresses.address', fold: 'lower', stored: true }
    : { type: 'bool', whenTrue: sql<SqlBool>`addresses.kind = 'primary'` };
}

function groupField(f: GroupField): FieldSql {
  switch (f) {
    case 'id':
      return { type: 'text', column: 'schools.npsn', fold: 'none', stored: true };
    case 'externalId':
      return { type: 'text', column: 'schools.sekolah_id', fold: 'none', stored: true };
    case 'displayName':
      return { type: 'text', column: 'schools.nama', fold: 'lower', stored: false };
  }
}

function memberField(f: MemberField): FieldSql {
  return f === 'value'
    ? { type: 'int', column: 'accounts.id' }
    : { type: 'text', column: 'accounts.nama', fold: 'lower', stored: false };
}

const noSome = (): RawBuilder<SqlBool> => sql<SqlBool>`1 = 0`;

function userWhere(cond: UserCondition): RawBuilder<SqlBool> {
  return compileCondition(
    cond,
    userField,
    (where) =>
      sql<SqlBool>`accounts.id in (select addresses.account_id from addresses where addresses.kind in ('primary', 'alias') and ${compileCondition(where, emailField, noSome)})`,
  );
}

function groupWhere(cond: GroupCondition): RawBuilder<SqlBool> {
  return compileCondition(
    cond,
    groupField,
    (where) =>
      sql<SqlBool>`schools.npsn in (select accounts.npsn from accounts where accounts.status <> 'deleted' and ${compileCondition(where, memberField, noSome)})`,
  );
}

/** A school is a Group while it is in Dapodik or still has accounts that are not deleted. */
const GROUP_EXISTS = sql<SqlBool>`(schools.present = 1 or exists (select 1 from accounts a where a.npsn = schools.npsn and a.status <> 'deleted'))`;

export function createScimRepository(db: Kysely<Database>) {
  function userQuery(cond: UserCondition, scope: OperatorScope) {
    return db
      .selectFrom('accounts')
      .where('accounts.status', '<>', 'deleted')
      .where(npsnInScope('accounts.npsn', scope))
      .where(userWhere(cond));
  }
  function groupQuery(cond: GroupCondition, scope: OperatorScope) {
    return db
      .selectFrom('schools')
      .where(npsnInScope('schools.npsn', scope))
      .where(GROUP_EXISTS)
      .where(groupWhere(cond));
  }

  return {
    async countUsers(cond: UserCondition, scope: OperatorScope): Promise<number> {
      const row = await userQuery(cond, scope).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** One page of Users by account id (stable across pages); `offset` is 0-based. */
    async users(
      cond: UserCondition,
      scope: OperatorScope,
      offset: number,
      limit: number,
    ): Promise<ScimAccount[]> {
      if (limit <= 0) return [];
      return userQuery(cond, scope)
        .select(ACCOUNT_COLUMNS)
        .orderBy('accounts.id')
        .offset(offset)
        .limit(limit)
        .execute();
    },

    async user(id: number, scope: OperatorScope): Promise<ScimAccount | undefined> {
      return userQuery({ kind: 'const', value: true }, scope)
        .select(ACCOUNT_COLUMNS)
        .where('accounts.id', '=', id)
        .executeTakeFirst();
    },

    /** Each account's primary address and aliases, primary first. */
    async addressesOf(
      accountIds: readonly number[],
    ): Promise<Map<number, { address: string; kind: string }[]>> {
      const out = new Map<number, { address: string; kind: string }[]>();
      for (let i = 0; i < accountIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('addresses')
          .select(['account_id', 'address', 'kind'])
          .where('account_id', 'in', accountIds.slice(i, i + CHUNK))
          .where('kind', 'in', ['primary', 'alias'])
          .orderBy('account_id')
          .orderBy('issued_run_id')
          .orderBy('address')
          .execute();
        for (const r of rows) {
          const list = out.get(Number(r.account_id)) ?? [];
          list.push({ address: r.address, kind: r.kind });
          out.set(Number(r.account_id), list);
        }
      }
      return out;
    },

    async schoolNames(npsns: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < npsns.length; i += CHUNK) {
        const rows = await db
          .selectFrom('schools')
          .select(['npsn', 'nama'])
          .where('npsn', 'in', npsns.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) out.set(r.npsn, r.nama);
      }
      return out;
    },

    /** When each run's changes were written (see RUN_WRITTEN_AT). */
    async runTimes(runIds: readonly number[]): Promise<Map<number, string>> {
      const out = new Map<number, string>();
      const ids = [...new Set(runIds)];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await sql<{
          id: number;
          written_at: string;
        }>`select w.id, w.written_at from ${RUN_WRITTEN_AT} w
          where w.id in (${sql.join(ids.slice(i, i + CHUNK))})`.execute(db);
        for (const r of rows.rows) out.set(Number(r.id), r.written_at);
      }
      return out;
    },

    async countGroups(cond: GroupCondition, scope: OperatorScope): Promise<number> {
      const row = await groupQuery(cond, scope).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async groups(
      cond: GroupCondition,
      scope: OperatorScope,
      offset: number,
      limit: number,
    ): Promise<ScimSchool[]> {
      if (limit <= 0) return [];
      return groupQuery(cond, scope)
        .select(['schools.npsn', 'schools.sekolah_id', 'schools.nama', 'schools.last_run_id'])
        .orderBy('schools.npsn')
        .offset(offset)
        .limit(limit)
        .execute();
    },

    async group(npsn: string, scope: OperatorScope): Promise<ScimSchool | undefined> {
      return groupQuery({ kind: 'const', value: true }, scope)
        .select(['schools.npsn', 'schools.sekolah_id', 'schools.nama', 'schools.last_run_id'])
        .where('schools.npsn', '=', npsn)
        .executeTakeFirst();
    },

    /**
     * Per school: how many members and the sum of their ids (which change whenever one joins or
     * leaves), and the first and last run that touched any of its accounts, deleted ones included,
     * so a deletion by `tick` still moves the Group's time.
     */
    async groupStats(npsns: readonly string[]): Promise<Map<string, GroupStats>> {
      const out = new Map<string, GroupStats>();
      for (let i = 0; i < npsns.length; i += CHUNK) {
        const rows = await db
          .selectFrom('accounts')
          .select([
            'npsn',
            sql<number>`sum(case when status <> 'deleted' then 1 else 0 end)`.as('members'),
            sql<string>`sum(case when status <> 'deleted' then id else 0 end)`.as('id_sum'),
            sql<number>`min(created_run_id)`.as('first_run'),
            sql<number>`max(updated_run_id)`.as('last_run'),
          ])
          .where('npsn', 'in', npsns.slice(i, i + CHUNK))
          .groupBy('npsn')
          .execute();
        for (const r of rows) {
          out.set(r.npsn, {
            members: Number(r.members),
            idSum: String(r.id_sum),
            firstRun: r.first_run === null ? null : Number(r.first_run),
            lastRun: r.last_run === null ? null : Number(r.last_run),
          });
        }
      }
      return out;
    },

    /** The accounts of each school that are not deleted, by id. */
    async membersOf(npsns: readonly string[]): Promise<Map<string, ScimMember[]>> {
      const out = new Map<string, ScimMember[]>();
      for (let i = 0; i < npsns.length; i += CHUNK) {
        const rows = await db
          .selectFrom('accounts')
          .select(['npsn', 'id', 'nama'])
          .where('npsn', 'in', npsns.slice(i, i + CHUNK))
          .where('status', '<>', 'deleted')
          .orderBy('npsn')
          .orderBy('id')
          .execute();
        for (const r of rows) {
          const list = out.get(r.npsn) ?? [];
          list.push({ id: Number(r.id), nama: r.nama });
          out.set(r.npsn, list);
        }
      }
      return out;
    },
  };
}

export type ScimRepository = ReturnType<typeof createScimRepository>;
