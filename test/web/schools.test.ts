// The school pages of the console: the scoped school search with account counts, and the school page
// with counts by status and role, its accounts page by page, recent changes and, only for those who
// may use it, the Unduh Akun form.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, skipReason } from '../support/stores.js';
import { accountsOfSchool, signedIn, tableRows } from './directory-support.js';
import { NPSN, type WebClient, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

/** A background school of province 32 with 100 pupils (web-support.ts). */
const BACKGROUND_32 = '32000100';

for (const dialect of DIALECTS) {
  describe(`console schools on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let nas: WebClient;
    let sek: WebClient;
    let din32: WebClient;
    before(async () => {
      world = await webWorld(dialect, 2);
      await world.addOperator('nas', 'nasional');
      await world.addOperator('sek', `sekolah:${NPSN.sdA}`);
      await world.addOperator('din32', 'dinas:32');
      nas = await signedIn(world, 'nas');
      sek = await signedIn(world, 'sek');
      din32 = await signedIn(world, 'din32');
    });
    after(() => world.close());

    async function schools(client: WebClient, q = ''): Promise<Record<string, string>[]> {
      const page = await client.page(`/schools${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      assert.equal(page.status, 200);
      return tableRows(page.html, 'school-results');
    }

    test("the school list holds the caller's schools with their account counts", async () => {
      const all = await schools(nas);
      assert.equal(all.length, 9);
      const sdA = all.find((s) => s.npsn === NPSN.sdA);
      assert.equal(sdA?.active, String((await accountsOfSchool(world, NPSN.sdA, 'active')).length));
      assert.equal(sdA?.active, '15');
      assert.deepEqual(
        (await schools(sek)).map((s) => s.npsn),
        [NPSN.sdA],
      );
      const dinas = (await schools(din32)).map((s) => s.npsn);
      assert.equal(dinas.length, 5);
      assert.ok(dinas.every((n) => n?.startsWith('32')));
    });

    test('schools are found by part of the name or by NPSN, within the scope', async () => {
      assert.deepEqual(
        (await schools(nas, 'denpasar')).map((s) => s.npsn),
        [NPSN.sdC],
      );
      assert.deepEqual(
        (await schools(nas, '3200000')).map((s) => s.npsn),
        [NPSN.sdA, NPSN.smpB],
      );
      assert.deepEqual(await schools(din32, 'denpasar'), []);
      assert.deepEqual(await schools(sek, 'SMP NEGERI'), []);
      assert.deepEqual(await schools(nas, '%'), [], 'a LIKE wildcard is taken literally');
    });

    test('the school page lists its accounts, counts them by status and role, and links them', async () => {
      const page = await sek.page(`/schools/${NPSN.sdA}`);
      assert.equal(page.status, 200);
      const stored = await accountsOfSchool(world, NPSN.sdA);
      assert.deepEqual(
        tableRows(page.html, 'school-accounts')
          .map((r) => r.address)
          .sort(),
        stored.map((a) => a.primary_address).sort(),
      );
      const counts = tableRows(page.html, 'school-counts');
      assert.deepEqual(
        counts.map((r) => r.role),
        ['guru', 'admin', 'siswa', 'total'],
      );
      const cell = (role: string, status: string) =>
        new RegExp(`data-role="${role}">[\\s\\S]*?data-status="${status}">([^<]*)<`).exec(page.html)?.[1];
      assert.equal(cell('total', 'active'), '15');
      assert.equal(cell('siswa', 'active'), '12');
      assert.equal(cell('guru', 'active'), '2');
      assert.equal(cell('admin', 'active'), '1');
      assert.equal(cell('total', 'total'), '15');
      assert.match(page.html, new RegExp(`href="/accounts/${stored[0]!.id}"`));
    });

    test('a school with more accounts than a page is paged', async () => {
      const first = await nas.page(`/schools/${BACKGROUND_32}`);
      const rows1 = tableRows(first.html, 'school-accounts');
      assert.equal(rows1.length, 50);
      assert.match(first.html, new RegExp(`href="/schools/${BACKGROUND_32}\\?page=2" rel="next"`));
      const second = await nas.page(`/schools/${BACKGROUND_32}?page=2`);
      const rows2 = tableRows(second.html, 'school-accounts');
      assert.equal(rows2.length, 50);
      assert.ok(!second.html.includes('rel="next"'));
      const seen = new Set([...rows1, ...rows2].map((r) => r.address));
      assert.equal(seen.size, 100);
      const third = await nas.page(`/schools/${BACKGROUND_32}?page=3`);
      assert.deepEqual(tableRows(third.html, 'school-accounts'), []);
    });

    test('recent changes list the events on either side of the school, newest first', async () => {
      const page = await nas.page(`/schools/${NPSN.sdC}`);
      const events = tableRows(page.html, 'school-events');
      const held = events.filter((e) => e['event-type'] === 'pd_deactivated');
      assert.equal(held.length, 10, 'the ten pupils held in month 2');
      assert.equal(events.filter((e) => e['event-type'] === 'account_created').length, 27);
      const ids = events.map((e) => Number(e['event-id']));
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => b - a),
      );
      assert.equal(events[0]?.['event-type'], 'pd_deactivated');
      assert.match(page.html, /Akun peserta didik dinonaktifkan — tidak lagi tercantum di Dapodik/);
    });

    test('a school outside the scope is "not found", like one that does not exist', async () => {
      for (const [client, npsn] of [
        [sek, NPSN.sdC],
        [sek, NPSN.smpB],
        [din32, NPSN.sdC],
        [nas, '99999999'],
        [nas, 'not-an-npsn'],
      ] as const) {
        const page = await client.page(`/schools/${npsn}`);
        assert.equal(page.status, 404, `${npsn}`);
        assert.match(page.html, /data-code="not_found"/);
      }
      assert.equal((await din32.page(`/schools/${NPSN.smpB}`)).status, 200);
    });

    test('the Unduh Akun form is offered to the school operator and national operators only', async () => {
      const own = await sek.page(`/schools/${NPSN.sdA}`);
      assert.match(own.html, new RegExp(`id="unduh-akun-form"|action="/schools/${NPSN.sdA}/unduh-akun"`));
      assert.match(own.html, /id="unduh-new-count" data-count="15"/);
      assert.ok(own.html.includes('name="_csrf"'), 'the form carries the CSRF token');
      const national = await nas.page(`/schools/${NPSN.sdC}`);
      assert.ok(national.html.includes('id="unduh-akun-form"'));
      const dinas = await din32.page(`/schools/${NPSN.sdA}`);
      assert.equal(dinas.status, 200);
      assert.ok(!dinas.html.includes('unduh-akun'), 'no button for a dinas office');
    });
  });
}
