// Signing in and out of the console: sessions, CSRF, throttling, and the redirect to the login page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SESSION_COOKIE } from '../../src/web/security/session.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { WebClient, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`console sign-in on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    before(async () => {
      world = await webWorld(dialect, 1);
      await world.addOperator('nas', 'nasional');
      await world.addOperator('sek', 'sekolah:32000001');
    });
    after(() => world.close());

    test('a page asked for without a session redirects to the login page and back after it', async () => {
      const client = new WebClient(world.url);
      const res = await client.get('/runs?x=1');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/login?next=%2Fruns%3Fx%3D1');
      await client.page('/login?next=%2Fruns');
      const login = await client.post('/login', {
        login: 'nas',
        password: 'kata-sandi-yang-panjang',
        next: '/runs',
      });
      assert.equal(login.status, 303);
      assert.equal(login.headers.get('location'), '/runs');
    });

    test('a wrong password and an unknown login get the same answer', async () => {
      const a = new WebClient(world.url);
      const wrong = await a.login('nas', 'not-the-password');
      const b = new WebClient(world.url);
      const unknown = await b.login('nobody', 'not-the-password');
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      const text = (html: string) => /<p class="error" id="login-error">([^<]*)</.exec(html)?.[1];
      assert.equal(text(await wrong.text()), text(await unknown.text()));
      assert.equal(a.cookie(SESSION_COOKIE), undefined);
    });

    test('signing in makes a new session id even when the browser brought one (no fixation)', async () => {
      const client = new WebClient(world.url);
      await client.login('nas');
      const first = client.cookie(SESSION_COOKIE);
      assert.ok(first);
      await client.login('nas');
      const second = client.cookie(SESSION_COOKIE);
      assert.ok(second);
      assert.notEqual(first, second);
      const stale = new WebClient(world.url);
      stale.setCookie(SESSION_COOKIE, first);
      assert.equal((await stale.get('/')).status, 303, 'the replaced session no longer opens the console');
    });

    test('a session cookie that was not signed by the server is ignored', async () => {
      const client = new WebClient(world.url);
      client.setCookie(SESSION_COOKIE, 'made-up-session-id.c2lnbmF0dXJl');
      assert.equal((await client.get('/')).status, 303);
    });

    test("a form post without the CSRF token, or with another browser's, is refused", async () => {
      const client = new WebClient(world.url);
      await client.login('nas');
      const without = await client.post('/logout', { _csrf: null });
      assert.equal(without.status, 403);
      assert.match(await without.text(), /data-code="csrf"/);
      const other = new WebClient(world.url);
      await other.login('sek');
      const foreign = await client.post('/logout', { _csrf: other.csrf });
      assert.equal(foreign.status, 403);
      assert.equal((await client.get('/')).status, 200, 'still signed in: the forged posts did nothing');
    });

    test('signing out ends the session on the server, not only in the browser', async () => {
      const client = new WebClient(world.url);
      await client.login('nas');
      const cookie = client.cookie(SESSION_COOKIE);
      await client.page('/');
      const out = await client.post('/logout', {});
      assert.equal(out.status, 303);
      const replay = new WebClient(world.url);
      replay.setCookie(SESSION_COOKIE, cookie ?? '');
      assert.equal((await replay.get('/')).status, 303);
    });

    test('five failed sign-ins lock the login for a while, even with the right password', async () => {
      await world.addOperator('target', 'nasional');
      for (let i = 0; i < 5; i++) {
        assert.equal((await new WebClient(world.url).login('target', `wrong-${i}-password`)).status, 401);
      }
      const locked = await new WebClient(world.url).login('target');
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
      assert.match(await locked.text(), /id="login-error"/);
      assert.ok(world.logged.some((e) => e.type === 'rate_limited'));
    });

    test('the login page never sends a signed-in operator off the site', async () => {
      const client = new WebClient(world.url);
      await client.page('/login');
      const res = await client.post('/login', {
        login: 'nas',
        password: 'kata-sandi-yang-panjang',
        next: '//evil.example/',
      });
      assert.equal(res.headers.get('location'), '/');
    });

    test('pages carry a strict content security policy and no inline script', async () => {
      const client = new WebClient(world.url);
      const { res, html } = await client.page('/login');
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.doesNotMatch(html, /<script>(?!\s*<\/script>)/);
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
    });
  });
}
