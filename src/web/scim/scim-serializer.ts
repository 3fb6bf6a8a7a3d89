// Accounts and schools as SCIM resources (RFC 7643 §4), their versions, and the `attributes` /
// `excludedAttributes` projection (RFC 7644 §3.9). A User carries the address, name, role, status,
// school and jenjang — never a NIK, NISN, NUPTK, birth date or personal email.
import { createHash } from 'node:crypto';
import type { GroupStats, ScimAccount, ScimMember, ScimSchool } from '../../store/scim-repository.js';
import { ScimError } from './scim-error.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './scim-schemas.js';

export type ScimResource = Record<string, unknown> & { schemas: string[]; id: string };

/** What serializing a page needs beside the rows, fetched once per page. */
export interface UserContext {
  base: string;
  addresses: Map<number, { address: string; kind: string }[]>;
  schoolNames: Map<string, string>;
  runTimes: Map<number, string>;
}

/** deactivating accounts still work until they are suspended (DESIGN 2), so they are active here. */
export function isActive(status: string): boolean {
  return status === 'active' || status === 'deactivating';
}

/** A weak ETag of the resource's content: any change to what a client reads changes it. */
function versionOf(content: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22)}"`;
}

function times(created: string | undefined, modified: string | undefined): Record<string, string> {
  if (created === undefined || modified === undefined) return {};
  // A late approval can stamp the creating run later than an update; never report modified < created.
  return { created, lastModified: modified > created ? modified : created };
}

export function userResource(a: ScimAccount, ctx: UserContext): ScimResource {
  const id = String(a.id);
  const addresses = ctx.addresses.get(Number(a.id)) ?? [{ address: a.primary_address, kind: 'primary' }];
  const emails = [
    { value: a.primary_address, type: 'work', primary: true },
    ...addresses
      .filter((x) => x.address !== a.primary_address)
      .map((x) => ({ value: x.address, type: 'work', primary: false })),
  ];
  const content = {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    id,
    externalId: a.person_id,
    userName: a.primary_address,
    name: { formatted: a.nama },
    displayName: a.nama,
    userType: a.role,
    active: isActive(a.status),
    emails,
    groups: [
      {
        value: a.npsn,
        $ref: `${ctx.base}/Groups/${a.npsn}`,
        display: ctx.schoolNames.get(a.npsn) ?? a.npsn,
        type: 'direct',
      },
    ],
    [ENTERPRISE_SCHEMA]: { organization: a.npsn, department: a.jenjang },
  };
  const { $ref: _ref, ...group } = content.groups[0]!;
  const version = versionOf({ ...content, groups: [group] });
  const meta = {
    resourceType: 'User',
    ...times(ctx.runTimes.get(Number(a.created_run_id)), ctx.runTimes.get(Number(a.updated_run_id))),
    location: `${ctx.base}/Users/${id}`,
    version,
  };
  return { ...content, meta };
}

export interface GroupContext {
  base: string;
  stats: Map<string, GroupStats>;
  runTimes: Map<number, string>;
  /** Absent when the client asked not to have members (they can be thousands). */
  members?: Map<string, ScimMember[]>;
}

/** The runs a Group's times come from, so a page can fetch their times in one query. */
export function groupRuns(s: ScimSchool, stats: GroupStats | undefined): { first: number; last: number } {
  const last = Math.max(Number(s.last_run_id), stats?.lastRun ?? 0);
  return { first: Math.min(stats?.firstRun ?? last, last), last };
}

export function groupResource(s: ScimSchool, ctx: GroupContext): ScimResource {
  const stats = ctx.stats.get(s.npsn);
  const runs = groupRuns(s, stats);
  // The version reads the members' count, id sum and latest change instead of the members themselves,
  // so it is the same whether or not this answer lists them.
  const version = versionOf([
    s.npsn,
    s.sekolah_id,
    s.nama,
    stats?.members ?? 0,
    stats?.idSum ?? '0',
    runs.last,
  ]);
  const members = ctx.members?.get(s.npsn) ?? [];
  return {
    schemas: [GROUP_SCHEMA],
    id: s.npsn,
    externalId: s.sekolah_id,
    displayName: s.nama,
    ...(ctx.members === undefined
      ? {}
      : {
          members: members.map((m) => ({
            value: String(m.id),
            $ref: `${ctx.base}/Users/${m.id}`,
            display: m.nama,
            type: 'User',
          })),
        }),
    meta: {
      resourceType: 'Group',
      ...times(ctx.runTimes.get(runs.first), ctx.runTimes.get(runs.last)),
      location: `${ctx.base}/Groups/${s.npsn}`,
      version,
    },
  };
}

/** `attributes` / `excludedAttributes` as the client wrote them, resolved once per request. */
export interface Projection {
  attributes: AttrPath[] | undefined;
  excluded: AttrPath[];
}

/** An attribute path: in the core schema (`container` null) or inside an extension's object. */
export interface AttrPath {
  container: string | null;
  attr: string | null;
  sub: string | null;
}

const ALWAYS = new Set(['id', 'schemas']);

/** Reads comma-separated paths such as `userName,name.formatted,urn:…:enterprise:2.0:User:organization`. */
export function parseProjection(
  attributes: string[] | undefined,
  excluded: string[] | undefined,
  coreUrn: string,
  extensions: readonly string[],
): Projection {
  const paths = (list: string[] | undefined) =>
    list
      ?.flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => attrPath(s, coreUrn, extensions));
  const wanted = paths(attributes);
  return { attributes: wanted?.length ? wanted : undefined, excluded: paths(excluded) ?? [] };
}

function attrPath(text: string, coreUrn: string, extensions: readonly string[]): AttrPath {
  const lower = text.toLowerCase();
  let container: string | null = null;
  let rest = text;
  if (lower.startsWith('urn:')) {
    const ext = extensions.find((u) => lower === u.toLowerCase() || lower.startsWith(`${u.toLowerCase()}:`));
    if (ext !== undefined) {
      container = ext;
      rest = text.slice(ext.length + 1);
    } else if (lower.startsWith(`${coreUrn.toLowerCase()}:`)) {
      rest = text.slice(coreUrn.length + 1);
    } else {
      throw new ScimError(400, `unknown schema in attribute path ${text}`, 'invalidPath');
    }
  }
  if (rest === '') return { container, attr: null, sub: null };
  const [attr = '', sub, extra] = rest.split('.');
  if (extra !== undefined || attr === '' || sub === '') {
    throw new ScimError(400, `invalid attribute path ${text}`, 'invalidPath');
  }
  return { container, attr, sub: sub ?? null };
}

/** Whether the answer shows `name` (a top-level core attribute) under this projection. */
export function projectionShows(p: Projection, name: string): boolean {
  const same = (a: AttrPath) => a.container === null && a.attr?.toLowerCase() === name.toLowerCase();
  if (p.attributes) return p.attributes.some(same);
  return !p.excluded.some((a) => same(a) && a.sub === null);
}

function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

export function project(resource: ScimResource, p: Projection): ScimResource {
  const out = p.attributes ? include(resource, p.attributes) : exclude(resource, p.excluded);
  // An extension whose object is not in the answer is not named in `schemas` either.
  out.schemas = resource.schemas.filter((s) => s === resource.schemas[0] || s in out);
  return out;
}

/** An unqualified name that is no core attribute but an extension's is read as the extension's. */
function located(resource: ScimResource, path: AttrPath): AttrPath {
  if (path.container !== null || path.attr === null || keyOf(resource, path.attr) !== undefined) return path;
  const container = resource.schemas.slice(1).find((urn) => {
    const ext = resource[urn];
    return (
      ext !== null &&
      typeof ext === 'object' &&
      keyOf(ext as Record<string, unknown>, path.attr!) !== undefined
    );
  });
  return container === undefined ? path : { ...path, container };
}

function include(resource: ScimResource, paths: AttrPath[]): ScimResource {
  const out: ScimResource = { schemas: resource.schemas, id: resource.id };
  for (const path of paths.map((p) => located(resource, p))) {
    const src = path.container === null ? resource : (resource[path.container] as Record<string, unknown>);
    if (src === undefined) continue;
    if (path.attr === null) {
      if (path.container !== null) out[path.container] = src;
      continue;
    }
    const key = keyOf(src, path.attr);
    if (key === undefined) continue;
    if (path.container !== null && out[path.container] === undefined) out[path.container] = {};
    const dst = path.container === null ? out : (out[path.container] as Record<string, unknown>);
    const value = src[key];
    if (path.sub === null || value === null || typeof value !== 'object') {
      dst[key] = value;
    } else if (dst[key] !== value) {
      dst[key] = pick(value, dst[key], path.sub);
    }
  }
  return out;
}

/** Adds sub-attribute `sub` of `value` (an object, or an array of them) to what was picked so far. */
function pick(value: object, sofar: unknown, sub: string): unknown {
  if (Array.isArray(value)) {
    const prior = Array.isArray(sofar) ? sofar : [];
    return value.map((item, i) => pick(item as object, prior[i], sub));
  }
  const obj = value as Record<string, unknown>;
  const key = keyOf(obj, sub);
  const base = (sofar ?? {}) as Record<string, unknown>;
  return key === undefined ? base : { ...base, [key]: obj[key] };
}

function exclude(resource: ScimResource, paths: AttrPath[]): ScimResource {
  const out = structuredClone(resource);
  for (const path of paths.map((p) => located(resource, p))) {
    if (path.container === null && path.attr !== null && ALWAYS.has(path.attr.toLowerCase())) continue;
    const holder =
      path.container === null ? out : (out[path.container] as Record<string, unknown> | undefined);
    if (holder === undefined) continue;
    if (path.attr === null) {
      if (path.container !== null) delete out[path.container];
      continue;
    }
    const key = keyOf(holder, path.attr);
    if (key === undefined) continue;
    if (path.sub === null) {
      delete holder[key];
      continue;
    }
    for (const item of [holder[key]].flat()) {
      if (item !== null && typeof item === 'object') {
        const subKey = keyOf(item as Record<string, unknown>, path.sub);
        if (subKey !== undefined) delete (item as Record<string, unknown>)[subKey];
      }
    }
  }
  return out;
}
