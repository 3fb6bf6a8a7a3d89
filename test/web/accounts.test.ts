// The account pages of the console: search by name, address, NISN or NUPTK within the caller's scope,
// and the account page with its history and mails, never showing NIK or birth date, and 404 outside
// the scope exactly as for an account that does not exist.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseMailPayload } from '../../src/notify/mail-payload.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { accountOf, listItems, signedIn, tableRows, textOf } from './directory-support.js';
import { NPSN, type WebClient, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`console accounts on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let nas: WebClient;
    let sek: WebClient;
    let din32: WebClient;
    let din51: WebClient;
    before(async () => {
      world = await webWorld(dialect, 2);
      await world.addOperator('nas', 'nasional');
      await world.addOperator('sek', `sekolah:${NPSN.sdA}`);
      await world.addOperator('din32', 'dinas:32');
      await world.addOperator('din51', 'dinas:51');
      nas = await signedIn(world, 'nas');
      sek = await signedIn(world, 'sek');
      din32 = await signedIn(world, 'din32');
      din51 = await signedIn(world, 'din51');
    });
    after(() => world.close());

    async function search(client: WebClient, q: string): Promise<Record<string, string>[]> {
      const page = await client.page(`/accounts?q=${encodeURIComponent(q)}`);
      assert.equal(page.status, 200);
      return tableRows(page.html, 'account-results');
    }

    test('a search by part of a name finds the account, linked to its page', async () => {
      const agus = await accountOf(world, 'ptk-a-1');
      const rows = await search(nas, 'agus sal');
      assert.deepEqual(
        rows.map((r) => r.address),
        [agus.primary_address],
      );
      assert.equal(rows[0]?.['account-id'], String(agus.id));
      const page = await nas.page('/accounts?q=agus');
      assert.match(page.html, new RegExp(`href="/accounts/${agus.id}"`));
    });

    test('a search by part of an address, by NISN and by NUPTK finds the person', async () => {
      const agus = await accountOf(world, 'ptk-a-1');
      const local = agus.primary_address.split('@')[0]!;
      assert.deepEqual(
        (await search(nas, local)).map((r) => r['account-id']),
        [String(agus.id)],
      );
      const pupil = await world.store.db
        .selectFrom('persons')
        .select('nisn')
        .where('person_id', '=', 'pd-a-03')
        .executeTakeFirstOrThrow();
      const pupilAccount = await accountOf(world, 'pd-a-03');
      assert.deepEqual(
        (await search(nas, pupil.nisn)).map((r) => r['account-id']),
        [String(pupilAccount.id)],
      );
      const person = await world.store.db
        .selectFrom('persons')
        .select('rows_json')
        .where('person_id', '=', 'ptk-a-1')
        .executeTakeFirstOrThrow();
      const nuptk = (JSON.parse(person.rows_json) as { nuptk: string }[])[0]!.nuptk;
      assert.match(nuptk, /^\d{16}$/);
      assert.deepEqual(
        (await search(nas, nuptk)).map((r) => r['account-id']),
        [String(agus.id)],
      );
    });

    test('LIKE wildcards in the text are taken literally', async () => {
      assert.deepEqual(await search(nas, '%'), []);
      assert.deepEqual(await search(nas, '_'), []);
      const page = await nas.page('/accounts?q=%25');
      assert.equal(textOf(page.html, 'account-count')?.startsWith('0'), true);
    });

    test("a search finds only accounts inside the caller's scope", async () => {
      const everyone = await search(nas, 'Ketut');
      assert.equal(everyone.length, 25);
      assert.deepEqual(await search(sek, 'Ketut'), [], 'a school operator of Bandung does not see Denpasar');
      assert.deepEqual(await search(din32, 'Ketut'), [], 'dinas 32 does not see Bali');
      assert.equal((await search(din51, 'Ketut')).length, 25);
      const own = await search(sek, 'Siti Aminah');
      assert.equal(own.length, 12);
    });

    test('an empty search asks for a text instead of listing everyone', async () => {
      const page = await nas.page('/accounts');
      assert.equal(page.status, 200);
      assert.ok(page.html.includes('id="account-no-query"'));
      assert.deepEqual(tableRows(page.html, 'account-results'), []);
    });

    test('the account page shows the facts, every address and the history, newest first', async () => {
      const ketut = await accountOf(world, 'pd-c-00');
      const page = await nas.page(`/accounts/${ketut.id}`);
      assert.equal(page.status, 200);
      assert.equal(textOf(page.html, 'account-address'), ketut.primary_address);
      assert.match(page.html, /id="account-status" data-status="active"/);
      assert.match(page.html, new RegExp(`id="account-school" data-npsn="${NPSN.sdC}"`));
      assert.deepEqual(
        listItems(page.html, 'account-addresses').map((a) => a.address),
        [ketut.primary_address],
      );
      const timeline = listItems(page.html, 'account-timeline');
      assert.deepEqual(
        timeline.map((e) => [e['event-type'], e.state]),
        [
          ['pd_deactivated', 'held'],
          ['account_created', 'applied'],
        ],
        'the held leave of month 2 above the creation of month 1',
      );
      assert.ok(Number(timeline[0]?.['event-id']) > Number(timeline[1]?.['event-id']));
      assert.match(page.html, /Akun dibuat/);
      assert.match(page.html, /class="rule"/);
    });

    test('the account page lists the mails sent about the account by subject', async () => {
      const siti = await accountOf(world, 'pd-a-00');
      const mails = await world.store.db
        .selectFrom('outbox')
        .select(['id', 'payload_json'])
        .where('account_id', '=', siti.id)
        .where('channel', '=', 'mail')
        .execute();
      assert.ok(mails.length > 0, 'account_created mailed the pupil');
      const page = await nas.page(`/accounts/${siti.id}`);
      const rows = tableRows(page.html, 'account-mails');
      assert.deepEqual(rows.map((r) => r['mail-id']).sort(), mails.map((m) => String(m.id)).sort());
      const subject = (JSON.parse(mails[0]!.payload_json) as { subject: string }).subject;
      assert.ok(page.html.includes(subject.replace(/&/g, '&amp;')), 'the subject is shown');
      const parsed = parseMailPayload(mails[0]!.payload_json);
      assert.ok(parsed.ok);
      const text = parsed.payload.text;
      const bodyLine = text.split('\n').find((l) => l.trim().length > 30 && !l.includes(subject));
      assert.ok(bodyLine);
      assert.ok(!page.html.includes(bodyLine.trim()), 'the body is not shown');
    });

    test('the account page never shows the NIK, birth date or personal email', async () => {
      for (const personId of ['pd-a-00', 'ptk-a-ks']) {
        const account = await accountOf(world, personId);
        const person = await world.store.db
          .selectFrom('persons')
          .select(['nik', 'tanggal_lahir', 'email'])
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow();
        const page = await nas.page(`/accounts/${account.id}`);
        assert.equal(page.status, 200);
        assert.ok(!page.html.includes(person.nik), 'no NIK');
        assert.ok(!page.html.includes(person.tanggal_lahir), 'no birth date');
        assert.ok(!page.html.includes(person.email), 'no personal email');
      }
    });

    test('an account outside the scope is "not found", the same as one that does not exist', async () => {
      const ketut = await accountOf(world, 'pd-c-00');
      const outside = await sek.page(`/accounts/${ketut.id}`);
      const missing = await sek.page('/accounts/99999999');
      const garbage = await sek.page('/accounts/abc');
      for (const page of [outside, missing, garbage]) {
        assert.equal(page.status, 404);
        assert.match(page.html, /data-code="not_found"/);
      }
      assert.equal(textOf(outside.html, 'error-message'), textOf(missing.html, 'error-message'));
      assert.ok(!outside.html.includes(ketut.primary_address));
      assert.equal((await din32.page(`/accounts/${ketut.id}`)).status, 404);
      assert.equal((await din51.page(`/accounts/${ketut.id}`)).status, 200);
      const own = await accountOf(world, 'pd-a-00');
      assert.equal((await sek.page(`/accounts/${own.id}`)).status, 200);
    });

    test('the English switch translates the event types and statuses', async () => {
      const ketut = await accountOf(world, 'pd-c-00');
      const page = await nas.page(`/accounts/${ketut.id}?lang=en`);
      assert.match(page.html, /<html lang="en"/);
      assert.match(page.html, /Account created/);
      assert.match(page.html, /Student account deactivated/);
      assert.ok(!page.html.includes('Akun dibuat'));
    });
  });
}
