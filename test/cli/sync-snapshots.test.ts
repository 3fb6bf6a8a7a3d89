// Input, scope and snapshot rules of DESIGN 2 and 3 through real extract files and the real CLI, on
// every store dialect: rejected rows, scoped extracts, replays, refusals, bad input and plans.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { explain } from '../fixtures/cli.js';
import { DIALECTS, type Dialect, skipReason } from '../support/stores.js';
import {
  assertEvent,
  assertEventsMatchReport,
  assertReport,
  eventOf,
  M1,
  M2,
  NPSN,
  withSession,
  world,
  worldAccounts,
} from './scenario-support.js';

const { sdA, sdB, filler } = NPSN;

function runsIn(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  const runs = (json as { runs?: unknown } | undefined)?.runs;
  assert.ok(
    Array.isArray(runs),
    `runs list --json is neither an array nor {runs: [...]}: ${JSON.stringify(json)}`,
  );
  return runs;
}

function scenarios(dialect: Dialect) {
  it('rejects a row with an impossible date and leaves its person exactly as they were', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-001', npsn: sdA, tingkat: 4, nama: 'Gilang Ramadhan' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      // The rename would be a profile_updated, the vanished row an absent: neither may happen.
      const m2 = m1
        .clone(M2)
        .updatePd('PD-001', { tanggalLahir: '2021-02-30', nama: 'Gilang Ramadhan Putra' });
      const { report } = await s.applied(m2, {}, 1);
      assert.equal(await s.accountStatus('gilang.ramadhan10@sd.belajar.id'), 'active');

      const shown = await s.run(['runs', 'show', String(report.run_id), '--json']);
      assert.equal(shown.code, 0, explain(shown));
      assert.ok(
        shown.stdout.includes('peserta_didik.csv'),
        `runs show names the rejected row's file: ${shown.stdout}`,
      );
      if (!s.db.startsWith('postgres')) {
        const rejects = join(dirname(s.db), 'rejects', `${report.run_id}.csv`);
        assert.ok(existsSync(rejects), `${rejects} written beside the store`);
        assert.ok(readFileSync(rejects, 'utf8').includes('PD-001'), 'the rejects CSV names the row');
      }
    }));

  it('rejects every row that carries a duplicate registrasi_id', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA'])
        .pd({ pdId: 'PD-001', npsn: sdA, tingkat: 4, nama: 'Sekar Arum' })
        .pd({ pdId: 'PD-002', npsn: sdA, tingkat: 4, nama: 'Wahyu Hidayat' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 2 });
      // Were only one of the two rejected, the other would show as a rename or a vanished pupil.
      const m2 = m1.clone(M2).updatePd('PD-002', { rowId: `PD-001-${sdA}`, nama: 'Wahyu Hidayatullah' });
      await s.applied(m2, {}, 2);
    }));

  it('applies a scoped extract to its schools only and lets a pupil who vanished from it wait', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA', 'sdB'])
        .ptk({ ptkId: 'PTK-001', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Eko Prasetyo' })
        .pd({ pdId: 'PD-001', npsn: sdA, tingkat: 2, nama: 'Bayu Saputra' })
        .pd({ pdId: 'PD-002', npsn: sdB, tingkat: 2, nama: 'Citra Dewi' });
      await s.applied(m1, { account_created: worldAccounts(['sdA', 'sdB']) + 3 });

      const m2 = m1
        .clone({ ...M2, scope: { kind: 'sekolah', npsn: [sdA] } })
        .removeSchool(sdB)
        .removeSchool(filler)
        .removePd('PD-001')
        .updatePtk('PTK-001', { nama: 'Eko Prasetyo Utomo' });
      const { events } = await s.applied(m2, { profile_updated: 1 });
      assertEvent(eventOf(events, 'PTK-001'), { type: 'profile_updated' });
      assert.equal(await s.accountStatus('bayu.saputra10@sd.belajar.id'), 'active');
      assert.equal(await s.accountStatus('citra.dewi10@sd.belajar.id'), 'active');
    }));

  it('reports a replayed extract as unchanged with the earlier run_id and no events, whatever its date', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-001', npsn: sdA, tingkat: 4, nama: 'Sekar Arum' });
      const first = await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const m2 = m1.clone(M2).updatePd('PD-001', { nama: 'Sekar Arum Sari' });
      const second = await s.applied(m2, { profile_updated: 1 });

      // Written again to new directories: the same content, not the same path, makes a replay.
      for (const [builder, earlier] of [
        [m2, second],
        [m1, first],
      ] as const) {
        const replay = assertReport(await s.sync(builder), { code: 0, status: 'unchanged', counts: {} });
        assert.equal(String(replay.run_id), String(earlier.report.run_id));
        assert.equal((await s.events(replay.run_id)).length, earlier.events.length);
      }
    }));

  it('refuses a snapshot_id already applied with different content, with exit 2', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-001', npsn: sdA, tingkat: 4, nama: 'Sekar Arum' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const sameId = m1
        .clone({ ...M2, snapshotId: M1.snapshotId })
        .updatePd('PD-001', { nama: 'Sekar Arum Sari' });
      assertReport(await s.sync(sameId), { code: 2, status: 'refused', counts: {} });
      // Nothing of the refused extract was applied: the real month 2 still finds the rename.
      await s.applied(m1.clone(M2).updatePd('PD-001', { nama: 'Sekar Arum Sari' }), { profile_updated: 1 });
    }));

  it('refuses an extract older than the last one applied, with exit 2', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).pd({ pdId: 'PD-001', npsn: sdA, tingkat: 4, nama: 'Sekar Arum' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
      const older = m1.clone({ snapshotId: 'dapodik-2024-06', takenAt: '2024-06-15' }).removePd('PD-001');
      assertReport(await s.sync(older), { code: 2, status: 'refused', counts: {} });
      assert.equal(await s.accountStatus('sekar.arum10@sd.belajar.id'), 'active');
    }));

  it('stops with exit 2 and records no run when a column or a file is missing', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA']).ptk({
        ptkId: 'PTK-001',
        npsn: sdA,
        jenisPtk: 'Guru Kelas',
        nama: 'Eko Prasetyo',
      });
      for (const [bad, named] of [
        [m1.clone(M1).omitColumn('ptk.csv', 'nuptk'), 'nuptk'],
        [m1.clone(M1).omitFile('peserta_didik.csv'), 'peserta_didik'],
      ] as const) {
        const result = await s.sync(bad);
        assert.equal(result.code, 2, explain(result));
        assert.equal(result.json?.status, undefined, `bad input prints no report: ${explain(result)}`);
        assert.ok(result.stderr.includes(named), `the error names ${named}: ${explain(result)}`);
      }
      const listed = await s.run(['runs', 'list', '--json']);
      assert.equal(listed.code, 0, explain(listed));
      assert.deepEqual(runsIn(listed.json), []);
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 1 });
    }));

  it('plans without writing: --plan reports what a sync would apply, and the sync after it applies all of it', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA'])
        .ptk({ ptkId: 'PTK-001', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Eko Prasetyo' })
        .pd({ pdId: 'PD-001', npsn: sdA, tingkat: 2, nama: 'Bayu Saputra' });
      const created = { account_created: worldAccounts(['sdA']) + 2 };
      assertReport(await s.sync(m1, '--plan'), { code: 0, status: 'planned', counts: created, extract: m1 });
      await s.applied(m1, created);

      const m2 = m1.clone(M2).updatePtk('PTK-001', { nama: 'Eko Prasetyo Utomo' }).removePd('PD-001');
      const changes = { profile_updated: 1, pd_deactivated: 1 };
      const plan = assertReport(await s.sync(m2, '--plan'), {
        code: 0,
        status: 'planned',
        counts: changes,
        extract: m2,
      });
      assertEventsMatchReport(await s.events(plan.run_id), plan, 'planned', m2.takenAt);
      const { events } = await s.applied(m2, changes);
      assertEvent(eventOf(events, 'PD-001'), { type: 'pd_deactivated', reason: 'absent' });
    }));
}

for (const dialect of DIALECTS) {
  const skip = await skipReason(dialect);
  describe(`snapshots, input and plans through the CLI on ${dialect}`, { skip }, () => scenarios(dialect));
}
