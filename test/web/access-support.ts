// Ground for the access matrix (test/web/access-matrix.test.ts): one world holding something of every
// kind the console, the API and SCIM show — accounts, schools, runs, mail in the local mailbox, and a
// decided appeal at a school of each province — and an actor per role that calls any route the way
// that role would: an operator with a console session, or a bearer token, or nobody at all.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { coversSchool, formatOperatorScope, parseOperatorScope } from '../../src/domain/operator-scope.js';
import { createMailboxTransport } from '../../src/notify/mailbox-transport.js';
import { drainOutbox } from '../../src/notify/outbox-worker.js';
import type { Dialect } from '../support/stores.js';
import { api, KODE, MONTH_2, monthOne, NPSN, PASSWORD, type WebWorld, webWorld } from './web-support.js';

export const ROLES = [
  'anonymous',
  'nasional',
  'dinas:32',
  'dinas:51',
  `sekolah:${NPSN.sdA}`,
  `sekolah:${NPSN.sdC}`,
] as const;
export type Role = (typeof ROLES)[number];
export const OPERATOR_ROLES = ROLES.filter((r) => r !== 'anonymous');

/** The two schools every scoped route is asked about: one in each province. */
export const SCHOOL_A = { npsn: NPSN.sdA, kodeWilayah: KODE.sdA } as const;
export const SCHOOL_C = { npsn: NPSN.sdC, kodeWilayah: KODE.sdC } as const;
export type Place = { npsn: string; kodeWilayah: string };

/** Month 2 of this world: one pupil leaves SD_A and one SD_C (under every guard), so each can appeal. */
export const LEAVERS = { a: 'pd-a-01', c: 'pd-c-20' } as const;

export function covers(role: Role, place: Place): boolean {
  if (role === 'anonymous') return false;
  const parsed = parseOperatorScope(role);
  assert.ok(parsed.ok);
  return coversSchool(parsed.value, place);
}

/** What the matrix refers to by name: ids and files that exist in this world's store. */
export interface Targets {
  /** An account at SD_A and one at SD_C (the pupils pd-a-00 and pd-c-00). */
  account: { a: number; c: number };
  /** A decided (closed) appeal at each school: deciding it again is refused, inside the scope. */
  appeal: { a: number; c: number };
  /** A message in the local mailbox. */
  mailFile: string;
}

export interface AccessWorld {
  world: WebWorld;
  tokens: Map<Role, string>;
  targets: Targets;
}

export function loginOf(role: Role): string {
  return `op-${role.replace(/[^a-z0-9]/g, '-')}`;
}

export async function accessWorld(dialect: Dialect): Promise<AccessWorld> {
  // Clients are told apart by X-Forwarded-For, so each actor has its own Cek Akun and login limits.
  const world = await webWorld(dialect, 1, () => new Date(), { SELARAS_TRUST_PROXY: '1' });
  try {
    const month2 = await world.sync(monthOne().clone(MONTH_2).removePd(LEAVERS.a).removePd(LEAVERS.c));
    assert.equal(month2.status, 'applied');
    const tokens = new Map<Role, string>();
    for (const role of OPERATOR_ROLES) {
      await world.addOperator(loginOf(role), role);
      tokens.set(role, await world.addToken(role));
    }
    const nasional = tokens.get('nasional')!;
    const appeal = {
      a: await decidedAppeal(world, nasional, LEAVERS.a),
      c: await decidedAppeal(world, nasional, LEAVERS.c),
    };
    const account = { a: await accountOf(world, 'pd-a-00'), c: await accountOf(world, 'pd-c-00') };
    return { world, tokens, targets: { account, appeal, mailFile: await firstMailFile(world) } };
  } catch (error) {
    await world.close();
    throw error;
  }
}

export async function accountOf(world: WebWorld, personId: string): Promise<number> {
  const row = await world.store.db
    .selectFrom('accounts')
    .select('id')
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The NPSN of each account id, from the store (the truth a page's rows are checked against). */
export async function npsnsOfAccounts(world: WebWorld, ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await world.store.db
    .selectFrom('accounts')
    .select(['id', 'npsn'])
    .where('id', 'in', ids)
    .execute();
  assert.equal(rows.length, new Set(ids).size, 'every listed account exists');
  return rows.map((r) => r.npsn);
}

export async function placeOf(world: WebWorld, npsn: string): Promise<Place> {
  const row = await world.store.db
    .selectFrom('schools')
    .select(['npsn', 'kode_wilayah'])
    .where('npsn', '=', npsn)
    .executeTakeFirstOrThrow();
  return { npsn: row.npsn, kodeWilayah: row.kode_wilayah };
}

/**
 * An appeal filed the way a person files it (Cek Akun, then "Data saya salah"), then decided
 * `data_correct` by the national token so it is closed.
 */
async function decidedAppeal(world: WebWorld, token: string, personId: string): Promise<number> {
  const person = await world.store.db
    .selectFrom('persons')
    .innerJoin('accounts', 'accounts.person_id', 'persons.person_id')
    .select(['persons.nama', 'persons.tanggal_lahir', 'accounts.npsn', 'accounts.id'])
    .where('persons.person_id', '=', personId)
    .executeTakeFirstOrThrow();
  const visitor = new PublicVisitor(world.url, `192.0.2.${Number(person.id) % 250}`);
  await visitor.get('/cek-akun');
  const found = await visitor.postForm('/cek-akun', {
    kind: 'pd',
    npsn: person.npsn,
    nama: person.nama,
    tanggal_lahir: person.tanggal_lahir,
  });
  const proof = /name="proof" value="([^"]+)"/.exec(found.text)?.[1];
  assert.ok(proof, `Cek Akun offers ${personId} an appeal form`);
  const filed = await visitor.postForm('/cek-akun/banding', { proof, isi: 'Saya masih bersekolah di sini.' });
  assert.equal(filed.status, 200, 'the appeal is filed');
  const row = await world.store.db
    .selectFrom('appeals')
    .select('id')
    .where('account_id', '=', Number(person.id))
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  const decided = await api(world.url, token, `/appeals/${id}/resolve`, {
    method: 'POST',
    body: { decision: 'data_correct' },
  });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  return id;
}

async function firstMailFile(world: WebWorld): Promise<string> {
  const dir = join(world.dataDir, 'mail');
  const mailbox = createMailboxTransport({ dir });
  try {
    const drained = await drainOutbox(world.store, mailbox, { once: true });
    assert.ok(drained.sent > 0);
  } finally {
    await mailbox.close();
  }
  const file = (await readdir(dir)).sort()[0];
  assert.ok(file);
  return file;
}

/** The answer to one request, whatever the caller. */
export interface Outcome {
  status: number;
  location: string | null;
  contentType: string;
  text: string;
  setCookie: string[];
  nosniff: boolean;
}

/** A browser without a session: keeps its cookies (the pre-session CSRF binding) and one address. */
export class PublicVisitor {
  protected readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly base: string,
    readonly address: string,
  ) {}

  async get(path: string): Promise<Outcome> {
    return this.send('GET', path);
  }

  /** POSTs a form with the CSRF token of the last page read (`_csrf: null` leaves it out). */
  async postForm(path: string, fields: Record<string, string | null>): Promise<Outcome> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) if (v !== null) body.set(k, v);
    return this.send('POST', path, body, 'application/x-www-form-urlencoded');
  }

  async send(method: string, path: string, body?: string | URLSearchParams, type?: string): Promise<Outcome> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (type) headers['content-type'] = type;
    const res = await fetch(new URL(path, this.base), {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const token = /<meta name="csrf-token" content="([^"]*)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return {
      status: res.status,
      location: res.headers.get('location'),
      contentType: res.headers.get('content-type') ?? '',
      text,
      setCookie: res.headers.getSetCookie(),
      nosniff: res.headers.get('x-content-type-options') === 'nosniff',
    };
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Sets a cookie as an attacker who controls the browser before sign-in could. */
  plant(name: string, value: string): void {
    this.cookies.set(name, value);
  }
}

/** How a request reaches the server: a console page (session + CSRF) or the API/SCIM (bearer). */
export type Channel = 'page' | 'bearer';

export interface Call {
  channel: Channel;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** A form for pages; a JSON value for the API and SCIM. */
  form?: Record<string, string>;
  json?: unknown;
}

/**
 * One role: a console operator signed in (or an anonymous browser that read the login page, so its
 * posts carry a valid pre-session CSRF token and reach the route's own checks), and its API token.
 */
export class Actor extends PublicVisitor {
  constructor(
    base: string,
    readonly role: Role,
    readonly token: string | null,
    index: number,
  ) {
    super(base, `203.0.113.${10 + index}`);
  }

  async start(): Promise<void> {
    await this.get('/login');
    if (this.role === 'anonymous') return;
    const res = await this.postForm('/login', { login: loginOf(this.role), password: PASSWORD, next: '/' });
    assert.equal(res.status, 303, `${this.role} signs in`);
    await this.get('/');
  }

  async call(call: Call): Promise<Outcome> {
    if (call.channel === 'page') {
      if (call.method === 'GET') return this.get(call.path);
      const out = await this.postForm(call.path, call.form ?? {});
      await this.get('/login'); // a fresh CSRF token for the next post (a redirect has no page)
      return out;
    }
    const headers: Record<string, string> = {};
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    if (call.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(new URL(call.path, this.base), {
      method: call.method,
      headers,
      redirect: 'manual',
      ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
    });
    return {
      status: res.status,
      location: res.headers.get('location'),
      contentType: res.headers.get('content-type') ?? '',
      text: await res.text(),
      setCookie: res.headers.getSetCookie(),
      nosniff: res.headers.get('x-content-type-options') === 'nosniff',
    };
  }
}

export function scopeName(role: Role): string {
  if (role === 'anonymous') return role;
  const parsed = parseOperatorScope(role);
  assert.ok(parsed.ok);
  return formatOperatorScope(parsed.value);
}
