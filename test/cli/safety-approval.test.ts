// Approving and rejecting held scopes (issue 3, DESIGN 2 "Safety", fine print 9) through the real
// CLI, on every store dialect: `runs show` explains a hold, `runs approve` applies exactly the held
// plan, `runs reject` leaves the accounts as they were, a plan replaced by a newer run cannot be
// approved, and every decision is in the append-only audit log under the operating-system user.
// All scenarios start from the truncation world of safety-support.ts (BIG held: 40 / 82 = 48.8 %).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, type Dialect, skipReason } from '../support/stores.js';
import {
  AUGUST,
  accountOf,
  addressBook,
  addressOf,
  assertAppendOnly,
  assertDecidedHold,
  assertDecisionAudited,
  assertHeldReport,
  assertPendingHold,
  assertRefused,
  auditEntries,
  auditLog,
  BIG,
  BIG_HELD,
  BIG_HELD_COUNTS,
  backgroundNpsn,
  backgroundPupil,
  CMP,
  CUT_PUPILS,
  content,
  decide,
  emptySchool,
  holdOf,
  holdsOf,
  inState,
  KEPT_PUPIL,
  MOVER_IN,
  nonZero,
  OPERATOR,
  pupilId,
  SEPTEMBER,
  snapshotOf,
  TEACHER_OUT,
  TEACHER_OUT_TO,
  TRUNCATION_ACCOUNTS,
  TRUNCATION_APPLIED,
  truncationChanges,
  truncationWorld,
  writeTruncated,
} from './safety-support.js';
import type { CliSession } from './scenario-support.js';
import { withSession } from './scenario-support.js';

/** Month 1 applied, then the truncated month 2 held: the starting point of every scenario here. */
async function heldTruncation(
  s: CliSession,
  more: (b: ReturnType<typeof truncationWorld>) => void = () => {},
) {
  const m1 = truncationWorld();
  const first = await s.applied(m1, { account_created: TRUNCATION_ACCOUNTS });
  const m2 = truncationChanges(m1);
  more(m2);
  const dir = await writeTruncated(s, m2);
  return { m1, first, book: addressBook(first.events), dir, result: await s.sync(dir) };
}

function heldBigOnly(result: Parameters<typeof assertHeldReport>[0]) {
  return assertHeldReport(result, {
    code: 3,
    status: 'partly_held',
    counts: TRUNCATION_APPLIED,
    held: [BIG_HELD],
    snapshot: snapshotOf(AUGUST),
  });
}

function scenarios(dialect: Dialect) {
  it('approves a held school: applies exactly the held plan and nothing else, once', () =>
    withSession(dialect, async (s) => {
      const { first, book, result } = await heldTruncation(s);
      const run = heldBigOnly(result);
      const before = await s.events(run.run_id);
      const heldPlan = inState(before, 'held').map(content).sort();
      assert.equal(heldPlan.length, BIG_HELD.count);
      const hold = holdOf(await holdsOf(s, run.run_id), BIG_HELD.scope);
      assertPendingHold(hold, 'threshold', BIG_HELD.count, BIG_HELD_COUNTS);
      const logBefore = await auditLog(s);

      const reason = 'Sekolah mengonfirmasi data siswa';
      const approved = assertHeldReport(
        await decide(s, 'approve', run.run_id, { scope: BIG_HELD.scope, reason }),
        {
          code: 0,
          status: 'applied',
          counts: BIG_HELD_COUNTS,
          held: [],
          snapshot: snapshotOf(AUGUST),
        },
      );
      assert.equal(String(approved.run_id), String(run.run_id), 'the decision reports the held run');
      assert.deepEqual(nonZero(approved.counts), nonZero(hold.by_event), 'applied what runs show listed');
      const shown = await s.run(['runs', 'show', String(run.run_id), '--json']);
      const whole: Record<string, number> = { ...TRUNCATION_APPLIED };
      for (const [type, n] of Object.entries(BIG_HELD_COUNTS)) whole[type] = (whole[type] ?? 0) + (n ?? 0);
      assert.deepEqual(
        nonZero(shown.json.report.counts),
        nonZero(whole),
        'the run keeps what it applied itself and what the approval applied',
      );

      // The run's events: the held ones now applied, word for word; none added, none else changed.
      const after = await s.events(run.run_id);
      assert.equal(after.length, before.length, 'approval adds no event');
      assert.deepEqual(inState(after, 'held'), []);
      assert.equal(inState(after, 'applied').length, before.length);
      const heldKeys = new Set(inState(before, 'held').map((e) => `${e.type} ${e.person.id}`));
      assert.deepEqual(
        after
          .filter((e) => heldKeys.has(`${e.type} ${e.person.id}`))
          .map(content)
          .sort(),
        heldPlan,
        'the applied events are the held plan',
      );

      // Accounts now say what the held events said; the rest of BIG is untouched.
      for (const id of [CUT_PUPILS[0]!, CUT_PUPILS.at(-1)!]) {
        assert.equal(await s.accountStatus(addressOf(book, id)), 'deactivating');
      }
      assert.equal(await s.accountStatus(addressOf(book, KEPT_PUPIL)), 'active');
      assert.equal(await s.accountStatus(addressOf(book, pupilId(BIG, 1))), 'active');
      const mover = await accountOf(s, addressOf(book, MOVER_IN));
      assert.deepEqual([mover.status, mover.npsn], ['active', BIG]);
      const teacher = await accountOf(s, addressOf(book, TEACHER_OUT));
      assert.deepEqual([teacher.status, teacher.npsn], ['active', TEACHER_OUT_TO]);
      assert.equal(await s.accountStatus(addressOf(book, backgroundPupil('01', 0, 1))), 'active');

      assertDecidedHold(holdOf(await holdsOf(s, run.run_id), BIG_HELD.scope), 'approved', reason);
      const log = await auditLog(s);
      assertAppendOnly(logBefore, log);
      assertDecisionAudited(log, 'approve', run.run_id, BIG_HELD.scope, reason);
      for (const runId of [first.report.run_id, run.run_id]) {
        assert.ok(auditEntries(log, 'apply', runId).length >= 1, `the apply of run ${runId} is audited`);
      }

      // A second approval of the same scope is refused and changes nothing.
      assertRefused(
        await decide(s, 'approve', run.run_id, { scope: BIG_HELD.scope, reason: 'sekali lagi' }),
        /approv|pending|decided|held/i,
      );
      assert.deepEqual((await s.events(run.run_id)).map(content).sort(), after.map(content).sort());
      const logAfter = await auditLog(s);
      assertAppendOnly(log, logAfter);
      assert.equal(auditEntries(logAfter, 'approve', run.run_id).length, 1, 'one approval in the audit log');
      assert.equal(await s.accountStatus(addressOf(book, KEPT_PUPIL)), 'active');
    }));

  it('rejects a held school: its accounts stay as they were and the next full extract finds them so', () =>
    withSession(dialect, async (s) => {
      const { m1, book, result } = await heldTruncation(s);
      const run = heldBigOnly(result);
      const reason = 'Berkas terpotong, menunggu ekstrak ulang';
      // Without --scope: every pending scope of the run (here the only one).
      assertHeldReport(await decide(s, 'reject', run.run_id, { reason }), {
        code: 0,
        counts: {},
        held: [],
        snapshot: snapshotOf(AUGUST),
      });
      const evts = await s.events(run.run_id);
      assert.equal(inState(evts, 'rejected').length, BIG_HELD.count, 'the held events are rejected');
      assert.equal(inState(evts, 'held').length, 0);
      assert.equal(inState(evts, 'applied').length, 2, 'what was applied stays applied');

      for (const id of [CUT_PUPILS[0]!, CUT_PUPILS.at(-1)!, KEPT_PUPIL]) {
        assert.equal(await s.accountStatus(addressOf(book, id)), 'active');
      }
      const mover = await accountOf(s, addressOf(book, MOVER_IN));
      assert.deepEqual([mover.status, mover.npsn], ['active', backgroundNpsn('01', 0)]);
      const teacher = await accountOf(s, addressOf(book, TEACHER_OUT));
      assert.deepEqual([teacher.status, teacher.npsn], ['active', BIG]);

      assertDecidedHold(holdOf(await holdsOf(s, run.run_id), BIG_HELD.scope), 'rejected', reason);
      assertDecisionAudited(await auditLog(s), 'reject', run.run_id, BIG_HELD.scope, reason);

      // September, complete: nobody of BIG left, so nothing is held; the two transfers, rejected in
      // August, are planned again and apply; the cut pupils need no event at all.
      const m3 = truncationChanges(m1, SEPTEMBER);
      await s.applied(m3, { pd_transferred: 1, ptk_transferred: 1 });
      assert.equal(await s.accountStatus(addressOf(book, CUT_PUPILS[0]!)), 'active');
    }));

  it('decides scope by scope: approving one of two held schools leaves the other held (exit 3) until rejected', () =>
    withSession(dialect, async (s) => {
      // Besides the cut, CMP (11 accounts, in sekolah.csv) loses all its rows: completeness.
      // Leavers: 40 + 11 + 1 = 52 → national 52 / 2 893 = 1.80 % (≤ 2 %); provinsi 01:
      // 51 / 1 293 = 3.94 % (≤ 5 %); CMP is under the 20-account floor for the threshold.
      const { book, result } = await heldTruncation(s, (m2) => emptySchool(m2, CMP));
      const cmpHeld = { scope: `sekolah:${CMP}`, reason: 'completeness', count: 11 };
      const run = assertHeldReport(result, {
        code: 3,
        status: 'partly_held',
        counts: TRUNCATION_APPLIED,
        held: [BIG_HELD, cmpHeld],
        snapshot: snapshotOf(AUGUST),
      });
      const log0 = await auditLog(s);

      const approveWhy = 'BIG dikonfirmasi dinas';
      assertHeldReport(
        await decide(s, 'approve', run.run_id, { scope: BIG_HELD.scope, reason: approveWhy }),
        {
          code: 3,
          status: 'partly_held',
          counts: BIG_HELD_COUNTS,
          held: [cmpHeld],
        },
      );
      const holds = await holdsOf(s, run.run_id);
      assertDecidedHold(holdOf(holds, BIG_HELD.scope), 'approved', approveWhy);
      assert.equal(holdOf(holds, cmpHeld.scope).status, 'pending');
      assert.equal(await s.accountStatus(addressOf(book, pupilId(CMP, 0))), 'active');
      const log1 = await auditLog(s);
      assertAppendOnly(log0, log1);

      const rejectWhy = 'CMP: server sekolah mati';
      assertHeldReport(await decide(s, 'reject', run.run_id, { scope: cmpHeld.scope, reason: rejectWhy }), {
        code: 0,
        counts: {},
        held: [],
      });
      assertDecidedHold(holdOf(await holdsOf(s, run.run_id), cmpHeld.scope), 'rejected', rejectWhy);
      assert.equal(await s.accountStatus(addressOf(book, pupilId(CMP, 0))), 'active');
      assert.equal(await s.accountStatus(addressOf(book, `PTK-${CMP}-0`)), 'active');
      assert.equal(await s.accountStatus(addressOf(book, CUT_PUPILS[0]!)), 'deactivating');

      const log2 = await auditLog(s);
      assertAppendOnly(log1, log2);
      assertDecisionAudited(log2, 'approve', run.run_id, BIG_HELD.scope, approveWhy);
      assertDecisionAudited(log2, 'reject', run.run_id, cmpHeld.scope, rejectWhy);
      for (const e of [
        ...auditEntries(log2, 'approve', run.run_id),
        ...auditEntries(log2, 'reject', run.run_id),
      ]) {
        assert.equal(e.actor, OPERATOR);
      }
    }));

  it('refuses to approve a plan a newer run replaced, and approves the newer one', () =>
    withSession(dialect, async (s) => {
      const { m1, book, result } = await heldTruncation(s);
      const run2 = heldBigOnly(result);

      // September is cut the same way: BIG is planned again (40 / 82 still > 30 %) and held again,
      // replacing run 2's pending approval. DROPOUT and RENAMED were applied in August: nothing else.
      const dir3 = await writeTruncated(s, truncationChanges(m1, SEPTEMBER));
      const run3 = assertHeldReport(await s.sync(dir3), {
        code: 3,
        status: 'partly_held',
        counts: {},
        held: [BIG_HELD],
        snapshot: snapshotOf(SEPTEMBER),
      });
      assert.notEqual(String(run3.run_id), String(run2.run_id));
      assert.equal(holdOf(await holdsOf(s, run2.run_id), BIG_HELD.scope).status, 'superseded');
      assert.equal(holdOf(await holdsOf(s, run3.run_id), BIG_HELD.scope).status, 'pending');
      const events2 = await s.events(run2.run_id);
      assert.equal(inState(events2, 'superseded').length, BIG_HELD.count, 'run 2 held events are superseded');
      assert.equal(inState(events2, 'held').length, 0);

      assertRefused(
        await decide(s, 'approve', run2.run_id, { reason: 'terlambat' }),
        /supersed|replac|newer/i,
      );
      assertRefused(
        await decide(s, 'approve', run2.run_id, { scope: BIG_HELD.scope, reason: 'terlambat' }),
        /supersed|replac|newer/i,
      );
      assert.equal(
        await s.accountStatus(addressOf(book, CUT_PUPILS[0]!)),
        'active',
        'the refusal applied nothing',
      );
      assert.equal(inState(await s.events(run2.run_id), 'superseded').length, BIG_HELD.count);

      const reason = 'Dikonfirmasi untuk September';
      assertHeldReport(await decide(s, 'approve', run3.run_id, { scope: BIG_HELD.scope, reason }), {
        code: 0,
        status: 'applied',
        counts: BIG_HELD_COUNTS,
        held: [],
        snapshot: snapshotOf(SEPTEMBER),
      });
      const events3 = await s.events(run3.run_id);
      assert.equal(inState(events3, 'applied').length, BIG_HELD.count);
      assert.ok(
        events3.every((e) => e.effective_date === SEPTEMBER.takenAt),
        'dated by the approved run',
      );
      assert.equal(await s.accountStatus(addressOf(book, CUT_PUPILS[0]!)), 'deactivating');
      assert.equal((await accountOf(s, addressOf(book, MOVER_IN))).npsn, BIG);
      const log = await auditLog(s);
      assertDecisionAudited(log, 'approve', run3.run_id, BIG_HELD.scope, reason);
      assert.deepEqual(auditEntries(log, 'approve', run2.run_id), [], 'a refused approval is no approval');
    }));
}

for (const dialect of DIALECTS) {
  const skip = await skipReason(dialect);
  describe(`approving and rejecting held runs through the CLI on ${dialect}`, { skip }, () =>
    scenarios(dialect),
  );
}
