// The Google Workspace connector: makes the Directory API hold an account's desired state. Every call
// first finds the user — by the id remembered from last time, then by the address, then by an address
// it gave up (Google answers users.get for an alias too) — so nothing is created twice; a 409 on insert
// (someone created it meanwhile) is reconciled by looking again. A user carrying another account's
// `selaras:` external id is left alone and the row fails; deletion only touches a user that carries
// this account's. Org units `/<jenjang>/<provinsi>/<npsn>` are created on demand, parents first.
import { readFile } from 'node:fs/promises';
import {
  createGoogleDirectory,
  type GoogleDirectory,
  type GoogleDirectoryOptions,
  type ServiceAccountKey,
} from './google-directory.js';
import {
  type GoogleUser,
  initialPassword,
  missingAliases,
  newUserBody,
  orgUnitPathOf,
  passwordHash,
  redacted,
  selarasIdOf,
  updateBody,
} from './google-user.js';
import type { ApplyResult, PlannedCall, ProvisionConnector, RemoteRef } from './provision-connector.js';
import { ProvisionError } from './provision-connector.js';
import type { ProvisionPayload } from './provision-payload.js';

export interface GoogleConnectorOptions extends Omit<GoogleDirectoryOptions, 'key'> {
  /** The service account key file (JSON); read on first use, never logged. */
  credentialsFile: string;
  /** What the queued row does not carry: the school's province, the account's initial password. */
  facts?: AccountFacts;
}

/**
 * The store's answers a Google user needs beyond the queued state (provision/account-facts.ts): the
 * province for the org unit `/<jenjang>/<provinsi>/<npsn>` of rows queued without one, and the
 * account's own initial password — the one Unduh Akun hands the school — so Google and the school's
 * list agree.
 */
export interface AccountFacts {
  provinceOf(npsn: string): Promise<string | undefined>;
  initialPassword(accountId: number): Promise<string | undefined>;
}

type Decision =
  | { kind: 'create'; body: Record<string, unknown>; orgUnit: string }
  | { kind: 'update'; user: GoogleUser; body: Record<string, unknown>; aliases: string[]; orgUnit: string }
  | { kind: 'delete'; id: string }
  | { kind: 'none'; action: 'unchanged' | 'absent'; id: string | null };

const USERS = '/admin/directory/v1/users';

export function createGoogleConnector(options: GoogleConnectorOptions): ProvisionConnector {
  return new GoogleConnector(options, null);
}

/** Over a directory already made (tests, or another way of authorising). */
export function googleConnectorOver(
  directory: GoogleDirectory,
  customer: string,
  facts?: AccountFacts,
): ProvisionConnector {
  return new GoogleConnector({ customer, ...(facts ? { facts } : {}) }, directory);
}

class GoogleConnector implements ProvisionConnector {
  readonly target = 'google';
  /** Org units known to exist, so each is looked up once per process. */
  private readonly orgUnits = new Set<string>(['/']);
  private opening: Promise<GoogleDirectory> | null = null;

  constructor(
    private readonly options: Pick<GoogleConnectorOptions, 'customer'> & Partial<GoogleConnectorOptions>,
    private directory: GoogleDirectory | null,
  ) {}

  get description(): string {
    if (this.directory) return this.directory.description;
    return `Google Workspace ${this.options.customer} as ${this.options.subject ?? '?'}`;
  }

  async apply(desired: ProvisionPayload, known: RemoteRef | null): Promise<ApplyResult> {
    const directory = await this.open();
    for (let round = 0; round < 2; round++) {
      const outcome = await this.execute(directory, await this.decide(directory, desired, known));
      if (outcome !== 'again') return outcome;
    }
    throw new ProvisionError(`the user ${desired.userName} kept changing at Google; trying later`, {
      permanent: false,
    });
  }

  async plan(desired: ProvisionPayload, known: RemoteRef | null): Promise<PlannedCall[]> {
    const directory = await this.open();
    const decision = await this.decide(directory, desired, known);
    const calls: PlannedCall[] = [];
    if (decision.kind === 'create' || (decision.kind === 'update' && 'orgUnitPath' in decision.body)) {
      for (const unit of await this.missingOrgUnits(directory, decision.orgUnit))
        calls.push(orgUnitCall(this.options.customer, unit));
    }
    switch (decision.kind) {
      case 'create':
        calls.push({ method: 'POST', path: USERS, body: redacted(decision.body) });
        break;
      case 'update':
        if (Object.keys(decision.body).length > 0)
          calls.push({ method: 'PUT', path: userPath(decision.user.id), body: decision.body });
        for (const alias of decision.aliases)
          calls.push({ method: 'POST', path: `${userPath(decision.user.id)}/aliases`, body: { alias } });
        break;
      case 'delete':
        calls.push({ method: 'DELETE', path: userPath(decision.id) });
        break;
      case 'none':
        break;
    }
    return calls;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private open(): Promise<GoogleDirectory> {
    if (this.directory) return Promise.resolve(this.directory);
    this.opening ??= readKey(this.options.credentialsFile ?? '').then((key) => {
      const { credentialsFile: _file, ...rest } = this.options as GoogleConnectorOptions;
      this.directory = createGoogleDirectory({ ...rest, key });
      return this.directory;
    });
    this.opening.catch(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /** The desired state with its province, from the store when the row was queued without one. */
  private async placed(desired: ProvisionPayload): Promise<ProvisionPayload> {
    if (desired.provinsi || !this.options.facts) return desired;
    const provinsi = await this.options.facts.provinceOf(desired.npsn);
    return provinsi ? { ...desired, provinsi } : desired;
  }

  private async decide(
    directory: GoogleDirectory,
    desired: ProvisionPayload,
    known: RemoteRef | null,
  ): Promise<Decision> {
    const deleting = desired.status === 'deleted';
    const current = await this.find(directory, desired, known, !deleting);
    if (deleting) {
      if (current && selarasIdOf(current) === desired.externalId) return { kind: 'delete', id: current.id };
      return { kind: 'none', action: 'absent', id: null };
    }
    const placed = await this.placed(desired);
    const orgUnit = orgUnitPathOf(placed);
    if (!current) {
      const own = await this.options.facts?.initialPassword(desired.accountId);
      return {
        kind: 'create',
        body: newUserBody(placed, own ? passwordHash(own) : initialPassword()),
        orgUnit,
      };
    }
    const body = updateBody(placed, current);
    const aliases = missingAliases(desired, current);
    if (Object.keys(body).length === 0 && aliases.length === 0)
      return { kind: 'none', action: 'unchanged', id: current.id };
    return { kind: 'update', user: current, body, aliases, orgUnit };
  }

  private async execute(directory: GoogleDirectory, decision: Decision): Promise<ApplyResult | 'again'> {
    switch (decision.kind) {
      case 'none':
        return { action: decision.action, remoteId: decision.id };
      case 'create': {
        await this.ensureOrgUnit(directory, decision.orgUnit);
        const inserted = await directory.insertUser(decision.body);
        if (!inserted.ok) return 'again';
        return { action: 'created', remoteId: inserted.value.id };
      }
      case 'update': {
        if ('orgUnitPath' in decision.body) await this.ensureOrgUnit(directory, decision.orgUnit);
        if (Object.keys(decision.body).length > 0) {
          const updated = await directory.updateUser(decision.user.id, decision.body);
          if (!updated) return 'again';
        }
        for (const alias of decision.aliases) await directory.insertAlias(decision.user.id, alias);
        return { action: 'updated', remoteId: decision.user.id };
      }
      case 'delete':
        await directory.deleteUser(decision.id);
        return { action: 'deleted', remoteId: null };
    }
  }

  /** The user for this account: by remembered id, by address, then by an address it gave up. */
  private async find(
    directory: GoogleDirectory,
    desired: ProvisionPayload,
    known: RemoteRef | null,
    adopt: boolean,
  ): Promise<GoogleUser | null> {
    const keys = [...(known ? [known.remoteId] : []), desired.userName, ...desired.aliases];
    for (const key of keys) {
      const user = await directory.getUser(key);
      if (!user) continue;
      const owner = selarasIdOf(user);
      if (owner === desired.externalId) return user;
      if (owner === null && adopt) return user;
      if (owner === null) continue;
      throw new ProvisionError(`Google's user ${key} belongs to ${owner}, not ${desired.externalId}`, {
        permanent: true,
      });
    }
    return null;
  }

  private async missingOrgUnits(directory: GoogleDirectory, path: string): Promise<string[]> {
    const missing: string[] = [];
    for (const unit of ancestry(path).reverse()) {
      if (this.orgUnits.has(unit)) break;
      if (await directory.orgUnitExists(unit)) {
        this.orgUnits.add(unit);
        break;
      }
      missing.unshift(unit);
    }
    return missing;
  }

  /** Creates the org unit and any missing parent, parents first; one that appeared meanwhile is fine. */
  private async ensureOrgUnit(directory: GoogleDirectory, path: string): Promise<void> {
    for (const unit of await this.missingOrgUnits(directory, path)) {
      const { name, parent } = splitPath(unit);
      await directory.insertOrgUnit(name, parent);
      this.orgUnits.add(unit);
    }
  }
}

/** `/sd/31/2010` → ['/sd', '/sd/31', '/sd/31/2010']. */
function ancestry(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

function splitPath(path: string): { name: string; parent: string } {
  const at = path.lastIndexOf('/');
  return { name: path.slice(at + 1), parent: at <= 0 ? '/' : path.slice(0, at) };
}

function orgUnitCall(customer: string, unit: string): PlannedCall {
  const { name, parent } = splitPath(unit);
  return {
    method: 'POST',
    path: `/admin/directory/v1/customer/${encodeURIComponent(customer)}/orgunits`,
    body: { name, parentOrgUnitPath: parent },
  };
}

function userPath(id: string): string {
  return `${USERS}/${encodeURIComponent(id)}`;
}

/** Reads the key file; a problem names the file and the field, never a value of it. */
export async function readKey(file: string): Promise<ServiceAccountKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new ProvisionError(`cannot read the Google service account key ${file}`, { permanent: false });
  }
  const key = parsed as Partial<ServiceAccountKey> | null;
  for (const field of ['client_email', 'private_key'] as const) {
    if (typeof key?.[field] !== 'string' || key[field] === '')
      throw new ProvisionError(`the Google service account key ${file} has no ${field}`, {
        permanent: false,
      });
  }
  return key as ServiceAccountKey;
}
