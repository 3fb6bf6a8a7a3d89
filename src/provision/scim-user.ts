// A Selaras account as a SCIM User (RFC 7643 §4.1, with the enterprise extension §4.3: the school's
// NPSN as organization, the jenjang as department — the shape our own /scim/v2 serves), and the
// difference between what a provider holds and what it should hold, as PATCH operations (RFC 7644
// §3.5.2) or as a full replacement for PUT. Pure.
//
// Emails are only ever added: the primary is the account's address, every address the provider
// already knows stays as a secondary email, and an address given up in a rename is added as one. So a
// row applied after a newer one was lost, or a queue replayed from the start, never drops an alias.
import type { ProvisionPayload } from './provision-payload.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimEmail {
  value: string;
  type?: string;
  primary?: boolean;
}

/** A User as a provider returned it: whatever it holds, read defensively. */
export type ScimUser = Record<string, unknown> & { id: string };

export interface PatchOperation {
  op: 'replace';
  path: string;
  value: unknown;
}

export interface PatchRequest {
  schemas: [typeof PATCH_OP_SCHEMA];
  Operations: PatchOperation[];
}

/** Attributes a client must not send back on PUT: the provider assigns them. */
const READ_ONLY = new Set(['id', 'meta', 'groups']);

export function emailsOf(user: Record<string, unknown> | null): ScimEmail[] {
  const emails = user?.emails;
  if (!Array.isArray(emails)) return [];
  return emails.filter(
    (e): e is ScimEmail => typeof e === 'object' && e !== null && typeof e.value === 'string',
  );
}

/** The address as primary, then every other address the provider holds, then the new aliases. */
export function mergedEmails(
  desired: ProvisionPayload,
  current: Record<string, unknown> | null,
): ScimEmail[] {
  const out: ScimEmail[] = [{ value: desired.userName, type: 'work', primary: true }];
  const seen = new Set([desired.userName.toLowerCase()]);
  const add = (value: string, type: string) => {
    const key = value.toLowerCase();
    if (value === '' || seen.has(key)) return;
    seen.add(key);
    out.push({ value, type, primary: false });
  };
  for (const e of emailsOf(current)) add(e.value, e.type ?? 'other');
  for (const alias of desired.aliases) add(alias, 'other');
  return out;
}

/** The attributes Selaras owns, as a provider should hold them. */
export function ownedAttributes(desired: ProvisionPayload, emails: ScimEmail[]): Record<string, unknown> {
  return {
    externalId: desired.externalId,
    userName: desired.userName,
    name: { formatted: desired.displayName },
    displayName: desired.displayName,
    userType: desired.role,
    active: desired.active,
    emails,
    [ENTERPRISE_SCHEMA]: { organization: desired.npsn, department: desired.jenjang },
  };
}

/** The body of POST /Users. */
export function newUser(desired: ProvisionPayload): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    ...ownedAttributes(desired, mergedEmails(desired, null)),
  };
}

/** The body of PUT /Users/{id}: what the provider holds, with Selaras's attributes laid over it. */
export function replacement(desired: ProvisionPayload, current: ScimUser): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !READ_ONLY.has(key)));
  const schemas = Array.isArray(current.schemas) ? (current.schemas as unknown[]) : [];
  const owned = ownedAttributes(desired, mergedEmails(desired, current));
  return {
    ...kept,
    ...owned,
    schemas: [...new Set([USER_SCHEMA, ENTERPRISE_SCHEMA, ...schemas.filter((s) => typeof s === 'string')])],
    name: { ...objectAt(current, 'name'), formatted: desired.displayName },
    [ENTERPRISE_SCHEMA]: {
      ...objectAt(current, ENTERPRISE_SCHEMA),
      organization: desired.npsn,
      department: desired.jenjang,
    },
  };
}

/** One `replace` per attribute that differs; none when the provider already holds the account. */
export function patchOperations(desired: ProvisionPayload, current: ScimUser): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const replace = (path: string, now: unknown, want: unknown, same = now === want) => {
    if (!same) ops.push({ op: 'replace', path, value: want });
  };
  const userName = stringAt(current, 'userName');
  replace('externalId', current.externalId, desired.externalId);
  replace('userName', userName, desired.userName, userName?.toLowerCase() === desired.userName.toLowerCase());
  replace('name.formatted', objectAt(current, 'name').formatted, desired.displayName);
  replace('displayName', current.displayName, desired.displayName);
  replace('userType', current.userType, desired.role);
  replace('active', current.active, desired.active);
  const emails = mergedEmails(desired, current);
  replace('emails', emailsOf(current), emails, sameEmails(emailsOf(current), emails));
  const enterprise = objectAt(current, ENTERPRISE_SCHEMA);
  replace(`${ENTERPRISE_SCHEMA}:organization`, enterprise.organization, desired.npsn);
  replace(`${ENTERPRISE_SCHEMA}:department`, enterprise.department, desired.jenjang);
  return ops;
}

export function patchRequest(ops: PatchOperation[]): PatchRequest {
  return { schemas: [PATCH_OP_SCHEMA], Operations: ops };
}

/** The same addresses with the same one primary; order and types do not matter. */
function sameEmails(a: ScimEmail[], b: ScimEmail[]): boolean {
  const key = (list: ScimEmail[]) =>
    list
      .map((e) => `${e.value.toLowerCase()}|${e.primary === true ? 1 : 0}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

function objectAt(user: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = user[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function stringAt(user: Record<string, unknown>, key: string): string | undefined {
  const value = user[key];
  return typeof value === 'string' ? value : undefined;
}
