// Appeals (issue 10) in a real Chromium, as a pupil (or parent) and a school operator use them, with a
// fixed clock: pupils taken out of the data on 2025-02-15 appeal on Cek Akun on 2025-02-20; a second
// appeal on the same account is refused; the school's operator sees the appeals and decides them both
// ways; `tick` on the suspension day leaves the appealed accounts alone; another school's appeal is
// invisible to the operator. SQLite only, like the other browser tests: the pages are the same on both
// stores, and appeals.test.ts runs every step over HTTP on PostgreSQL too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  type AppealWorld,
  accountOf,
  appealsOf,
  appealWorld,
  fileAppeal,
  NPSN,
  type Pupil,
  pupil,
  SUSPEND_ON,
  tickOn,
} from './appeals-support.js';
import { browserSkipReason, freshContext, launchBrowser, signIn } from './browser-support.js';

const skip = browserSkipReason();

describe('appeals in Chromium', { skip }, () => {
  let world: AppealWorld;
  let browser: Browser;
  let a01: Pupil;
  let a02: Pupil;
  let a03: Pupil;
  let b01: Pupil;
  before(async () => {
    world = await appealWorld('sqlite', ['pd-a-01', 'pd-a-02', 'pd-a-03', 'pd-b-01']);
    await world.addOperator('op-sd-a', `sekolah:${NPSN.sdA}`);
    a01 = await pupil(world, 'pd-a-01');
    a02 = await pupil(world, 'pd-a-02');
    a03 = await pupil(world, 'pd-a-03');
    b01 = await pupil(world, 'pd-b-01');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Looks the pupil up on Cek Akun the way a person does. */
  async function lookUp(page: Page, p: Pupil): Promise<void> {
    await page.goto(`${world.url}/cek-akun`);
    await page.check('input[name="kind"][value="pd"]');
    await page.fill('input[name="npsn"]', p.npsn);
    await page.fill('input[name="nama"]', p.nama);
    await page.fill('input[name="tanggal_lahir"]', p.tanggalLahir);
    await Promise.all([page.waitForLoadState('load'), page.click('#cek-akun-form button[type="submit"]')]);
    await page.waitForSelector('#cek-akun-result');
  }

  /** Opens "Data saya salah" on the account's card, writes the appeal and sends it. */
  async function appeal(page: Page, p: Pupil, text: string, email = ''): Promise<void> {
    await page.click(`#appeal-${p.accountId} summary`);
    await page.fill(`#appeal-form-${p.accountId} textarea[name="isi"]`, text);
    if (email) await page.fill(`#appeal-form-${p.accountId} input[name="email"]`, email);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click(`#appeal-form-${p.accountId} button[type="submit"]`),
    ]);
    await page.waitForSelector('#cek-akun-result');
  }

  test('a pupil with a pending deactivation files an appeal on Cek Akun, and a second one is refused', async () => {
    const { context, page, errors } = await freshContext(browser);
    const stale = await context.newPage();
    try {
      await lookUp(page, a01);
      assert.equal(await page.getAttribute('#cek-akun-result', 'data-result'), 'found');
      assert.equal(await page.textContent(`#appeal-${a01.accountId} summary`), 'Data saya salah');
      await lookUp(stale, a01); // a second tab keeps the form open
      await appeal(page, a01, 'Saya masih kelas 2 di sekolah ini.', 'ortu.siti@example.id');
      assert.equal(await page.getAttribute('#cek-akun-result', 'data-result'), 'appeal_filed');
      assert.equal(await page.getAttribute(`#appeal-state-${a01.accountId}`, 'data-appeal-status'), 'open');
      assert.equal(await page.locator(`#appeal-form-${a01.accountId}`).count(), 0, 'no second form');
      assert.equal((await appealsOf(world, a01.accountId)).length, 1);

      await appeal(stale, a01, 'Sekali lagi, saya masih di sini.');
      assert.equal(await stale.getAttribute('#cek-akun-result', 'data-result'), 'appeal_refused');
      assert.equal(await stale.getAttribute('#cek-akun-result', 'data-reason'), 'open');
      assert.equal((await appealsOf(world, a01.accountId)).length, 1, 'still one appeal');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the school operator sees the appeals and resolves them both ways', async () => {
    const { context, page, errors } = await freshContext(browser);
    try {
      const other = await freshContext(browser);
      await lookUp(other.page, a02);
      await appeal(other.page, a02, 'Saya tidak pindah sekolah.');
      await other.context.close();

      await signIn(page, world.url, 'op-sd-a');
      await page.click('header nav a[href="/appeals"]');
      await page.waitForSelector('#appeals-table');
      const ids = await page.$$eval('#appeals-table tr[data-appeal-id]', (rows) =>
        rows.map((r) => Number(r.getAttribute('data-appeal-id'))),
      );
      const first = (await appealsOf(world, a01.accountId))[0]!.id;
      const second = (await appealsOf(world, a02.accountId))[0]!.id;
      assert.deepEqual(ids.sort(), [first, second].sort());

      await Promise.all([page.waitForURL(`**/appeals/${first}`), page.click(`a[href="/appeals/${first}"]`)]);
      assert.equal(await page.textContent('#appeal-message'), 'Saya masih kelas 2 di sekolah ini.');
      await page.fill('#decide-data_correct textarea[name="note"]', 'Data Dapodik sudah kami periksa.');
      await Promise.all([page.waitForURL(/done=data_correct/), page.click('#decide-data_correct button')]);
      assert.equal(await page.getAttribute('#appeal-status', 'data-status'), 'closed');
      const resumed = await accountOf(world, a01.accountId);
      assert.equal(resumed.suspend_on, '2025-03-22', 'a fresh notice of 30 days from 2025-02-20');

      await page.goto(`${world.url}/appeals/${second}`);
      await Promise.all([page.waitForURL(/done=correcting/), page.click('#decide-correcting button')]);
      assert.equal(await page.getAttribute('#appeal-status', 'data-status'), 'correcting');
      assert.equal(await page.getAttribute('#appeal-decided', 'data-done'), 'correcting');
      assert.equal((await accountOf(world, a02.accountId)).suspend_on, SUSPEND_ON, 'still paused as it was');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the suspension does not happen while an appeal is open, and the pupil sees why', async () => {
    await tickOn(world, SUSPEND_ON);
    assert.equal((await accountOf(world, a03.accountId)).status, 'suspended', 'no appeal: suspended on time');
    assert.equal((await accountOf(world, a02.accountId)).status, 'deactivating', 'being corrected: paused');
    assert.equal(
      (await accountOf(world, a01.accountId)).status,
      'deactivating',
      'resumed: not due until 2025-03-22',
    );
    const { context, page } = await freshContext(browser);
    try {
      await lookUp(page, a02);
      assert.equal(
        await page.getAttribute(`#appeal-state-${a02.accountId}`, 'data-appeal-status'),
        'correcting',
      );
      assert.match(
        (await page.textContent(`#appeal-state-${a02.accountId}`)) ?? '',
        /sedang diperbaiki di Dapodik/,
      );
    } finally {
      await context.close();
    }
  });

  test("an appeal for another school's account is invisible to a school operator", async () => {
    await fileAppeal(world, b01, 'Saya masih di SMP ini.');
    const otherId = (await appealsOf(world, b01.accountId))[0]!.id;
    const { context, page } = await freshContext(browser);
    try {
      await signIn(page, world.url, 'op-sd-a');
      await page.goto(`${world.url}/appeals?status=all`);
      const ids = await page.$$eval('#appeals-table tr[data-appeal-id]', (rows) =>
        rows.map((r) => Number(r.getAttribute('data-appeal-id'))),
      );
      assert.ok(ids.length >= 2);
      assert.ok(!ids.includes(otherId));
      const direct = await page.goto(`${world.url}/appeals/${otherId}`);
      assert.equal(direct?.status(), 404);
      await page.goto(`${world.url}/`);
      assert.equal(await page.locator(`#appeals-overview tr[data-npsn="${NPSN.sdA}"]`).count(), 1);
      assert.equal(await page.locator(`#appeals-overview tr[data-npsn="${NPSN.smpB}"]`).count(), 0);
    } finally {
      await context.close();
    }
  });
});
