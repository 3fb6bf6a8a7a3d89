// What a 'provision' outbox row carries: the account as the directory outside should hold it after the
// change (the desired state, not a diff), so applying a row twice, or replaying the whole queue into a
// target switched on later, ends in the same place. `changes` only says what moved, for people
// reading the queue; connectors act on the state.
import type { AccountStatus } from '../domain/accounts.js';
import { ACCOUNT_STATUSES } from '../domain/accounts.js';

/** The outbox channel of provisioning rows (mail rows are 'mail'). */
export const PROVISION_CHANNEL = 'provision';

export const PROVISION_CHANGES = ['create', 'rename', 'update', 'suspend', 'reactivate', 'delete'] as const;
export type ProvisionChange = (typeof PROVISION_CHANGES)[number];

export interface ProvisionPayload {
  v: 1;
  changes: ProvisionChange[];
  accountId: number;
  /**
   * The account's key at the target: `selaras:<account id>`. Not the Dapodik person id, which a
   * teacher with accounts in two jenjang shares between them.
   */
  externalId: string;
  /** The primary address: the user name at the target. */
  userName: string;
  /** Addresses the account gave up in this change; the target keeps them as secondary emails. */
  aliases: string[];
  displayName: string;
  role: string;
  jenjang: string;
  npsn: string;
  /** The school's province code, for Google's org unit; absent in rows queued before it was carried. */
  provinsi?: string;
  personKind: string;
  personId: string;
  status: AccountStatus;
  /** False once suspended (a `deactivating` account still works until then). */
  active: boolean;
}

export function externalIdOf(accountId: number): string {
  return `selaras:${accountId}`;
}

export type ProvisionPayloadCheck = { ok: true; payload: ProvisionPayload } | { ok: false; problem: string };

const TEXT_FIELDS = ['externalId', 'userName', 'displayName', 'role', 'jenjang', 'npsn'] as const;

/** Parses `payload_json`; a problem names the field, never its value. */
export function parseProvisionPayload(json: string): ProvisionPayloadCheck {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'payload is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, problem: 'payload is not an object' };
  const p = value as Record<string, unknown>;
  if (p.v !== 1) return { ok: false, problem: 'payload.v is not 1' };
  if (!Number.isSafeInteger(p.accountId)) return { ok: false, problem: 'payload.accountId is not an id' };
  for (const field of TEXT_FIELDS) {
    if (typeof p[field] !== 'string' || p[field] === '')
      return { ok: false, problem: `payload.${field} is not a non-empty string` };
  }
  if (!(ACCOUNT_STATUSES as readonly unknown[]).includes(p.status))
    return { ok: false, problem: 'payload.status is not an account status' };
  if (typeof p.active !== 'boolean') return { ok: false, problem: 'payload.active is not a boolean' };
  if (!Array.isArray(p.aliases) || !p.aliases.every((a) => typeof a === 'string'))
    return { ok: false, problem: 'payload.aliases is not a list of addresses' };
  if (!Array.isArray(p.changes) || !p.changes.every((c) => PROVISION_CHANGES.includes(c as ProvisionChange)))
    return { ok: false, problem: 'payload.changes is not a list of changes' };
  return { ok: true, payload: p as unknown as ProvisionPayload };
}
