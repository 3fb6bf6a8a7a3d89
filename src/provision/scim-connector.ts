// The SCIM 2.0 client connector (RFC 7644): pushes an account's desired state to a service provider.
// Every call first finds the user — by the id remembered from last time, then by externalId
// (`selaras:<account id>`), then by user name (the address, or one it gave up) — so nothing is created
// twice, whatever was lost in between. A user found by name without an externalId is adopted; one that
// carries somebody else's externalId is left alone and the row fails. Updates use PATCH where the
// provider's ServiceProviderConfig says it supports it, else PUT of the whole user. Deletion only
// touches a user that carries this account's externalId.
import type { ApplyResult, PlannedCall, ProvisionConnector, RemoteRef } from './provision-connector.js';
import { ProvisionError } from './provision-connector.js';
import type { ProvisionPayload } from './provision-payload.js';
import { ScimHttp, type ScimResponse } from './scim-http.js';
import { newUser, patchOperations, patchRequest, replacement, type ScimUser } from './scim-user.js';

export interface ScimConnectorOptions {
  baseUrl: string;
  token: string | undefined;
  timeoutMs: number;
  /** How long what ServiceProviderConfig said is believed; default 10 minutes. */
  discoveryTtlMs?: number;
  now?: () => number;
}

type Decision =
  | { kind: 'create'; body: Record<string, unknown> }
  | { kind: 'patch'; id: string; body: unknown }
  | { kind: 'put'; id: string; body: Record<string, unknown> }
  | { kind: 'delete'; id: string }
  | { kind: 'none'; action: 'unchanged' | 'absent'; id: string | null };

interface Features {
  patch: boolean;
  at: number;
}

export function createScimConnector(options: ScimConnectorOptions): ProvisionConnector {
  return new ScimConnector(options);
}

class ScimConnector implements ProvisionConnector {
  readonly target = 'scim';
  private readonly http: ScimHttp;
  private readonly now: () => number;
  private features: Features | null = null;

  constructor(private readonly options: ScimConnectorOptions) {
    this.now = options.now ?? Date.now;
    this.http = new ScimHttp({ ...options, now: this.now });
  }

  get description(): string {
    return `SCIM ${this.http.description}`;
  }

  async apply(desired: ProvisionPayload, known: RemoteRef | null): Promise<ApplyResult> {
    const first = await this.decide(desired, known);
    const outcome = await this.execute(first);
    if (outcome !== 'again') return outcome;
    // A 409 on create or a 404 on update: someone changed the provider meanwhile. Look once more.
    const second = await this.decide(desired, known);
    const retried = await this.execute(second);
    if (retried !== 'again') return retried;
    throw new ProvisionError(`the user ${desired.userName} kept changing at the provider; trying later`, {
      permanent: false,
    });
  }

  async plan(desired: ProvisionPayload, known: RemoteRef | null): Promise<PlannedCall[]> {
    const decision = await this.decide(desired, known);
    switch (decision.kind) {
      case 'create':
        return [{ method: 'POST', path: '/Users', body: decision.body }];
      case 'patch':
        return [{ method: 'PATCH', path: userPath(decision.id), body: decision.body }];
      case 'put':
        return [{ method: 'PUT', path: userPath(decision.id), body: decision.body }];
      case 'delete':
        return [{ method: 'DELETE', path: userPath(decision.id) }];
      case 'none':
        return [];
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private async decide(desired: ProvisionPayload, known: RemoteRef | null): Promise<Decision> {
    const deleting = desired.status === 'deleted';
    const current = await this.find(desired, known, !deleting);
    if (deleting)
      return current ? { kind: 'delete', id: current.id } : { kind: 'none', action: 'absent', id: null };
    if (!current) return { kind: 'create', body: newUser(desired) };
    const ops = patchOperations(desired, current);
    if (ops.length === 0) return { kind: 'none', action: 'unchanged', id: current.id };
    if ((await this.discover()).patch) return { kind: 'patch', id: current.id, body: patchRequest(ops) };
    return { kind: 'put', id: current.id, body: replacement(desired, current) };
  }

  private async execute(decision: Decision): Promise<ApplyResult | 'again'> {
    switch (decision.kind) {
      case 'none':
        return { action: decision.action, remoteId: decision.id };
      case 'create': {
        const res = await this.http.send('POST', '/Users', decision.body);
        if (res.status === 409) return 'again';
        if (res.status !== 201 && res.status !== 200) throw this.http.refusal('POST', '/Users', res);
        return { action: 'created', remoteId: idOf(res, 'POST /Users') };
      }
      case 'patch':
      case 'put': {
        const method = decision.kind === 'patch' ? 'PATCH' : 'PUT';
        const res = await this.http.send(method, userPath(decision.id), decision.body);
        if (res.status === 404) return 'again';
        if (res.status !== 200 && res.status !== 204)
          throw this.http.refusal(method, userPath(decision.id), res);
        return { action: 'updated', remoteId: decision.id };
      }
      case 'delete': {
        const res = await this.http.send('DELETE', userPath(decision.id));
        if (![200, 204, 404].includes(res.status))
          throw this.http.refusal('DELETE', userPath(decision.id), res);
        return { action: 'deleted', remoteId: null };
      }
    }
  }

  /** The provider's user for this account: by remembered id, by externalId, then (adopting) by name. */
  private async find(
    desired: ProvisionPayload,
    known: RemoteRef | null,
    adopt: boolean,
  ): Promise<ScimUser | null> {
    if (known) {
      const user = await this.byId(known.remoteId);
      if (user && (user.externalId === desired.externalId || (adopt && !user.externalId))) return user;
    }
    const mine = await this.search('externalId', desired.externalId);
    if (mine) return mine;
    if (!adopt) return null;
    for (const name of [desired.userName, ...desired.aliases]) {
      const user = await this.search('userName', name);
      if (!user) continue;
      if (!user.externalId || user.externalId === desired.externalId) return user;
      throw new ProvisionError(
        `the provider's user ${name} belongs to externalId ${String(user.externalId)}, not ${desired.externalId}`,
        { permanent: true },
      );
    }
    return null;
  }

  private async byId(id: string): Promise<ScimUser | null> {
    const res = await this.http.send('GET', userPath(id));
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.http.refusal('GET', userPath(id), res);
    return asUser(res.body, `GET ${userPath(id)}`);
  }

  /** The one user whose `attribute` equals `value`; several is a provider we cannot act on safely. */
  private async search(attribute: 'externalId' | 'userName', value: string): Promise<ScimUser | null> {
    const filter = `${attribute} eq "${value.replace(/["\\]/g, '\\$&')}"`;
    const path = `/Users?filter=${encodeURIComponent(filter)}`;
    const res = await this.http.send('GET', path);
    // A provider that cannot filter on externalId says 400 invalidFilter: fall back to the user name.
    if (res.status === 400 && attribute === 'externalId') return null;
    if (res.status !== 200) throw this.http.refusal('GET', path, res);
    const found = (res.body as { Resources?: unknown } | null)?.Resources;
    const list = Array.isArray(found) ? found : [];
    if (list.length > 1) {
      throw new ProvisionError(`${list.length} users at the provider match ${filter}`, { permanent: true });
    }
    return list.length === 1 ? asUser(list[0], `GET ${path}`) : null;
  }

  /** Whether the provider takes PATCH, read from ServiceProviderConfig (RFC 7644 §4) and kept a while. */
  private async discover(): Promise<Features> {
    const ttl = this.options.discoveryTtlMs ?? 10 * 60_000;
    if (this.features && this.now() - this.features.at < ttl) return this.features;
    const res = await this.http.send('GET', '/ServiceProviderConfig');
    let patch = false;
    if (res.status === 200)
      patch = (res.body as { patch?: { supported?: unknown } } | null)?.patch?.supported === true;
    else if (res.status !== 404 && res.status !== 501)
      throw this.http.refusal('GET', '/ServiceProviderConfig', res);
    this.features = { patch, at: this.now() };
    return this.features;
  }
}

function userPath(id: string): string {
  return `/Users/${encodeURIComponent(id)}`;
}

function asUser(value: unknown, what: string): ScimUser {
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof value !== 'object' || value === null || (typeof id !== 'string' && typeof id !== 'number')) {
    throw new ProvisionError(`${what}: the provider answered a user without an id`, { permanent: false });
  }
  return { ...(value as Record<string, unknown>), id: String(id) };
}

function idOf(res: ScimResponse, what: string): string {
  return asUser(res.body, what).id;
}
