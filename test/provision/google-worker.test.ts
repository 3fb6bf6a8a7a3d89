// The provisioning worker driving the Google Workspace connector end to end: a store synced month by
// month from real extracts and ticked, its outbox drained through the official client into a local
// Directory API, which ends holding exactly Selaras's accounts — renamed with the old address kept as
// an alias, suspended, reactivated, deleted — on every store dialect.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { createGoogleConnector } from '../../src/provision/google-connector.js';
import { createGoogleDirectory } from '../../src/provision/google-directory.js';
import { reconcileGoogle } from '../../src/provision/google-reconcile.js';
import { drainProvisioning } from '../../src/provision/provision-worker.js';
import type { Store } from '../../src/store/store.js';
import { syncExtract } from '../../src/sync/sync-service.js';
import { tick } from '../../src/sync/tick-service.js';
import type { ExtractBuilder } from '../fixtures/extract-builder.js';
import { type DirectoryServer, startDirectoryServer } from '../fixtures/google-directory-server.js';
import { DIALECTS, freshStore, skipReason } from '../support/stores.js';
import {
  DELETE_DAY,
  monthOne,
  monthThree,
  monthTwo,
  PEOPLE,
  SUSPEND_DAY,
  stateCounts,
} from './provision-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

/** Google holds exactly the accounts that are not deleted, by external id, with their state. */
async function assertGoogleMirrors(store: Store, server: DirectoryServer): Promise<void> {
  const accounts = await store.db
    .selectFrom('accounts')
    .select(['id', 'primary_address', 'status', 'npsn', 'jenjang', 'role', 'person_id'])
    .where('status', '!=', 'deleted')
    .execute();
  assert.equal(server.users.size, accounts.length, 'one user per account that is not deleted');
  for (const a of accounts) {
    const user = [...server.users.values()].find((u) =>
      (u.externalIds as { value: string }[] | undefined)?.some((e) => e.value === `selaras:${a.id}`),
    );
    assert.ok(user, `account ${a.id} (${a.primary_address}) is in Google`);
    assert.deepEqual(
      [user.primaryEmail, Boolean(user.suspended), user.orgUnitPath, user.customSchemas],
      [
        a.primary_address,
        a.status === 'suspended',
        `/${a.jenjang}/${a.npsn}`,
        { Selaras: { npsn: a.npsn, role: a.role, personId: a.person_id } },
      ],
      `account ${a.id}`,
    );
  }
}

for (const dialect of DIALECTS) {
  describe(`the worker provisioning into Google Workspace (${dialect})`, { skip: skips.get(dialect) }, () => {
    test('creates, renames, suspends, reactivates and deletes as the months go by', async () => {
      const fresh = await freshStore(dialect);
      const server = await startDirectoryServer('admin@belajar.id');
      const dir = await mkdtemp(join(tmpdir(), 'selaras-google-worker-'));
      try {
        const store = fresh.store;
        const keyFile = join(dir, 'key.json');
        await writeFile(keyFile, JSON.stringify(server.key));
        const connector = createGoogleConnector({
          credentialsFile: keyFile,
          subject: 'admin@belajar.id',
          customer: 'my_customer',
          timeoutMs: 5000,
          rootUrl: server.url,
          queriesPerMinute: 600_000,
          backoffMs: 5,
          backoffCapMs: 20,
        });
        const now = () => new Date();
        const sync = async (builder: ExtractBuilder) => {
          const extract = await builder.write();
          try {
            const base = {
              policy: DEFAULT_POLICY,
              plan: false,
              partitions: 2,
              batchSize: 50,
              dataDir: dir,
              now,
            };
            await syncExtract(store, extract, { ...base, actor: 'test', lang: 'id' });
          } finally {
            await rm(extract, { recursive: true, force: true });
          }
        };
        const tickOn = (today: string) =>
          tick(store, {
            today,
            policy: DEFAULT_POLICY,
            plan: false,
            batchSize: 50,
            now,
            actor: 'test',
            lang: 'id',
          });
        const drain = () => drainProvisioning(store, connector, { now, workers: 2 });
        const dewi = async () =>
          store.db
            .selectFrom('accounts')
            .select(['id'])
            .where('person_id', '=', PEOPLE.dewi)
            .executeTakeFirstOrThrow();

        await sync(monthOne());
        server.fail({ status: 403, reason: 'rateLimitExceeded', times: 3 });
        const first = await drain();
        assert.equal(first.failed, 0);
        await assertGoogleMirrors(store, server);
        const created = server.users.size;

        await sync(monthTwo());
        await drain();
        await tickOn(SUSPEND_DAY);
        await drain();
        await assertGoogleMirrors(store, server);

        await sync(monthThree());
        await drain();
        await tickOn(DELETE_DAY);
        const last = await drain();
        assert.equal(last.failed, 0);
        await assertGoogleMirrors(store, server);
        assert.ok(server.users.size < created, 'the deleted pupil is gone from Google');
        const dewiId = Number((await dewi()).id);
        const dewiUser = [...server.users.values()].find((u) =>
          (u.externalIds as { value: string }[]).some((e) => e.value === `selaras:${dewiId}`),
        );
        assert.match(String(dewiUser?.primaryEmail), /@admin\./);
        assert.ok(
          dewiUser?.aliases?.some((a) => a.includes('@guru.')),
          'the old address is an alias',
        );
        const counts = await stateCounts(store);
        assert.equal(counts.failed ?? 0, 0);
        assert.equal(
          server.requests.filter((r) => r.method === 'POST' && r.path === '/admin/directory/v1/users').length,
          created,
          'each user created once',
        );
      } finally {
        await server.close();
        await fresh.dispose();
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('reconcile reports drift both ways and repairs only what Selaras owns', async () => {
      const fresh = await freshStore(dialect);
      const server = await startDirectoryServer('admin@belajar.id');
      const dir = await mkdtemp(join(tmpdir(), 'selaras-google-reconcile-'));
      try {
        const store = fresh.store;
        const keyFile = join(dir, 'key.json');
        await writeFile(keyFile, JSON.stringify(server.key));
        const google = {
          subject: 'admin@belajar.id',
          customer: 'my_customer',
          timeoutMs: 5000,
          rootUrl: server.url,
          queriesPerMinute: 600_000,
        };
        const connector = createGoogleConnector({ ...google, credentialsFile: keyFile });
        const directory = createGoogleDirectory({ ...google, key: server.key });
        const now = () => new Date();
        const extract = await monthOne().write();
        try {
          const base = {
            policy: DEFAULT_POLICY,
            plan: false,
            partitions: 2,
            batchSize: 50,
            dataDir: dir,
            now,
          };
          await syncExtract(store, extract, { ...base, actor: 'test', lang: 'id' });
        } finally {
          await rm(extract, { recursive: true, force: true });
        }
        await drainProvisioning(store, connector, { now });
        const users = [...server.users.values()];
        const [gone, changed] = [users[0], users[1]];
        assert.ok(gone && changed);
        server.users.delete(gone.id);
        changed.suspended = true;
        server.seed({ primaryEmail: 'kepala.tu@belajar.id', orgUnitPath: '/' });
        server.seed({
          primaryEmail: 'old@sd.belajar.id',
          orgUnitPath: '/',
          externalIds: [{ type: 'organization', value: 'selaras:999999' }],
        });
        server.pageSize = 40;
        server.requests.length = 0;

        const drift = await reconcileGoogle(store, directory, { now: now(), repair: false });

        assert.deepEqual([drift.missing, drift.differ, drift.foreign, drift.queued], [1, 1, 2, 0]);
        assert.ok(server.requests.length > 1, 'paged with nextPageToken');
        assert.ok(server.requests.every((r) => r.method === 'GET'));
        assert.deepEqual(
          drift.drifts.map((d) => d.fields),
          drift.drifts.map((d) => (d.address === gone.primaryEmail ? ['missing'] : ['suspended'])),
        );
        assert.deepEqual(drift.foreignUsers.map((u) => [u.primaryEmail, u.externalId]).sort(), [
          ['kepala.tu@belajar.id', null],
          ['old@sd.belajar.id', 'selaras:999999'],
        ]);

        const repaired = await reconcileGoogle(store, directory, { now: now(), repair: true });
        assert.equal(repaired.queued, 2);
        await drainProvisioning(store, connector, { now });
        const after = await reconcileGoogle(store, directory, { now: now(), repair: false });
        assert.deepEqual([after.missing, after.differ, after.foreign], [0, 0, 2]);
        assert.ok(
          server.find('kepala.tu@belajar.id') && server.find('old@sd.belajar.id'),
          'foreign users untouched',
        );
      } finally {
        await server.close();
        await fresh.dispose();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
