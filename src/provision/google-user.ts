// Pure mapping between an account's desired state and a Directory API user (no I/O): the body of a new
// user, the org unit it belongs in, and the fields an existing user has to change.
import { createHash, randomBytes } from 'node:crypto';
import type { ProvisionPayload } from './provision-payload.js';

/** The custom schema Selaras keeps on each user (created once by the operator, see README). */
export const SCHEMA_NAME = 'Selaras';

/** What Selaras reads of a Directory API user. */
export interface GoogleUser {
  id: string;
  primaryEmail: string;
  name?: { givenName?: string | null; familyName?: string | null } | null;
  suspended?: boolean | null;
  orgUnitPath?: string | null;
  aliases?: string[] | null;
  externalIds?: Array<{ type?: string | null; value?: string | null }> | null;
  customSchemas?: Record<string, Record<string, unknown>> | null;
}

export interface SelarasFields {
  npsn: string;
  role: string;
  personId: string;
}

/** The longest given or family name the Directory API takes. */
const NAME_MAX = 60;

/**
 * Given and family name from one full name. Many Indonesians have a single name, and Google wants
 * both, so a single name fills both; otherwise the last word is the family name.
 */
export function splitName(full: string): { givenName: string; familyName: string } {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { givenName: '-', familyName: '-' };
  if (words.length === 1) {
    const only = (words[0] as string).slice(0, NAME_MAX);
    return { givenName: only, familyName: only };
  }
  return {
    givenName: words.slice(0, -1).join(' ').slice(0, NAME_MAX),
    familyName: (words.at(-1) as string).slice(0, NAME_MAX),
  };
}

/**
 * `/<jenjang>/<provinsi>/<npsn>`. Until the payload carries the province (`provinsi`), an account
 * without one goes in `/<jenjang>/<npsn>`.
 */
export function orgUnitPathOf(desired: ProvisionPayload): string {
  const parts = [desired.jenjang, desired.provinsi, desired.npsn].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  return `/${parts.join('/')}`;
}

export function selarasFieldsOf(desired: ProvisionPayload): SelarasFields {
  return { npsn: desired.npsn, role: desired.role, personId: desired.personId };
}

/**
 * A password nobody is told, for an account without its own initial password (no store at hand):
 * the account is reached through the school's reset flow, and Google asks for a new one at first
 * sign-in anyway. Only its SHA-1 hex digest leaves the process
 * (`hashFunction: 'SHA-1'`, as the Directory API documents for users.insert).
 */
export function initialPassword(random: (size: number) => Buffer = randomBytes): string {
  return passwordHash(random(24).toString('base64url'));
}

/** The SHA-1 hex digest users.insert takes with `hashFunction: 'SHA-1'`; the password never leaves. */
export function passwordHash(password: string): string {
  return createHash('sha1').update(password).digest('hex');
}

export function newUserBody(desired: ProvisionPayload, passwordHash: string): Record<string, unknown> {
  return {
    primaryEmail: desired.userName,
    name: splitName(desired.displayName),
    password: passwordHash,
    hashFunction: 'SHA-1',
    changePasswordAtNextLogin: true,
    suspended: !desired.active,
    orgUnitPath: orgUnitPathOf(desired),
    externalIds: [{ type: 'organization', value: desired.externalId }],
    customSchemas: { [SCHEMA_NAME]: selarasFieldsOf(desired) },
  };
}

/** The same body with the password hash left out, for plans and logs. */
export function redacted(body: Record<string, unknown>): Record<string, unknown> {
  const { password: _password, ...rest } = body;
  return { ...rest, password: '<redacted>' };
}

/** The external id of Selaras on this user, if any (`selaras:<account id>`). */
export function selarasIdOf(user: GoogleUser): string | null {
  const found = (user.externalIds ?? []).find(
    (e) => typeof e.value === 'string' && e.value.startsWith('selaras:'),
  );
  return found?.value ?? null;
}

/** The fields users.update has to send to make `current` hold `desired`; empty when nothing differs. */
export function updateBody(desired: ProvisionPayload, current: GoogleUser): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (current.primaryEmail.toLowerCase() !== desired.userName.toLowerCase())
    body.primaryEmail = desired.userName;
  const name = splitName(desired.displayName);
  if (current.name?.givenName !== name.givenName || current.name?.familyName !== name.familyName)
    body.name = name;
  if (Boolean(current.suspended) !== !desired.active) body.suspended = !desired.active;
  const path = orgUnitPathOf(desired);
  if (current.orgUnitPath !== path) body.orgUnitPath = path;
  if (selarasIdOf(current) !== desired.externalId) {
    const others = (current.externalIds ?? []).filter((e) => !String(e.value ?? '').startsWith('selaras:'));
    body.externalIds = [...others, { type: 'organization', value: desired.externalId }];
  }
  const want = selarasFieldsOf(desired);
  const have = current.customSchemas?.[SCHEMA_NAME] ?? {};
  if (have.npsn !== want.npsn || have.role !== want.role || have.personId !== want.personId)
    body.customSchemas = { [SCHEMA_NAME]: want };
  return body;
}

/** Addresses the account gave up that the user does not hold yet as aliases. */
export function missingAliases(desired: ProvisionPayload, current: GoogleUser): string[] {
  const held = new Set([current.primaryEmail, ...(current.aliases ?? [])].map((a) => a.toLowerCase()));
  return desired.aliases.filter(
    (a) => !held.has(a.toLowerCase()) && a.toLowerCase() !== desired.userName.toLowerCase(),
  );
}
