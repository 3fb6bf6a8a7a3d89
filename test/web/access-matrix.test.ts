// Who may call what: every route the web app registers, called by each role (nobody, nasional, two
// dinas offices, two schools) as a console operator with a session or as an API token, against the
// table in access-matrix-table.ts. A route the table does not cover fails the first test, so a new
// route cannot ship without deciding who may call it. Lists are also read row by row: nothing outside
// the caller's scope may appear. Then CSRF on every console form and what signing in discards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWebApp } from '../../src/web/app.js';
import { PRE_SESSION_COOKIE, SESSION_COOKIE } from '../../src/web/security/session.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { MATRIX, type MatrixCase, MIDDLEWARE_KEYS, type RowRef } from './access-matrix-table.js';
import {
  type AccessWorld,
  Actor,
  accessWorld,
  covers,
  loginOf,
  npsnsOfAccounts,
  OPERATOR_ROLES,
  type Outcome,
  placeOf,
  ROLES,
  type Role,
} from './access-support.js';
import { NPSN, PASSWORD } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

function registeredRoutes(aw: AccessWorld): Set<string> {
  const app = createWebApp(aw.world.deps);
  return new Set(app.routes.map((r) => `${r.method} ${r.path}`).filter((k) => !MIDDLEWARE_KEYS.has(k)));
}

/** The audit log's scope names, as the audit page filters them (provinsi:, dinas:, sekolah:). */
async function auditScopeCovered(aw: AccessWorld, role: Role, scope: string): Promise<boolean> {
  if (role === 'nasional') return true;
  const [kind, code = ''] = scope.split(':', 2);
  if (role.startsWith('sekolah:')) return scope === role;
  const prefix = role.slice('dinas:'.length);
  if (kind === 'provinsi' || kind === 'dinas') return code.startsWith(prefix);
  if (kind === 'sekolah') return covers(role, await placeOf(aw.world, code));
  return false;
}

/** Each row of a list answer must lie inside the caller's scope; returns the schools seen. */
async function checkRows(
  aw: AccessWorld,
  role: Role,
  rows: RowRef[],
  problems: string[],
): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const row of rows) {
    if ('auditScope' in row) {
      if (!(await auditScopeCovered(aw, role, row.auditScope)))
        problems.push(`audit entry of ${row.auditScope || '(no scope)'}`);
      continue;
    }
    const npsns = 'accountId' in row ? await npsnsOfAccounts(aw.world, [row.accountId]) : row.npsns;
    for (const n of npsns) seen.add(n);
    const places = await Promise.all(npsns.map((n) => placeOf(aw.world, n)));
    if (!places.some((p) => covers(role, p))) problems.push(`a row of ${npsns.join('/') || '(no school)'}`);
  }
  return seen;
}

/** What a role got from one case, against what the matrix says; a list of mismatches. */
async function judge(
  aw: AccessWorld,
  role: Role,
  c: MatrixCase,
  out: Outcome,
  want: number,
): Promise<string[]> {
  const problems: string[] = [];
  if (out.status !== want) problems.push(`status ${out.status}, want ${want}`);
  if (out.status === 303 && want === 303 && role === 'anonymous' && !out.location?.startsWith('/login')) {
    problems.push(`redirected to ${out.location}, not the login page`);
  }
  if (out.status === 401 && out.contentType.includes('json') && !/"(code|scimType|status)"/.test(out.text)) {
    problems.push('a 401 without an error body');
  }
  if (c.rows && out.status === 200) {
    const rows = c.rows(out.text);
    // An empty list would pass the scope check without showing anything: every role here has rows.
    if (rows.length === 0) problems.push('an empty list');
    const seen = await checkRows(aw, role, rows, problems);
    const provinces = new Set([...seen].map((n) => n.slice(0, 2)));
    if (role === 'nasional' && c.spans !== false && !(provinces.has('32') && provinces.has('51'))) {
      problems.push(`nasional saw only province ${[...provinces].join(',')}`);
    }
    if (process.env.ACCESS_DEBUG)
      console.log(`${role} ${out.status} rows=${rows.length} schools=${[...seen].join(',')}`);
  }
  return problems;
}

for (const dialect of DIALECTS) {
  describe(`access matrix on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let aw: AccessWorld;
    const actors = new Map<Role, Actor>();
    const newActor = async (role: Role, index: number) => {
      const actor = new Actor(aw.world.url, role, aw.tokens.get(role) ?? null, index);
      await actor.start();
      return actor;
    };

    before(async () => {
      aw = await accessWorld(dialect);
      for (const [i, role] of ROLES.entries()) actors.set(role, await newActor(role, i));
    });
    after(() => aw?.world.close());

    test('the matrix has a row for every route the web app registers, and none for a route that is gone', () => {
      const registered = registeredRoutes(aw);
      const covered = new Set(Object.keys(MATRIX));
      assert.deepEqual(
        [...registered].filter((k) => !covered.has(k)),
        [],
        'routes nobody decided the access of: add them to test/web/access-matrix-table.ts',
      );
      assert.deepEqual(
        [...covered].filter((k) => !registered.has(k)),
        [],
        'matrix rows for routes that do not exist',
      );
    });

    for (const [key, cases] of Object.entries(MATRIX)) {
      if (key === 'POST /logout') continue; // below: it would end the actors' sessions
      test(`${key}: each role gets what the matrix says`, async () => {
        const problems: string[] = [];
        for (const c of cases) {
          for (const role of ROLES) {
            const call = c.call(aw.targets, role);
            const out = await actors.get(role)!.call(call);
            for (const p of await judge(aw, role, c, out, c.expect[role]))
              problems.push(`${role} ${call.method} ${call.path}: ${p}`);
          }
        }
        assert.deepEqual(problems, []);
      });
    }

    test('POST /logout: each role is sent to the login page and its session is over', async () => {
      for (const [i, role] of ROLES.entries()) {
        const actor = await newActor(role, 20 + i);
        const out = await actor.call(MATRIX['POST /logout']![0]!.call(aw.targets, role));
        assert.equal(out.status, MATRIX['POST /logout']![0]!.expect[role], role);
        assert.equal(out.location, '/login', role);
        assert.equal((await actor.get('/')).status, 303, `${role} is signed out`);
      }
    });

    test("every console form post without its CSRF token, or with another browser's, is refused and does nothing", async () => {
      const posts = [...registeredRoutes(aw)].filter(
        (k) => k.startsWith('POST /') && !/^POST \/(api|scim)\//.test(k),
      );
      assert.ok(posts.length >= 8, `console POST routes: ${posts.join(', ')}`);
      const victim = await newActor('nasional', 30);
      const other = await newActor(`sekolah:${NPSN.sdA}`, 31);
      const before = await auditCount(aw);
      for (const key of posts) {
        const call = MATRIX[key]![0]!.call(aw.targets, 'nasional');
        for (const token of [null, other.csrf, '', 'A'.repeat(43)]) {
          const out = await victim.postForm(call.path, { ...call.form, _csrf: token });
          assert.equal(out.status, 403, `${key} with token ${token}`);
          assert.match(out.text, /data-code="csrf"/, key);
        }
      }
      assert.equal(await auditCount(aw), before, 'no refused post reached a route that audits');
      assert.equal((await victim.get('/')).status, 200, 'the forged logouts did not end the session');
    });

    test('signing in drops what the browser brought: its pre-session cookie, that CSRF token, a planted session', async () => {
      const actor = new Actor(aw.world.url, 'nasional', null, 40);
      await actor.get('/login');
      const preCookie = actor.cookie(PRE_SESSION_COOKIE);
      const preToken = actor.csrf;
      assert.ok(preCookie && preToken);
      const planted = 'fixated-session-id.c2lnbmF0dXJl';
      actor.plant(SESSION_COOKIE, planted);
      const res = await actor.postForm('/login', {
        login: loginOf('nasional'),
        password: PASSWORD,
        next: '/',
      });
      assert.equal(res.status, 303);
      const session = actor.cookie(SESSION_COOKIE);
      assert.ok(session && session !== planted, 'a new session id, not the planted one');
      assert.equal(actor.cookie(PRE_SESSION_COOKIE), undefined, 'the pre-session binding is gone');
      const set = res.setCookie.filter((c) => c.startsWith(`${SESSION_COOKIE}=`)).at(-1) ?? '';
      assert.match(set, /HttpOnly/i);
      assert.match(set, /SameSite=Lax/i);
      assert.match(set, /Path=\//i);
      const stale = await actor.postForm('/logout', { _csrf: preToken });
      assert.equal(stale.status, 403, 'the token made before signing in does not work after');
      assert.equal((await actor.get('/')).status, 200);
    });

    test('an operator signed in with a session has no way into the API without a token, and a token none into pages', async () => {
      const nasional = actors.get('nasional')!;
      const viaSession = await nasional.send('GET', '/api/v1/runs');
      assert.equal(viaSession.status, 401, 'a session cookie is not an API credential');
      const res = await fetch(new URL('/runs', aw.world.url), {
        headers: { authorization: `Bearer ${aw.tokens.get('nasional')}` },
        redirect: 'manual',
      });
      assert.equal(res.status, 303, 'a bearer token does not open the console');
      for (const role of OPERATOR_ROLES) assert.ok(aw.tokens.get(role)?.startsWith('slr_'));
    });
  });
}

async function auditCount(aw: AccessWorld): Promise<number> {
  const row = await aw.world.store.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
