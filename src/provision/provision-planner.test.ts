import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../domain/accounts.js';
import type { PersonPlan } from '../domain/classify.js';
import { parseProvisionPayload } from './provision-payload.js';
import { provisionChanges, provisionPayload, provisionRows } from './provision-planner.js';

function account(over: Partial<Account> = {}): Account {
  return {
    id: 12,
    personId: 'PTK-1',
    personKind: 'ptk',
    jenjang: 'sd',
    role: 'guru',
    npsn: '20100001',
    status: 'active',
    primaryAddress: 'dewi.lestari10@guru.sd.belajar.id',
    nama: 'Dewi Lestari',
    statusSince: '2024-07-15',
    deactivateReason: null,
    suspendOn: null,
    deleteOn: null,
    continuationDeadline: null,
    waitingSince: null,
    waitingReason: null,
    remindedOn: null,
    ...over,
  };
}

const deactivating = account({
  status: 'deactivating',
  deactivateReason: 'pensiun',
  suspendOn: '2024-09-14',
});
const suspended = { ...deactivating, status: 'suspended' as const };

describe('provisionChanges', () => {
  test('a new account is a create', () => {
    assert.deepEqual(provisionChanges(null, account()), ['create']);
  });

  test('a role change with a new primary address is a rename and an update', () => {
    const after = account({ role: 'admin', primaryAddress: 'dewi.lestari10@admin.sd.belajar.id' });
    assert.deepEqual(provisionChanges(account(), after), ['rename', 'update']);
  });

  test('entering deactivating changes nothing at the target: the account still works', () => {
    assert.deepEqual(provisionChanges(account(), deactivating), []);
    assert.deepEqual(provisionChanges(deactivating, { ...deactivating, remindedOn: '2024-09-11' }), []);
  });

  test('suspension turns the user inactive and reactivation turns it back', () => {
    assert.deepEqual(provisionChanges(deactivating, suspended), ['suspend']);
    assert.deepEqual(provisionChanges(suspended, account()), ['reactivate']);
  });

  test('a reactivation from deactivating is nothing the target sees unless the school changed', () => {
    assert.deepEqual(provisionChanges(deactivating, account()), []);
    assert.deepEqual(provisionChanges(deactivating, account({ npsn: '20100002' })), ['update']);
  });

  test('deletion is a delete whatever else changed, and a deleted account never changes again', () => {
    const deleted = { ...suspended, status: 'deleted' as const };
    assert.deepEqual(provisionChanges(suspended, deleted), ['delete']);
    assert.deepEqual(provisionChanges(deleted, deleted), []);
  });

  test('a name change and a re-key are updates; a continuation mark is nothing', () => {
    assert.deepEqual(provisionChanges(account(), account({ nama: 'Dewi Lestari Putri' })), ['update']);
    assert.deepEqual(provisionChanges(account(), account({ personId: 'PTK-9' })), ['update']);
    assert.deepEqual(provisionChanges(account(), account({ continuationDeadline: '2025-01-01' })), []);
  });
});

describe('provisionPayload', () => {
  test('carries the desired state: the new address as user name, the old one as alias, still active', () => {
    const after = account({ role: 'admin', primaryAddress: 'dewi.lestari10@admin.sd.belajar.id' });
    const payload = provisionPayload(account(), after);
    assert.deepEqual(payload, {
      v: 1,
      changes: ['rename', 'update'],
      accountId: 12,
      externalId: 'selaras:12',
      userName: 'dewi.lestari10@admin.sd.belajar.id',
      aliases: ['dewi.lestari10@guru.sd.belajar.id'],
      displayName: 'Dewi Lestari',
      role: 'admin',
      jenjang: 'sd',
      npsn: '20100001',
      personKind: 'ptk',
      personId: 'PTK-1',
      status: 'active',
      active: true,
    });
    assert.ok(parseProvisionPayload(JSON.stringify(payload)).ok);
  });

  test('a suspended account is inactive and keeps no alias', () => {
    const payload = provisionPayload(deactivating, suspended);
    assert.equal(payload?.active, false);
    assert.equal(payload?.status, 'suspended');
    assert.deepEqual(payload?.aliases, []);
  });

  test('is null when the target sees no change', () => {
    assert.equal(provisionPayload(account(), deactivating), null);
  });
});

describe('provisionRows', () => {
  test('one row per changed account, pointing at the event about it, stamped with the run and clock', () => {
    const old = account({ id: 3, jenjang: 'sd' });
    const moved = account({ id: 4, jenjang: 'smp', primaryAddress: 'dewi.lestari10@guru.smp.belajar.id' });
    const plan = {
      changes: [
        { account: { ...old, status: 'deactivating' }, previous: old, addressNeed: null },
        { account: moved, previous: null, addressNeed: null },
      ],
      events: [{ subject: 0, toChange: 1 }],
    } as unknown as PersonPlan;
    const at = new Date('2024-08-15T01:00:00.000Z');

    const rows = provisionRows(plan, [70], 9, at);

    assert.equal(rows.length, 1, 'the old account enters deactivating: nothing to provision yet');
    const row = rows[0]!;
    assert.deepEqual(
      [row.run_id, row.event_id, row.account_id, row.channel, row.status, row.next_attempt_at],
      [9, 70, 4, 'provision', 'pending', at.toISOString()],
    );
    assert.deepEqual(JSON.parse(row.payload_json).changes, ['create']);
  });
});

describe('parseProvisionPayload', () => {
  test('names the field that is wrong, never its value', () => {
    const check = parseProvisionPayload(
      JSON.stringify({ v: 1, accountId: 1, externalId: 'x', userName: '' }),
    );
    assert.deepEqual(check, { ok: false, problem: 'payload.userName is not a non-empty string' });
    assert.deepEqual(parseProvisionPayload('{'), { ok: false, problem: 'payload is not valid JSON' });
  });
});
