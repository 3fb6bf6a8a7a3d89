// Provisioning in the console, over real HTTP on every store dialect: /provision in each operator's
// scope, each account's standing on its page, and a held school approved later whose new account is
// queued by the approval and reaches the provider.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drainProvisioning } from '../../src/provision/provision-worker.js';
import { createScimConnector } from '../../src/provision/scim-connector.js';
import { decide } from '../../src/sync/approval-service.js';
import { type ScimProvider, startScimProvider } from '../fixtures/scim-provider.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { tableRows } from '../web/directory-support.js';
import { monthTwo, NPSN, WebClient, type WebWorld, webWorld } from '../web/web-support.js';
import { provisionRows } from './provision-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

function dataOf(html: string, id: string, attribute: string): string | undefined {
  const tag = new RegExp(`<[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
  return new RegExp(`data-${attribute}="([^"]*)"`).exec(tag)?.[1];
}

for (const dialect of DIALECTS) {
  describe(`provisioning in the console (${dialect})`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let provider: ScimProvider;
    /** An account of SD_C whose create the provider refused. */
    let refused: { id: number; address: string };
    const drain = () =>
      drainProvisioning(
        world.store,
        createScimConnector({ baseUrl: provider.url, token: provider.token, timeoutMs: 5000 }),
        { workers: 2 },
      );
    const signedIn = async (login: string) => {
      const client = new WebClient(world.url);
      assert.equal((await client.login(login)).status, 303);
      return client;
    };

    before(async () => {
      provider = await startScimProvider();
      world = await webWorld(dialect, 1, () => new Date(), {
        SELARAS_PROVISION_SCIM_URL: provider.url,
        SELARAS_PROVISION_SCIM_TOKEN: provider.token,
      });
      const row = await world.store.db
        .selectFrom('accounts')
        .select(['id', 'primary_address'])
        .where('person_id', '=', 'pd-c-24')
        .executeTakeFirstOrThrow();
      refused = { id: Number(row.id), address: row.primary_address };
      provider.inject({
        when: (r) => r.method === 'POST' && JSON.stringify(r.body ?? '').includes(refused.address),
        status: 400,
      });
      await world.addOperator('nas', 'nasional');
      await world.addOperator('sek', `sekolah:${NPSN.sdA}`);
      await world.addOperator('bali', 'dinas:51');
    });
    after(async () => {
      await world.close();
      await provider.close();
    });

    test('before any drain /provision shows the target and every account waiting', async () => {
      const page = await (await signedIn('nas')).page('/provision');
      assert.equal(page.status, 200);
      assert.equal(dataOf(page.html, 'provision-target', 'target'), `SCIM ${provider.url}`);
      assert.ok(!page.html.includes(provider.token), 'the token is never shown');
      const accounts = (await provisionRows(world.store)).length;
      assert.equal(dataOf(page.html, 'provision-waiting', 'count'), String(accounts));
    });

    test('after a drain: counts and failures follow the scope, and each account page shows its standing', async () => {
      const result = await drain();
      assert.equal(result.failed, 1);

      const nas = await (await signedIn('nas')).page('/provision');
      assert.match(nas.html, new RegExp(`data-state="synced" data-count="${result.applied}"`));
      assert.deepEqual(
        tableRows(nas.html, 'provision-problems').map((r) => [r['account-id'], r.state]),
        [[String(refused.id), 'failed']],
      );
      assert.match(nas.html, /POST \/Users: 400 injected/);

      const sek = await (await signedIn('sek')).page('/provision');
      assert.deepEqual(tableRows(sek.html, 'provision-problems'), [], 'SD_A sees no failure of Bali');
      assert.match(sek.html, /data-state="failed" data-count="0"/);
      const bali = await (await signedIn('bali')).page('/provision');
      assert.equal(tableRows(bali.html, 'provision-problems').length, 1);

      const client = await signedIn('nas');
      const failedPage = await client.page(`/accounts/${refused.id}`);
      assert.equal(dataOf(failedPage.html, 'account-provisioning', 'state'), 'failed');
      assert.match(failedPage.html, /id="provision-error">POST \/Users: 400 injected/);

      const ok = await world.store.db
        .selectFrom('accounts')
        .select('id')
        .where('person_id', '=', 'pd-a-00')
        .executeTakeFirstOrThrow();
      const okPage = await client.page(`/accounts/${ok.id}`);
      assert.equal(dataOf(okPage.html, 'account-provisioning', 'state'), 'synced');
      const remote = provider.userByExternalId(`selaras:${ok.id}`)!;
      assert.match(okPage.html, new RegExp(`id="provision-remote-id">${remote.id}<`));
      assert.deepEqual(
        tableRows(okPage.html, 'account-provision-rows').map((r) => r.status),
        ['sent'],
      );
    });

    test('a held school approved later queues its new account with the approval, and it reaches the provider', async () => {
      const month = monthTwo();
      month.pd({ pdId: 'pd-c-new', npsn: NPSN.sdC, tingkat: 1, nama: 'Wayan Sudarma' });
      const report = await world.sync(month);
      assert.equal(report.status, 'partly_held');
      const before = (await provisionRows(world.store)).length;

      await decide(world.store, Number(report.run_id), {
        decision: 'approve',
        actor: 'nas',
        now: () => new Date(),
        batchSize: 100,
        policy: world.deps.config.policy,
        lang: 'id',
      });

      const added = (await provisionRows(world.store)).slice(before);
      assert.deepEqual(
        added.map((r) => [r.run_id, r.changes.join()]),
        [[report.run_id, 'create']],
        'the leavers stay active at the target: only the new pupil is queued',
      );
      assert.equal((await drain()).applied, 1);
      const created = provider.userByExternalId(`selaras:${added[0]!.account_id}`);
      assert.equal(created?.displayName, 'Wayan Sudarma');
    });
  });
}
