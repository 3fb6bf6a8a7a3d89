// Helpers for the SCIM tests: a SCIM client over real HTTP, the world of web-support.ts moved on by a
// third month (a role change, so one account gets an alias) and a few accounts set suspended,
// deactivating and deleted, and the store facts the answers must agree with.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { AccountsTable } from '../../src/store/schema.js';
import { monthTwo, NPSN, type WebWorld } from './web-support.js';

export const SCIM_TYPE = 'application/scim+json';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const MONTH_3 = { snapshotId: 'dapodik-2025-03', takenAt: '2025-03-15' } as const;
/** The teacher month 3 makes Tenaga Administrasi Sekolah: guru → admin, the old address an alias. */
export const ROLE_CHANGER = 'ptk-a-1';

export interface ScimAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: SCIM answers are checked field by field.
  body: any;
  text: string;
  headers: Headers;
}

export interface ScimUser {
  id: string;
  externalId: string;
  userName: string;
  active: boolean;
  userType: string;
  emails: { value: string; type: string; primary: boolean }[];
  groups: { value: string; $ref: string; display: string }[];
  [ENTERPRISE]: { organization: string; department: string };
  meta: { resourceType: string; created: string; lastModified: string; location: string; version: string };
  [key: string]: unknown;
}

export interface ScimList<T> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

export async function scim(
  world: WebWorld,
  token: string | null,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ScimAnswer> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = SCIM_TYPE;
  const res = await fetch(new URL(`/scim/v2${path}`, world.url), {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a 304 has no body): the test sees the text
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** GET a list with a filter (and more query), asserting a 200 SCIM list. */
export async function listOf<T = ScimUser>(
  world: WebWorld,
  token: string,
  resource: 'Users' | 'Groups',
  filter: string | null,
  query = '',
): Promise<ScimList<T>> {
  const params = filter === null ? query : `filter=${encodeURIComponent(filter)}${query ? `&${query}` : ''}`;
  const res = await scim(world, token, `/${resource}?${params}`);
  assert.equal(res.status, 200, `${filter}: ${res.text}`);
  assert.equal(res.headers.get('content-type'), SCIM_TYPE);
  assert.deepEqual(res.body.schemas, [LIST_SCHEMA]);
  return res.body as ScimList<T>;
}

export function assertScimError(res: ScimAnswer, status: number, scimType?: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get('content-type'), SCIM_TYPE);
  assert.deepEqual(res.body.schemas, [ERROR_SCHEMA]);
  assert.equal(res.body.status, String(status));
  assert.equal(res.body.scimType, scimType);
  assert.equal(typeof res.body.detail, 'string');
}

export function monthThree() {
  return monthTwo().clone(MONTH_3).updatePtk(ROLE_CHANGER, { jenisPtk: 'Tenaga Administrasi Sekolah' });
}

export type AccountFacts = Pick<
  AccountsTable,
  'id' | 'person_id' | 'npsn' | 'status' | 'role' | 'primary_address' | 'nama' | 'jenjang' | 'updated_run_id'
> & {
  /** The primary address and the aliases. */
  addresses: string[];
  kodeWilayah: string;
};

/** Accounts as the store has them (Users must agree), by id. */
export async function accountsOf(world: WebWorld): Promise<AccountFacts[]> {
  const rows = await world.store.db
    .selectFrom('accounts')
    .innerJoin('schools', 'schools.npsn', 'accounts.npsn')
    .select([
      'accounts.id',
      'accounts.person_id',
      'accounts.npsn',
      'accounts.status',
      'accounts.role',
      'accounts.primary_address',
      'accounts.nama',
      'accounts.jenjang',
      'accounts.updated_run_id',
      'schools.kode_wilayah',
    ])
    .orderBy('accounts.id')
    .execute();
  const addresses = await world.store.db
    .selectFrom('addresses')
    .select(['account_id', 'address'])
    .where('kind', 'in', ['primary', 'alias'])
    .execute();
  return rows.map(({ kode_wilayah, ...r }) => ({
    ...r,
    id: Number(r.id),
    updated_run_id: Number(r.updated_run_id),
    kodeWilayah: kode_wilayah,
    addresses: addresses.filter((a) => Number(a.account_id) === Number(r.id)).map((a) => a.address),
  }));
}

/** Sets the status of the first account of a person (a fixture: `tick` would do it over months). */
export async function setStatus(world: WebWorld, personId: string, status: string): Promise<number> {
  const row = await world.store.db
    .selectFrom('accounts')
    .select('id')
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  await world.store.db.updateTable('accounts').set({ status }).where('id', '=', row.id).execute();
  return Number(row.id);
}

/** Every NIK, NISN, NUPTK, birth date and personal email in the store: none may be served. */
export async function personalValues(world: WebWorld): Promise<string[]> {
  const persons = await world.store.db
    .selectFrom('persons')
    .select(['nik', 'nisn', 'tanggal_lahir', 'email', 'rows_json'])
    .execute();
  const nuptk = persons.flatMap((p) =>
    (JSON.parse(p.rows_json) as { nuptk?: string }[]).map((row) => row.nuptk ?? ''),
  );
  return [...persons.flatMap((p) => [p.nik, p.nisn, p.tanggal_lahir, p.email]), ...nuptk].filter(
    (v) => v !== '',
  );
}

/** When run `id` finished (the time an account it wrote reports as lastModified). */
export async function finishedAt(world: WebWorld, id: number): Promise<string> {
  const row = await sql<{
    t: string;
  }>`select coalesce(finished_at, started_at) as t from runs where id = ${id}`.execute(world.store.db);
  return row.rows[0]!.t;
}

export const SCHOOL_A = NPSN.sdA;
