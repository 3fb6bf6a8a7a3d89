// Shared ground for the provisioning tests: a real store synced month by month from real extracts, a
// SCIMMY-based SCIM provider on a loopback port, the real connector and worker, and the check that the
// two directories hold the same accounts.
//
// The people who change, beside the scenario world's 150 bystander pupils (so no guard holds):
//   Dewi Lestari, Guru Kelas at SD A, appointed Kepala Sekolah in month 2 (a rename: guru. → admin.);
//   Fajar Nugroho and Putri Ayu, pupils at SD A who drop out in month 2 (deactivating: still active at
//   the target), are suspended by tick on 2024-09-14; Putri is back in month 3 (reactivated), Fajar is
//   deleted by tick on 2024-11-13.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import type { ProvisionConnector } from '../../src/provision/provision-connector.js';
import {
  drainProvisioning,
  type ProvisionDrainOptions,
  type ProvisionDrainResult,
} from '../../src/provision/provision-worker.js';
import { createScimConnector } from '../../src/provision/scim-connector.js';
import { ENTERPRISE_SCHEMA } from '../../src/provision/scim-user.js';
import type { Store } from '../../src/store/store.js';
import type { SyncReport } from '../../src/sync/report.js';
import { syncExtract } from '../../src/sync/sync-service.js';
import { tick } from '../../src/sync/tick-service.js';
import { M1, M2, M3, NPSN, world } from '../cli/scenario-support.js';
import type { ExtractBuilder } from '../fixtures/extract-builder.js';
import { type ScimProvider, type ScimProviderOptions, startScimProvider } from '../fixtures/scim-provider.js';
import { type Dialect, freshStore } from '../support/stores.js';

export const PEOPLE = { dewi: 'PTK-DEWI', fajar: 'PD-FAJAR', putri: 'PD-PUTRI' } as const;
export const SUSPEND_DAY = '2024-09-14';
export const DELETE_DAY = '2024-11-13';

export function monthOne(): ExtractBuilder {
  const b = world(['sdA'], M1);
  b.ptk({ ptkId: PEOPLE.dewi, npsn: NPSN.sdA, jenisPtk: 'Guru Kelas', nama: 'Dewi Lestari' });
  b.pd({ pdId: PEOPLE.fajar, npsn: NPSN.sdA, tingkat: 3, nama: 'Fajar Nugroho' });
  b.pd({ pdId: PEOPLE.putri, npsn: NPSN.sdA, tingkat: 4, nama: 'Putri Ayu' });
  return b;
}

export function monthTwo(): ExtractBuilder {
  const b = monthOne().clone(M2);
  b.updatePtk(PEOPLE.dewi, { jenisPtk: 'Kepala Sekolah' });
  for (const id of [PEOPLE.fajar, PEOPLE.putri])
    b.updatePd(id, { jenisKeluar: 'Putus Sekolah', tanggalKeluar: '2024-08-01' });
  return b;
}

export function monthThree(): ExtractBuilder {
  const b = monthTwo().clone(M3);
  b.updatePd(PEOPLE.putri, { jenisKeluar: '', tanggalKeluar: '' });
  return b;
}

export interface ProvisionWorld {
  store: Store;
  provider: ScimProvider;
  connector: ProvisionConnector;
  sync(builder: ExtractBuilder): Promise<SyncReport>;
  tickOn(day: string): Promise<SyncReport>;
  drain(options?: ProvisionDrainOptions): Promise<ProvisionDrainResult>;
  account(personId: string): Promise<{ id: number; primary_address: string; status: string }>;
  close(): Promise<void>;
}

export async function provisionWorld(
  dialect: Dialect,
  options: ScimProviderOptions = {},
): Promise<ProvisionWorld> {
  const fresh = await freshStore(dialect);
  const provider = await startScimProvider(options);
  const dataDir = await mkdtemp(join(tmpdir(), 'selaras-provision-'));
  const store = fresh.store;
  const now = () => new Date();
  const connector = createScimConnector({ baseUrl: provider.url, token: provider.token, timeoutMs: 5000 });
  return {
    store,
    provider,
    connector,
    async sync(builder) {
      const dir = await builder.write();
      try {
        const base = { policy: DEFAULT_POLICY, plan: false, partitions: 2, batchSize: 50, dataDir, now };
        return await syncExtract(store, dir, { ...base, actor: 'test', lang: 'id' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    tickOn: (day) =>
      tick(store, {
        today: day,
        policy: DEFAULT_POLICY,
        plan: false,
        batchSize: 50,
        now,
        actor: 'test',
        lang: 'id',
      }),
    drain: (opts = {}) => drainProvisioning(store, connector, { now, ...opts }),
    async account(personId) {
      const row = await store.db
        .selectFrom('accounts')
        .select(['id', 'primary_address', 'status'])
        .where('person_id', '=', personId)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      return { ...row, id: Number(row.id) };
    },
    async close() {
      await provider.close();
      await fresh.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The provider holds exactly Selaras's accounts that are not deleted, each under its externalId, with
 * its address as user name and primary email, active unless suspended, its school and jenjang.
 */
export async function assertMirrors(store: Store, provider: ScimProvider): Promise<void> {
  const accounts = await store.db
    .selectFrom('accounts')
    .select(['id', 'primary_address', 'status', 'npsn', 'jenjang', 'role'])
    .where('status', '!=', 'deleted')
    .execute();
  const users = provider.users();
  assert.equal(users.length, accounts.length, 'one user per account that is not deleted');
  for (const a of accounts) {
    const user = provider.userByExternalId(`selaras:${a.id}`);
    assert.ok(user, `account ${a.id} (${a.primary_address}) is at the provider`);
    const emails = user.emails as { value: string; primary?: boolean }[];
    const enterprise = user[ENTERPRISE_SCHEMA] as { organization?: string; department?: string };
    assert.deepEqual(
      [user.userName, user.active, user.userType, enterprise.organization, enterprise.department],
      [a.primary_address, a.status !== 'suspended', a.role, a.npsn, a.jenjang],
      `account ${a.id}`,
    );
    assert.equal(emails.find((e) => e.primary)?.value, a.primary_address);
  }
}

/** The status the worker wrote for every account, as state counts. */
export async function stateCounts(store: Store): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('provision_status')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Provisioning rows of the outbox, oldest first, with their changes. */
export async function provisionRows(store: Store) {
  const rows = await store.db
    .selectFrom('outbox')
    .select(['id', 'run_id', 'account_id', 'status', 'attempts', 'payload_json', 'last_error'])
    .where('channel', '=', 'provision')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    account_id: Number(r.account_id),
    changes: (JSON.parse(r.payload_json) as { changes: string[] }).changes,
  }));
}
