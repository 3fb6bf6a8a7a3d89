// Shared ground for the CLI scenarios: a small world of schools, a session bound to one fresh store,
// and assertions written against the report and event contracts of DESIGN 3.2.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CliEvent,
  type CliResult,
  type EventEnd,
  events,
  explain,
  runCli,
  type SyncReport,
} from '../fixtures/cli.js';
import { ExtractBuilder } from '../fixtures/extract-builder.js';
import { type Dialect, freshLocation } from '../support/stores.js';

/** Every event type of DESIGN 2, the time-driven ones included: `counts` lists them all. */
export const EVENT_TYPES = [
  'ptk_deactivated',
  'ptk_role_changed',
  'ptk_transferred',
  'pd_level_changed',
  'pd_deactivated',
  'pd_transferred',
  'pd_continuation_pending',
  'account_created',
  'account_reactivated',
  'profile_updated',
  'deactivation_reminder',
  'account_suspended',
  'account_deleted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type Counts = Partial<Record<EventType, number>>;

export const NPSN = {
  sdA: '20100001',
  sdB: '20100002',
  sdClosing: '20100003',
  smpC: '20200001',
  smpD: '20200002',
  smaE: '20300001',
  tkF: '20400001',
  filler: '20199999',
} as const;
export type SchoolKey = Exclude<keyof typeof NPSN, 'filler'>;

const BENTUK: Record<SchoolKey, string> = {
  sdA: 'SD',
  sdB: 'SD',
  sdClosing: 'SD',
  smpC: 'SMP',
  smpD: 'SMP',
  smaE: 'SMA',
  tkF: 'TK',
};

/** A teacher who stays at each scenario school, so no school ever looks emptied (a completeness hold). */
const RESIDENT: Record<SchoolKey, string> = {
  sdA: 'Bambang Wibowo',
  sdB: 'Sri Mulyani',
  sdClosing: 'Teguh Santoso',
  smpC: 'Taufik Hidayat',
  smpD: 'Wulan Sari',
  smaE: 'Yanti Susanti',
  tkF: 'Nur Aini',
};

export const MONTHS = [
  { snapshotId: 'dapodik-2024-07', takenAt: '2024-07-15' },
  { snapshotId: 'dapodik-2024-08', takenAt: '2024-08-15' },
  { snapshotId: 'dapodik-2024-09', takenAt: '2024-09-15' },
] as const;
export const [M1, M2, M3] = MONTHS;

/**
 * Pupils of one untouched school. The safety guards hold a run when more than 2 % of the active
 * accounts would leave; this many bystanders lets a scenario deactivate two accounts and still
 * apply.
 */
export const FILLER_PUPILS = 150;
const FIRST = ['Adi', 'Bima', 'Candra', 'Dimas', 'Eka', 'Fikri', 'Galih', 'Hana', 'Indah', 'Joni'];
const LAST = ['Wijaya', 'Kusnadi', 'Halim', 'Sembiring', 'Siregar', 'Nasution', 'Lubis', 'Tanjung'];
const MORE = ['Harahap', 'Ginting', 'Pane', 'Sinaga', 'Purba', 'Manurung', 'Hutapea'];

/** Month 1 of a scenario: the bystander school plus the named schools, each with its resident. */
export function world(schools: readonly SchoolKey[], month: { snapshotId: string; takenAt: string } = M1) {
  const b = new ExtractBuilder(month);
  b.school({ npsn: NPSN.filler, bentuk: 'SD', nama: 'SD Negeri Penyangga' });
  const lasts = [...LAST, ...MORE];
  for (let i = 0; i < FILLER_PUPILS; i++) {
    const nama = `${FIRST[i % FIRST.length]} ${lasts[Math.floor(i / FIRST.length)]}`;
    b.pd({ pdId: `PD-Z-${String(i).padStart(3, '0')}`, npsn: NPSN.filler, tingkat: 1 + (i % 5), nama });
  }
  for (const key of schools) {
    b.school({ npsn: NPSN[key], bentuk: BENTUK[key] });
    b.ptk({ ptkId: `PTK-RES-${NPSN[key]}`, npsn: NPSN[key], jenisPtk: 'Guru Kelas', nama: RESIDENT[key] });
  }
  return b;
}

/** Accounts a `world(schools)` creates on its own. */
export function worldAccounts(schools: readonly SchoolKey[]): number {
  return FILLER_PUPILS + schools.length;
}

/** An end of an event as DESIGN 2 derives it from the address: role and jenjang are in the domain. */
export function at(address: string, npsn: string): EventEnd {
  const labels = (address.split('@')[1] ?? '').split('.');
  const staff = labels[0] === 'guru' || labels[0] === 'admin';
  return {
    address,
    role: staff ? labels[0]! : 'siswa',
    jenjang: (staff ? labels[1] : labels[0]) ?? '',
    npsn,
  };
}

export interface Applied {
  report: SyncReport;
  events: CliEvent[];
}

/** One fresh store and a scratch directory for the extracts written into it. */
export class CliSession {
  private written = 0;

  constructor(
    readonly db: string,
    private readonly root: string,
  ) {}

  async write(b: ExtractBuilder): Promise<string> {
    this.written += 1;
    return b.write(join(this.root, `extract-${this.written}`));
  }

  async sync(extract: ExtractBuilder | string, ...flags: string[]): Promise<CliResult> {
    const dir = typeof extract === 'string' ? extract : await this.write(extract);
    return runCli(['sync', dir, ...flags, '--json'], { db: this.db });
  }

  /** Syncs, requires `applied` with exactly `counts`, and returns the report and its events. */
  async applied(b: ExtractBuilder, counts: Counts, rejectedRows = 0): Promise<Applied> {
    const result = await this.sync(b);
    const report = assertReport(result, { code: 0, status: 'applied', counts, rejectedRows, extract: b });
    const evts = await this.events(report.run_id);
    assertEventsMatchReport(evts, report, 'applied', b.takenAt);
    return { report, events: evts };
  }

  events(runId: number | string): Promise<CliEvent[]> {
    return events(runId, this.db);
  }

  run(args: string[]): Promise<CliResult> {
    return runCli(args, { db: this.db });
  }

  /** `accounts show <address> --json`, required to succeed. */
  // biome-ignore lint/suspicious/noExplicitAny: the account view's shape is the engine's to choose.
  async account(address: string): Promise<{ json: any; text: string }> {
    const result = await this.run(['accounts', 'show', address, '--json']);
    assert.equal(result.code, 0, `accounts show ${address}: ${explain(result)}`);
    assert.ok(result.json !== undefined, `accounts show ${address} printed no JSON: ${explain(result)}`);
    return { json: result.json, text: result.stdout };
  }

  /** The account's status: the shallowest `status` field of `accounts show --json`. */
  async accountStatus(address: string): Promise<string> {
    const { json } = await this.account(address);
    const status = shallowest(json, 'status');
    assert.equal(
      typeof status,
      'string',
      `accounts show ${address} --json has no status: ${JSON.stringify(json)}`,
    );
    return status as string;
  }
}

function shallowest(root: unknown, key: string): unknown {
  let level: unknown[] = [root];
  while (level.length > 0) {
    const next: unknown[] = [];
    for (const node of level) {
      if (node === null || typeof node !== 'object') continue;
      if (!Array.isArray(node) && key in node) return (node as Record<string, unknown>)[key];
      next.push(...Object.values(node));
    }
    level = next;
  }
  return undefined;
}

export async function withSession(dialect: Dialect, body: (s: CliSession) => Promise<void>): Promise<void> {
  const store = await freshLocation(dialect);
  const root = await mkdtemp(join(tmpdir(), 'selaras-cli-'));
  try {
    await body(new CliSession(store.location, root));
  } finally {
    await store.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

export function assertCounts(actual: Record<string, number> | undefined, expected: Counts, what = 'counts') {
  assert.ok(actual && typeof actual === 'object', `${what} missing`);
  for (const type of EVENT_TYPES) {
    assert.equal(actual[type], expected[type] ?? 0, `${what}.${type} (${JSON.stringify(actual)})`);
  }
  for (const [type, n] of Object.entries(actual)) {
    if (!(EVENT_TYPES as readonly string[]).includes(type)) assert.equal(n, 0, `${what}.${type}`);
  }
}

export interface ReportExpectation {
  code: number;
  status: string;
  counts?: Counts;
  rejectedRows?: number;
  extract?: ExtractBuilder;
}

export function assertReport(result: CliResult, exp: ReportExpectation): SyncReport {
  assert.equal(result.code, exp.code, `exit code: ${explain(result)}`);
  const report = result.json as SyncReport | undefined;
  assert.ok(report && typeof report === 'object', `sync --json printed no report: ${explain(result)}`);
  assert.equal(report.status, exp.status, `status: ${explain(result)}`);
  assert.ok(['number', 'string'].includes(typeof report.run_id), `run_id: ${result.stdout}`);
  if (exp.extract) {
    assert.deepEqual(report.snapshot, { id: exp.extract.snapshotId, taken_at: exp.extract.takenAt });
  }
  if (exp.counts) assertCounts(report.counts, exp.counts);
  if (exp.rejectedRows !== undefined) assert.equal(report.rejected_rows, exp.rejectedRows, 'rejected_rows');
  if (['applied', 'unchanged', 'planned'].includes(exp.status)) assert.deepEqual(report.held, [], 'held');
  return report;
}

/** The events listed for a run are exactly the ones its report counted, all in `state`. */
export function assertEventsMatchReport(
  evts: CliEvent[],
  report: SyncReport,
  state: string,
  takenAt: string,
) {
  const tally: Record<string, number> = {};
  for (const e of evts) tally[e.type] = (tally[e.type] ?? 0) + 1;
  for (const type of EVENT_TYPES) {
    assert.equal(tally[type] ?? 0, report.counts[type] ?? 0, `events of type ${type} vs counts`);
  }
  for (const e of evts) {
    assert.equal(e.state, state, `state of ${JSON.stringify(e)}`);
    assert.equal(String(e.run_id), String(report.run_id), 'run_id');
    assert.equal(e.effective_date, takenAt, `effective_date of ${JSON.stringify(e)}`);
  }
}

/** The single event about `personId` in this run. */
export function eventOf(evts: CliEvent[], personId: string): CliEvent {
  const found = evts.filter((e) => e.person?.id === personId);
  assert.equal(found.length, 1, `one event for ${personId}, got ${JSON.stringify(found)}`);
  return found[0]!;
}

export function eventsOf(evts: CliEvent[], personId: string): CliEvent[] {
  return evts.filter((e) => e.person?.id === personId);
}

export function assertNoEventFor(evts: CliEvent[], ...personIds: string[]) {
  for (const id of personIds) assert.deepEqual(eventsOf(evts, id), [], `no event for ${id}`);
}

export interface EventExpectation {
  type: EventType;
  kind?: 'ptk' | 'pd';
  /** A string must match; null means the field is absent; undefined leaves it unchecked. */
  reason?: string | null;
  sameJenjang?: boolean;
  from?: EventEnd | null;
  to?: EventEnd | null;
  accountId?: number | string | null;
}

function pickEnd(end: EventEnd | null | undefined): EventEnd | null {
  if (end === undefined || end === null) return null;
  return { address: end.address, jenjang: end.jenjang, role: end.role, npsn: end.npsn };
}

export function assertEvent(e: CliEvent, exp: EventExpectation): void {
  const where = `event ${JSON.stringify(e)}`;
  assert.equal(e.type, exp.type, where);
  if (exp.kind) assert.equal(e.person.kind, exp.kind, where);
  if (exp.reason !== undefined) assert.equal(e.reason ?? null, exp.reason, `reason of ${where}`);
  if (exp.sameJenjang !== undefined)
    assert.equal(e.same_jenjang, exp.sameJenjang, `same_jenjang of ${where}`);
  if (exp.from !== undefined) assert.deepEqual(pickEnd(e.from), exp.from, `from of ${where}`);
  if (exp.to !== undefined) assert.deepEqual(pickEnd(e.to), exp.to, `to of ${where}`);
  if (exp.accountId !== undefined)
    assert.equal(String(e.account_id), String(exp.accountId), `account of ${where}`);
}
