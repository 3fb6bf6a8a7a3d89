// The runs pages and the decisions on held scopes, over real HTTP: month 2 of the test world leaves
// run 2 partly held with `sekolah:51000001` (10 pupils of SD_C leaving).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SyncReport } from '../../src/sync/report.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import {
  attrValues,
  cellNumber,
  elementWith,
  holdOf,
  leavingStatuses,
  signedIn,
  unescapeHtml,
} from './runs-support.js';
import { LEAVING_C, NPSN, type WebClient, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const HELD = `sekolah:${NPSN.sdC}`;

for (const dialect of DIALECTS) {
  describe(`runs pages and approval on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let nas: WebClient;
    let school32: WebClient;
    let dinas51: WebClient;
    before(async () => {
      world = await webWorld(dialect, 2);
      nas = await signedIn(world, 'nas', 'nasional');
      school32 = await signedIn(world, 'op-sd-a', `sekolah:${NPSN.sdA}`);
      dinas51 = await signedIn(world, 'dinas-bali', 'dinas:51');
    });
    after(() => world.close());

    test('the runs list shows every run newest first, with its status and the changes in the caller’s area', async () => {
      const { status, html } = await nas.page('/runs');
      assert.equal(status, 200);
      assert.deepEqual(attrValues(html, 'data-run-id'), ['2', '1']);
      const run2 = elementWith(html, 'tr', 'data-run-id', '2');
      const run1 = elementWith(html, 'tr', 'data-run-id', '1');
      assert.match(run2 ?? '', /class="badge partly_held" data-status="partly_held">Sebagian ditahan</);
      assert.match(run1 ?? '', /data-status="applied"/);
      assert.equal(cellNumber(run2, 'data-count', 'held'), 10);
      const created = await world.store.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', 1)
        .executeTakeFirstOrThrow();
      assert.equal(cellNumber(run1, 'data-count', 'applied'), Number(created.n));
      const scoped = await school32.page('/runs');
      const scoped2 = elementWith(scoped.html, 'tr', 'data-run-id', '2');
      assert.equal(cellNumber(scoped2, 'data-count', 'held'), 0, 'SD_A has nothing held');
    });

    test('a run page counts events by kind and reason; for a national operator they match the run report', async () => {
      for (const runId of [1, 2]) {
        const { html } = await nas.page(`/runs/${runId}`);
        const run = await world.store.db
          .selectFrom('runs')
          .select('report_json')
          .where('id', '=', runId)
          .executeTakeFirstOrThrow();
        const report = JSON.parse(run.report_json ?? '{}') as SyncReport;
        for (const [type, n] of Object.entries(report.counts)) {
          const row = elementWith(html, 'tr', 'data-type', type);
          assert.equal(row ? cellNumber(row, 'data-state', 'applied') : 0, n, `run ${runId} ${type}`);
        }
      }
      const { html } = await nas.page('/runs/2');
      assert.equal(
        cellNumber(elementWith(html, 'tr', 'data-type', 'pd_deactivated'), 'data-state', 'held'),
        10,
      );
      const absent = elementWith(html, 'tr', 'data-reason', 'absent');
      assert.match(absent ?? '', /Tidak lagi tercantum di Dapodik/);
      assert.equal(cellNumber(absent, 'data-state', 'held'), 10);
      const hold = elementWith(html, 'section', 'data-scope', HELD);
      assert.match(hold ?? '', /data-status="pending"/);
      assert.match(html, new RegExp(`data-decision="approve" data-scope="${HELD}" data-confirm="[^"]+"`));
      assert.match(html, new RegExp(`data-decision="reject" data-scope="${HELD}"`));
    });

    test('the run page speaks English when asked', async () => {
      const { html } = await nas.page('/runs/2?lang=en');
      assert.match(html, /Partly held/);
      assert.match(html, /No longer listed in Dapodik/);
      assert.match(html, /Approve and apply/);
      await nas.page('/runs/2?lang=id');
    });

    test('a school operator sees its own school’s counts and no decision on another school', async () => {
      const { status, html } = await school32.page('/runs/2');
      assert.equal(status, 200);
      assert.equal(elementWith(html, 'section', 'data-scope', HELD), undefined);
      assert.doesNotMatch(html, /data-decision=/);
      assert.doesNotMatch(html, /data-type="pd_deactivated"/, 'SD_C’s leavers are not counted for SD_A');
      assert.match(html, /id="hidden-holds" data-count="1"/);
    });

    test('an unknown run is a 404 page', async () => {
      const { status, html } = await nas.page('/runs/999');
      assert.equal(status, 404);
      assert.match(html, /data-code="not_found"/);
    });

    test('a national operator approves the held scope: the pupils’ accounts begin deactivating', async () => {
      const before = await leavingStatuses(world.store);
      assert.deepEqual([...new Set(before.values())], ['active']);
      await nas.page('/runs/2');
      const res = await nas.post('/runs/2/approve', { scope: HELD, reason: 'dicek <b>dengan</b> sekolah' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `/runs/2?done=approved&scope=${encodeURIComponent(HELD)}`);
      const after = await leavingStatuses(world.store);
      assert.equal(after.size, LEAVING_C.length);
      assert.deepEqual([...new Set(after.values())], ['deactivating']);
      const hold = await holdOf(world.store, 2, HELD);
      assert.equal(hold.status, 'approved');
      assert.equal(hold.decided_by, 'nas');
      const { html } = await nas.page(res.headers.get('location') ?? '');
      assert.match(html, /id="decision-notice" data-done="approved"/);
      assert.match(html, /id="run-facts" data-status="applied"/);
      assert.equal(
        cellNumber(elementWith(html, 'tr', 'data-type', 'pd_deactivated'), 'data-state', 'applied'),
        10,
      );
      const hold2 = elementWith(html, 'section', 'data-scope', HELD) ?? '';
      assert.match(hold2, /data-decided-by="nas"/);
      assert.match(hold2, /dicek &lt;b&gt;dengan&lt;\/b&gt; sekolah/, 'the reason is shown as text');
      assert.doesNotMatch(html, /data-decision=/, 'nothing is left to decide');
    });

    test('the audit log shows the decision with the operator’s login', async () => {
      const { html } = await nas.page('/audit');
      const row = elementWith(html, 'tr', 'data-action', 'approve');
      assert.ok(row, 'an approve entry');
      assert.match(row, /data-actor="nas"/);
      assert.match(row, new RegExp(`data-scope="${HELD}"`));
      assert.match(unescapeHtml(row), /"reason":"dicek <b>dengan<\/b> sekolah"/);
      assert.doesNotMatch(row, /<b>/, 'details are escaped text, never markup');
      assert.ok(attrValues(html, 'data-action').includes('apply'), 'the national log shows the applies too');
    });

    test('the audit log shows a scoped operator only the entries about its area', async () => {
      const bali = await dinas51.page('/audit');
      assert.ok(attrValues(bali.html, 'data-action').includes('approve'));
      assert.ok(attrValues(bali.html, 'data-scope').every((s) => s === HELD || s === 'dinas:51'));
      const school = await school32.page('/audit');
      assert.ok(!attrValues(school.html, 'data-action').includes('approve'));
      assert.ok(!attrValues(school.html, 'data-action').includes('apply'), 'whole-run entries are national');
      assert.deepEqual([...new Set(attrValues(school.html, 'data-scope'))], [`sekolah:${NPSN.sdA}`]);
    });

    test('deciding the same scope twice is refused, with the reason on the page', async () => {
      await nas.page('/runs/2');
      const res = await nas.post('/runs/2/approve', { scope: HELD });
      assert.equal(res.status, 409);
      const html = await res.text();
      assert.match(html, new RegExp(`id="decision-refused" data-scope="${HELD}"`));
      assert.match(html, /sudah disetujui oleh nas/);
      const approvals = await world.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'approve')
        .execute();
      assert.equal(approvals.length, 1, 'the refused decision is not recorded as one');
    });
  });

  describe(`held scopes decided by area on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    before(async () => {
      world = await webWorld(dialect, 2);
    });
    after(() => world.close());

    test('operators outside the held school get 403 for a forged decision, and nothing changes', async () => {
      for (const [login, role] of [
        ['op-sd-a', `sekolah:${NPSN.sdA}`],
        ['dinas-jabar', 'dinas:32'],
      ] as const) {
        const client = await signedIn(world, login, role);
        await client.page('/runs/2');
        for (const action of ['approve', 'reject']) {
          const res = await client.post(`/runs/2/${action}`, { scope: HELD });
          assert.equal(res.status, 403, `${login} ${action}`);
          assert.match(await res.text(), /data-code="forbidden"/);
        }
      }
      assert.deepEqual([...new Set((await leavingStatuses(world.store)).values())], ['active']);
      assert.equal((await holdOf(world.store, 2, HELD)).status, 'pending');
      const decisions = await world.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', 'in', ['approve', 'reject'])
        .execute();
      assert.equal(decisions.length, 0);
    });

    test('a decision without a scope is bad input', async () => {
      const client = await signedIn(world, 'nas-2', 'nasional');
      await client.page('/runs/2');
      const res = await client.post('/runs/2/approve', {});
      assert.equal(res.status, 400);
    });

    test('the Bali office rejects the held school: accounts stay active and the events are rejected', async () => {
      const dinas = await signedIn(world, 'dinas-bali', 'dinas:51');
      const { html } = await dinas.page('/runs/2');
      assert.match(html, new RegExp(`data-decision="reject" data-scope="${HELD}"`));
      const res = await dinas.post('/runs/2/reject', { scope: HELD, reason: 'data sekolah belum lengkap' });
      assert.equal(res.status, 303);
      assert.deepEqual([...new Set((await leavingStatuses(world.store)).values())], ['active']);
      const hold = await holdOf(world.store, 2, HELD);
      assert.equal(hold.status, 'rejected');
      assert.equal(hold.decided_by, 'dinas-bali');
      assert.equal(hold.decision_reason, 'data sekolah belum lengkap');
      const states = await world.store.db
        .selectFrom('events')
        .select('state')
        .where('run_id', '=', 2)
        .where('person_id', 'in', LEAVING_C)
        .execute();
      assert.deepEqual([...new Set(states.map((s) => s.state))], ['rejected']);
      const page = await dinas.page(res.headers.get('location') ?? '');
      assert.match(page.html, /id="decision-notice" data-done="rejected"/);
    });
  });
}
