// /api/v1/runs and /api/v1/events over real HTTP with bearer tokens of every kind of scope: what a
// token sees is cut to its area, and it decides only the held scopes it covers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseApiToken } from '../../src/security/api-token.js';
import { eventView } from '../../src/sync/event-view.js';
import type { SyncReport } from '../../src/sync/report.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { holdOf, leavingStatuses } from './runs-support.js';
import { api, LEAVING_C, NPSN, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const HELD = `sekolah:${NPSN.sdC}`;

interface RunItem {
  id: number;
  status: string;
  events: Record<string, number>;
}
interface RunBody {
  id: number;
  status: string;
  counts: Record<string, number>;
  by_reason: Record<string, number>;
  events_by_state: Record<string, number>;
  held: { scope: string; status: string; count: number; decided_by: string | null }[];
}
interface EventsBody {
  run_id: number;
  total: number;
  limit: number;
  offset: number;
  events: Record<string, unknown>[];
}
interface ErrorBody {
  code: string;
  message: string;
}

const CONTRACT_KEYS = new Set([
  'type',
  'run_id',
  'account_id',
  'state',
  'person',
  'reason',
  'same_jenjang',
  'from',
  'to',
  'effective_date',
]);

for (const dialect of DIALECTS) {
  describe(`runs and events API on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    const tokens: Record<'nas' | 'jabar' | 'bali' | 'school', string> = {
      nas: '',
      jabar: '',
      bali: '',
      school: '',
    };
    let jabarSchools: Set<string>;
    before(async () => {
      world = await webWorld(dialect, 2);
      tokens.nas = await world.addToken('nasional');
      tokens.jabar = await world.addToken('dinas:32');
      tokens.bali = await world.addToken('dinas:51');
      tokens.school = await world.addToken(`sekolah:${NPSN.sdA}`);
      const rows = await world.store.db
        .selectFrom('schools')
        .select('npsn')
        .where('kode_wilayah', 'like', '32%')
        .execute();
      jabarSchools = new Set(rows.map((r) => r.npsn));
    });
    after(() => world.close());

    test('without a token, or with a made-up one, the API answers 401 with {code, message}', async () => {
      for (const token of [null, 'slr_nope_nope']) {
        const res = await api(world.url, token, '/runs');
        assert.equal(res.status, 401);
        const body = res.body as ErrorBody;
        assert.equal(body.code, 'unauthorized');
        assert.equal(typeof body.message, 'string');
      }
    });

    test('the runs list is newest first, paged, with events counted inside the token’s scope', async () => {
      const all = await api(world.url, tokens.nas, '/runs');
      assert.equal(all.status, 200);
      const body = all.body as { runs: RunItem[]; total: number };
      assert.deepEqual(
        body.runs.map((r) => r.id),
        [2, 1],
      );
      assert.equal(body.total, 2);
      assert.equal(body.runs[0]?.status, 'partly_held');
      assert.equal(body.runs[0]?.events.held, 10);
      const jabar = (await api(world.url, tokens.jabar, '/runs')).body as { runs: RunItem[] };
      assert.equal(jabar.runs[0]?.events.held, 0);
      const second = (await api(world.url, tokens.nas, '/runs?limit=1&offset=1')).body as { runs: RunItem[] };
      assert.deepEqual(
        second.runs.map((r) => r.id),
        [1],
      );
      const bad = await api(world.url, tokens.nas, '/runs?limit=0');
      assert.equal(bad.status, 400);
      assert.equal((bad.body as ErrorBody).code, 'bad_input');
    });

    test('a run shows its counts (the report’s, nationally) and only the held scopes the token covers', async () => {
      for (const id of [1, 2]) {
        const run = await world.store.db
          .selectFrom('runs')
          .select('report_json')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const report = JSON.parse(run.report_json ?? '{}') as SyncReport;
        const res = await api(world.url, tokens.nas, `/runs/${id}`);
        assert.equal(res.status, 200);
        assert.deepEqual((res.body as RunBody).counts, report.counts);
      }
      const nas = (await api(world.url, tokens.nas, '/runs/2')).body as RunBody;
      assert.deepEqual(
        nas.held.map((h) => [h.scope, h.status, h.count]),
        [[HELD, 'pending', 10]],
      );
      assert.equal(nas.events_by_state.held, 10);
      const bali = (await api(world.url, tokens.bali, '/runs/2')).body as RunBody;
      assert.deepEqual(
        bali.held.map((h) => h.scope),
        [HELD],
      );
      for (const token of [tokens.jabar, tokens.school]) {
        const scoped = (await api(world.url, token, '/runs/2')).body as RunBody;
        assert.deepEqual(scoped.held, [], 'the Bali school’s hold is not shown outside Bali');
        assert.equal(scoped.events_by_state.held, 0);
      }
    });

    test('an unknown run is 404 with {code, message}', async () => {
      for (const [method, path] of [
        ['GET', '/runs/999'],
        ['GET', '/runs/abc'],
        ['POST', '/runs/999/approve'],
        ['GET', '/events?run=999'],
      ] as const) {
        const res = await api(world.url, tokens.nas, path, {
          method,
          ...(method === 'POST' ? { body: { scope: HELD } } : {}),
        });
        assert.equal(res.status, 404, path);
        const body = res.body as ErrorBody;
        assert.equal(body.code, 'not_found');
        assert.ok(body.message.length > 0);
      }
    });

    test('events come in the `selaras events` shape, only those of the token’s area', async () => {
      const res = await api(world.url, tokens.nas, '/events?run=2');
      assert.equal(res.status, 200);
      const body = res.body as EventsBody;
      assert.equal(body.run_id, 2);
      assert.equal(body.total, 10);
      const stored = await world.store.db
        .selectFrom('events')
        .selectAll()
        .where('run_id', '=', 2)
        .orderBy('seq')
        .execute();
      assert.deepEqual(body.events, JSON.parse(JSON.stringify(stored.map(eventView))));
      for (const e of body.events) {
        assert.ok(
          Object.keys(e).every((k) => CONTRACT_KEYS.has(k)),
          JSON.stringify(e),
        );
        assert.equal(e.type, 'pd_deactivated');
        assert.equal(e.state, 'held');
        const person = e.person as { kind: string; id: string };
        assert.equal(person.kind, 'pd');
        assert.ok(LEAVING_C.includes(person.id));
        assert.equal((e.from as { npsn: string }).npsn, NPSN.sdC);
      }
      const jabar2 = (await api(world.url, tokens.jabar, '/events?run=2')).body as EventsBody;
      assert.equal(jabar2.total, 0);
      assert.deepEqual(jabar2.events, []);
      const jabar1 = (await api(world.url, tokens.jabar, '/events?run=1&limit=1000')).body as EventsBody;
      assert.ok(jabar1.total > 0);
      assert.equal(jabar1.events.length, jabar1.total);
      for (const e of jabar1.events) {
        assert.ok(jabarSchools.has((e.to as { npsn: string }).npsn), 'no event of a Bali school');
      }
      const storedJabar = await world.store.db
        .selectFrom('events')
        .select('id')
        .where('run_id', '=', 1)
        .where('to_npsn', 'in', [...jabarSchools])
        .execute();
      assert.equal(jabar1.total, storedJabar.length);
    });

    test('events are paged with limit and offset, and need a run', async () => {
      const first = (await api(world.url, tokens.nas, '/events?run=1&limit=5')).body as EventsBody;
      const next = (await api(world.url, tokens.nas, '/events?run=1&limit=5&offset=5')).body as EventsBody;
      assert.equal(first.events.length, 5);
      assert.equal(next.events.length, 5);
      assert.notDeepEqual(first.events, next.events);
      const missing = await api(world.url, tokens.nas, '/events');
      assert.equal(missing.status, 400);
      assert.equal((missing.body as ErrorBody).code, 'bad_input');
    });

    test('a West Java token cannot approve the Bali school: 403, and nothing changes', async () => {
      for (const token of [tokens.jabar, tokens.school]) {
        const res = await api(world.url, token, '/runs/2/approve', { method: 'POST', body: { scope: HELD } });
        assert.equal(res.status, 403);
        assert.equal((res.body as ErrorBody).code, 'forbidden');
      }
      assert.deepEqual([...new Set((await leavingStatuses(world.store)).values())], ['active']);
      assert.equal((await holdOf(world.store, 2, HELD)).status, 'pending');
    });

    test('a decision needs a JSON body with a scope', async () => {
      for (const body of [{}, { scope: '' }, { scope: HELD, reason: 42 }, 'not an object']) {
        const res = await api(world.url, tokens.bali, '/runs/2/approve', { method: 'POST', body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal((res.body as ErrorBody).code, 'bad_input');
      }
      assert.equal((await holdOf(world.store, 2, HELD)).status, 'pending');
    });

    test('the Bali token approves: the report comes back, the accounts deactivate, the audit names the token', async () => {
      const res = await api(world.url, tokens.bali, '/runs/2/approve', {
        method: 'POST',
        body: { scope: HELD, reason: 'sudah dicek' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const report = res.body as SyncReport;
      assert.equal(report.run_id, 2);
      assert.equal(report.status, 'applied');
      assert.equal(report.counts.pd_deactivated, 10);
      assert.deepEqual(report.held, []);
      assert.deepEqual([...new Set((await leavingStatuses(world.store)).values())], ['deactivating']);
      const actor = `token:${parseApiToken(tokens.bali)?.id}`;
      const audit = await world.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'approve')
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor, actor);
      assert.equal(audit.scope, HELD);
      const run = (await api(world.url, tokens.nas, '/runs/2')).body as RunBody;
      assert.equal(run.held[0]?.decided_by, actor);
      assert.equal(run.counts.pd_deactivated, 10);
    });

    test('deciding it again is refused: 409 with the reason', async () => {
      for (const action of ['approve', 'reject']) {
        const res = await api(world.url, tokens.nas, `/runs/2/${action}`, {
          method: 'POST',
          body: { scope: HELD },
        });
        assert.equal(res.status, 409);
        const body = res.body as ErrorBody;
        assert.equal(body.code, 'refused');
        assert.match(body.message, /already approved/);
      }
      const other = await api(world.url, tokens.nas, '/runs/1/approve', {
        method: 'POST',
        body: { scope: HELD },
      });
      assert.equal(other.status, 409, 'run 1 holds nothing');
      assert.match((other.body as ErrorBody).message, /holds no scope/);
    });

    test('the OpenAPI document describes every runs and events operation', async () => {
      const doc = (await api(world.url, null, '/openapi.json')).body as {
        paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
      };
      const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
      for (const id of ['listRuns', 'getRun', 'approveRun', 'rejectRun', 'listEvents']) {
        assert.ok(ops.includes(id), id);
      }
      const approve = doc.paths['/runs/{id}/approve']?.post;
      assert.ok(approve?.responses['403'] && approve.responses['409'] && approve.responses['404']);
    });
  });
}
