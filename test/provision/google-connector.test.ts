// The Google Workspace connector on the official client (@googleapis/admin, google-auth-library's
// service-account JWT) against a local Directory API: the token request, the exact requests of each
// kind of change, org units created on demand, a 409 reconciled, quota refusals and 5xx retried, paging.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { createGoogleConnector } from '../../src/provision/google-connector.js';
import { createGoogleDirectory, DIRECTORY_SCOPES } from '../../src/provision/google-directory.js';
import { ProvisionError } from '../../src/provision/provision-connector.js';
import type { ProvisionPayload } from '../../src/provision/provision-payload.js';
import { type DirectoryServer, startDirectoryServer } from '../fixtures/google-directory-server.js';

const GURU = 'dewi.lestari10@guru.sd.belajar.id';
const ADMIN = 'dewi.lestari10@admin.sd.belajar.id';
const SUBJECT = 'admin@belajar.id';
const USERS = '/admin/directory/v1/users';
const OU = '/admin/directory/v1/customer/my_customer/orgunits';

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
    provinsi: '31',
    personKind: 'ptk',
    personId: 'PTK-1',
    status: 'active',
    active: true,
    ...over,
  };
}

const renamed = desired({ changes: ['rename', 'update'], userName: ADMIN, aliases: [GURU], role: 'admin' });
const suspended = desired({ changes: ['suspend'], status: 'suspended', active: false });

async function rejection(promise: Promise<unknown>): Promise<ProvisionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProvisionError, `a ProvisionError, not ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('the Google Workspace connector', () => {
  let server: DirectoryServer;
  let dir: string;
  let keyFile: string;
  const connector = () =>
    createGoogleConnector({
      credentialsFile: keyFile,
      subject: SUBJECT,
      customer: 'my_customer',
      timeoutMs: 2000,
      rootUrl: server.url,
      backoffMs: 5,
      backoffCapMs: 20,
    });

  before(async () => {
    server = await startDirectoryServer(SUBJECT);
    dir = await mkdtemp(join(tmpdir(), 'selaras-google-'));
    keyFile = join(dir, 'key.json');
    await writeFile(keyFile, JSON.stringify({ type: 'service_account', ...server.key }));
  });
  afterEach(() => server.reset());
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('creates the user in its org unit, made on demand parents first, impersonating the admin', async () => {
    const result = await connector().apply(desired(), null);

    assert.deepEqual(result, { action: 'created', remoteId: '100000000000000000001' });
    assert.deepEqual(server.tokenRequests, [
      {
        iss: server.key.client_email,
        sub: SUBJECT,
        scope: DIRECTORY_SCOPES.join(' '),
        aud: 'https://oauth2.googleapis.com/token',
      },
    ]);
    assert.deepEqual(server.calls(), [
      `GET ${USERS}/${GURU}?projection=full`,
      `GET ${OU}/sd/31/20100001`,
      `GET ${OU}/sd/31`,
      `GET ${OU}/sd`,
      `POST ${OU}`,
      `POST ${OU}`,
      `POST ${OU}`,
      `POST ${USERS}`,
    ]);
    assert.deepEqual(
      server.requests.slice(4, 7).map((r) => r.body),
      [
        { name: 'sd', parentOrgUnitPath: '/' },
        { name: '31', parentOrgUnitPath: '/sd' },
        { name: '20100001', parentOrgUnitPath: '/sd/31' },
      ],
    );
    const { password, ...body } = (server.requests[7]?.body ?? {}) as Record<string, unknown>;
    assert.match(String(password), /^[0-9a-f]{40}$/);
    assert.deepEqual(body, {
      primaryEmail: GURU,
      name: { givenName: 'Dewi', familyName: 'Lestari' },
      hashFunction: 'SHA-1',
      changePasswordAtNextLogin: true,
      suspended: false,
      orgUnitPath: '/sd/31/20100001',
      externalIds: [{ type: 'organization', value: 'selaras:7' }],
      customSchemas: { Selaras: { npsn: '20100001', role: 'guru', personId: 'PTK-1' } },
    });
    assert.deepEqual([...server.orgUnits].sort(), ['/', '/sd', '/sd/31', '/sd/31/20100001']);
  });

  test("with the store's facts, a row queued without a province still lands in its province, with the account's own initial password", async () => {
    const asked: string[] = [];
    const facts = {
      provinceOf: async (npsn: string) => {
        asked.push(`province ${npsn}`);
        return '32';
      },
      initialPassword: async (accountId: number) => {
        asked.push(`password ${accountId}`);
        return 'Kata7SandiAwal9';
      },
    };
    const withFacts = createGoogleConnector({
      credentialsFile: keyFile,
      subject: SUBJECT,
      customer: 'my_customer',
      timeoutMs: 2000,
      rootUrl: server.url,
      backoffMs: 5,
      backoffCapMs: 20,
      facts,
    });
    const { provinsi: _left, ...unplaced } = desired();
    await withFacts.apply(unplaced as ProvisionPayload, null);
    const insert = server.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal(insert.orgUnitPath, '/sd/32/20100001');
    assert.equal(insert.password, createHash('sha1').update('Kata7SandiAwal9').digest('hex'));
    assert.deepEqual(asked, ['province 20100001', 'password 7']);
    assert.ok(server.orgUnits.has('/sd/32/20100001'));
  });

  test('applying the same state again sends no write', async () => {
    const google = connector();
    const { remoteId } = await google.apply(desired(), null);
    server.requests.length = 0;

    const again = await google.apply(desired(), { remoteId: remoteId as string });

    assert.deepEqual(again, { action: 'unchanged', remoteId });
    assert.deepEqual(server.calls(), [`GET ${USERS}/${remoteId}?projection=full`]);
  });

  test('a rename updates the primary address, and Google keeps the old one as an alias', async () => {
    const google = connector();
    const { remoteId } = await google.apply(desired(), null);
    server.requests.length = 0;

    const result = await google.apply(renamed, { remoteId: remoteId as string });

    assert.deepEqual(result, { action: 'updated', remoteId });
    assert.deepEqual(server.calls(), [
      `GET ${USERS}/${remoteId}?projection=full`,
      `PUT ${USERS}/${remoteId}`,
    ]);
    assert.deepEqual(server.requests[1]?.body, {
      primaryEmail: ADMIN,
      customSchemas: { Selaras: { npsn: '20100001', role: 'admin', personId: 'PTK-1' } },
    });
    const user = server.find(remoteId as string);
    assert.equal(user?.primaryEmail, ADMIN);
    assert.deepEqual(user?.aliases, [GURU]);
  });

  test('a rename whose old address is not kept adds it as an alias', async () => {
    server.orgUnits.add('/sd').add('/sd/31').add('/sd/31/20100001');
    const user = server.seed({
      primaryEmail: ADMIN,
      name: { givenName: 'Dewi', familyName: 'Lestari' },
      orgUnitPath: '/sd/31/20100001',
      suspended: false,
      externalIds: [{ type: 'organization', value: 'selaras:7' }],
      customSchemas: { Selaras: { npsn: '20100001', role: 'admin', personId: 'PTK-1' } },
    });

    const result = await connector().apply(renamed, { remoteId: user.id });

    assert.deepEqual(result, { action: 'updated', remoteId: user.id });
    assert.deepEqual(server.calls(), [
      `GET ${USERS}/${user.id}?projection=full`,
      `POST ${USERS}/${user.id}/aliases`,
    ]);
    assert.deepEqual(server.requests[1]?.body, { alias: GURU });
    assert.deepEqual(server.find(user.id)?.aliases, [GURU]);
  });

  test('suspends and reactivates with users.update', async () => {
    const google = connector();
    const { remoteId } = await google.apply(desired(), null);
    const known = { remoteId: remoteId as string };
    server.requests.length = 0;

    assert.deepEqual(await google.apply(suspended, known), { action: 'updated', remoteId });
    assert.equal(server.find(known.remoteId)?.suspended, true);
    assert.deepEqual(await google.apply(desired({ changes: ['reactivate'] }), known), {
      action: 'updated',
      remoteId,
    });

    assert.deepEqual(server.calls(), [
      `GET ${USERS}/${remoteId}?projection=full`,
      `PUT ${USERS}/${remoteId}`,
      `GET ${USERS}/${remoteId}?projection=full`,
      `PUT ${USERS}/${remoteId}`,
    ]);
    assert.deepEqual(server.requests[1]?.body, { suspended: true });
    assert.deepEqual(server.requests[3]?.body, { suspended: false });
    assert.equal(server.find(known.remoteId)?.suspended, false);
  });

  test('deletes its own user, and a second delete finds it already gone', async () => {
    const google = connector();
    const { remoteId } = await google.apply(desired(), null);
    server.requests.length = 0;
    const gone = desired({ changes: ['delete'], status: 'deleted', active: false });

    assert.deepEqual(await google.apply(gone, { remoteId: remoteId as string }), {
      action: 'deleted',
      remoteId: null,
    });
    assert.deepEqual(await google.apply(gone, { remoteId: remoteId as string }), {
      action: 'absent',
      remoteId: null,
    });

    assert.deepEqual(server.calls(), [
      `GET ${USERS}/${remoteId}?projection=full`,
      `DELETE ${USERS}/${remoteId}`,
      `GET ${USERS}/${remoteId}?projection=full`,
      `GET ${USERS}/${GURU}?projection=full`,
    ]);
    assert.equal(server.users.size, 0);
  });

  test('never deletes a user Selaras does not own', async () => {
    server.seed({ primaryEmail: GURU, orgUnitPath: '/', name: { givenName: 'Dewi', familyName: 'Lestari' } });

    const result = await connector().apply(desired({ status: 'deleted', active: false }), null);

    assert.deepEqual(result, { action: 'absent', remoteId: null });
    assert.deepEqual(server.calls(), [`GET ${USERS}/${GURU}?projection=full`]);
    assert.equal(server.users.size, 1);
  });

  test('a user holding another account’s external id is left alone and the row fails for good', async () => {
    server.seed({
      primaryEmail: GURU,
      orgUnitPath: '/',
      externalIds: [{ type: 'organization', value: 'selaras:99' }],
    });

    const error = await rejection(connector().apply(desired(), null));

    assert.equal(error.permanent, true);
    assert.match(error.message, /selaras:99/);
  });

  test('a 409 on insert is reconciled by looking the user up again and adopting it', async () => {
    server.fail({
      when: (r) => r.method === 'POST' && r.path === USERS,
      status: 409,
      reason: 'duplicate',
      run: () => {
        server.seed({
          primaryEmail: GURU,
          orgUnitPath: '/',
          name: { givenName: 'Dewi', familyName: 'Lestari' },
        });
      },
    });

    const result = await connector().apply(desired(), null);

    assert.deepEqual(result, { action: 'updated', remoteId: '100000000000000000001' });
    assert.deepEqual(server.calls().slice(-3), [
      `POST ${USERS}`,
      `GET ${USERS}/${GURU}?projection=full`,
      `PUT ${USERS}/100000000000000000001`,
    ]);
    assert.deepEqual(server.requests.at(-1)?.body, {
      orgUnitPath: '/sd/31/20100001',
      externalIds: [{ type: 'organization', value: 'selaras:7' }],
      customSchemas: { Selaras: { npsn: '20100001', role: 'guru', personId: 'PTK-1' } },
    });
    assert.equal(server.users.size, 1);
  });

  test('403 rateLimitExceeded and 503 are retried with backoff until Google answers', async () => {
    server.fail({ status: 403, reason: 'rateLimitExceeded', times: 2 });
    server.fail({
      when: (r) => r.method === 'POST' && r.path === USERS,
      status: 503,
      reason: 'backendError',
    });

    const result = await connector().apply(desired(), null);

    assert.equal(result.action, 'created');
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      [
        `GET ${USERS}/${GURU}?projection=full 403`,
        `GET ${USERS}/${GURU}?projection=full 403`,
        `GET ${USERS}/${GURU}?projection=full 404`,
        `GET ${OU}/sd/31/20100001 404`,
        `GET ${OU}/sd/31 404`,
        `GET ${OU}/sd 404`,
        `POST ${OU} 200`,
        `POST ${OU} 200`,
        `POST ${OU} 200`,
        `POST ${USERS} 503`,
        `POST ${USERS} 200`,
      ],
    );
  });

  test('a quota refusal that outlasts the retries is told as rate limited, other 4xx as permanent', async () => {
    server.fail({ status: 403, reason: 'userRateLimitExceeded', times: 10, headers: { 'retry-after': '3' } });
    const throttled = await rejection(connector().apply(desired(), null));
    assert.equal(throttled.rateLimited, true);
    assert.equal(throttled.permanent, false);
    assert.equal(throttled.status, 403);
    assert.equal(throttled.retryAfterMs, 3000);
    assert.equal(server.requests.length, 4);

    server.reset();
    server.fail({ status: 403, reason: 'forbidden' });
    const refused = await rejection(connector().apply(desired(), null));
    assert.equal(refused.permanent, true);
    assert.equal(refused.rateLimited, false);
    assert.match(refused.message, /403 forbidden/);
    assert.doesNotMatch(refused.message, /PRIVATE KEY|ya29/);
  });

  test('plan lists the Directory API calls without writing, the password left out', async () => {
    server.orgUnits.add('/sd');

    const calls = await connector().plan(desired(), null);

    assert.deepEqual(calls, [
      { method: 'POST', path: OU, body: { name: '31', parentOrgUnitPath: '/sd' } },
      { method: 'POST', path: OU, body: { name: '20100001', parentOrgUnitPath: '/sd/31' } },
      {
        method: 'POST',
        path: USERS,
        body: {
          primaryEmail: GURU,
          name: { givenName: 'Dewi', familyName: 'Lestari' },
          hashFunction: 'SHA-1',
          changePasswordAtNextLogin: true,
          suspended: false,
          orgUnitPath: '/sd/31/20100001',
          externalIds: [{ type: 'organization', value: 'selaras:7' }],
          customSchemas: { Selaras: { npsn: '20100001', role: 'guru', personId: 'PTK-1' } },
          password: '<redacted>',
        },
      },
    ]);
    assert.ok(server.requests.every((r) => r.method === 'GET'));
    assert.equal(server.users.size, 0);
  });

  test('users.list pages with nextPageToken', async () => {
    server.pageSize = 2;
    for (const n of [1, 2, 3]) server.seed({ primaryEmail: `u${n}@belajar.id`, orgUnitPath: '/' });
    const directory = createGoogleDirectory({
      key: server.key,
      subject: SUBJECT,
      customer: 'my_customer',
      timeoutMs: 2000,
      rootUrl: server.url,
    });

    const first = await directory.listUsers();
    const second = await directory.listUsers(first.nextPageToken ?? undefined);

    assert.deepEqual(
      first.users.map((u) => u.primaryEmail),
      ['u1@belajar.id', 'u2@belajar.id'],
    );
    assert.equal(first.nextPageToken, '2');
    assert.deepEqual(
      second.users.map((u) => u.primaryEmail),
      ['u3@belajar.id'],
    );
    assert.equal(second.nextPageToken, null);
    assert.deepEqual(server.calls(), [
      `GET ${USERS}?customer=my_customer&maxResults=500&projection=full`,
      `GET ${USERS}?customer=my_customer&maxResults=500&projection=full&pageToken=2`,
    ]);
  });
});
