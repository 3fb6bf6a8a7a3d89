// The few Directory API calls the Google connector needs, as our own narrow port (STYLE 3), made with
// the official client (@googleapis/admin) authorised by a service account with domain-wide delegation
// (google-auth-library's JWT, impersonating an administrator). Every call waits for the client-side
// rate limit, retries quota refusals (403 rateLimitExceeded / userRateLimitExceeded, 429) and 5xx with
// capped exponential backoff, and is finally told as a ProvisionError. The credentials are never put in
// a message or a log.
import { setTimeout as sleep } from 'node:timers/promises';
import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { JWT } from 'google-auth-library';
import type { GoogleUser } from './google-user.js';
import { ProvisionError } from './provision-connector.js';

export const DIRECTORY_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user',
  'https://www.googleapis.com/auth/admin.directory.orgunit',
] as const;

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** The fields of a service account key file Selaras uses. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

export interface GoogleDirectoryOptions {
  key: ServiceAccountKey;
  /** The administrator impersonated through domain-wide delegation. */
  subject: string;
  /** `my_customer` or the customer id. */
  customer: string;
  /** Queries a minute this process allows itself (the project's quota); default 2,400. */
  queriesPerMinute?: number;
  timeoutMs: number;
  /** Another root than https://admin.googleapis.com/ (tests). */
  rootUrl?: string;
  /** Attempts per call on a quota refusal or a 5xx; default 4. */
  attempts?: number;
  /** First backoff and its cap; default 1 s and 16 s. */
  backoffMs?: number;
  backoffCapMs?: number;
}

export type InsertOutcome<T> = { ok: true; value: T } | { ok: false; conflict: true };

export interface GoogleDirectory {
  readonly description: string;
  getUser(userKey: string): Promise<GoogleUser | null>;
  insertUser(body: Record<string, unknown>): Promise<InsertOutcome<GoogleUser>>;
  updateUser(userKey: string, body: Record<string, unknown>): Promise<GoogleUser | null>;
  /** False when the user was already gone (404). */
  deleteUser(userKey: string): Promise<boolean>;
  /** False when the alias already exists (409). */
  insertAlias(userKey: string, alias: string): Promise<boolean>;
  orgUnitExists(path: string): Promise<boolean>;
  /** False when it already existed (409). */
  insertOrgUnit(name: string, parentPath: string): Promise<boolean>;
  listUsers(pageToken?: string): Promise<{ users: GoogleUser[]; nextPageToken: string | null }>;
}

export function createGoogleDirectory(options: GoogleDirectoryOptions): GoogleDirectory {
  return new OfficialDirectory(options);
}

/** Spaces request starts so no minute holds more than the quota; shared by every loop of the process. */
export class MinuteRateLimit {
  private next = 0;
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  async take(): Promise<void> {
    const gap = 60_000 / this.perMinute;
    const at = Math.max(this.now(), this.next);
    this.next = at + gap;
    const wait = at - this.now();
    if (wait > 0) await sleep(wait);
  }
}

interface Refusal {
  status: number | undefined;
  reason: string | undefined;
  message: string;
  retryAfterMs: number | undefined;
}

const QUOTA_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

class OfficialDirectory implements GoogleDirectory {
  private readonly api: admin_directory_v1.Admin;
  private readonly limit: MinuteRateLimit;

  constructor(private readonly options: GoogleDirectoryOptions) {
    const auth = new JWT({
      email: options.key.client_email,
      key: options.key.private_key,
      ...(options.key.private_key_id ? { keyId: options.key.private_key_id } : {}),
      scopes: [...DIRECTORY_SCOPES],
      subject: options.subject,
    });
    const tokenUri = options.key.token_uri;
    if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) {
      // gtoken always posts to Google's endpoint; honour the key file's token_uri (a proxy, a test).
      auth.transporter.interceptors.request.add({
        resolved: async (config) => {
          if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
          return config;
        },
      });
    }
    this.api = admin({
      version: 'directory_v1',
      auth,
      retry: false,
      timeout: options.timeoutMs,
      ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}),
    });
    this.limit = new MinuteRateLimit(options.queriesPerMinute ?? 2400);
  }

  get description(): string {
    const root = this.options.rootUrl ?? 'https://admin.googleapis.com/';
    return `Google Workspace ${this.options.customer} as ${this.options.subject} (${root})`;
  }

  async getUser(userKey: string): Promise<GoogleUser | null> {
    const res = await this.call(`GET users/${userKey}`, [404], () =>
      this.api.users.get({ userKey, projection: 'full' }),
    );
    return typeof res === 'number' ? null : asUser(res.data);
  }

  async insertUser(body: Record<string, unknown>): Promise<InsertOutcome<GoogleUser>> {
    const res = await this.call('POST users', [409], () =>
      this.api.users.insert({ requestBody: body as admin_directory_v1.Schema$User }),
    );
    return typeof res === 'number' ? { ok: false, conflict: true } : { ok: true, value: asUser(res.data) };
  }

  async updateUser(userKey: string, body: Record<string, unknown>): Promise<GoogleUser | null> {
    const res = await this.call(`PUT users/${userKey}`, [404], () =>
      this.api.users.update({ userKey, requestBody: body as admin_directory_v1.Schema$User }),
    );
    return typeof res === 'number' ? null : asUser(res.data);
  }

  async deleteUser(userKey: string): Promise<boolean> {
    const res = await this.call(`DELETE users/${userKey}`, [404], () => this.api.users.delete({ userKey }));
    return typeof res !== 'number';
  }

  async insertAlias(userKey: string, alias: string): Promise<boolean> {
    const res = await this.call(`POST users/${userKey}/aliases`, [409], () =>
      this.api.users.aliases.insert({ userKey, requestBody: { alias } }),
    );
    return typeof res !== 'number';
  }

  async orgUnitExists(path: string): Promise<boolean> {
    const orgUnitPath = path.replace(/^\//, '');
    const res = await this.call(`GET orgunits/${orgUnitPath}`, [404], () =>
      this.api.orgunits.get({ customerId: this.options.customer, orgUnitPath }),
    );
    return typeof res !== 'number';
  }

  async insertOrgUnit(name: string, parentPath: string): Promise<boolean> {
    const res = await this.call('POST orgunits', [409], () =>
      this.api.orgunits.insert({
        customerId: this.options.customer,
        requestBody: { name, parentOrgUnitPath: parentPath },
      }),
    );
    return typeof res !== 'number';
  }

  async listUsers(pageToken?: string): Promise<{ users: GoogleUser[]; nextPageToken: string | null }> {
    const res = await this.call('GET users', [], () =>
      this.api.users.list({
        customer: this.options.customer,
        maxResults: 500,
        projection: 'full',
        ...(pageToken ? { pageToken } : {}),
      }),
    );
    if (typeof res === 'number') throw new ProvisionError(`GET users answered ${res}`, { permanent: false });
    return { users: (res.data.users ?? []).map(asUser), nextPageToken: res.data.nextPageToken ?? null };
  }

  /**
   * One call under the rate limit, retried on quota refusals and 5xx. A status listed in `expected`
   * (a 404 on a lookup, a 409 on an insert) is an answer, returned as the number.
   */
  private async call<T>(what: string, expected: number[], send: () => Promise<T>): Promise<T | number> {
    const attempts = this.options.attempts ?? 4;
    const base = this.options.backoffMs ?? 1000;
    const cap = this.options.backoffCapMs ?? 16_000;
    for (let attempt = 1; ; attempt++) {
      await this.limit.take();
      let refusal: Refusal;
      try {
        return await send();
      } catch (error) {
        refusal = refusalOf(error);
      }
      if (refusal.status !== undefined && expected.includes(refusal.status)) return refusal.status;
      const quota = isQuota(refusal);
      const retryable = quota || refusal.status === undefined || refusal.status >= 500;
      const message = `${what}: ${refusal.status ?? 'no answer'} ${refusal.reason ?? ''} ${refusal.message}`
        .replace(/\s+/g, ' ')
        .trim();
      if (!retryable) throw new ProvisionError(message, { permanent: true, ...statusOf(refusal) });
      if (attempt >= attempts) {
        throw new ProvisionError(message, {
          permanent: false,
          rateLimited: quota,
          ...statusOf(refusal),
          ...(refusal.retryAfterMs !== undefined ? { retryAfterMs: refusal.retryAfterMs } : {}),
        });
      }
      const backoff = Math.min(cap, base * 2 ** (attempt - 1));
      await sleep(Math.max(backoff + Math.floor(Math.random() * base * 0.1), refusal.retryAfterMs ?? 0));
    }
  }
}

function statusOf(refusal: Refusal): { status?: number } {
  return refusal.status === undefined ? {} : { status: refusal.status };
}

function isQuota(refusal: Refusal): boolean {
  if (refusal.status === 429) return true;
  return refusal.status === 403 && refusal.reason !== undefined && QUOTA_REASONS.has(refusal.reason);
}

/** Status, Google's reason and message from a client error; never the request (it holds the token). */
function refusalOf(error: unknown): Refusal {
  const e = error as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { status?: unknown; headers?: unknown; data?: unknown };
  };
  const status =
    typeof e?.response?.status === 'number'
      ? e.response.status
      : typeof e?.status === 'number'
        ? e.status
        : undefined;
  const data = e?.response?.data as
    | { error?: { message?: unknown; errors?: Array<{ reason?: unknown }> } }
    | undefined;
  const reason = data?.error?.errors?.[0]?.reason;
  const message = typeof data?.error?.message === 'string' ? data.error.message : String(e?.message ?? error);
  return {
    status,
    reason: typeof reason === 'string' ? reason : undefined,
    message: status === undefined ? message : message.slice(0, 300),
    retryAfterMs: retryAfterOf(e?.response?.headers),
  };
}

function retryAfterOf(headers: unknown): number | undefined {
  let value: unknown;
  const get = (headers as { get?: unknown } | null)?.get;
  if (typeof get === 'function') value = (get as (name: string) => unknown).call(headers, 'retry-after');
  else if (headers && typeof headers === 'object')
    value = (headers as Record<string, unknown>)['retry-after'];
  const seconds = Number(value);
  return value !== undefined && value !== null && Number.isFinite(seconds) && seconds >= 0
    ? seconds * 1000
    : undefined;
}

function asUser(data: unknown): GoogleUser {
  const user = data as Partial<GoogleUser> | null;
  if (!user || typeof user.id !== 'string' || typeof user.primaryEmail !== 'string')
    throw new ProvisionError('the Directory API answered a user without an id', { permanent: false });
  return user as GoogleUser;
}
