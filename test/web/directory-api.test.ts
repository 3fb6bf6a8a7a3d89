// /api/v1/accounts and /api/v1/schools over real HTTP: scoped search, 404 outside the scope exactly as
// for what does not exist, 401 without a token, events in the `selaras events` shape, and no Unduh Akun.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { accountsApiPaths } from '../../src/web/api/accounts-api.js';
import { openApiDocument } from '../../src/web/api/openapi.js';
import { schoolsApiPaths } from '../../src/web/api/schools-api.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { accountOf } from './directory-support.js';
import { api, NPSN, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

interface ApiAccount {
  id: number;
  address: string;
  npsn: string;
  status: string;
  person: { kind: string; id: string };
}

interface ApiEvent {
  type: string;
  state: string;
  run_id: number;
  account_id: number;
  person: { kind: string; id: string };
  effective_date: string;
  to?: { address: string; npsn: string };
  rule: string;
}

test('the accounts and schools paths are valid OpenAPI 3.0.3 and leave Unduh Akun out', async () => {
  const doc = { ...openApiDocument(), paths: { ...accountsApiPaths, ...schoolsApiPaths } };
  const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/accounts',
    '/accounts/{id}',
    '/schools',
    '/schools/{npsn}',
  ]);
  assert.ok(!JSON.stringify(doc.paths).includes('unduh'));
});

for (const dialect of DIALECTS) {
  describe(`accounts and schools API on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let nasional: string;
    let sekolah: string;
    let dinas32: string;
    let dinas51: string;
    before(async () => {
      world = await webWorld(dialect, 2);
      nasional = await world.addToken('nasional');
      sekolah = await world.addToken(`sekolah:${NPSN.sdA}`);
      dinas32 = await world.addToken('dinas:32');
      dinas51 = await world.addToken('dinas:51');
    });
    after(() => world.close());

    async function found(token: string, q: string): Promise<ApiAccount[]> {
      const res = await api(world.url, token, `/accounts?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body as { accounts: ApiAccount[] }).accounts;
    }

    test('without a token every call is 401 with a JSON error', async () => {
      for (const path of ['/accounts?q=Ketut', '/accounts/1', '/schools', `/schools/${NPSN.sdA}`]) {
        const res = await api(world.url, null, path);
        assert.equal(res.status, 401, path);
        assert.equal((res.body as { code: string }).code, 'unauthorized');
      }
      const wrong = await api(world.url, 'slr_nope_nope', '/accounts?q=Ketut');
      assert.equal(wrong.status, 401);
    });

    test('the account search is scoped to the token', async () => {
      const all = await found(nasional, 'Ketut');
      assert.equal(all.length, 25);
      assert.ok(all.every((a) => a.npsn === NPSN.sdC));
      assert.deepEqual(await found(sekolah, 'Ketut'), []);
      assert.deepEqual(await found(dinas32, 'Ketut'), []);
      assert.equal((await found(dinas51, 'Ketut')).length, 25);
      const res = await api(world.url, nasional, '/accounts?q=Murid');
      assert.equal((res.body as { accounts: unknown[] }).accounts.length, 100);
      assert.equal((res.body as { truncated: boolean }).truncated, true, '600 background pupils match');
    });

    test('a NISN finds the pupil; without q the first accounts in scope are listed', async () => {
      const { nisn } = await world.store.db
        .selectFrom('persons')
        .select('nisn')
        .where('person_id', '=', 'pd-a-05')
        .executeTakeFirstOrThrow();
      const byNisn = await found(sekolah, nisn);
      assert.deepEqual(
        byNisn.map((a) => a.person.id),
        ['pd-a-05'],
      );
      const listed = await api(world.url, sekolah, '/accounts');
      assert.equal(listed.status, 200);
      const accounts = (listed.body as { accounts: ApiAccount[] }).accounts;
      assert.equal(accounts.length, 15);
      assert.ok(accounts.every((a) => a.npsn === NPSN.sdA));
    });

    test('an account comes with its addresses and its events in the `selaras events` shape', async () => {
      const ketut = await accountOf(world, 'pd-c-00');
      const res = await api(world.url, nasional, `/accounts/${ketut.id}`);
      assert.equal(res.status, 200);
      const body = res.body as {
        account: ApiAccount;
        addresses: { address: string; kind: string }[];
        events: ApiEvent[];
      };
      assert.equal(body.account.address, ketut.primary_address);
      assert.deepEqual(body.addresses, [
        { address: ketut.primary_address, kind: 'primary', issued_run_id: 1 },
      ]);
      assert.deepEqual(
        body.events.map((e) => [e.type, e.state]),
        [
          ['pd_deactivated', 'held'],
          ['account_created', 'applied'],
        ],
      );
      const created = body.events[1]!;
      assert.deepEqual(created.person, { kind: 'pd', id: 'pd-c-00' });
      assert.equal(created.account_id, ketut.id);
      assert.equal(created.effective_date, '2025-01-15');
      assert.equal(created.to?.address, ketut.primary_address);
      assert.match(created.rule, /^account_created/);
      const person = await world.store.db
        .selectFrom('persons')
        .select(['nik', 'tanggal_lahir'])
        .where('person_id', '=', 'pd-c-00')
        .executeTakeFirstOrThrow();
      const text = JSON.stringify(body);
      assert.ok(!text.includes(person.nik) && !text.includes(person.tanggal_lahir), 'no NIK or birth date');
      assert.ok(!/"(nik|tanggal_lahir)"/.test(text));
    });

    test('an account outside the scope is 404, the same answer as one that does not exist', async () => {
      const ketut = await accountOf(world, 'pd-c-00');
      const outside = await api(world.url, sekolah, `/accounts/${ketut.id}`);
      const missing = await api(world.url, sekolah, '/accounts/99999999');
      assert.equal(outside.status, 404);
      assert.deepEqual(outside.body, missing.body);
      assert.equal((await api(world.url, dinas32, `/accounts/${ketut.id}`)).status, 404);
      assert.equal((await api(world.url, dinas51, `/accounts/${ketut.id}`)).status, 200);
      assert.equal((await api(world.url, nasional, '/accounts/abc')).status, 404);
    });

    test('schools are searched within the scope and carry their account counts', async () => {
      const res = await api(world.url, dinas32, '/schools');
      assert.equal(res.status, 200);
      const schools = (
        res.body as { schools: { npsn: string; accounts: { active: number; total: number } }[] }
      ).schools;
      assert.equal(schools.length, 5);
      assert.ok(schools.every((s) => s.npsn.startsWith('32')));
      assert.deepEqual(schools.find((s) => s.npsn === NPSN.sdA)?.accounts, { active: 15, total: 15 });
      const byName = await api(world.url, nasional, '/schools?q=denpasar');
      assert.deepEqual(
        (byName.body as { schools: { npsn: string }[] }).schools.map((s) => s.npsn),
        [NPSN.sdC],
      );
      const none = await api(world.url, sekolah, '/schools?q=denpasar');
      assert.deepEqual((none.body as { schools: unknown[] }).schools, []);
    });

    test('a school comes with its accounts by status and role; outside the scope it is 404', async () => {
      const res = await api(world.url, nasional, `/schools/${NPSN.sdC}`);
      assert.equal(res.status, 200);
      const body = res.body as { school: { npsn: string; present: boolean }; accounts: unknown };
      assert.equal(body.school.npsn, NPSN.sdC);
      assert.equal(body.school.present, true);
      assert.deepEqual(body.accounts, { active: { admin: 1, guru: 1, siswa: 25 } });
      const outside = await api(world.url, dinas32, `/schools/${NPSN.sdC}`);
      const missing = await api(world.url, dinas32, '/schools/99999999');
      assert.equal(outside.status, 404);
      assert.deepEqual(outside.body, missing.body);
      assert.equal((await api(world.url, sekolah, `/schools/${NPSN.smpB}`)).status, 404);
    });

    test('Unduh Akun is not part of the API', async () => {
      const res = await api(world.url, nasional, `/schools/${NPSN.sdA}/unduh-akun`, {
        method: 'POST',
        body: { which: 'all' },
      });
      // No API route: the request falls through to the console, which refuses it without a session.
      assert.ok(res.status >= 400, `refused (${res.status})`);
      assert.doesNotMatch(res.headers.get('content-type') ?? '', /text\/csv/);
      const count = await world.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'download_credentials')
        .execute();
      assert.equal(count.length, 0);
    });
  });
}
