// Users and Groups for one request: a checked filter, a 1-based page, the rows of that page and what
// serializing them needs (addresses, school names, run times, members), each fetched with one query
// per page, never per resource. Only the page's rows are ever read.
import type { OperatorScope } from '../../domain/operator-scope.js';
import { createScimRepository, type ScimRepository } from '../../store/scim-repository.js';
import type { Store } from '../../store/store.js';
import { ScimError } from './scim-error.js';
import { parseGroupFilter, parseUserFilter } from './scim-filter.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, MAX_RESULTS, USER_SCHEMA } from './scim-schemas.js';
import {
  groupResource,
  groupRuns,
  type Projection,
  parseProjection,
  project,
  projectionShows,
  type ScimResource,
  userResource,
} from './scim-serializer.js';

/** Resources per page when the client names no count. */
export const DEFAULT_COUNT = 100;
/** Groups per page when their members are listed: a school can have thousands of accounts. */
export const MAX_GROUPS_WITH_MEMBERS = 50;

/** A query as GET parameters or a POST /.search body give it. */
export interface ScimQuery {
  filter?: string;
  startIndex?: string | number;
  count?: string | number;
  attributes?: string[];
  excludedAttributes?: string[];
}

export interface ListResponse {
  schemas: [typeof LIST_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimResource[];
}

interface Page {
  startIndex: number;
  count: number;
}

function integerParam(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) throw new ScimError(400, `${name} must be an integer`, 'invalidValue');
  return n;
}

/** RFC 7644 §3.4.2.4: startIndex below 1 is 1, a negative count is 0, and we cap count. */
export function pageOf(query: ScimQuery, max: number): Page {
  const start = integerParam(query.startIndex, 'startIndex') ?? 1;
  const count = integerParam(query.count, 'count') ?? DEFAULT_COUNT;
  return { startIndex: Math.max(1, start), count: Math.min(Math.max(0, count), max) };
}

function listOf(total: number, page: Page, resources: ScimResource[]): ListResponse {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export function userProjection(query: ScimQuery): Projection {
  return parseProjection(query.attributes, query.excludedAttributes, USER_SCHEMA, [ENTERPRISE_SCHEMA]);
}

export function groupProjection(query: ScimQuery): Projection {
  return parseProjection(query.attributes, query.excludedAttributes, GROUP_SCHEMA, []);
}

export function createScimResources(store: Store, scope: OperatorScope, base: string) {
  const repo = createScimRepository(store.db);

  return {
    async listUsers(query: ScimQuery): Promise<ListResponse> {
      const where = parseUserFilter(query.filter);
      const projection = userProjection(query);
      const page = pageOf(query, MAX_RESULTS);
      const total = await repo.countUsers(where, scope);
      const rows = await repo.users(where, scope, page.startIndex - 1, page.count);
      const resources = await users(repo, rows, base);
      return listOf(
        total,
        page,
        resources.map((r) => project(r, projection)),
      );
    },

    /** The full resource (its version is of this), or undefined outside the scope or when deleted. */
    async user(id: string): Promise<ScimResource | undefined> {
      if (!/^[0-9]{1,15}$/.test(id)) return undefined;
      const row = await repo.user(Number(id), scope);
      return row ? (await users(repo, [row], base))[0] : undefined;
    },

    async listGroups(query: ScimQuery): Promise<ListResponse> {
      const where = parseGroupFilter(query.filter);
      const projection = groupProjection(query);
      const withMembers = projectionShows(projection, 'members');
      const page = pageOf(query, withMembers ? MAX_GROUPS_WITH_MEMBERS : MAX_RESULTS);
      const total = await repo.countGroups(where, scope);
      const rows = await repo.groups(where, scope, page.startIndex - 1, page.count);
      const resources = await groups(repo, rows, base, withMembers);
      return listOf(
        total,
        page,
        resources.map((r) => project(r, projection)),
      );
    },

    async group(npsn: string, withMembers: boolean): Promise<ScimResource | undefined> {
      const row = await repo.group(npsn, scope);
      return row ? (await groups(repo, [row], base, withMembers))[0] : undefined;
    },
  };
}

async function users(
  repo: ScimRepository,
  rows: Awaited<ReturnType<ScimRepository['users']>>,
  base: string,
): Promise<ScimResource[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const [addresses, schoolNames, runTimes] = await Promise.all([
    repo.addressesOf(ids),
    repo.schoolNames([...new Set(rows.map((r) => r.npsn))]),
    repo.runTimes(rows.flatMap((r) => [Number(r.created_run_id), Number(r.updated_run_id)])),
  ]);
  return rows.map((r) => userResource(r, { base, addresses, schoolNames, runTimes }));
}

async function groups(
  repo: ScimRepository,
  rows: Awaited<ReturnType<ScimRepository['groups']>>,
  base: string,
  withMembers: boolean,
): Promise<ScimResource[]> {
  if (rows.length === 0) return [];
  const npsns = rows.map((r) => r.npsn);
  const stats = await repo.groupStats(npsns);
  const runs = rows.flatMap((r) => {
    const { first, last } = groupRuns(r, stats.get(r.npsn));
    return [first, last];
  });
  const [runTimes, members] = await Promise.all([
    repo.runTimes(runs),
    withMembers ? repo.membersOf(npsns) : Promise.resolve(undefined),
  ]);
  return rows.map((r) =>
    groupResource(r, { base, stats, runTimes, ...(members === undefined ? {} : { members }) }),
  );
}
