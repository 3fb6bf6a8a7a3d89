// Configuration, read once (STYLE 9): flag > environment (SELARAS_*) > config file > default,
// validated into a frozen object. Nothing else in src/ reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_POLICY, normaliseCode, type Policy } from '../domain/policy.js';
import { AppError } from '../errors.js';
import { DEFAULT_MEMORY_MB, MIN_MEMORY_MB, sqliteCacheMbFor } from '../sync/memory-budget.js';

export interface Config {
  /** SQLite file path or postgres:// URL. */
  db: string;
  /** Where files beside the store live (rejects/<run_id>.csv, the local mailbox). */
  dataDir: string;
  policy: Policy;
  /**
   * The least number of partitions of the person-id hash space a sync works through one at a time;
   * the memory budget raises it for an extract too large for it (src/sync/memory-budget.ts).
   */
  partitions: number;
  /** The memory a sync may use, in MiB (SELARAS_MEMORY_MB, `memoryMb`, `--memory-mb`); default 4096. */
  memoryMb: number;
  /** Persons per write transaction. */
  batchSize: number;
  /**
   * SQLite's page cache, in MiB (SELARAS_SQLITE_CACHE_MB); by default a quarter of the memory budget,
   * at most 1 GiB. Random-keyed B-trees that outgrow it turn every insert into a page read; 1 GiB holds
   * the hot pages of a few million persons.
   */
  sqliteCacheMb: number;
  /** SMTP server for outgoing mail (smtp:// or smtps://); without it mail goes to `<dataDir>/mail`. */
  smtpUrl: string | undefined;
  /** The From header of every message. */
  mailFrom: string;
  /** Messages per second the SMTP transport may send; undefined is unlimited. */
  mailRatePerSecond: number | undefined;
  /** Pooled SMTP connections per process. */
  mailMaxConnections: number;
  /** Delivery attempts before a message that keeps failing temporarily is marked failed. */
  mailMaxAttempts: number;
  /**
   * How long a mail worker's claim holds its rows; when a worker dies, its unsent rows wait this long
   * before another worker sends them (SELARAS_MAIL_LEASE_SECONDS, `mailLeaseSeconds`).
   */
  mailLeaseSeconds: number;
  /** Language of mail to people and schools: Bahasa Indonesia by default. */
  lang: 'id' | 'en';
  /** 64 hex characters; without it a key is generated once into `<dataDir>/secret.key`. Never logged. */
  secretKey: string | undefined;
  /** `selaras serve`: where it listens. Loopback by default; a reverse proxy faces the internet. */
  webHost: string;
  webPort: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits per client). */
  trustProxy: boolean;
  /** Mark cookies Secure (set this when the console is served over HTTPS). */
  secureCookies: boolean;
  /** Requests per API token per minute on /api/v1 (SELARAS_API_RATE_PER_MINUTE, `apiRatePerMinute`). */
  apiRatePerMinute: number;
  /** `selaras pull` and `sync --from-dapodik`: the Dapodik Web Service. */
  dapodik: DapodikSettings;
  /** `selaras provision` and the loop inside `serve`: where account changes are pushed. */
  provision: ProvisionSettings;
}

export interface ProvisionSettings {
  /** A SCIM 2.0 service provider's base URL (SELARAS_PROVISION_SCIM_URL, `provisionScimUrl`). */
  scimUrl: string | undefined;
  /** Its bearer token (SELARAS_PROVISION_SCIM_TOKEN, `provisionScimToken`). Never printed or logged. */
  scimToken: string | undefined;
  /** A Google service account key file (SELARAS_GOOGLE_CREDENTIALS_FILE, `googleCredentialsFile`). */
  googleCredentialsFile: string | undefined;
  /** The Workspace administrator impersonated (SELARAS_GOOGLE_ADMIN_SUBJECT, `googleAdminSubject`). */
  googleAdminSubject: string | undefined;
  /** SELARAS_GOOGLE_CUSTOMER, `googleCustomer`; default `my_customer`. */
  googleCustomer: string;
  /** Directory API queries a minute (SELARAS_GOOGLE_QPM, `googleQpm`); default 2,400, the quota. */
  googleQpm: number;
  /** Per request. */
  timeoutMs: number;
  /** Attempts before a row that keeps failing temporarily is marked failed. */
  maxAttempts: number;
  /** Claim loops `serve` runs (and `provision drain` without --workers). */
  workers: number;
  /** Requests per second the target allows; undefined is unlimited. */
  ratePerSecond: number | undefined;
}

export interface DapodikSettings {
  /** Base URL, e.g. http://host:5774 (SELARAS_DAPODIK_URL, `dapodikUrl`). */
  url: string | undefined;
  /** Bearer token (SELARAS_DAPODIK_TOKEN, `dapodikToken`). Never printed or logged. */
  token: string | undefined;
  /** Per request attempt. */
  timeoutMs: number;
  /** Requests in flight per host. */
  concurrency: number;
  /** Attempts after the first on network errors, timeouts, 408, 429 and 5xx. */
  retries: number;
  /** First retry delay; doubled per retry up to backoffCapMs. */
  backoffMs: number;
  backoffCapMs: number;
}

export interface ConfigFlags {
  db?: string;
  config?: string;
  memoryMb?: string;
}

type Env = Record<string, string | undefined>;

const DEFAULT_DB = 'data/selaras.db';
const DEFAULT_MAIL_FROM = 'Selaras <noreply@belajar.id>';
/** Generous for a script paging through results, small enough that one leaked token cannot flood. */
export const DEFAULT_API_RATE_PER_MINUTE = 600;

export function loadConfig(flags: ConfigFlags, env: Env): Readonly<Config> {
  const file = readConfigFile(flags.config ?? env.SELARAS_CONFIG);
  const db = flags.db ?? env.SELARAS_DB ?? stringOf(file.db) ?? DEFAULT_DB;
  const isUrl = /^postgres(ql)?:\/\//i.test(db);
  const dataDir = env.SELARAS_DATA_DIR ?? stringOf(file.dataDir) ?? (isUrl ? 'data' : dirname(resolve(db)));
  const memoryMb = positiveInt(
    flags.memoryMb ?? env.SELARAS_MEMORY_MB ?? file.memoryMb,
    DEFAULT_MEMORY_MB,
    'memoryMb',
  );
  if (memoryMb < MIN_MEMORY_MB) throw new AppError('bad_input', `memoryMb must be at least ${MIN_MEMORY_MB}`);
  const config: Config = {
    db,
    dataDir,
    policy: mergePolicy(file.policy),
    partitions: positiveInt(env.SELARAS_PARTITIONS ?? file.partitions, 64, 'partitions'),
    batchSize: positiveInt(env.SELARAS_BATCH_SIZE ?? file.batchSize, 20000, 'batchSize'),
    memoryMb,
    sqliteCacheMb: positiveInt(
      env.SELARAS_SQLITE_CACHE_MB ?? file.sqliteCacheMb,
      sqliteCacheMbFor(memoryMb),
      'sqliteCacheMb',
    ),
    lang: langOf(env.SELARAS_LANG ?? file.lang),
    smtpUrl: smtpUrlOf(env.SELARAS_SMTP_URL ?? stringOf(file.smtpUrl)),
    mailFrom: env.SELARAS_MAIL_FROM || stringOf(file.mailFrom) || DEFAULT_MAIL_FROM,
    mailRatePerSecond: positiveNumber(
      env.SELARAS_MAIL_RATE_PER_SECOND ?? file.mailRatePerSecond,
      'mailRatePerSecond',
    ),
    mailMaxConnections: positiveInt(
      env.SELARAS_MAIL_MAX_CONNECTIONS ?? file.mailMaxConnections,
      5,
      'mailMaxConnections',
    ),
    mailMaxAttempts: positiveInt(env.SELARAS_MAIL_MAX_ATTEMPTS ?? file.mailMaxAttempts, 8, 'mailMaxAttempts'),
    mailLeaseSeconds: positiveInt(
      env.SELARAS_MAIL_LEASE_SECONDS ?? file.mailLeaseSeconds,
      300,
      'mailLeaseSeconds',
    ),
    secretKey: env.SELARAS_SECRET_KEY || stringOf(file.secretKey),
    webHost: env.SELARAS_HOST || stringOf(file.webHost) || '127.0.0.1',
    webPort: portOf(env.SELARAS_PORT ?? file.webPort),
    trustProxy: booleanOf(env.SELARAS_TRUST_PROXY ?? file.trustProxy, 'trustProxy'),
    secureCookies: booleanOf(env.SELARAS_SECURE_COOKIES ?? file.secureCookies, 'secureCookies'),
    apiRatePerMinute: positiveInt(
      env.SELARAS_API_RATE_PER_MINUTE ?? file.apiRatePerMinute,
      DEFAULT_API_RATE_PER_MINUTE,
      'apiRatePerMinute',
    ),
    dapodik: dapodikOf(env, file),
    provision: provisionOf(env, file),
  };
  return Object.freeze(config);
}

function dapodikOf(env: Env, file: Record<string, unknown>): DapodikSettings {
  return Object.freeze({
    url: env.SELARAS_DAPODIK_URL || stringOf(file.dapodikUrl),
    token: env.SELARAS_DAPODIK_TOKEN || stringOf(file.dapodikToken),
    timeoutMs: positiveInt(
      env.SELARAS_DAPODIK_TIMEOUT_MS ?? file.dapodikTimeoutMs,
      30_000,
      'dapodikTimeoutMs',
    ),
    concurrency: positiveInt(
      env.SELARAS_DAPODIK_CONCURRENCY ?? file.dapodikConcurrency,
      4,
      'dapodikConcurrency',
    ),
    retries: wholeInt(env.SELARAS_DAPODIK_RETRIES ?? file.dapodikRetries, 3, 'dapodikRetries'),
    backoffMs: wholeInt(env.SELARAS_DAPODIK_BACKOFF_MS ?? file.dapodikBackoffMs, 500, 'dapodikBackoffMs'),
    backoffCapMs: wholeInt(
      env.SELARAS_DAPODIK_BACKOFF_CAP_MS ?? file.dapodikBackoffCapMs,
      30_000,
      'dapodikBackoffCapMs',
    ),
  });
}

function provisionOf(env: Env, file: Record<string, unknown>): ProvisionSettings {
  const googleCredentialsFile = env.SELARAS_GOOGLE_CREDENTIALS_FILE || stringOf(file.googleCredentialsFile);
  const googleAdminSubject = env.SELARAS_GOOGLE_ADMIN_SUBJECT || stringOf(file.googleAdminSubject);
  if (googleCredentialsFile !== undefined && googleAdminSubject === undefined)
    throw new AppError(
      'bad_input',
      'SELARAS_GOOGLE_ADMIN_SUBJECT (the administrator to impersonate) must be set',
    );
  return Object.freeze({
    googleCredentialsFile,
    googleAdminSubject,
    scimUrl: httpUrlOf(
      env.SELARAS_PROVISION_SCIM_URL ?? stringOf(file.provisionScimUrl),
      'SELARAS_PROVISION_SCIM_URL',
    ),
    scimToken: env.SELARAS_PROVISION_SCIM_TOKEN || stringOf(file.provisionScimToken),
    googleCustomer: env.SELARAS_GOOGLE_CUSTOMER || stringOf(file.googleCustomer) || 'my_customer',
    googleQpm: positiveInt(env.SELARAS_GOOGLE_QPM ?? file.googleQpm, 2400, 'googleQpm'),
    timeoutMs: positiveInt(
      env.SELARAS_PROVISION_TIMEOUT_MS ?? file.provisionTimeoutMs,
      20_000,
      'provisionTimeoutMs',
    ),
    maxAttempts: positiveInt(
      env.SELARAS_PROVISION_MAX_ATTEMPTS ?? file.provisionMaxAttempts,
      10,
      'provisionMaxAttempts',
    ),
    workers: positiveInt(env.SELARAS_PROVISION_WORKERS ?? file.provisionWorkers, 2, 'provisionWorkers'),
    ratePerSecond: positiveNumber(
      env.SELARAS_PROVISION_RATE_PER_SECOND ?? file.provisionRatePerSecond,
      'provisionRatePerSecond',
    ),
  });
}

/** An empty value means "none"; anything else must be an http(s) URL. */
function httpUrlOf(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^https?:\/\//i.test(value))
    throw new AppError('bad_input', `${name} must start with http:// or https://`);
  return value.trim();
}

function wholeInt(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new AppError('bad_input', `${name} must be a whole number`);
  return n;
}

function langOf(value: unknown): 'id' | 'en' {
  if (value === undefined || value === '') return 'id';
  if (value === 'id' || value === 'en') return value;
  throw new AppError('bad_input', `lang must be id or en, not ${String(value)}`);
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  const candidate = path ?? 'selaras.config.json';
  if (!existsSync(candidate)) {
    if (path) throw new AppError('bad_input', `config file ${path} does not exist`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new AppError('bad_input', `config file ${candidate} is not valid JSON: ${(err as Error).message}`);
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function positiveInt(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AppError('bad_input', `${name} must be a positive integer`);
  return n;
}

/** 0 asks the system for any free port (tests, and a second console beside a running one). */
function portOf(value: unknown): number {
  if (value === undefined || value === '') return 3000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new AppError('bad_input', 'the port must be 0 to 65535');
  return n;
}

function booleanOf(value: unknown, name: string): boolean {
  if (value === undefined || value === '' || value === false || value === 'false' || value === '0')
    return false;
  if (value === true || value === 'true' || value === '1') return true;
  throw new AppError('bad_input', `${name} must be true or false`);
}

function positiveNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new AppError('bad_input', `${name} must be a positive number`);
  return n;
}

/** An empty SELARAS_SMTP_URL means "none", so a script can switch SMTP off by setting it blank. */
function smtpUrlOf(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^smtps?:\/\//i.test(value)) {
    throw new AppError('bad_input', 'SELARAS_SMTP_URL must start with smtp:// or smtps://');
  }
  return value;
}

/** Operators override policy fields; tables are given with their written names and normalised here. */
function mergePolicy(overrides: unknown): Policy {
  if (overrides === undefined) return DEFAULT_POLICY;
  if (typeof overrides !== 'object' || overrides === null) {
    throw new AppError('bad_input', 'policy in the config file must be an object');
  }
  const o = overrides as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (const [key, value] of Object.entries(o)) {
    if (!(key in DEFAULT_POLICY)) throw new AppError('bad_input', `unknown policy setting ${key}`);
    merged[key] = value;
  }
  for (const key of ['jenjangByBentuk', 'roleByJenisPtk'] as const) {
    if (key in o) merged[key] = normaliseKeys(o[key]);
  }
  if ('guards' in o) merged.guards = Object.freeze({ ...DEFAULT_POLICY.guards, ...(o.guards as object) });
  if ('noAccountPtk' in o) merged.noAccountPtk = (o.noAccountPtk as string[]).map(normaliseCode);
  return Object.freeze(merged) as unknown as Policy;
}

function normaliseKeys(table: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(table as Record<string, string>).map(([k, v]) => [normaliseCode(k), v]),
  );
}
