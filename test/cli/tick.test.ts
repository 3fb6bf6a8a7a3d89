// The clock-driven lifecycle (DESIGN 2 "Account states", fine print 6, issue 3) through the real CLI
// with a fixed clock (`tick --now`), on every store dialect: reminders, suspensions, deletions,
// continuation windows and waiting exits, each once and only once; plans that write nothing;
// reactivation before deletion and a new account after it; and a tick that a guard holds.
//
// Due dates (defaults notice_days 30, retention_days 60, reminder 3 days before suspension,
// continuation 120 days, waiting exits 45 days) fall ON the date: a tick with --now equal to the
// due date moves the account, a tick the day before does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CliResult } from '../fixtures/cli.js';
import { DIALECTS, type Dialect, skipReason } from '../support/stores.js';
import {
  accountOf,
  addDays,
  addressBook,
  addressOf,
  assertDecidedHold,
  assertDecisionAudited,
  assertHeldReport,
  assertPendingHold,
  auditLog,
  decide,
  holdOf,
  holdsOf,
} from './safety-support.js';
import {
  assertEvent,
  at,
  type CliSession,
  type Counts,
  type EventType,
  eventOf,
  M2,
  NPSN,
  withSession,
  world,
  worldAccounts,
} from './scenario-support.js';

const { sdA, sdB, smpC } = NPSN;
const NOTICE_DAYS = 30;
const RETENTION_DAYS = 60;
const REMINDER_DAYS = 3;

function tick(s: CliSession, now: string, ...flags: string[]): Promise<CliResult> {
  return s.run(['tick', '--now', now, ...flags, '--json']);
}

/** A tick that found `counts` due and applied them (nothing held). */
async function ticked(s: CliSession, now: string, counts: Counts) {
  const empty = Object.keys(counts).length === 0;
  return assertHeldReport(await tick(s, now), {
    code: 0,
    status: empty ? 'unchanged' : 'applied',
    counts,
    held: [],
    snapshot: null,
  });
}

async function runCount(s: CliSession): Promise<number> {
  const listed = await s.run(['runs', 'list', '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const runs = Array.isArray(listed.json) ? listed.json : listed.json?.runs;
  assert.ok(Array.isArray(runs), listed.stdout);
  return runs.length;
}

interface Due {
  personId: string;
  type: EventType;
  on: string;
  reason?: string;
}

/** The notice schedule of an account that enters `deactivating` on `from`. */
function notice(personId: string, from: string): Due[] {
  const suspend = addDays(from, NOTICE_DAYS);
  return [
    { personId, type: 'deactivation_reminder', on: addDays(suspend, -REMINDER_DAYS) },
    { personId, type: 'account_suspended', on: suspend },
    { personId, type: 'account_deleted', on: addDays(suspend, RETENTION_DAYS) },
  ];
}

const PTK_A = 'PTK-T-A';
const PD_C = 'PD-T-C'; // Lulus at tingkat 6 with tanggal_keluar: window ends tanggal_keluar + 120
const PD_D = 'PD-T-D'; // Lulus at tingkat 9 without tanggal_keluar: window ends taken_at + 120
const PD_W = 'PD-T-W'; // vanishes from a scoped extract: a waiting exit

function scenarios(dialect: Dialect) {
  it('moves every account through its due dates over 150 days, each transition once and only once', () =>
    withSession(dialect, async (s) => {
      // world(['sdA', 'smpC']): 150 bystanders + 2 residents; the four people below make 156 active
      // accounts, so no guard can trip (1 leaver = 0.6 % nationally; sdA and smpC are under 20).
      const m1 = world(['sdA', 'smpC'])
        .ptk({ ptkId: PTK_A, npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Hadi Susanto' })
        .pd({ pdId: PD_C, npsn: sdA, tingkat: 6, nama: 'Putri Ayu' })
        .pd({ pdId: PD_D, npsn: smpC, tingkat: 9, nama: 'Dimas Anggara' })
        .pd({ pdId: PD_W, npsn: sdA, tingkat: 3, nama: 'Bayu Saputra' });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA', 'smpC']) + 4 });
      const book = addressBook(first.events);

      const graduated = '2024-06-20';
      const m2 = m1
        .clone(M2)
        .updatePtk(PTK_A, { jenisKeluar: 'Pensiun', tanggalKeluar: '2024-08-01' })
        .updatePd(PD_C, { jenisKeluar: 'Lulus', tanggalKeluar: graduated })
        .updatePd(PD_D, { jenisKeluar: 'Lulus', tanggalKeluar: '' });
      await s.applied(m2, { ptk_deactivated: 1, pd_continuation_pending: 2 });
      const cEnd = addDays(graduated, 120);
      const dEnd = addDays(M2.takenAt, 120);
      const a = await accountOf(s, addressOf(book, PTK_A));
      assert.deepEqual(
        [a.status, a.suspendOn, a.deleteOn],
        ['deactivating', addDays(M2.takenAt, NOTICE_DAYS), addDays(M2.takenAt, NOTICE_DAYS + RETENTION_DAYS)],
      );
      assert.equal((await accountOf(s, addressOf(book, PD_C))).continuationDeadline, cEnd);
      assert.equal((await accountOf(s, addressOf(book, PD_D))).continuationDeadline, dEnd);

      // A scoped extract of sdA without PD_W: the exit waits 45 days (fine print 6).
      const scoped = { snapshotId: 'dapodik-2024-08-sda', takenAt: '2024-08-20' };
      const m3 = m2
        .clone({ ...scoped, scope: { kind: 'sekolah', npsn: [sdA] } })
        .removeSchool(NPSN.filler)
        .removeSchool(smpC)
        .removePd(PD_W);
      await s.applied(m3, {});
      assert.equal(await s.accountStatus(addressOf(book, PD_W)), 'active');
      const wFire = addDays(scoped.takenAt, 45);

      const start = scoped.takenAt;
      const end = addDays(start, 150);
      const exit = (personId: string, reason: string, on: string): Due => ({
        personId,
        type: 'pd_deactivated',
        reason,
        on,
      });
      const ledger: Due[] = [
        ...notice(PTK_A, M2.takenAt),
        exit(PD_W, 'absent', wFire),
        ...notice(PD_W, wFire),
        exit(PD_C, 'lulus', cEnd),
        ...notice(PD_C, cEnd),
        exit(PD_D, 'lulus', dEnd),
        ...notice(PD_D, dEnd),
      ].filter((d) => d.on > start && d.on <= end);
      // 2024-08-20 … 2025-01-17: PTK_A 09-11, 09-14, 11-13; PD_W 10-04, 10-31, 11-03, 2025-01-02;
      // PD_C 10-18, 11-14, 11-17, 2025-01-16; PD_D 12-13, 2025-01-09, 2025-01-12 (deletion 03-13 is
      // outside the window).
      assert.equal(ledger.length, 14, JSON.stringify(ledger));

      // Every due date and the day before it, and every tenth day: ~40 ticks, none skipping a due date.
      const days = new Set<string>();
      for (let n = 0; n <= 150; n += 10) days.add(addDays(start, n));
      for (const d of ledger) days.add(d.on).add(addDays(d.on, -1));
      const suspendA = addDays(M2.takenAt, NOTICE_DAYS);
      for (const day of [...days].sort()) {
        const due = ledger.filter((d) => d.on === day);
        const counts: Counts = {};
        for (const d of due) counts[d.type] = (counts[d.type] ?? 0) + 1;

        if (day === suspendA || day === cEnd) {
          // A plan shows what the tick would do and changes nothing.
          assertHeldReport(await tick(s, day, '--plan'), {
            code: 0,
            status: 'planned',
            counts,
            held: [],
            snapshot: null,
          });
          const who = day === suspendA ? PTK_A : PD_C;
          const status = await s.accountStatus(addressOf(book, who));
          assert.equal(
            status,
            day === suspendA ? 'deactivating' : 'active',
            `tick --plan wrote nothing (${day})`,
          );
        }

        const report = await ticked(s, day, counts);
        if (day === cEnd) {
          const shown = await s.run(['runs', 'show', String(report.run_id), '--json']);
          assert.equal(shown.json?.kind, 'tick', `a tick is recorded as a run of kind tick: ${shown.stdout}`);
        }
        if (day === cEnd || day === wFire) {
          const who = day === cEnd ? PD_C : PD_W;
          const evts = await s.events(report.run_id);
          assert.equal(evts.length, 1, JSON.stringify(evts));
          assertEvent(eventOf(evts, who), {
            type: 'pd_deactivated',
            reason: day === cEnd ? 'lulus' : 'absent',
            from: at(addressOf(book, who), sdA),
            to: null,
          });
          assert.equal(evts[0]!.state, 'applied');
          assert.equal(evts[0]!.effective_date, day, 'a tick event is dated by --now');
        }
        if (day === suspendA) {
          // The same day again: nothing is due any more, and nothing new is recorded.
          const runs = await runCount(s);
          await ticked(s, day, {});
          assert.equal(await runCount(s), runs, 'an unchanged tick records no run');
          assert.equal(await s.accountStatus(addressOf(book, PTK_A)), 'suspended');
        }
      }

      // Each account's history holds each transition exactly once, on its due date.
      for (const personId of [PTK_A, PD_C, PD_D, PD_W]) {
        const { json } = await s.account(addressOf(book, personId));
        // Applied events only: a `tick --plan` may leave planned events in the history.
        const timed = (json.events as Array<{ type: string; state: string; effective_date: string }>).filter(
          (e) =>
            e.state === 'applied' && e.type !== 'account_created' && e.type !== 'pd_continuation_pending',
        );
        const expected = ledger.filter((d) => d.personId === personId).map((d) => `${d.type} ${d.on}`);
        if (personId === PTK_A) expected.push(`ptk_deactivated ${M2.takenAt}`);
        assert.deepEqual(
          timed.map((e) => `${e.type} ${e.effective_date}`).sort(),
          expected.sort(),
          `history of ${personId}`,
        );
      }
      const statusAt = (personId: string) => {
        const last = ledger
          .filter((d) => d.personId === personId && d.type !== 'deactivation_reminder')
          .at(-1);
        return last?.type === 'account_deleted' ? 'deleted' : 'suspended';
      };
      for (const personId of [PTK_A, PD_C, PD_D, PD_W]) {
        assert.equal(await s.accountStatus(addressOf(book, personId)), statusAt(personId), personId);
      }
      assert.deepEqual(
        [PTK_A, PD_W, PD_C, PD_D].map(statusAt),
        ['deleted', 'deleted', 'deleted', 'suspended'],
        'fixture: the window reaches these states',
      );
    }));

  it('reactivates a suspended account when its person is active again before deletion, and cancels the schedule', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: PTK_A,
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Hadi Susanto',
      });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const address = addressOf(addressBook(first.events), PTK_A);
      const accountId = eventOf(first.events, PTK_A).account_id;
      await s.applied(m1.clone(M2).removePtk(PTK_A), { ptk_deactivated: 1 });
      const [reminder, suspend, deletion] = notice(PTK_A, M2.takenAt).map((d) => d.on);
      await ticked(s, reminder!, { deactivation_reminder: 1 });
      await ticked(s, suspend!, { account_suspended: 1 });
      assert.equal(await s.accountStatus(address), 'suspended');

      const back = m1.clone({ snapshotId: 'dapodik-2024-10', takenAt: '2024-10-01' });
      const { events } = await s.applied(back, { account_reactivated: 1 });
      assertEvent(eventOf(events, PTK_A), {
        type: 'account_reactivated',
        accountId,
        from: at(address, sdA),
        to: at(address, sdA),
      });
      const account = await accountOf(s, address);
      assert.deepEqual([account.status, account.suspendOn, account.deleteOn], ['active', null, null]);
      await ticked(s, deletion!, {});
      assert.equal(await s.accountStatus(address), 'active');
    }));

  it('gives a person who comes back after deletion a new account with a new address', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: PTK_A,
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Hadi Susanto',
      });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const old = eventOf(first.events, PTK_A);
      assert.equal(old.to?.address, 'hadi.susanto10@guru.sd.belajar.id');
      await s.applied(m1.clone(M2).removePtk(PTK_A), { ptk_deactivated: 1 });
      const [reminder, suspend, deletion] = notice(PTK_A, M2.takenAt).map((d) => d.on);
      await ticked(s, reminder!, { deactivation_reminder: 1 });
      await ticked(s, suspend!, { account_suspended: 1 });
      await ticked(s, addDays(deletion!, -1), {});
      await ticked(s, deletion!, { account_deleted: 1 });
      assert.equal(await s.accountStatus(old.to!.address), 'deleted');

      const back = m1.clone({ snapshotId: 'dapodik-2024-12', takenAt: '2024-12-20' });
      const { events } = await s.applied(back, { account_created: 1 });
      const created = eventOf(events, PTK_A);
      assertEvent(created, {
        type: 'account_created',
        from: null,
        to: at('hadi.susanto11@guru.sd.belajar.id', sdA),
      });
      assert.notEqual(String(created.account_id), String(old.account_id), 'a new account');
      assert.equal(await s.accountStatus('hadi.susanto11@guru.sd.belajar.id'), 'active');
      assert.equal(await s.accountStatus(old.to!.address), 'deleted', 'the old address keeps its owner');
    }));

  it('guards a tick: continuation windows ending for more than 60 % of a school are held, the rest applies', () =>
    withSession(dialect, async (s) => {
      // world(['sdA', 'sdB']) = 152 accounts; sdB gets 23 pupils in tingkat 6 (sdB: 24 accounts) and
      // sdA one (PD_C): 176 active. 15 sdB pupils and PD_C graduate on 2024-06-20, so their windows
      // all end on 2024-10-18. That tick: sdB 15 / 24 = 62.5 % seasonal (> 60 %, ≥ 20 accounts) →
      // held; nationally 16 / 176 = 9.1 % (≤ 10 %); sdA has 2 accounts (under the floor).
      const m1 = world(['sdA', 'sdB']).pd({ pdId: PD_C, npsn: sdA, tingkat: 6, nama: 'Putri Ayu' });
      const grads = Array.from({ length: 23 }, (_, i) => `PD-K-${String(i).padStart(2, '0')}`);
      grads.forEach((pdId, i) => {
        m1.pd({
          pdId,
          npsn: sdB,
          tingkat: 6,
          nama: ['Ayu Lestari', 'Bagus Santoso', 'Citra Kirana'][i % 3]!,
        });
      });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA', 'sdB']) + 24 });
      const book = addressBook(first.events);
      const lulus = { jenisKeluar: 'Lulus', tanggalKeluar: '2024-06-20' };
      const m2 = m1.clone(M2).updatePd(PD_C, lulus);
      for (const pdId of grads.slice(0, 15)) m2.updatePd(pdId, lulus);
      await s.applied(m2, { pd_continuation_pending: 16 });

      const end = addDays('2024-06-20', 120);
      await ticked(s, addDays(end, -1), {});
      const held = { scope: `sekolah:${sdB}`, reason: 'seasonal_threshold', count: 15 };
      const report = assertHeldReport(await tick(s, end), {
        code: 3,
        status: 'partly_held',
        counts: { pd_deactivated: 1 },
        held: [held],
        snapshot: null,
      });
      assertPendingHold(holdOf(await holdsOf(s, report.run_id), held.scope), 'seasonal_threshold', 15, {
        pd_deactivated: 15,
      });
      assert.equal(await s.accountStatus(addressOf(book, PD_C)), 'deactivating');
      assert.equal(await s.accountStatus(addressOf(book, grads[0]!)), 'active');

      const reason = 'Kelulusan SD dikonfirmasi';
      assertHeldReport(await decide(s, 'approve', report.run_id, { scope: held.scope, reason }), {
        code: 0,
        status: 'applied',
        counts: { pd_deactivated: 15 },
        held: [],
        snapshot: null,
      });
      assert.equal(await s.accountStatus(addressOf(book, grads[0]!)), 'deactivating');
      assert.equal(await s.accountStatus(addressOf(book, grads[15]!)), 'active');
      assertDecidedHold(holdOf(await holdsOf(s, report.run_id), held.scope), 'approved', reason);
      assertDecisionAudited(await auditLog(s), 'approve', report.run_id, held.scope, reason);
      await ticked(s, end, {});
    }));
}

for (const dialect of DIALECTS) {
  const skip = await skipReason(dialect);
  describe(`tick through the CLI on ${dialect}`, { skip }, () => scenarios(dialect));
}
