// The SCIM client against a SCIMMY-based service provider over real HTTP: the exact requests for each
// kind of change, idempotency, PUT where PATCH is not offered, conflicts, and how failures are told.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { ProvisionError } from '../../src/provision/provision-connector.js';
import type { ProvisionPayload } from '../../src/provision/provision-payload.js';
import { createScimConnector } from '../../src/provision/scim-connector.js';
import { ENTERPRISE_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../src/provision/scim-user.js';
import { type ScimProvider, startScimProvider } from '../fixtures/scim-provider.js';

const GURU = 'dewi.lestari10@guru.sd.belajar.id';
const ADMIN = 'dewi.lestari10@admin.sd.belajar.id';

function desired(over: Partial<ProvisionPayload> = {}): ProvisionPayload {
  return {
    v: 1,
    changes: ['create'],
    accountId: 7,
    externalId: 'selaras:7',
    userName: GURU,
    aliases: [],
    displayName: 'Dewi Lestari',
    role: 'guru',
    jenjang: 'sd',
    npsn: '20100001',
    personKind: 'ptk',
    personId: 'PTK-1',
    status: 'active',
    active: true,
    ...over,
  };
}

const renamed = desired({ changes: ['rename', 'update'], userName: ADMIN, aliases: [GURU], role: 'admin' });

async function rejection(promise: Promise<unknown>): Promise<ProvisionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProvisionError, `a ProvisionError, not ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('the SCIM connector', () => {
  let provider: ScimProvider;
  const connector = (timeoutMs = 2000) =>
    createScimConnector({ baseUrl: provider.url, token: provider.token, timeoutMs });

  before(async () => {
    provider = await startScimProvider();
  });
  afterEach(() => provider.reset());
  after(() => provider.close());

  test('creates after looking the account up by externalId and by user name, and says so', async () => {
    const result = await connector().apply(desired(), null);

    assert.deepEqual(result, { action: 'created', remoteId: 'u-0001' });
    assert.deepEqual(provider.calls(), [
      'GET /Users?filter=externalId eq "selaras:7"',
      `GET /Users?filter=userName eq "${GURU}"`,
      'POST /Users',
    ]);
    assert.deepEqual(provider.requests[2]?.body, {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      externalId: 'selaras:7',
      userName: GURU,
      name: { formatted: 'Dewi Lestari' },
      displayName: 'Dewi Lestari',
      userType: 'guru',
      active: true,
      emails: [{ value: GURU, type: 'work', primary: true }],
      [ENTERPRISE_SCHEMA]: { organization: '20100001', department: 'sd' },
    });
  });

  test('applying the same state again sends no write', async () => {
    const scim = connector();
    await scim.apply(desired(), null);
    provider.requests.length = 0;

    assert.deepEqual(await scim.apply(desired(), { remoteId: 'u-0001' }), {
      action: 'unchanged',
      remoteId: 'u-0001',
    });
    assert.deepEqual(await scim.apply(desired(), null), { action: 'unchanged', remoteId: 'u-0001' });
    assert.deepEqual(provider.calls(), ['GET /Users/u-0001', 'GET /Users?filter=externalId eq "selaras:7"']);
    assert.equal(provider.users().length, 1);
  });

  test('a rename is one PATCH: new user name, the old address kept as a secondary email', async () => {
    const scim = connector();
    await scim.apply(desired(), null);
    provider.requests.length = 0;

    assert.equal((await scim.apply(renamed, { remoteId: 'u-0001' })).action, 'updated');

    assert.deepEqual(
      provider.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /Users/u-0001', 'GET /ServiceProviderConfig', 'PATCH /Users/u-0001'],
    );
    assert.deepEqual(provider.requests[2]?.body, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: 'replace', path: 'userName', value: ADMIN },
        { op: 'replace', path: 'userType', value: 'admin' },
        {
          op: 'replace',
          path: 'emails',
          value: [
            { value: ADMIN, type: 'work', primary: true },
            { value: GURU, type: 'work', primary: false },
          ],
        },
      ],
    });
    const [user] = provider.users();
    assert.equal(user?.userName, ADMIN);
    assert.deepEqual(user?.emails, [
      { value: ADMIN, type: 'work', primary: true },
      { value: GURU, type: 'work', primary: false },
    ]);
  });

  test('without PATCH support it PUTs the whole user and keeps what the provider held beside ours', async () => {
    provider.patch = false;
    const scim = connector();
    await scim.apply(desired(), null);
    provider.store.get('u-0001')!.title = 'Wali kelas 3';
    provider.requests.length = 0;

    await scim.apply(
      { ...renamed, status: 'suspended', active: false, changes: ['suspend'] },
      { remoteId: 'u-0001' },
    );

    assert.deepEqual(provider.calls(), ['GET /Users/u-0001', 'PUT /Users/u-0001']);
    const [user] = provider.users();
    assert.deepEqual([user?.userName, user?.active, user?.title], [ADMIN, false, 'Wali kelas 3']);
    assert.deepEqual(
      ((user?.emails ?? []) as { value: string }[]).map((e) => e.value),
      [ADMIN, GURU],
    );
  });

  test('a 409 on create is reconciled: the user someone created meanwhile is found and updated', async () => {
    provider.inject({
      when: (r) => r.method === 'POST',
      status: 409,
      run: () =>
        provider.store.set('u-0777', { id: 'u-0777', userName: GURU, schemas: [USER_SCHEMA], active: false }),
    });

    const result = await connector().apply(desired(), null);

    assert.deepEqual(result, { action: 'updated', remoteId: 'u-0777' });
    assert.deepEqual(provider.calls().slice(2), [
      'POST /Users',
      'GET /Users?filter=externalId eq "selaras:7"',
      `GET /Users?filter=userName eq "${GURU}"`,
      'PATCH /Users/u-0777',
    ]);
    assert.equal(provider.users().length, 1);
    assert.deepEqual([provider.users()[0]?.externalId, provider.users()[0]?.active], ['selaras:7', true]);
  });

  test('a user name held by another externalId is a permanent refusal, and nothing is written', async () => {
    provider.store.set('u-0900', {
      id: 'u-0900',
      userName: GURU,
      externalId: 'hr:55',
      schemas: [USER_SCHEMA],
    });

    const error = await rejection(connector().apply(desired(), null));

    assert.equal(error.permanent, true);
    assert.match(error.message, /belongs to externalId hr:55/);
    assert.ok(provider.requests.every((r) => r.method === 'GET'));
  });

  test('delete removes only the user carrying this externalId; one already gone is success', async () => {
    const scim = connector();
    await scim.apply(desired(), null);
    const gone = desired({ changes: ['delete'], status: 'deleted', active: false });
    provider.requests.length = 0;

    assert.deepEqual(await scim.apply(gone, { remoteId: 'u-0001' }), { action: 'deleted', remoteId: null });
    assert.deepEqual(await scim.apply(gone, { remoteId: 'u-0001' }), { action: 'absent', remoteId: null });
    assert.deepEqual(provider.calls(), [
      'GET /Users/u-0001',
      'DELETE /Users/u-0001',
      'GET /Users/u-0001',
      'GET /Users?filter=externalId eq "selaras:7"',
    ]);

    provider.store.set('u-0900', { id: 'u-0900', userName: GURU, schemas: [USER_SCHEMA] });
    assert.equal(
      (await scim.apply(gone, null)).action,
      'absent',
      'a user found by name only is not ours to delete',
    );
    assert.equal(provider.users().length, 1);
  });

  test('429 carries its Retry-After, in seconds or as a date; 5xx is temporary, 400 permanent', async () => {
    provider.inject({ status: 429, headers: { 'retry-after': '2' } });
    const throttled = await rejection(connector().apply(desired(), null));
    assert.deepEqual(
      [throttled.rateLimited, throttled.retryAfterMs, throttled.permanent],
      [true, 2000, false],
    );

    const at = new Date(Date.now() + 5000).toUTCString();
    provider.inject({ status: 503, headers: { 'retry-after': at } });
    const unavailable = await rejection(connector().apply(desired(), null));
    assert.equal(unavailable.rateLimited, false);
    assert.ok(
      unavailable.retryAfterMs! > 3000 && unavailable.retryAfterMs! <= 5000,
      String(unavailable.retryAfterMs),
    );

    provider.inject({ status: 500 });
    assert.equal((await rejection(connector().apply(desired(), null))).permanent, false);
    provider.inject({ when: (r) => r.method === 'POST', status: 400 });
    const refused = await rejection(connector().apply(desired(), null));
    assert.deepEqual([refused.permanent, refused.status], [true, 400]);
    assert.match(refused.message, /^POST \/Users: 400 injected$/);
  });

  test('a slow provider is a temporary failure, and the token is never in an error', async () => {
    provider.delayMs = 300;
    const slow = await rejection(connector(100).apply(desired(), null));
    assert.equal(slow.permanent, false);
    assert.match(slow.message, /no answer within 100 ms/);

    provider.delayMs = 0;
    const wrong = createScimConnector({ baseUrl: provider.url, token: 'rahasia-salah', timeoutMs: 2000 });
    const unauthorized = await rejection(wrong.apply(desired(), null));
    assert.equal(unauthorized.status, 401);
    assert.ok(!unauthorized.message.includes('rahasia-salah'));
    assert.ok(!wrong.description.includes('rahasia'));
  });

  test('plan reads the provider and lists the write it would make, writing nothing', async () => {
    const scim = connector();
    assert.deepEqual(
      (await scim.plan(desired(), null)).map((c) => `${c.method} ${c.path}`),
      ['POST /Users'],
    );
    await scim.apply(desired(), null);
    const calls = await scim.plan(renamed, { remoteId: 'u-0001' });
    assert.deepEqual(
      calls.map((c) => `${c.method} ${c.path}`),
      ['PATCH /Users/u-0001'],
    );
    assert.equal(provider.users()[0]?.userName, GURU, 'the plan wrote nothing');
  });
});
