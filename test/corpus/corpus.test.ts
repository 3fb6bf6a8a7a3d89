// The bad-input corpus (issue 9): every folder of test/corpus/cases is the month after
// test/corpus/base with one kind of damage, and its expect.json says what must happen. Each case
// runs against a store that already holds the base month, so "unchanged" is measured: a broken
// file is refused and every table stays as it was; a bad row is rejected with its file, line and
// reason, its person keeps every row, account and address; the rest of the month applies.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { parseMailPayload } from '../../src/notify/mail-payload.js';
import { changedPersons, dumpLines, personViews, type StoreDump } from '../support/store-dump.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { type CaseRun, caseNames, type Expectation, expectationOf, withCaseRun } from './corpus-support.js';

const FILE_ORDER = ['sekolah.csv', 'ptk.csv', 'peserta_didik.csv'];
const CASES = caseNames();

function assertRefused(run: CaseRun, pattern: string): void {
  assert.equal(run.report, null, `expected bad input, got a ${run.report?.status} run`);
  const err = run.error;
  assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
  assert.equal(err.code, 'bad_input');
  assert.match(err.message, new RegExp(pattern));
  assert.deepEqual(dumpLines(run.after), dumpLines(run.before), 'every table exactly as it was');
}

async function assertRejects(run: CaseRun, exp: Expectation, runId: number): Promise<void> {
  const rows = run.after.rejects
    .filter((r) => r.run_id === runId)
    .map((r) => ({ file: String(r.file), line: Number(r.line), reason: String(r.reason) }))
    .sort((a, b) => FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file) || a.line - b.line);
  const wanted = exp.rejects ?? [];
  assert.deepEqual(
    rows.map((r) => `${r.file}:${r.line}`),
    wanted.map((r) => `${r.file}:${r.line}`),
    'rejected rows (file:line)',
  );
  for (const [i, row] of rows.entries()) {
    assert.ok(row.reason.includes(wanted[i]!.reason), `reason "${row.reason}"`);
  }
  assert.equal(run.report!.rejected_rows, wanted.length);
  for (const secret of exp.reasons_exclude ?? [])
    assert.ok(!rows.some((r) => r.reason.includes(secret)), `no reason quotes ${secret}`);
  if (wanted.length === 0) return;
  const csv = await readFile(join(run.dataDir, 'rejects', `${runId}.csv`), 'utf8');
  const lines = csv.trimEnd().split('\n').slice(1);
  assert.deepEqual(
    lines.map((l) => l.split(',').slice(0, 2).join(':')),
    rows.map((r) => `${r.file}:${r.line}`),
    'rejects/<run_id>.csv lists the same rows',
  );
}

/** What the store holds of a person, restricted to some tables. */
function viewOf(dump: StoreDump, personId: string, tables?: string[]): string {
  const lines = (personViews(dump).get(personId) ?? '').split('\n');
  return lines.filter((l) => !tables || tables.some((t) => l.startsWith(`${t} `))).join('\n');
}

function assertPersons(run: CaseRun, exp: Expectation, runId: number): void {
  const changed = changedPersons(run.before, run.after);
  assert.deepEqual(changed, [...(exp.changed ?? [])].sort(), 'the persons whose stored state changed');
  for (const id of exp.unchanged ?? []) {
    assert.ok(viewOf(run.before, id) !== '', `${id} was in the store before`);
    assert.equal(viewOf(run.after, id), viewOf(run.before, id), `${id} unchanged`);
  }
  for (const id of exp.accounts_unchanged ?? []) {
    const tables = ['accounts', 'addresses'];
    assert.equal(viewOf(run.after, id, tables), viewOf(run.before, id, tables), `${id}'s accounts unchanged`);
  }
  const applied = run.after.events.filter((e) => e.run_id === runId && e.state === 'applied');
  for (const e of applied) assert.ok(changed.includes(String(e.person_id)), `event of ${e.person_id}`);
  for (const id of exp.no_account ?? [])
    assert.ok(!run.after.accounts.some((a) => a.person_id === id), `${id} has no account`);
  for (const [id, nama] of Object.entries(exp.names ?? {}))
    assert.equal(run.after.persons.find((p) => p.person_id === id)?.nama, nama, `${id}'s name as written`);
  for (const [id, address] of Object.entries(exp.addresses ?? {}))
    assert.equal(run.after.accounts.find((a) => a.person_id === id)?.primary_address, address);
}

function assertMail(run: CaseRun, exp: Expectation, runId: number): void {
  const payloads = run.after.outbox
    .filter((o) => o.run_id === runId && o.channel === 'mail')
    .map((o) => {
      const parsed = parseMailPayload(String(o.payload_json));
      assert.ok(parsed.ok, `mail ${o.id} reads: ${parsed.ok ? '' : parsed.problem}`);
      return parsed.payload;
    });
  for (const text of exp.mail_html_excludes ?? [])
    assert.ok(!payloads.some((p) => p.html.includes(text)), `no mail's HTML holds ${text} unescaped`);
}

/** A refused snapshot records its run and nothing else. */
function assertOnlyRunRecorded(run: CaseRun): void {
  const others = (dump: StoreDump) => dumpLines(dump).filter((l) => !l.startsWith('runs\t'));
  assert.deepEqual(others(run.after), others(run.before));
  assert.equal(run.after.runs.length, run.before.runs.length + 1);
}

async function check(run: CaseRun, exp: Expectation): Promise<void> {
  if (exp.refused !== undefined) return assertRefused(run, exp.refused);
  assert.equal(run.error, null, `the sync failed: ${String(run.error)}`);
  const report = run.report!;
  assert.equal(report.status, exp.status);
  const runId = Number(report.run_id);
  const counts = Object.fromEntries(Object.entries(report.counts).filter(([, n]) => n > 0));
  assert.deepEqual(counts, exp.counts ?? {}, 'events applied');
  assert.deepEqual(
    report.held.map((h) => ({ scope: h.scope, reason: h.reason })),
    exp.held ?? [],
  );
  assert.deepEqual(report.unknown_codes, exp.unknown_codes ?? { bentuk_pendidikan: 0, jenis_ptk: 0 });
  if (exp.status === 'refused') {
    assert.match(report.message ?? '', new RegExp(exp.message ?? ''));
    return assertOnlyRunRecorded(run);
  }
  await assertRejects(run, exp, runId);
  assertPersons(run, exp, runId);
  assertMail(run, exp, runId);
}

// Every case on SQLite; on PostgreSQL the cases marked `postgres` (the same code paths, another engine).
for (const dialect of DIALECTS) {
  const cases = CASES.filter((name) => dialect === 'sqlite' || expectationOf(name).postgres === true);
  describe(`the bad-input corpus on ${dialect} (${cases.length} cases)`, async () => {
    const skip = await skipReason(dialect);
    for (const name of cases) {
      const exp = expectationOf(name);
      test(`${name}: ${exp.about}`, { skip }, () => withCaseRun(dialect, name, (run) => check(run, exp)));
    }
  });
}
