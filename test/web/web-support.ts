// Shared ground for the web tests: a real store (SQLite file or PostgreSQL schema) synced from real
// extracts, the real server on a loopback port, operators and tokens made through the same services
// as the CLI, and a small cookie-keeping HTTP client that reads CSRF tokens from the pages.
//
// The country, built so that month 2 holds exactly one school and nothing else:
//   provinsi 32 (Jawa Barat): SD_A 320101 (Kepala Sekolah, 2 teachers, 12 pupils),
//     SMP_B 320102 (Kepala Sekolah, 1 teacher, 10 pupils), 3 background SDs 320201 of 100 pupils;
//   provinsi 51 (Bali): SD_C 510101 (Kepala Sekolah, 1 teacher, 25 pupils),
//     3 background SDs 510102 of 100 pupils.
//   About 700 accounts. Month 2 takes 10 pupils out of SD_C: 40 % of a school of 27 (over the 30 %
//   school guard) but 10 / 327 ≈ 3 % of Bali (under 5 %) and 10 / 700 ≈ 1.4 % nationally (under 2 %):
//   the run is partly held, with one held scope `sekolah:51000001`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addOperator, addToken } from '../../src/access/operator-service.js';
import { loadConfig } from '../../src/config/config.js';
import { type OperatorScope, parseOperatorScope } from '../../src/domain/operator-scope.js';
import { CredentialVault } from '../../src/security/credential-vault.js';
import type { Store } from '../../src/store/store.js';
import type { SyncReport } from '../../src/sync/report.js';
import { syncExtract } from '../../src/sync/sync-service.js';
import { type RunningServer, startWebServer } from '../../src/web/server.js';
import type { WebDeps, WebLogEvent } from '../../src/web/web-types.js';
import { ExtractBuilder } from '../fixtures/extract-builder.js';
import { type Dialect, freshStore } from '../support/stores.js';

export const NPSN = {
  sdA: '32000001',
  smpB: '32000002',
  sdC: '51000001',
} as const;
export const KODE = { sdA: '320101', smpB: '320102', bg32: '320201', sdC: '510101', bg51: '510102' } as const;
export const MONTH_1 = { snapshotId: 'dapodik-2025-01', takenAt: '2025-01-15' } as const;
export const MONTH_2 = { snapshotId: 'dapodik-2025-02', takenAt: '2025-02-15' } as const;
/** The pupils month 2 takes out of SD_C (pd-c-00 … pd-c-09). */
export const LEAVING_C = Array.from({ length: 10 }, (_, i) => `pd-c-${String(i).padStart(2, '0')}`);
export const PASSWORD = 'kata-sandi-yang-panjang';

/** A pupil of the world, as Cek Akun would be asked about them. */
export interface KnownPupil {
  pdId: string;
  nama: string;
  npsn: string;
  tanggalLahir: string;
}

export function monthOne(): ExtractBuilder {
  const b = new ExtractBuilder(MONTH_1);
  b.school({ npsn: NPSN.sdA, bentuk: 'SD', nama: 'SD NEGERI 1 BANDUNG', kodeWilayah: KODE.sdA });
  b.school({ npsn: NPSN.smpB, bentuk: 'SMP', nama: 'SMP NEGERI 2 BANDUNG', kodeWilayah: KODE.smpB });
  b.school({ npsn: NPSN.sdC, bentuk: 'SD', nama: 'SD NEGERI 3 DENPASAR', kodeWilayah: KODE.sdC });
  b.ptk({ ptkId: 'ptk-a-ks', npsn: NPSN.sdA, jenisPtk: 'Kepala Sekolah', nama: 'Dewi Lestari, S.Pd.' });
  b.ptk({ ptkId: 'ptk-a-1', npsn: NPSN.sdA, jenisPtk: 'Guru Kelas', nama: 'Agus Salim' });
  b.ptk({ ptkId: 'ptk-a-2', npsn: NPSN.sdA, jenisPtk: 'Guru Mapel', nama: 'Rina Marlina' });
  b.ptk({ ptkId: 'ptk-b-ks', npsn: NPSN.smpB, jenisPtk: 'Kepala Sekolah', nama: 'Hendra Gunawan' });
  b.ptk({ ptkId: 'ptk-b-1', npsn: NPSN.smpB, jenisPtk: 'Guru Mapel', nama: 'Yuliani Putri' });
  b.ptk({ ptkId: 'ptk-c-ks', npsn: NPSN.sdC, jenisPtk: 'Kepala Sekolah', nama: 'I Made Wirawan' });
  b.ptk({ ptkId: 'ptk-c-1', npsn: NPSN.sdC, jenisPtk: 'Guru Kelas', nama: 'Ni Luh Sukerti' });
  for (let i = 0; i < 12; i++) {
    b.pd({ pdId: `pd-a-${pad(i)}`, npsn: NPSN.sdA, tingkat: 1 + (i % 6), nama: `Siti Aminah ${pad(i)}` });
  }
  for (let i = 0; i < 10; i++) {
    b.pd({ pdId: `pd-b-${pad(i)}`, npsn: NPSN.smpB, tingkat: 7 + (i % 3), nama: `Budi Santoso ${pad(i)}` });
  }
  for (let i = 0; i < 25; i++) {
    b.pd({ pdId: `pd-c-${pad(i)}`, npsn: NPSN.sdC, tingkat: 1 + (i % 6), nama: `Ketut Arsana ${pad(i)}` });
  }
  background(b, '32', KODE.bg32);
  background(b, '51', KODE.bg51);
  return b;
}

export function monthTwo(): ExtractBuilder {
  const b = monthOne().clone(MONTH_2);
  for (const id of LEAVING_C) b.removePd(id);
  return b;
}

function background(b: ExtractBuilder, province: string, kode: string): void {
  for (let s = 0; s < 3; s++) {
    const npsn = `${province}0001${s}0`;
    b.school({ npsn, bentuk: 'SD', nama: `SD LATAR ${province}-${s}`, kodeWilayah: kode });
    for (let i = 0; i < 100; i++) {
      b.pd({
        pdId: `bg-${province}-${s}-${pad(i)}`,
        npsn,
        tingkat: 1 + (i % 6),
        nama: `Murid Latar ${pad(i)}`,
      });
    }
  }
}

function pad(i: number): string {
  return String(i).padStart(2, '0');
}

export interface WebWorld {
  dialect: Dialect;
  store: Store;
  url: string;
  deps: WebDeps;
  dataDir: string;
  /** What the server logged, for tests that check nothing secret is in it. */
  logged: WebLogEvent[];
  sync(builder: ExtractBuilder): Promise<SyncReport>;
  addOperator(login: string, role: string, password?: string): Promise<OperatorScope>;
  addToken(role: string): Promise<string>;
  close(): Promise<void>;
}

/** A store, synced with `months` of the world above, and the server on a free loopback port. */
export async function webWorld(
  dialect: Dialect,
  months: 0 | 1 | 2 = 1,
  now = () => new Date(),
  /** More SELARAS_* settings, e.g. { SELARAS_TRUST_PROXY: '1' } to vary the client by X-Forwarded-For. */
  env: Record<string, string> = {},
): Promise<WebWorld> {
  const fresh = await freshStore(dialect);
  const dataDir = await mkdtemp(join(tmpdir(), 'selaras-web-'));
  const config = loadConfig(
    { db: fresh.location },
    { SELARAS_DATA_DIR: dataDir, SELARAS_SECRET_KEY: '11'.repeat(32), SELARAS_SMTP_URL: '', ...env },
  );
  const masterKey = Buffer.from('11'.repeat(32), 'hex');
  const vault = new CredentialVault(masterKey);
  const logged: WebLogEvent[] = [];
  const deps: WebDeps = { store: fresh.store, config, masterKey, vault, now, log: (e) => logged.push(e) };
  const sync = async (builder: ExtractBuilder) => {
    const dir = await builder.write();
    try {
      return await syncExtract(fresh.store, dir, {
        policy: config.policy,
        plan: false,
        partitions: 4,
        batchSize: 500,
        dataDir,
        now,
        actor: 'test',
        lang: 'id',
        vault,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  let server: RunningServer | undefined;
  try {
    if (months >= 1) await sync(monthOne());
    if (months >= 2) await sync(monthTwo());
    server = await startWebServer(deps, '127.0.0.1', 0);
  } catch (error) {
    await fresh.dispose();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    dialect,
    store: fresh.store,
    url: running.url,
    deps,
    dataDir,
    logged,
    sync,
    async addOperator(login, role, password = PASSWORD) {
      const scope = scopeOf(role);
      await addOperator(fresh.store, { login, scope, password, actor: 'test', now: now() });
      return scope;
    },
    async addToken(role) {
      return (await addToken(fresh.store, { scope: scopeOf(role), label: 'test', actor: 'test', now: now() }))
        .token;
    },
    async close() {
      await running.close();
      await fresh.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function scopeOf(role: string): OperatorScope {
  const parsed = parseOperatorScope(role);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/**
 * A browser without a browser: keeps cookies, follows nothing by itself, and posts forms with the
 * CSRF token of the last page it read (from <meta name="csrf-token">).
 */
export class WebClient {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(new URL(path, this.base), {
      headers: { ...this.cookieHeader(), ...headers },
      redirect: 'manual',
    });
    this.keep(res);
    return res;
  }

  /** GET and read the body as text, remembering the page's CSRF token. */
  async page(path: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await this.get(path);
    const html = await res.text();
    const token = /<meta name="csrf-token" content="([^"]*)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, html, res };
  }

  /** POST a form; the CSRF token is added unless `fields._csrf` is given (null leaves it out). */
  async post(path: string, fields: Record<string, string | null>): Promise<Response> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) if (v !== null) body.set(k, v);
    const res = await fetch(new URL(path, this.base), {
      method: 'POST',
      headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    this.keep(res);
    return res;
  }

  /** Reads the login page (for its CSRF token) and signs in; returns the POST's response. */
  async login(login: string, password = PASSWORD): Promise<Response> {
    await this.page('/login');
    return this.post('/login', { login, password, next: '/' });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Calls the API with a bearer token; returns the status and the parsed JSON body. */
export async function api(
  base: string,
  token: string | null,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(`/api/v1${path}`, base), {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status: res.status, body, headers: res.headers };
}
