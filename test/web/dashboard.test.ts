// The dashboard over real HTTP: three Chart.js charts from JSON blocks, the same numbers in tables, and
// every number cut to the caller's scope — checked against counts taken straight from the store.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { attrValues, cellNumber, elementWith, jsonBlock, signedIn } from './runs-support.js';
import { NPSN, type WebClient, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const HELD = `sekolah:${NPSN.sdC}`;

interface ChartSpec {
  type: string;
  data: { labels: string[]; datasets: { label?: string; data: number[] }[] };
}

/** Accounts by status among the schools `npsns` names (all when undefined), from the store. */
async function accountsByStatus(store: Store, npsns?: string[]): Promise<Record<string, number>> {
  let query = store.db.selectFrom('accounts').select(['status', sql<number>`count(*)`.as('n')]);
  if (npsns) query = query.where('npsn', 'in', npsns);
  const rows = await query.groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

async function outboxByStatus(store: Store, npsns?: string[]): Promise<Record<string, number>> {
  let query = store.db
    .selectFrom('outbox')
    .leftJoin('accounts', 'accounts.id', 'outbox.account_id')
    .select(['outbox.status as status', sql<number>`count(*)`.as('n')]);
  if (npsns) query = query.where('accounts.npsn', 'in', npsns);
  const rows = await query.groupBy('outbox.status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

async function createdInRun1(store: Store, npsns?: string[]): Promise<number> {
  let query = store.db
    .selectFrom('events')
    .select(sql<number>`count(*)`.as('n'))
    .where('run_id', '=', 1)
    .where('state', '=', 'applied')
    .where('type', '=', 'account_created');
  if (npsns) query = query.where('to_npsn', 'in', npsns);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

function statNumber(html: string, key: string): number {
  const value = new RegExp(`data-stat="${key}">[\\s\\S]*?data-value="([0-9]+)"`).exec(html)?.[1];
  assert.ok(value, `stat ${key}`);
  return Number(value);
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}

for (const dialect of DIALECTS) {
  describe(`dashboard on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let nas: WebClient;
    let school: WebClient;
    let jabar: WebClient;
    let bali: WebClient;
    let jabarSchools: string[];
    before(async () => {
      world = await webWorld(dialect, 2);
      nas = await signedIn(world, 'nas', 'nasional');
      school = await signedIn(world, 'op-sd-a', `sekolah:${NPSN.sdA}`);
      jabar = await signedIn(world, 'dinas-jabar', 'dinas:32');
      bali = await signedIn(world, 'dinas-bali', 'dinas:51');
      const rows = await world.store.db
        .selectFrom('schools')
        .select('npsn')
        .where('kode_wilayah', 'like', '32%')
        .execute();
      jabarSchools = rows.map((r) => r.npsn);
    });
    after(() => world.close());

    test('three charts are drawn by Chart.js from JSON blocks naming their canvases', async () => {
      const { status, html } = await nas.page('/');
      assert.equal(status, 200);
      assert.match(html, /<script src="\/static\/chart\.umd\.min\.js"/);
      for (const [id, type] of [
        ['chart-accounts', 'bar'],
        ['chart-events', 'bar'],
        ['chart-outbox', 'doughnut'],
      ] as const) {
        assert.match(html, new RegExp(`<canvas id="${id}"`));
        assert.match(html, new RegExp(`id="${id}-data" data-chart="${id}"`));
        const spec = jsonBlock(html, `${id}-data`) as ChartSpec;
        assert.equal(spec.type, type);
        assert.ok(spec.data.datasets.length > 0);
      }
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
      assert.ok(
        scripts.every((attrs) => /\bsrc="/.test(attrs) || /type="application\/json"/.test(attrs)),
        'no inline script',
      );
    });

    test('national numbers are the store’s: accounts, applied events per run, and the outbox', async () => {
      const { html } = await nas.page('/');
      const accounts = await accountsByStatus(world.store);
      const chart = jsonBlock(html, 'chart-accounts-data') as ChartSpec;
      const active = chart.data.datasets.find((d) => d.label === 'Aktif');
      assert.equal(
        active?.data.reduce((a, b) => a + b, 0),
        accounts.active,
      );
      const total = elementWith(html, 'tr', 'data-jenjang', 'total');
      assert.equal(cellNumber(total, 'data-status', 'active'), accounts.active);
      assert.equal(cellNumber(total, 'data-status', 'total'), sum(accounts));
      assert.equal(statNumber(html, 'accounts'), sum(accounts));
      const created = await createdInRun1(world.store);
      assert.equal(cellNumber(elementWith(html, 'tr', 'data-run', '1'), 'data-group', 'joined'), created);
      const events = jsonBlock(html, 'chart-events-data') as ChartSpec;
      assert.equal(events.data.labels.length, 2, 'one bar per run');
      assert.equal(events.data.datasets[0]?.data[0], created);
      const outbox = await outboxByStatus(world.store);
      const doughnut = jsonBlock(html, 'chart-outbox-data') as ChartSpec;
      assert.equal(
        doughnut.data.datasets[0]?.data.reduce((a, b) => a + b, 0),
        sum(outbox),
      );
      assert.equal(
        cellNumber(elementWith(html, 'tr', 'data-channel', 'total'), 'data-status', 'pending'),
        outbox.pending ?? 0,
      );
    });

    test('a school operator sees only its own school’s accounts, events and mail', async () => {
      const { html } = await school.page('/');
      const own = await accountsByStatus(world.store, [NPSN.sdA]);
      const all = await accountsByStatus(world.store);
      assert.ok(sum(own) > 0 && sum(own) < sum(all));
      assert.equal(statNumber(html, 'accounts'), sum(own));
      const total = elementWith(html, 'tr', 'data-jenjang', 'total');
      assert.equal(cellNumber(total, 'data-status', 'total'), sum(own));
      assert.deepEqual(attrValues(html, 'data-jenjang'), ['sd', 'total'], 'SD_A is a primary school only');
      const chart = jsonBlock(html, 'chart-accounts-data') as ChartSpec;
      assert.deepEqual(chart.data.labels, ['SD']);
      assert.equal(
        chart.data.datasets.flatMap((d) => d.data).reduce((a, b) => a + b, 0),
        sum(own),
      );
      assert.equal(
        cellNumber(elementWith(html, 'tr', 'data-run', '1'), 'data-group', 'joined'),
        await createdInRun1(world.store, [NPSN.sdA]),
      );
      const mail = await outboxByStatus(world.store, [NPSN.sdA]);
      assert.ok(sum(mail) > 0 && sum(mail) < sum(await outboxByStatus(world.store)));
      const doughnut = jsonBlock(html, 'chart-outbox-data') as ChartSpec;
      assert.equal(
        doughnut.data.datasets[0]?.data.reduce((a, b) => a + b, 0),
        sum(mail),
        'school digests (no account) are not counted for a school',
      );
      assert.match(html, /id="dashboard-scope">[^<]*32000001/);
    });

    test('a dinas office sees the schools of its prefix', async () => {
      const { html } = await jabar.page('/');
      const own = await accountsByStatus(world.store, jabarSchools);
      assert.equal(statNumber(html, 'accounts'), sum(own));
      assert.equal(
        cellNumber(elementWith(html, 'tr', 'data-run', '1'), 'data-group', 'joined'),
        await createdInRun1(world.store, jabarSchools),
      );
    });

    test('held scopes wait on the dashboard of those who may decide them, with a link to the run', async () => {
      for (const client of [nas, bali]) {
        const { html } = await client.page('/');
        const item = elementWith(html, 'tr', 'data-scope', HELD);
        assert.ok(item, 'the held school is listed');
        assert.match(item, /data-run="2"/);
        assert.match(item, /href="\/runs\/2"/);
      }
      for (const client of [jabar, school]) {
        const { html } = await client.page('/');
        assert.equal(elementWith(html, 'tr', 'data-scope', HELD), undefined);
        assert.match(html, /id="pending-holds"/);
      }
    });

    test('the dashboard speaks English when asked', async () => {
      const { html } = await nas.page('/?lang=en');
      assert.match(html, /Accounts by jenjang and status/);
      const chart = jsonBlock(html, 'chart-accounts-data') as ChartSpec;
      assert.ok(chart.data.datasets.some((d) => d.label === 'Active'));
      await nas.page('/?lang=id');
    });
  });
}
