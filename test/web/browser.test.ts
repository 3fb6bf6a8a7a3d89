// The console and Cek Akun in a real Chromium, as operators and the public use them: sign in, the
// dashboard's charts drawn, a held scope approved with its confirm dialog and the accounts changed,
// Unduh Akun downloaded by a school's operator and refused for another school, Cek Akun's found and
// not-found answers, and the English switch. SQLite only: the pages are the same on both stores,
// and the HTTP suites already run every page on PostgreSQL.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkipReason, freshContext, launchBrowser, signIn } from './browser-support.js';
import { NPSN, type WebWorld, webWorld } from './web-support.js';

const skip = browserSkipReason();

describe('the console in Chromium', { skip }, () => {
  let world: WebWorld;
  let browser: Browser;
  before(async () => {
    world = await webWorld('sqlite', 2);
    await world.addOperator('nas', 'nasional');
    await world.addOperator('sek', `sekolah:${NPSN.sdA}`);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  async function accountOf(personId: string) {
    return world.store.db
      .selectFrom('accounts')
      .select(['id', 'status', 'primary_address'])
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
  }

  test('an operator signs in and the dashboard draws its three charts without script errors', async () => {
    const { context, page, errors } = await freshContext(browser);
    try {
      await signIn(page, world.url, 'nas');
      assert.equal(new URL(page.url()).pathname, '/');
      for (const id of ['chart-accounts', 'chart-events', 'chart-outbox']) {
        await page.waitForSelector(`canvas#${id}[data-rendered]`, { timeout: 10_000 });
        const size = await page.$eval(`canvas#${id}`, (c) => (c as unknown as { width: number }).width);
        assert.ok(size > 0, `${id} has a drawn size`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('approving the held school in the browser deactivates its leaving pupils', async () => {
    assert.equal((await accountOf('pd-c-00')).status, 'active', 'held, so not yet changed');
    const { context, page, errors } = await freshContext(browser);
    try {
      await signIn(page, world.url, 'nas');
      await page.goto(`${world.url}/runs/2`);
      const form = page.locator(`form[data-decision="approve"][data-scope="sekolah:${NPSN.sdC}"]`);
      await form.locator('input[name="reason"]').fill('Sekolah sudah memeriksa Dapodik');
      await Promise.all([page.waitForURL(/done=approved/), form.locator('button[type="submit"]').click()]);
      await page.waitForSelector('#decision-notice');
      const leaving = await accountOf('pd-c-00');
      assert.equal(leaving.status, 'deactivating');
      await page.goto(`${world.url}/accounts/${leaving.id}`);
      assert.equal(await page.getAttribute('#account-status', 'data-status'), 'deactivating');
      assert.equal((await page.textContent('#account-address'))?.includes(leaving.primary_address), true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("a school's operator downloads Unduh Akun for their school and is refused another school's", async () => {
    const { context, page } = await freshContext(browser);
    try {
      await signIn(page, world.url, 'sek');
      await page.goto(`${world.url}/schools/${NPSN.sdA}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#unduh-akun-button')]);
      assert.match(download.suggestedFilename(), new RegExp(`^akun-${NPSN.sdA}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const csv = (await readFile(await download.path(), 'utf8'))
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      const active = await world.store.db
        .selectFrom('accounts')
        .select('primary_address')
        .where('npsn', '=', NPSN.sdA)
        .where('status', '=', 'active')
        .execute();
      assert.equal(csv.length, active.length + 1, 'a header and one line per active account');
      for (const { primary_address } of active) assert.ok(csv.some((line) => line.includes(primary_address)));

      const other = await page.goto(`${world.url}/schools/${NPSN.sdC}`);
      assert.equal(other?.status(), 404);
      const csrf = await page.getAttribute('meta[name="csrf-token"]', 'content');
      const forged = await page.request.post(`${world.url}/schools/${NPSN.sdC}/unduh-akun`, {
        form: { _csrf: csrf ?? '', which: 'all' },
      });
      assert.equal(forged.status(), 403);
    } finally {
      await context.close();
    }
  });

  test('Cek Akun finds an account, and gives one same answer for a wrong birth date and an unknown person', async () => {
    const person = await world.store.db
      .selectFrom('persons')
      .select(['tanggal_lahir'])
      .where('person_id', '=', 'pd-a-00')
      .executeTakeFirstOrThrow();
    const account = await accountOf('pd-a-00');
    const { context, page } = await freshContext(browser);
    const ask = async (nama: string, tanggalLahir: string) => {
      await page.goto(`${world.url}/cek-akun`);
      await page.check('input[name="kind"][value="pd"]');
      await page.fill('input[name="npsn"]', NPSN.sdA);
      await page.fill('input[name="nama"]', nama);
      await page.fill('input[name="tanggal_lahir"]', tanggalLahir);
      await Promise.all([page.waitForLoadState('load'), page.click('#cek-akun-form button[type="submit"]')]);
      await page.waitForSelector('#cek-akun-result');
      return {
        result: await page.getAttribute('#cek-akun-result', 'data-result'),
        text: (await page.textContent('#cek-akun-result')) ?? '',
      };
    };
    try {
      const found = await ask('siti  aminah 00', person.tanggal_lahir);
      assert.equal(found.result, 'found');
      assert.ok(found.text.includes(account.primary_address));
      assert.ok(!found.text.includes(person.tanggal_lahir), 'the birth date is never shown');
      const wrongDate = await ask('Siti Aminah 00', '2001-01-01');
      const unknown = await ask('Nama Yang Tidak Ada', person.tanggal_lahir);
      assert.equal(wrongDate.result, 'not_found');
      assert.equal(unknown.result, 'not_found');
      assert.equal(wrongDate.text, unknown.text);
    } finally {
      await context.close();
    }
  });

  test('the English switch turns the console into English and it stays so', async () => {
    const { context, page } = await freshContext(browser);
    try {
      await signIn(page, world.url, 'nas');
      assert.equal(await page.getAttribute('html', 'lang'), 'id');
      assert.equal(await page.textContent('header nav a[href="/runs"]'), 'Sinkronisasi');
      await Promise.all([page.waitForURL(/lang=en/), page.click('a[hreflang="en"]')]);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.textContent('header nav a[href="/runs"]'), 'Runs');
      await page.click('header nav a[href="/runs"]');
      await page.waitForURL(/\/runs$/);
      assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is remembered');
      await Promise.all([page.waitForURL(/lang=id/), page.click('a[hreflang="id"]')]);
      assert.equal(await page.textContent('header nav a[href="/runs"]'), 'Sinkronisasi');
    } finally {
      await context.close();
    }
  });
});
