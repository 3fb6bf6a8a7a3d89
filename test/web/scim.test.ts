// The SCIM 2.0 service provider at /scim/v2 over real HTTP on both stores: the discovery documents and
// their agreement with what we serve, RFC 7644's filter, pagination and ETag examples on our own
// attributes, projections, token scopes, and every write refused with `mutability`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as DatabaseSchema } from '../../src/store/schema.js';
import { createScimRepository } from '../../src/store/scim-repository.js';
import { parseUserFilter } from '../../src/web/scim/scim-filter.js';
import { pageOf } from '../../src/web/scim/scim-resources.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import {
  type AccountFacts,
  accountsOf,
  assertScimError,
  ENTERPRISE,
  finishedAt,
  GROUP_SCHEMA,
  LIST_SCHEMA,
  listOf,
  monthThree,
  personalValues,
  ROLE_CHANGER,
  SCHOOL_A,
  SCIM_TYPE,
  type ScimUser,
  scim,
  setStatus,
  USER_SCHEMA,
} from './scim-support.js';
import { NPSN, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

interface ScimGroup {
  id: string;
  externalId: string;
  displayName: string;
  members?: { value: string; $ref: string; display: string; type: string }[];
  meta: { version: string; location: string; lastModified: string };
}

interface SchemaAttr {
  name: string;
  type: string;
  multiValued: boolean;
  subAttributes?: SchemaAttr[];
}

test('a page is 1-based, a negative count is 0, and count is capped', () => {
  assert.deepEqual(pageOf({}, 1000), { startIndex: 1, count: 100 });
  assert.deepEqual(pageOf({ startIndex: '0', count: '-5' }, 1000), { startIndex: 1, count: 0 });
  assert.deepEqual(pageOf({ startIndex: 7, count: 5000 }, 1000), { startIndex: 7, count: 1000 });
  assert.deepEqual(pageOf({ count: '80' }, 50), { startIndex: 1, count: 50 });
  assert.throws(() => pageOf({ count: 'ten' }, 1000), /count must be an integer/);
});

test('filters on userName, an email, externalId, id and organization use an index (SQLite plan)', async () => {
  const world = await webWorld('sqlite', 1);
  const file = new Database(world.deps.config.db, { readonly: true });
  const logged: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<DatabaseSchema>({
    dialect: new SqliteDialect({ database: new Database(world.deps.config.db, { readonly: true }) }),
    log: (e) => {
      logged.push(e.query);
    },
  });
  try {
    const repo = createScimRepository(db);
    const plans: Record<string, RegExp> = {
      'userName eq "dewi.lestari10@admin.sd.belajar.id"':
        /USING INDEX sqlite_autoindex_addresses_1 \(address=\?\)/,
      'emails.value eq "x@sd.belajar.id"': /USING INDEX sqlite_autoindex_addresses_1 \(address=\?\)/,
      'externalId eq "ptk-a-ks"': /USING INDEX accounts_person_id_idx/,
      'id eq "5"': /USING INTEGER PRIMARY KEY/,
      'organization eq "32000001"': /USING INDEX accounts_npsn_idx/,
    };
    for (const [filter, plan] of Object.entries(plans)) {
      logged.length = 0;
      await repo.users(parseUserFilter(filter), { role: 'nasional', scope: '' }, 0, 10);
      const q = logged[0]!;
      const rows = file.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as {
        detail: string;
      }[];
      const detail = rows.map((r) => r.detail).join(' | ');
      assert.match(detail, plan, filter);
      assert.doesNotMatch(detail, /SCAN accounts/, filter);
    }
  } finally {
    await db.destroy();
    file.close();
    await world.close();
  }
});

for (const dialect of DIALECTS) {
  describe(`SCIM 2.0 service provider on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let nasional: string;
    let sekolah: string;
    let dinas32: string;
    /** The role changer's User before month 3, and the time month 2's run finished. */
    let changerBefore: { user: ScimUser; etag: string };
    let monthTwoAt: string;
    let changerId: number;
    let suspendedId: number;
    let deactivatingId: number;
    let deletedId: number;
    let facts: AccountFacts[];
    let visible: AccountFacts[];

    before(async () => {
      world = await webWorld(dialect, 2);
      nasional = await world.addToken('nasional');
      sekolah = await world.addToken(`sekolah:${SCHOOL_A}`);
      dinas32 = await world.addToken('dinas:32');
      changerId = (await accountsOf(world)).find((a) => a.person_id === ROLE_CHANGER)!.id;
      const res = await scim(world, nasional, `/Users/${changerId}`);
      changerBefore = { user: res.body, etag: res.headers.get('etag')! };
      const runs = await world.store.db.selectFrom('runs').select('id').orderBy('id', 'desc').execute();
      monthTwoAt = await finishedAt(world, Number(runs[0]!.id));
      await world.sync(monthThree());
      suspendedId = await setStatus(world, 'bg-51-0-00', 'suspended');
      deactivatingId = await setStatus(world, 'bg-51-0-01', 'deactivating');
      deletedId = await setStatus(world, 'bg-51-0-02', 'deleted');
      facts = await accountsOf(world);
      visible = facts.filter((a) => a.status !== 'deleted');
    });
    after(() => world.close());

    async function allUsers(token: string, filter: string | null): Promise<ScimUser[]> {
      const list = await listOf(world, token, 'Users', filter, 'count=1000');
      assert.equal(list.itemsPerPage, list.Resources.length);
      assert.equal(list.totalResults, list.Resources.length, 'the whole world fits one page');
      return list.Resources;
    }

    const ids = (users: { id: string }[]) => users.map((u) => Number(u.id)).sort((a, b) => a - b);
    const idsOf = (accounts: AccountFacts[]) => accounts.map((a) => a.id);

    test('the discovery documents are public, say what we support, and refuse a filter', async () => {
      const spc = await scim(world, null, '/ServiceProviderConfig');
      assert.equal(spc.status, 200);
      assert.equal(spc.headers.get('content-type'), SCIM_TYPE);
      assert.deepEqual(spc.body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
      assert.deepEqual(spc.body.patch, { supported: false });
      assert.equal(spc.body.bulk.supported, false);
      assert.deepEqual(spc.body.filter, { supported: true, maxResults: 1000 });
      assert.deepEqual(spc.body.changePassword, { supported: false });
      assert.deepEqual(spc.body.sort, { supported: false });
      assert.deepEqual(spc.body.etag, { supported: true });
      assert.equal(spc.body.authenticationSchemes[0].type, 'oauthbearertoken');

      const types = await scim(world, null, '/ResourceTypes');
      assert.equal(types.status, 200);
      assert.deepEqual(types.body.schemas, [LIST_SCHEMA]);
      assert.deepEqual(
        types.body.Resources.map((t: { id: string; endpoint: string }) => [t.id, t.endpoint]),
        [
          ['User', '/Users'],
          ['Group', '/Groups'],
        ],
      );
      const user = await scim(world, null, '/ResourceTypes/User');
      assert.deepEqual(user.body.schemaExtensions, [{ schema: ENTERPRISE, required: true }]);

      const schemas = await scim(world, null, '/Schemas');
      assert.deepEqual(
        schemas.body.Resources.map((s: { id: string }) => s.id).sort(),
        [GROUP_SCHEMA, USER_SCHEMA, ENTERPRISE].sort(),
      );
      const one = await scim(world, null, `/Schemas/${encodeURIComponent(ENTERPRISE)}`);
      assert.equal(one.status, 200);
      assert.deepEqual(
        one.body.attributes.map((a: SchemaAttr) => a.name),
        ['organization', 'department'],
      );
      assertScimError(await scim(world, null, '/Schemas/urn:nope'), 404);
      // RFC 7644 §4: a filter here would be ignored, so it is refused instead.
      assertScimError(await scim(world, null, `/Schemas?filter=${encodeURIComponent('id eq "x"')}`), 403);
      assertScimError(await scim(world, null, '/NoSuchThing'), 401);
      assertScimError(await scim(world, nasional, '/NoSuchThing'), 404);
      assertScimError(await scim(world, nasional, '/Me'), 501);
    });

    test('every attribute a User and a Group carry is described in /Schemas with its type', async () => {
      const schemas = new Map<string, SchemaAttr[]>(
        (await scim(world, null, '/Schemas')).body.Resources.map(
          (s: { id: string; attributes: SchemaAttr[] }) => [s.id, s.attributes],
        ),
      );
      const types = (await scim(world, null, '/ResourceTypes')).body.Resources as {
        schema: string;
        schemaExtensions: { schema: string }[];
      }[];
      for (const t of types) {
        for (const s of [t.schema, ...t.schemaExtensions.map((e) => e.schema)]) assert.ok(schemas.has(s), s);
      }
      const user = (await scim(world, nasional, `/Users/${changerId}`)).body;
      const group = (await scim(world, nasional, `/Groups/${SCHOOL_A}`)).body;
      for (const [resource, core] of [
        [user, USER_SCHEMA],
        [group, GROUP_SCHEMA],
      ] as const) {
        assert.equal(resource.schemas[0], core);
        for (const [key, value] of Object.entries(resource as Record<string, unknown>)) {
          if (['schemas', 'id', 'externalId'].includes(key)) continue;
          if (key === 'meta') {
            for (const k of Object.keys(value as object)) {
              assert.ok(['resourceType', 'created', 'lastModified', 'location', 'version'].includes(k), k);
            }
            continue;
          }
          if (schemas.has(key)) {
            assert.ok(resource.schemas.includes(key), `${key} is named in schemas`);
            for (const [k, v] of Object.entries(value as object)) describedBy(schemas.get(key)!, k, v, key);
            continue;
          }
          describedBy(schemas.get(core)!, key, value, core);
        }
      }
    });

    function describedBy(attrs: SchemaAttr[], key: string, value: unknown, where: string): void {
      const attr = attrs.find((a) => a.name === key);
      assert.ok(attr, `${where} describes ${key}`);
      if (attr.multiValued) assert.ok(Array.isArray(value), `${key} is multi-valued`);
      const values = attr.multiValued ? (value as unknown[]) : [value];
      for (const v of values) {
        if (attr.type === 'complex') {
          for (const [k, sub] of Object.entries(v as object))
            describedBy(attr.subAttributes ?? [], k, sub, key);
        } else {
          const js: string | undefined = (
            { string: 'string', reference: 'string', boolean: 'boolean', dateTime: 'string' } as Record<
              string,
              string
            >
          )[attr.type];
          assert.equal(typeof v, js, `${key} is a ${attr.type}`);
        }
      }
    }

    test('without a valid token Users and Groups answer 401 in a SCIM error body', async () => {
      for (const path of ['/Users', `/Users/${changerId}`, '/Groups', `/Groups/${SCHOOL_A}`]) {
        const res = await scim(world, null, path);
        assertScimError(res, 401);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
        assertScimError(
          await scim(world, 'slr_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', path),
          401,
        );
      }
    });

    test('a User carries its address, aliases, school and jenjang, and nothing personal', async () => {
      const account = facts.find((a) => a.id === changerId)!;
      const res = await scim(world, nasional, `/Users/${changerId}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), SCIM_TYPE);
      const u = res.body as ScimUser;
      assert.deepEqual(u.schemas, [USER_SCHEMA, ENTERPRISE]);
      assert.equal(u.id, String(changerId));
      assert.equal(u.externalId, ROLE_CHANGER);
      assert.equal(u.userName, account.primary_address);
      assert.match(u.userName, /@admin\.sd\./, 'month 3 made the teacher an admin');
      assert.equal(u.userType, 'admin');
      assert.equal(u.active, true);
      assert.deepEqual(u.name, { formatted: 'Agus Salim' });
      assert.equal(u.displayName, 'Agus Salim');
      assert.deepEqual(u.emails, [
        { value: account.primary_address, type: 'work', primary: true },
        { value: changerBefore.user.userName, type: 'work', primary: false },
      ]);
      assert.deepEqual(u[ENTERPRISE], { organization: SCHOOL_A, department: 'sd' });
      assert.equal(u.groups[0]?.value, SCHOOL_A);
      assert.equal(u.groups[0]?.display, 'SD NEGERI 1 BANDUNG');
      assert.equal(u.groups[0]?.$ref, `${world.url}/scim/v2/Groups/${SCHOOL_A}`);
      assert.equal(u.meta.resourceType, 'User');
      assert.equal(u.meta.location, `${world.url}/scim/v2/Users/${changerId}`);
      assert.equal(res.headers.get('etag'), u.meta.version);
      assert.match(u.meta.version, /^W\/"[^"]+"$/);

      const everything = await scim(world, nasional, '/Users?count=1000');
      const secrets = await personalValues(world);
      assert.ok(secrets.length > 500);
      for (const secret of secrets)
        assert.ok(!everything.text.includes(secret), 'no personal value is served');
    });

    test('Users are the accounts not deleted; suspended is inactive, deactivating still active', async () => {
      const users = await allUsers(nasional, null);
      assert.deepEqual(ids(users), idsOf(visible));
      const byId = new Map(users.map((u) => [Number(u.id), u]));
      assert.equal(byId.get(suspendedId)?.active, false);
      assert.equal(byId.get(deactivatingId)?.active, true);
      assert.equal(byId.has(deletedId), false);
      assertScimError(await scim(world, nasional, `/Users/${deletedId}`), 404);
      assertScimError(await scim(world, nasional, '/Users/999999'), 404);
      assertScimError(await scim(world, nasional, '/Users/abc'), 404);
      for (const u of users) {
        const a = facts.find((f) => f.id === Number(u.id))!;
        assert.equal(u.userName, a.primary_address);
        assert.equal(u[ENTERPRISE].organization, a.npsn);
      }
    });

    test("RFC 7644's filter examples, on our attributes, answer what the store holds", async () => {
      const changer = facts.find((a) => a.id === changerId)!;
      const alias = changerBefore.user.userName;
      const has = (a: AccountFacts, part: string) => a.addresses.some((x) => x.includes(part));
      const cases: [string, (a: AccountFacts) => boolean][] = [
        [`userName eq "${changer.primary_address.toUpperCase()}"`, (a) => a.id === changerId],
        ['userName sw "dewi"', (a) => a.primary_address.startsWith('dewi')],
        [
          'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "DEWI"',
          (a) => a.primary_address.startsWith('dewi'),
        ],
        ['userName ew "@smp.belajar.id"', (a) => a.primary_address.endsWith('@smp.belajar.id')],
        ['externalId eq "ptk-a-ks"', (a) => a.person_id === 'ptk-a-ks'],
        ['externalId sw "PTK"', () => false],
        ['displayName co "aminah"', (a) => a.nama.toLowerCase().includes('aminah')],
        ['name.formatted ew "05"', (a) => a.nama.endsWith('05')],
        ['externalId pr and not (userType eq "siswa")', (a) => a.role !== 'siswa'],
        [
          'userType eq "admin" and (emails co "admin.sd" or emails.value co "admin.smp")',
          (a) => a.role === 'admin' && (has(a, 'admin.sd') || has(a, 'admin.smp')),
        ],
        [
          'userType ne "siswa" and not (emails co "admin.sd" or emails.value co "admin.smp")',
          (a) => a.role !== 'siswa' && !(has(a, 'admin.sd') || has(a, 'admin.smp')),
        ],
        ['userType eq "guru" and (emails.type eq "work")', (a) => a.role === 'guru'],
        [
          'userType eq "admin" and emails[type eq "work" and value co "@admin.sd.belajar.id"]',
          (a) => a.role === 'admin' && has(a, '@admin.sd.belajar.id'),
        ],
        [`meta.lastModified gt "${monthTwoAt}"`, (a) => a.person_id === ROLE_CHANGER],
        [`meta.lastModified le "${monthTwoAt}"`, (a) => a.person_id !== ROLE_CHANGER],
        [`schemas eq "${ENTERPRISE}"`, () => true],
        ['active eq false', (a) => a.id === suspendedId],
        [
          'active eq true and organization eq "51000100"',
          (a) => a.npsn === '51000100' && a.status !== 'suspended',
        ],
        [`${ENTERPRISE}:department eq "SMP"`, (a) => a.jenjang === 'smp'],
        [`groups.value eq "${NPSN.smpB}"`, (a) => a.npsn === NPSN.smpB],
        [`id eq "${changerId}" or UserName Eq "nobody@sd.belajar.id"`, (a) => a.id === changerId],
        ['id eq "not-a-number"', () => false],
        [`emails.value eq "${alias}"`, (a) => a.id === changerId],
      ];
      for (const [filter, expected] of cases) {
        const want = idsOf(visible.filter(expected));
        const got = await listOf(world, nasional, 'Users', filter, 'count=1000');
        assert.deepEqual(ids(got.Resources), want, filter);
        assert.equal(got.totalResults, want.length, filter);
      }
      assert.ok(
        (await listOf(world, nasional, 'Users', 'userName sw "dewi"')).totalResults > 0,
        'the examples find someone',
      );
    });

    test('a value path tests one email at a time', async () => {
      const alias = changerBefore.user.userName;
      const found = async (filter: string) => ids((await listOf(world, nasional, 'Users', filter)).Resources);
      assert.deepEqual(await found(`emails[type eq "work"].value eq "${alias}"`), [changerId]);
      assert.deepEqual(await found(`emails[value eq "${alias}" and primary eq false]`), [changerId]);
      assert.deepEqual(
        await found(`emails[primary eq true].value eq "${alias}"`),
        [],
        'the alias is not primary',
      );
      assert.deepEqual(await found(`emails[primary eq true] and emails.value eq "${alias}"`), [changerId]);
    });

    test('a filter we cannot answer exactly is 400 invalidFilter', async () => {
      for (const filter of [
        'userName eq',
        'userName xx "a"',
        '(userName eq "a"',
        'userName eq "a" extra',
        'title pr',
        'name.familyName co "O\'Malley"',
        'active eq "yes"',
        'userName eq 5',
        'meta.lastModified gt "yesterday"',
        'emails[value co "a" and foo eq "b"]',
        'emails[value[x eq 1]]',
        'userName[value eq "a"]',
        'x'.repeat(2001),
      ]) {
        assertScimError(
          await scim(world, nasional, `/Users?filter=${encodeURIComponent(filter)}`),
          400,
          'invalidFilter',
        );
      }
      assertScimError(
        await scim(world, nasional, `/Groups?filter=${encodeURIComponent('userName eq "a"')}`),
        400,
        'invalidFilter',
      );
    });

    test('pages are 1-based: RFC 7644 §3.4.2.4, beyond the end, count=0', async () => {
      const total = visible.length;
      const first = await listOf(world, nasional, 'Users', null, 'startIndex=1&count=10');
      assert.equal(first.totalResults, total);
      assert.equal(first.startIndex, 1);
      assert.equal(first.itemsPerPage, 10);
      assert.deepEqual(ids(first.Resources), idsOf(visible.slice(0, 10)));
      const second = await listOf(world, nasional, 'Users', null, 'startIndex=11&count=10');
      assert.equal(second.startIndex, 11);
      assert.deepEqual(ids(second.Resources), idsOf(visible.slice(10, 20)));
      const seen: number[] = [];
      for (let start = 1; start <= total; start += 250) {
        const page = await listOf(world, nasional, 'Users', null, `startIndex=${start}&count=250`);
        seen.push(...page.Resources.map((u) => Number(u.id)));
      }
      assert.deepEqual(seen, idsOf(visible), 'paging through gives every User once, by id');
      const last = await listOf(world, nasional, 'Users', null, `startIndex=${total}&count=10`);
      assert.equal(last.itemsPerPage, 1);
      const beyond = await listOf(world, nasional, 'Users', null, `startIndex=${total + 1}&count=10`);
      assert.deepEqual([beyond.totalResults, beyond.itemsPerPage, beyond.Resources], [total, 0, []]);
      const none = await listOf(world, nasional, 'Users', null, 'count=0');
      assert.deepEqual([none.totalResults, none.itemsPerPage, none.Resources], [total, 0, []]);
      const low = await listOf(world, nasional, 'Users', null, 'startIndex=0&count=-3');
      assert.deepEqual([low.startIndex, low.itemsPerPage], [1, 0]);
      assert.equal((await listOf(world, nasional, 'Users', null, '')).itemsPerPage, 100, 'default count');
      assertScimError(await scim(world, nasional, '/Users?count=many'), 400, 'invalidValue');
      const groups = await listOf<ScimGroup>(world, nasional, 'Groups', null, 'startIndex=2&count=3');
      assert.equal(groups.itemsPerPage, 3);
      assert.equal(groups.startIndex, 2);
    });

    test('attributes and excludedAttributes shape the answer; id and schemas always stay', async () => {
      const only = await listOf(world, nasional, 'Users', `id eq "${changerId}"`, 'attributes=userName');
      assert.deepEqual(Object.keys(only.Resources[0]!).sort(), ['id', 'schemas', 'userName']);
      assert.deepEqual(only.Resources[0]!.schemas, [USER_SCHEMA]);
      const parts = await scim(
        world,
        nasional,
        `/Users/${changerId}?attributes=emails.value,name.formatted,${ENTERPRISE}:organization`,
      );
      assert.deepEqual(
        parts.body.emails,
        parts.body.emails.map((e: { value: string }) => ({ value: e.value })),
      );
      assert.equal(parts.body.emails.length, 2);
      assert.deepEqual(parts.body.name, { formatted: 'Agus Salim' });
      assert.deepEqual(parts.body[ENTERPRISE], { organization: SCHOOL_A });
      assert.deepEqual(parts.body.schemas, [USER_SCHEMA, ENTERPRISE]);
      assert.equal(parts.body.userName, undefined);
      const without = await scim(
        world,
        nasional,
        `/Users/${changerId}?excludedAttributes=emails,meta,id,${ENTERPRISE}`,
      );
      assert.equal(without.body.emails, undefined);
      assert.equal(without.body.meta, undefined);
      assert.equal(without.body[ENTERPRISE], undefined);
      assert.deepEqual(without.body.schemas, [USER_SCHEMA]);
      assert.equal(without.body.id, String(changerId), 'id is always returned');
      assert.equal(without.body.userName, facts.find((a) => a.id === changerId)!.primary_address);
      const subOut = await scim(
        world,
        nasional,
        `/Users/${changerId}?excludedAttributes=emails.type,name.formatted`,
      );
      assert.deepEqual(Object.keys(subOut.body.emails[0]).sort(), ['primary', 'value']);
      assert.deepEqual(subOut.body.name, {});
      assert.equal(subOut.headers.get('etag'), subOut.body.meta.version, 'the version is of the whole User');
      const short = await scim(world, nasional, `/Users/${changerId}?attributes=Organization`);
      assert.deepEqual(
        short.body[ENTERPRISE],
        { organization: SCHOOL_A },
        'an extension name without its URN',
      );
      assertScimError(await scim(world, nasional, '/Users?attributes=urn:nope:x'), 400, 'invalidPath');
    });

    test('ETags: If-None-Match answers 304; a change gives a new version and a later lastModified', async () => {
      const res = await scim(world, nasional, `/Users/${changerId}`);
      const etag = res.headers.get('etag')!;
      for (const match of [etag, etag.replace(/^W\//, ''), `W/"other", ${etag}`, '*']) {
        const again = await scim(world, nasional, `/Users/${changerId}`, {
          headers: { 'if-none-match': match },
        });
        assert.equal(again.status, 304, match);
        assert.equal(again.text, '');
        assert.equal(again.headers.get('etag'), etag);
      }
      const other = await scim(world, nasional, `/Users/${changerId}`, {
        headers: { 'if-none-match': 'W/"x"' },
      });
      assert.equal(other.status, 200);
      assert.notEqual(changerBefore.etag, etag, 'the role change made a new version');
      assert.ok(res.body.meta.lastModified > changerBefore.user.meta.lastModified);
      assert.equal(res.body.meta.created, changerBefore.user.meta.created);
      const quiet = facts.find((a) => a.person_id === 'ptk-a-2')!.id;
      const unchanged = await scim(world, nasional, `/Users/${quiet}`);
      const listed = await listOf(world, nasional, 'Users', `id eq "${quiet}"`);
      assert.equal(listed.Resources[0]!.meta.version, unchanged.headers.get('etag'));

      const group = await scim(world, nasional, `/Groups/${SCHOOL_A}`);
      const bare = await scim(world, nasional, `/Groups/${SCHOOL_A}?excludedAttributes=members`);
      assert.equal(
        group.headers.get('etag'),
        bare.headers.get('etag'),
        'one version with or without members',
      );
      const cached = await scim(world, nasional, `/Groups/${SCHOOL_A}?excludedAttributes=members`, {
        headers: { 'if-none-match': group.headers.get('etag')! },
      });
      assert.equal(cached.status, 304);
    });

    test('Groups are the schools with their accounts as members', async () => {
      const list = await listOf<ScimGroup>(world, nasional, 'Groups', null, 'count=1000');
      const schools = await world.store.db
        .selectFrom('schools')
        .select(['npsn', 'nama', 'sekolah_id'])
        .execute();
      assert.deepEqual(
        list.Resources.map((g) => g.id),
        schools.map((s) => s.npsn).sort(),
      );
      assert.equal(list.itemsPerPage, list.Resources.length);
      const g = (await scim(world, nasional, `/Groups/${SCHOOL_A}`)).body as ScimGroup & {
        schemas: string[];
      };
      assert.deepEqual(g.schemas, [GROUP_SCHEMA]);
      assert.equal(g.displayName, 'SD NEGERI 1 BANDUNG');
      assert.equal(g.externalId, schools.find((s) => s.npsn === SCHOOL_A)!.sekolah_id);
      const members = visible.filter((a) => a.npsn === SCHOOL_A);
      assert.deepEqual(
        g.members?.map((m) => Number(m.value)),
        idsOf(members),
      );
      assert.equal(g.members?.[0]?.$ref, `${world.url}/scim/v2/Users/${members[0]!.id}`);
      assert.equal(g.members?.[0]?.type, 'User');
      const c = (await scim(world, nasional, '/Groups/51000100')).body as ScimGroup;
      assert.ok(!c.members?.some((m) => Number(m.value) === deletedId), 'a deleted account is no member');
      assert.ok(
        c.members?.some((m) => Number(m.value) === suspendedId),
        'a suspended one still is',
      );

      const slim = await listOf<ScimGroup>(world, nasional, 'Groups', null, 'excludedAttributes=members');
      assert.ok(slim.Resources.every((x) => x.members === undefined));
      const named = await listOf<ScimGroup>(world, nasional, 'Groups', null, 'attributes=displayName');
      assert.ok(named.Resources.every((x) => x.members === undefined && x.displayName !== undefined));

      const groupIds = async (filter: string) =>
        (
          await listOf<ScimGroup>(world, nasional, 'Groups', filter, 'excludedAttributes=members')
        ).Resources.map((x) => x.id);
      assert.deepEqual(await groupIds(`members[value eq "${changerId}"]`), [SCHOOL_A]);
      assert.deepEqual(await groupIds(`members.value eq "${changerId}"`), [SCHOOL_A]);
      assert.deepEqual(await groupIds('displayName sw "smp negeri"'), [NPSN.smpB]);
      assert.deepEqual(await groupIds('id sw "5100" and not (members[display co "latar"])'), [NPSN.sdC]);
      assert.deepEqual(await groupIds(`id eq "${NPSN.sdC}" or externalId eq "nope"`), [NPSN.sdC]);
      assertScimError(await scim(world, nasional, '/Groups/99999999'), 404);
    });

    test('a sekolah token sees only its school; a dinas:32 token never a school of 51', async () => {
      const own = visible.filter((a) => a.npsn === SCHOOL_A);
      const mine = await allUsers(sekolah, null);
      assert.deepEqual(ids(mine), idsOf(own));
      assert.deepEqual(ids(await allUsers(sekolah, 'userName pr')), idsOf(own));
      assert.equal((await listOf(world, sekolah, 'Users', `organization eq "${NPSN.sdC}"`)).totalResults, 0);
      const groups = await listOf<ScimGroup>(world, sekolah, 'Groups', null);
      assert.deepEqual(
        groups.Resources.map((g) => g.id),
        [SCHOOL_A],
      );
      const elsewhere = visible.find((a) => a.npsn === NPSN.smpB)!.id;
      assertScimError(await scim(world, sekolah, `/Users/${elsewhere}`), 404);
      assertScimError(await scim(world, sekolah, `/Groups/${NPSN.smpB}`), 404);

      const province = await allUsers(dinas32, null);
      assert.deepEqual(ids(province), idsOf(visible.filter((a) => a.kodeWilayah.startsWith('32'))));
      assert.ok(province.every((u) => !u[ENTERPRISE].organization.startsWith('51')));
      assert.equal(
        (await listOf(world, dinas32, 'Users', `${ENTERPRISE}:organization sw "51"`)).totalResults,
        0,
      );
      const dinasGroups = await listOf<ScimGroup>(
        world,
        dinas32,
        'Groups',
        null,
        'excludedAttributes=members',
      );
      assert.ok(dinasGroups.Resources.length > 0);
      assert.ok(dinasGroups.Resources.every((g) => g.id.startsWith('32')));
      assertScimError(await scim(world, dinas32, `/Users/${suspendedId}`), 404);
      assertScimError(await scim(world, dinas32, `/Groups/${NPSN.sdC}`), 404);
    });

    test('every write is refused with 403 mutability and changes nothing', async () => {
      const before = JSON.stringify(await accountsOf(world));
      const user = { schemas: [USER_SCHEMA], userName: 'baru@sd.belajar.id' };
      const patch = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      };
      const writes: [string, string, unknown][] = [
        ['POST', '/Users', user],
        ['PUT', `/Users/${changerId}`, user],
        ['PATCH', `/Users/${changerId}`, patch],
        ['DELETE', `/Users/${changerId}`, undefined],
        ['POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'x' }],
        ['PUT', `/Groups/${SCHOOL_A}`, { schemas: [GROUP_SCHEMA], displayName: 'x' }],
        ['PATCH', `/Groups/${SCHOOL_A}`, patch],
        ['DELETE', `/Groups/${SCHOOL_A}`, undefined],
        ['POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] }],
        ['PUT', '/Schemas', {}],
      ];
      for (const [method, path, body] of writes) {
        assertScimError(await scim(world, nasional, path, { method, body }), 403, 'mutability');
        assertScimError(await scim(world, null, path, { method, body }), 401);
      }
      assert.equal(JSON.stringify(await accountsOf(world)), before);
      assert.equal((await scim(world, nasional, `/Users/${changerId}`)).body.active, true);
    });

    test('POST /.search answers as GET does', async () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'userName sw "dewi" or userType eq "guru"',
        attributes: ['userName'],
        startIndex: 1,
        count: 3,
      };
      const posted = await scim(world, nasional, '/Users/.search', { method: 'POST', body });
      assert.equal(posted.status, 200, posted.text);
      const got = await listOf(world, nasional, 'Users', body.filter, 'attributes=userName&count=3');
      assert.deepEqual(posted.body, got);
      const groups = await scim(world, sekolah, '/Groups/.search', {
        method: 'POST',
        body: { schemas: body.schemas, excludedAttributes: ['members'] },
      });
      assert.deepEqual(
        groups.body.Resources.map((g: ScimGroup) => g.id),
        [SCHOOL_A],
      );
      assertScimError(
        await scim(world, nasional, '/Users/.search', { method: 'POST', body: { filter: 'x' } }),
        400,
        'invalidSyntax',
      );
    });
  });
}
