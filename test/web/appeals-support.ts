// Ground for the appeal tests (issue 10): the web world with a clock the test moves, a month in which
// some pupils are gone (their accounts deactivating), a visitor who looks a pupil up on Cek Akun and
// files "Data saya salah", and `tick` on a chosen day through the real tick service.
import assert from 'node:assert/strict';
import { parseMailPayload } from '../../src/notify/mail-payload.js';
import type { SyncReport } from '../../src/sync/report.js';
import { tick } from '../../src/sync/tick-service.js';
import type { Dialect } from '../support/stores.js';
import { monthOne, NPSN, type WebWorld, webWorld } from './web-support.js';

/** Taken out of the data in the month after the first (2025-02-15): suspended on 2025-03-17. */
export const GONE = ['pd-a-01', 'pd-a-02', 'pd-a-03', 'pd-a-04', 'pd-b-01'] as const;
export const GONE_ON = '2025-02-15';
export const SUSPEND_ON = '2025-03-17';

/** A clock the test sets by day; the server, the syncs and the decisions all read it. */
export class TestClock {
  day = '2025-02-20';
  now = (): Date => new Date(`${this.day}T08:00:00.000Z`);
}

export interface AppealWorld extends WebWorld {
  clock: TestClock;
}

/** Month one, then the month without GONE; the server counts clients by X-Forwarded-For. */
export async function appealWorld(dialect: Dialect, gone: readonly string[] = GONE): Promise<AppealWorld> {
  const clock = new TestClock();
  const world = await webWorld(dialect, 1, clock.now, { SELARAS_TRUST_PROXY: '1' });
  try {
    const builder = monthOne().clone({ snapshotId: 'dapodik-2025-02', takenAt: GONE_ON });
    for (const id of gone) builder.removePd(id);
    const report = await world.sync(builder);
    assert.equal(report.status, 'applied', JSON.stringify(report.held));
  } catch (error) {
    await world.close();
    throw error;
  }
  return Object.assign(world, { clock });
}

/** A later month: month one without `gone`, plus `extra` pupils (by id, at a school). */
export function laterMonth(
  snapshotId: string,
  takenAt: string,
  gone: readonly string[],
  extra: { pdId: string; npsn: string; nama: string }[] = [],
) {
  const builder = monthOne().clone({ snapshotId, takenAt });
  for (const id of gone) builder.removePd(id);
  for (const pd of extra) builder.pd({ ...pd, tingkat: 8 });
  return builder;
}

export async function tickOn(world: AppealWorld, day: string): Promise<SyncReport> {
  return tick(world.store, {
    today: day,
    policy: world.deps.config.policy,
    plan: false,
    batchSize: 500,
    now: () => new Date(`${day}T01:00:00.000Z`),
    actor: 'tick-test',
    lang: 'id',
  });
}

export interface Page {
  status: number;
  html: string;
  headers: Headers;
}

/** A visitor of the public pages with its own client address and cookies (CSRF binding). */
export class PublicVisitor {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(
    readonly base: string,
    readonly address: string,
  ) {}

  async open(path = '/cek-akun'): Promise<Page> {
    const res = await fetch(new URL(path, this.base), { headers: this.headers(), redirect: 'manual' });
    return this.read(res);
  }

  async post(path: string, fields: Record<string, string>): Promise<Page> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    const res = await fetch(new URL(path, this.base), {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    return this.read(res);
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return headers;
  }

  private async read(res: Response): Promise<Page> {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const page = { status: res.status, html: await res.text(), headers: res.headers };
    const token = /<meta name="csrf-token" content="([^"]*)"/.exec(page.html)?.[1];
    if (token) this.csrf = token;
    return page;
  }
}

let clients = 0;

/** A visitor from an address no other visitor of this process used (each has its own rate limit). */
export async function visitor(world: WebWorld): Promise<PublicVisitor> {
  clients += 1;
  const v = new PublicVisitor(world.url, `203.0.${Math.floor(clients / 250)}.${(clients % 250) + 1}`);
  await v.open();
  return v;
}

export interface Pupil {
  pdId: string;
  accountId: number;
  address: string;
  nama: string;
  tanggalLahir: string;
  npsn: string;
}

export async function pupil(world: WebWorld, pdId: string): Promise<Pupil> {
  const row = await world.store.db
    .selectFrom('accounts')
    .innerJoin('persons', 'persons.person_id', 'accounts.person_id')
    .select([
      'accounts.id',
      'accounts.primary_address',
      'accounts.npsn',
      'persons.nama',
      'persons.tanggal_lahir',
    ])
    .where('accounts.person_id', '=', pdId)
    .executeTakeFirstOrThrow();
  return {
    pdId,
    accountId: Number(row.id),
    address: row.primary_address,
    nama: row.nama,
    tanggalLahir: row.tanggal_lahir,
    npsn: row.npsn,
  };
}

/** Looks the pupil up on Cek Akun (as the pupil or a parent would) and returns the found page. */
export async function lookUp(v: PublicVisitor, p: Pupil): Promise<Page> {
  const page = await v.post('/cek-akun', {
    kind: 'pd',
    npsn: p.npsn,
    nama: p.nama,
    tanggal_lahir: p.tanggalLahir,
  });
  assert.equal(page.status, 200);
  return page;
}

/** The sealed proof of the appeal form of this account in a found page, if the page offers one. */
export function proofIn(html: string, accountId: number): string | undefined {
  const form = new RegExp(`id="appeal-form-${accountId}"[\\s\\S]*?name="proof" value="([^"]+)"`).exec(html);
  return form?.[1];
}

export function resultOf(html: string): string | undefined {
  return /id="cek-akun-result" data-result="([a-z_]+)"/.exec(html)?.[1];
}

/** Looks up, then files an appeal with `message` (and a contact email) from the found page. */
export async function fileAppeal(
  world: WebWorld,
  p: Pupil,
  message: string,
  email = '',
): Promise<{ page: Page; visitor: PublicVisitor; proof: string }> {
  const v = await visitor(world);
  const found = await lookUp(v, p);
  const proof = proofIn(found.html, p.accountId);
  assert.ok(proof, `the found page offers an appeal for ${p.pdId}`);
  const page = await v.post('/cek-akun/banding', { proof, isi: message, email });
  return { page, visitor: v, proof };
}

export async function accountOf(world: WebWorld, accountId: number) {
  return world.store.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
}

export async function appealsOf(world: WebWorld, accountId: number) {
  return world.store.db
    .selectFrom('appeals')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
}

export async function auditActions(world: WebWorld, appealId: number): Promise<string[]> {
  const rows = await world.store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  return rows
    .filter(
      (r) =>
        r.action.startsWith('appeal_') &&
        (JSON.parse(r.details_json) as { appeal_id?: number }).appeal_id === appealId,
    )
    .map((r) => `${r.action}:${r.scope}`);
}

export interface QueuedMail {
  id: number;
  runId: number;
  accountId: number | null;
  template: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Mail rows queued about this account (not provisioning work), oldest first, with their payloads. */
export async function mailsAbout(world: WebWorld, accountId: number): Promise<QueuedMail[]> {
  const rows = await world.store.db
    .selectFrom('outbox')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('channel', '=', 'mail')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const parsed = parseMailPayload(r.payload_json);
    assert.ok(parsed.ok, 'a readable payload');
    const p = parsed.payload;
    return {
      id: Number(r.id),
      runId: Number(r.run_id),
      accountId: r.account_id === null ? null : Number(r.account_id),
      template: p.template,
      to: p.to,
      subject: p.subject,
      text: p.text,
      html: p.html,
    };
  });
}

export async function schoolAdmins(world: WebWorld, npsn: string): Promise<string[]> {
  const rows = await world.store.db
    .selectFrom('accounts')
    .select('primary_address')
    .where('npsn', '=', npsn)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('primary_address')
    .execute();
  return rows.map((r) => r.primary_address);
}

export { NPSN };
