// Shared ground for the safety and time scenarios (DESIGN 2 "Account states" and "Safety", fine
// print 6, 7 and 9): a country large enough that only the guard a scenario aims at can trip, the
// extracts of those scenarios, and assertions on holds, decisions (`runs approve|reject`), the
// audit log and `tick`.
//
// The country: 28 background SD schools of 100 pupils each (no teachers), never changed by any
// scenario, spread over three provinces:
//   provinsi 01: 12 schools = 1 200 accounts, provinsi 02: 8 = 800, provinsi 03: 8 = 800;
//   2 800 accounts in all. Scenario schools are added on top (their sizes are given where defined).
// The guard limits are the documented defaults: national 2 %, province 5 %, school 30 % from 20
// accounts, seasonal 60 % of a school and 10 % nationally; each test spells out its arithmetic.
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { type CliEvent, type CliResult, explain, type SyncReport } from '../fixtures/cli.js';
import { cutLastRows } from '../fixtures/csv-cut.js';
import { ExtractBuilder } from '../fixtures/extract-builder.js';
import { assertCounts, type CliSession, type Counts } from './scenario-support.js';

/** Who decides through the CLI: the operating-system user (issue 3). */
export const OPERATOR = userInfo().username;

export const JUNE = { snapshotId: 'dapodik-2024-06', takenAt: '2024-06-15' } as const;
export const JULY = { snapshotId: 'dapodik-2024-07', takenAt: '2024-07-15' } as const;
export const AUGUST = { snapshotId: 'dapodik-2024-08', takenAt: '2024-08-15' } as const;
export const SEPTEMBER = { snapshotId: 'dapodik-2024-09', takenAt: '2024-09-15' } as const;

export const BACKGROUND_SCHOOLS: Readonly<Record<string, number>> = { '01': 12, '02': 8, '03': 8 };
export const PUPILS_PER_BACKGROUND_SCHOOL = 100;
export const BACKGROUND_ACCOUNTS = 2800;

const FIRST = [
  'Adi',
  'Bima',
  'Candra',
  'Dimas',
  'Eka',
  'Fikri',
  'Galih',
  'Hana',
  'Indah',
  'Joni',
  'Kartika',
  'Lestari',
  'Mega',
  'Nanda',
  'Oki',
  'Putra',
  'Rani',
  'Sari',
  'Tono',
  'Umi',
];
const LAST = [
  'Wijaya',
  'Kusnadi',
  'Halim',
  'Sembiring',
  'Siregar',
  'Nasution',
  'Lubis',
  'Tanjung',
  'Harahap',
  'Ginting',
  'Pane',
  'Sinaga',
  'Purba',
  'Manurung',
  'Hutapea',
  'Saragih',
  'Simatupang',
  'Panjaitan',
  'Pohan',
  'Daulay',
];

/** A name for a person id: 400 combinations, so few addresses need a high number. */
export function nameFor(id: string): string {
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return `${FIRST[h % FIRST.length]} ${LAST[(h >>> 8) % LAST.length]}`;
}

export function wilayah(province: string): string {
  return `${province}0100`;
}

export function backgroundNpsn(province: string, school: number): string {
  return `3${province}0${String(school + 1).padStart(4, '0')}`;
}

export function pupilId(npsn: string, k: number): string {
  return `PD-${npsn}-${String(k).padStart(3, '0')}`;
}

export function teacherId(npsn: string, j: number): string {
  return `PTK-${npsn}-${j}`;
}

export interface SchoolPlan {
  npsn: string;
  bentuk: string;
  province: string;
  /** [tingkat, how many pupils] in the order their rows are written. */
  pupils: ReadonlyArray<readonly [number, number]>;
  /** Teachers: the first is Kepala Sekolah, the others Guru Mapel. */
  teachers?: number;
}

/** The school, its teachers and its pupils (`pupilId(npsn, 0…)`), rows appended in that order. */
export function addSchool(b: ExtractBuilder, plan: SchoolPlan): ExtractBuilder {
  const { npsn } = plan;
  b.school({
    npsn,
    bentuk: plan.bentuk,
    kodeWilayah: wilayah(plan.province),
    nama: `${plan.bentuk} ${npsn}`,
  });
  for (let j = 0; j < (plan.teachers ?? 0); j++) {
    const ptkId = teacherId(npsn, j);
    b.ptk({ ptkId, npsn, jenisPtk: j === 0 ? 'Kepala Sekolah' : 'Guru Mapel', nama: nameFor(ptkId) });
  }
  let k = 0;
  for (const [tingkat, count] of plan.pupils) {
    for (let i = 0; i < count; i++, k++) {
      const pdId = pupilId(npsn, k);
      b.pd({ pdId, npsn, tingkat, nama: nameFor(pdId) });
    }
  }
  return b;
}

export function accountsOf(plan: SchoolPlan): number {
  return (plan.teachers ?? 0) + plan.pupils.reduce((n, [, count]) => n + count, 0);
}

/** The background country on its own: 2 800 pupils in 28 SD schools of three provinces. */
export function country(month: { snapshotId: string; takenAt: string }): ExtractBuilder {
  const b = new ExtractBuilder(month);
  for (const [province, schools] of Object.entries(BACKGROUND_SCHOOLS)) {
    for (let s = 0; s < schools; s++) {
      addSchool(b, {
        npsn: backgroundNpsn(province, s),
        bentuk: 'SD',
        province,
        pupils: [1, 2, 3, 4, 5].map((tingkat) => [tingkat, PUPILS_PER_BACKGROUND_SCHOOL / 5] as const),
      });
    }
  }
  return b;
}

/** A background pupil: the k-th of the s-th school of a province. */
export function backgroundPupil(province: string, school: number, k: number): string {
  return pupilId(backgroundNpsn(province, school), k);
}

/** Removes every row naming the school but keeps it in sekolah.csv (a completeness case). */
export function emptySchool(b: ExtractBuilder, npsn: string): ExtractBuilder {
  for (const id of new Set(
    b
      .pdRows()
      .filter((r) => r.npsn === npsn)
      .map((r) => r.pdId),
  ))
    b.removePd(id, npsn);
  for (const id of new Set(
    b
      .ptkRows()
      .filter((r) => r.npsn === npsn)
      .map((r) => r.ptkId),
  )) {
    b.removePtk(id, npsn);
  }
  return b;
}

/** person id → the address its first-load account_created gave it. */
export function addressBook(evts: readonly CliEvent[]): Map<string, string> {
  const book = new Map<string, string>();
  for (const e of evts) if (e.type === 'account_created' && e.to) book.set(e.person.id, e.to.address);
  return book;
}

export function addressOf(book: ReadonlyMap<string, string>, personId: string): string {
  const address = book.get(personId);
  assert.ok(address, `no account was created for ${personId}`);
  return address;
}

// ---------------------------------------------------------------------------------------------
// The truncation world (issue 3: "a truncated peserta_didik.csv … holds that school and applies
// the rest"), shared by the guard and the approval scenarios.
//
// On top of the country:  CMP, SD in provinsi 01: 1 teacher + 10 pupils = 11 accounts (below the
// 20-account floor: only completeness can hold it);  BIG, SD in provinsi 01: 2 teachers + 80
// pupils = 82 accounts, written last in peserta_didik.csv.  Active before month 2: national
// 2 800 + 11 + 82 = 2 893; provinsi 01: 1 200 + 93 = 1 293; provinsi 02: 800.
//
// Month 2 (truncatedMonth): peserta_didik.csv stops 40 rows early — the last 40 of BIG's 80 pupils
// (`pd_deactivated` absent) — and besides:
//   MOVER_IN, a background pupil of school 01/0, transfers into BIG (pd_transferred, into a held school);
//   TEACHER_OUT, BIG's second teacher, moves (Mutasi) to background school 01/1 (ptk_transferred, out of it);
//   DROPOUT, a pupil of background school 02/0, drops out (pd_deactivated putus_sekolah);
//   RENAMED, a pupil of background school 03/0, changes name (profile_updated).
// Leavers: 40 (BIG) + 1 (DROPOUT) = 41 → national 41 / 2 893 = 1.42 % (≤ 2 %); provinsi 01:
// 40 / 1 293 = 3.09 % (≤ 5 %); provinsi 02: 1 / 800 = 0.13 %; school 02/0: 1 / 100 = 1 % (≤ 30 %);
// BIG: 40 / 82 = 48.8 % (> 30 %, ≥ 20 accounts) → `sekolah:BIG` held, reason threshold, holding
// 40 pd_deactivated + 1 pd_transferred + 1 ptk_transferred = 42 events. Applied: DROPOUT and RENAMED.
// ---------------------------------------------------------------------------------------------
export const BIG = '40100001';
export const CMP = '40100002';
export const BIG_PLAN: SchoolPlan = {
  npsn: BIG,
  bentuk: 'SD',
  province: '01',
  pupils: [[1, 80]],
  teachers: 2,
};
export const CMP_PLAN: SchoolPlan = {
  npsn: CMP,
  bentuk: 'SD',
  province: '01',
  pupils: [[2, 10]],
  teachers: 1,
};
export const CUT = 40;
export const MOVER_IN = backgroundPupil('01', 0, 0);
export const TEACHER_OUT = teacherId(BIG, 1);
export const TEACHER_OUT_TO = backgroundNpsn('01', 1);
export const DROPOUT = backgroundPupil('02', 0, 5);
export const RENAMED = backgroundPupil('03', 0, 7);
/** The pupils the cut removes: BIG's last 40. */
export const CUT_PUPILS: readonly string[] = Array.from({ length: CUT }, (_, i) =>
  pupilId(BIG, 80 - CUT + i),
);
export const KEPT_PUPIL = pupilId(BIG, 0);

export const TRUNCATION_ACCOUNTS = BACKGROUND_ACCOUNTS + accountsOf(CMP_PLAN) + accountsOf(BIG_PLAN);
export const BIG_HELD_COUNTS: Counts = { pd_deactivated: CUT, pd_transferred: 1, ptk_transferred: 1 };
export const BIG_HELD = { scope: `sekolah:${BIG}`, reason: 'threshold', count: CUT + 2 };
export const TRUNCATION_APPLIED: Counts = { pd_deactivated: 1, profile_updated: 1 };

export function truncationWorld(month: { snapshotId: string; takenAt: string } = JULY): ExtractBuilder {
  return addSchool(addSchool(country(month), CMP_PLAN), BIG_PLAN);
}

/** Month 2 before the cut: the four ordinary changes, all on rows written before BIG's pupils. */
export function truncationChanges(
  m1: ExtractBuilder,
  month: { snapshotId: string; takenAt: string } = AUGUST,
): ExtractBuilder {
  return m1
    .clone(month)
    .updatePd(MOVER_IN, { npsn: BIG, rowId: `${MOVER_IN}-${BIG}` })
    .updatePtk(TEACHER_OUT, { jenisKeluar: 'Mutasi', tanggalKeluar: '2024-08-01' })
    .ptk({ ptkId: TEACHER_OUT, npsn: TEACHER_OUT_TO, jenisPtk: 'Guru Mapel', nama: nameFor(TEACHER_OUT) })
    .updatePd(DROPOUT, { jenisKeluar: 'Putus Sekolah', tanggalKeluar: '2024-08-01' })
    .updatePd(RENAMED, { nama: 'Rahmat Hidayat' });
}

/** Writes the extract, then cuts peserta_didik.csv after BIG's first 40 pupils. */
export async function writeTruncated(s: CliSession, b: ExtractBuilder): Promise<string> {
  const rows = b.pdRows();
  const last = rows.slice(-CUT).map((r) => r.pdId);
  assert.deepEqual(last, CUT_PUPILS, 'fixture: the last rows of peserta_didik.csv are BIG pupils');
  const dir = await s.write(b);
  const cut = await cutLastRows(join(dir, 'peserta_didik.csv'), CUT);
  assert.equal(cut.length, CUT);
  assert.ok(
    cut.every((line, i) => line.startsWith(`${CUT_PUPILS[i]}-${BIG},`)),
    'fixture: the cut removed BIG rows',
  );
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Reports, holds, decisions, audit
// ---------------------------------------------------------------------------------------------
export interface HeldEntry {
  scope: string;
  reason: string;
  /** Left unchecked when undefined. */
  count?: number;
}

export interface HeldReportExpectation {
  code: number;
  /** When undefined: any status but `held` and `partly_held`. */
  status?: string;
  counts: Counts;
  held: readonly HeldEntry[];
  snapshot?: { id: string; taken_at: string } | null;
  rejectedRows?: number;
}

function byScope(a: { scope: string; reason: string }, b: { scope: string; reason: string }): number {
  return `${a.scope} ${a.reason}`.localeCompare(`${b.scope} ${b.reason}`);
}

/** A report of sync, tick or a decision, with its `held` list compared as a set. */
export function assertHeldReport(result: CliResult, exp: HeldReportExpectation): SyncReport {
  assert.equal(result.code, exp.code, `exit code: ${explain(result)}`);
  const report = result.json as SyncReport | undefined;
  assert.ok(report && typeof report === 'object', `no JSON report: ${explain(result)}`);
  if (exp.status !== undefined) assert.equal(report.status, exp.status, `status: ${explain(result)}`);
  else assert.ok(!['held', 'partly_held'].includes(report.status), `status: ${explain(result)}`);
  // A tick with nothing due records no run (issue 3): its run_id may be null.
  const noRun = report.status === 'unchanged' && report.snapshot === null && report.run_id === null;
  assert.ok(noRun || ['number', 'string'].includes(typeof report.run_id), `run_id: ${result.stdout}`);
  if (exp.snapshot !== undefined) assert.deepEqual(report.snapshot, exp.snapshot, 'snapshot');
  assertCounts(report.counts, exp.counts);
  if (exp.rejectedRows !== undefined) assert.equal(report.rejected_rows, exp.rejectedRows, 'rejected_rows');
  assert.ok(Array.isArray(report.held), `held is a list: ${result.stdout}`);
  const actual = [...report.held].sort(byScope);
  const expected = [...exp.held].sort(byScope);
  assert.deepEqual(
    actual.map((h) => ({ scope: h.scope, reason: h.reason })),
    expected.map((h) => ({ scope: h.scope, reason: h.reason })),
    `held scopes: ${JSON.stringify(report.held)}`,
  );
  expected.forEach((h, i) => {
    if (h.count !== undefined) assert.equal(actual[i]?.count, h.count, `held count of ${h.scope}`);
  });
  return report;
}

export function snapshotOf(month: { snapshotId: string; takenAt: string }) {
  return { id: month.snapshotId, taken_at: month.takenAt };
}

export interface HoldView {
  scope: string;
  reason: string;
  count: number;
  status: string;
  plan_hash: string;
  by_event: Record<string, number>;
  by_reason: Record<string, number>;
  sample: Array<{ person_id: string; type: string; address: string }>;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** `runs show <id> --json` → its `holds`. */
export async function holdsOf(s: CliSession, runId: number | string): Promise<HoldView[]> {
  const shown = await s.run(['runs', 'show', String(runId), '--json']);
  assert.equal(shown.code, 0, explain(shown));
  const holds = shown.json?.holds as HoldView[] | undefined;
  assert.ok(Array.isArray(holds), `runs show ${runId} --json lists holds: ${shown.stdout}`);
  return holds;
}

export function holdOf(holds: readonly HoldView[], scope: string): HoldView {
  const found = holds.filter((h) => h.scope === scope);
  assert.equal(found.length, 1, `one hold for ${scope}: ${JSON.stringify(holds)}`);
  return found[0]!;
}

/** The non-zero entries of a tally, so `{a: 2, b: 0}` equals `{a: 2}`. */
export function nonZero(tally: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(tally ?? {}).filter(([, n]) => n !== 0));
}

export function assertPendingHold(hold: HoldView, reason: string, count: number, byEvent: Counts): void {
  const where = JSON.stringify(hold);
  assert.equal(hold.reason, reason, where);
  assert.equal(hold.count, count, where);
  assert.equal(hold.status, 'pending', where);
  assert.ok(typeof hold.plan_hash === 'string' && hold.plan_hash.length > 0, `plan_hash: ${where}`);
  assert.deepEqual(nonZero(hold.by_event), nonZero(byEvent as Record<string, number>), `by_event: ${where}`);
  assert.ok(Array.isArray(hold.sample) && hold.sample.length > 0, `a sample of people: ${where}`);
  assert.equal(hold.decided_by ?? null, null, where);
}

export function assertDecidedHold(hold: HoldView, status: string, reason: string): void {
  const where = JSON.stringify(hold);
  assert.equal(hold.status, status, where);
  assert.equal(hold.decided_by, OPERATOR, `decided_by: ${where}`);
  assert.ok(typeof hold.decided_at === 'string' && hold.decided_at !== '', `decided_at: ${where}`);
  assert.equal(hold.decision_reason, reason, `decision_reason: ${where}`);
}

export interface Decision {
  scope?: string;
  reason?: string;
}

/** `runs approve|reject <id> [--scope S] [--reason R] --json`. */
export function decide(
  s: CliSession,
  verb: 'approve' | 'reject',
  runId: number | string,
  d: Decision = {},
): Promise<CliResult> {
  const args = ['runs', verb, String(runId)];
  if (d.scope) args.push('--scope', d.scope);
  if (d.reason) args.push('--reason', d.reason);
  return s.run([...args, '--json']);
}

/** A refused decision: exit 2, and the refusal explained on stderr or in `message`. */
export function assertRefused(result: CliResult, explanation: RegExp): void {
  assert.equal(result.code, 2, `refused with exit 2: ${explain(result)}`);
  const said = `${result.stderr}\n${result.json?.message ?? ''}`;
  assert.match(said, explanation, `the refusal says why: ${explain(result)}`);
}

export interface AuditEntry {
  id: number | string;
  at: string;
  actor: string;
  action: string;
  run_id: number | string | null;
  scope: string | null;
  details: unknown;
}

export async function auditLog(s: CliSession): Promise<AuditEntry[]> {
  const result = await s.run(['audit', '--json']);
  assert.equal(result.code, 0, explain(result));
  assert.ok(Array.isArray(result.json), `audit --json prints an array: ${explain(result)}`);
  return result.json as AuditEntry[];
}

/** The entries of one action on one run (and scope, when given). */
export function auditEntries(
  log: readonly AuditEntry[],
  action: string,
  runId: number | string,
  scope?: string,
) {
  return log.filter(
    (e) =>
      e.action === action && String(e.run_id) === String(runId) && (scope === undefined || e.scope === scope),
  );
}

/** One decision entry by the operator, naming the run, the scope and the reason given. */
export function assertDecisionAudited(
  log: readonly AuditEntry[],
  action: 'approve' | 'reject',
  runId: number | string,
  scope: string,
  reason: string,
): void {
  const found = auditEntries(log, action, runId, scope);
  assert.equal(found.length, 1, `one ${action} of run ${runId} ${scope} in ${JSON.stringify(log)}`);
  const entry = found[0]!;
  assert.equal(entry.actor, OPERATOR, `actor of ${JSON.stringify(entry)}`);
  assert.ok(typeof entry.at === 'string' && entry.at !== '', `at of ${JSON.stringify(entry)}`);
  assert.ok(JSON.stringify(entry).includes(reason), `the reason is recorded: ${JSON.stringify(entry)}`);
}

/** Append-only: every earlier entry is still there, unchanged. */
export function assertAppendOnly(before: readonly AuditEntry[], after: readonly AuditEntry[]): void {
  assert.ok(after.length >= before.length, 'the audit log never shrinks');
  const later = new Map(after.map((e) => [String(e.id), e]));
  for (const e of before) assert.deepEqual(later.get(String(e.id)), e, `audit entry ${e.id} unchanged`);
}

/** The events of a run in one state. */
export function inState(evts: readonly CliEvent[], state: string): CliEvent[] {
  return evts.filter((e) => e.state === state);
}

/** What an event says, without its state: approving must apply exactly this. */
export function content(e: CliEvent): string {
  const { state: _state, ...rest } = e;
  return JSON.stringify(rest);
}

/** `accounts show <address> --json` → its `account` object. */
// biome-ignore lint/suspicious/noExplicitAny: the account view's fields are checked one by one.
export async function accountOf(s: CliSession, address: string): Promise<any> {
  const { json } = await s.account(address);
  assert.ok(
    json.account && typeof json.account === 'object',
    `accounts show ${address}: ${JSON.stringify(json)}`,
  );
  return json.account;
}

/** YYYY-MM-DD plus n days, in UTC. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
