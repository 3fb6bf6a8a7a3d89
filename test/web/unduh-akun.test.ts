// Unduh Akun: the school's own operator and national operators download a CSV of the school's active
// accounts with their initial passwords — the very passwords sealed in the store — and every download
// is marked and audited without a password; a dinas office and other schools' operators are refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Papa from 'papaparse';
import { DIALECTS, skipReason } from '../support/stores.js';
import { accountOf, accountsOfSchool, signedIn } from './directory-support.js';
import { NPSN, type WebClient, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

const NOW = new Date('2025-03-01T08:00:00Z');
const COLUMNS = ['nama', 'peran', 'jenjang', 'alamat', 'kata_sandi_awal', 'status'];

interface Download {
  status: number;
  type: string | null;
  disposition: string | null;
  rows: Record<string, string>[];
  header: string[];
  raw: string;
}

async function download(client: WebClient, npsn: string, which?: string): Promise<Download> {
  await client.page(`/schools/${npsn}`);
  const res = await client.post(`/schools/${npsn}/unduh-akun`, which === undefined ? {} : { which });
  const raw = await res.text();
  const parsed = Papa.parse<string[]>(raw.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header = [], ...body] = parsed.data;
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    header,
    rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))),
    raw,
  };
}

for (const dialect of DIALECTS) {
  describe(`Unduh Akun on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let sek: WebClient;
    let nas: WebClient;
    let din: WebClient;
    before(async () => {
      world = await webWorld(dialect, 1, () => NOW);
      await world.addOperator('sek', `sekolah:${NPSN.sdA}`);
      await world.addOperator('nas', 'nasional');
      await world.addOperator('din', 'dinas:32');
      sek = await signedIn(world, 'sek');
      nas = await signedIn(world, 'nas');
      din = await signedIn(world, 'din');
    });
    after(() => world.close());

    async function auditOf(npsn: string) {
      return world.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'download_credentials')
        .where('scope', '=', `sekolah:${npsn}`)
        .orderBy('id')
        .execute();
    }

    async function sealed(accountId: number) {
      return world.store.db
        .selectFrom('account_credentials')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirst();
    }

    test("the school's operator downloads its active accounts with the stored passwords, then only new ones", async () => {
      const first = await download(sek, NPSN.sdA);
      assert.equal(first.status, 200);
      assert.equal(first.type, 'text/csv; charset=utf-8');
      assert.equal(first.disposition, `attachment; filename="akun-${NPSN.sdA}-2025-03-01.csv"`);
      assert.deepEqual(first.header, COLUMNS);
      const active = await accountsOfSchool(world, NPSN.sdA, 'active');
      assert.equal(active.length, 15);
      assert.deepEqual(first.rows.map((r) => r.alamat).sort(), active.map((a) => a.primary_address).sort());
      const passwords = new Map<string, string>();
      for (const account of active) {
        const row = first.rows.find((r) => r.alamat === account.primary_address)!;
        const stored = await sealed(account.id);
        assert.ok(stored, `account ${account.id} has a sealed password`);
        assert.equal(world.deps.vault.open(account.id, stored.sealed), row.kata_sandi_awal);
        assert.match(row.kata_sandi_awal ?? '', /^[A-Za-z2-9]{14}$/);
        assert.equal(row.nama, account.nama);
        assert.equal(row.status, 'Aktif');
        assert.equal(stored.downloaded_by, 'sek');
        assert.equal(stored.downloaded_at, NOW.toISOString());
        passwords.set(account.primary_address, row.kata_sandi_awal!);
      }
      const dewi = first.rows.find((r) => r.nama?.startsWith('Dewi'));
      assert.equal(dewi?.peran, 'Admin sekolah');
      assert.equal(dewi?.jenjang, 'SD');

      const again = await download(sek, NPSN.sdA, 'new');
      assert.equal(again.status, 200);
      assert.deepEqual(again.header, COLUMNS, 'only the header: nothing new since');
      assert.deepEqual(again.rows, []);

      const all = await download(sek, NPSN.sdA, 'all');
      assert.equal(all.rows.length, 15);
      for (const row of all.rows) assert.equal(row.kata_sandi_awal, passwords.get(row.alamat!));

      const audit = await auditOf(NPSN.sdA);
      assert.deepEqual(
        audit.map((a) => [a.actor, JSON.parse(a.details_json)]),
        [
          ['sek', { count: 15, which: 'new' }],
          ['sek', { count: 0, which: 'new' }],
          ['sek', { count: 15, which: 'all' }],
        ],
      );
      const everything = JSON.stringify(await world.store.db.selectFrom('audit_log').selectAll().execute());
      const logged = JSON.stringify(world.logged);
      for (const password of passwords.values()) {
        assert.ok(!everything.includes(password), 'no password in the audit log');
        assert.ok(!logged.includes(password), 'no password in the server log');
      }
    });

    test("another school's operator and a dinas office are refused, and nothing is marked or audited", async () => {
      const before = (await auditOf(NPSN.sdC)).length;
      const other = await download(sek, NPSN.sdC, 'all');
      assert.equal(other.status, 403);
      assert.ok(!other.raw.includes('@sd.belajar.id'));
      const dinas = await download(din, NPSN.smpB, 'all');
      assert.equal(dinas.status, 403);
      const dinasOwn = await download(din, NPSN.sdA, 'new');
      assert.equal(dinasOwn.status, 403);
      assert.equal((await auditOf(NPSN.sdC)).length, before);
      assert.equal((await auditOf(NPSN.smpB)).length, 0);
      const ketut = await accountOf(world, 'pd-c-00');
      assert.equal((await sealed(ketut.id))?.downloaded_at, null);
    });

    test('a form post without the CSRF token downloads nothing', async () => {
      await nas.page(`/schools/${NPSN.sdC}`);
      const res = await nas.post(`/schools/${NPSN.sdC}/unduh-akun`, { which: 'all', _csrf: null });
      assert.equal(res.status, 403);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.equal((await auditOf(NPSN.sdC)).length, 0);
    });

    test('an unknown value of which is bad input', async () => {
      const res = await download(nas, NPSN.sdC, 'everything');
      assert.equal(res.status, 400);
    });

    test('an account created before passwords existed gets one on first need, kept for later downloads', async () => {
      const old = await accountOf(world, 'ptk-b-1');
      await world.store.db.deleteFrom('account_credentials').where('account_id', '=', old.id).execute();
      const first = await download(nas, NPSN.smpB, 'new');
      assert.equal(first.status, 200);
      const row = first.rows.find((r) => r.alamat === old.primary_address);
      assert.ok(row, 'the account without a password is in the download');
      const stored = await sealed(old.id);
      assert.ok(stored, 'a sealed password was stored');
      assert.equal(world.deps.vault.open(old.id, stored.sealed), row.kata_sandi_awal);
      assert.equal(stored.downloaded_by, 'nas');
      const later = await download(nas, NPSN.smpB, 'all');
      assert.equal(
        later.rows.find((r) => r.alamat === old.primary_address)?.kata_sandi_awal,
        row.kata_sandi_awal,
      );
      const audit = await auditOf(NPSN.smpB);
      assert.deepEqual(
        audit.map((a) => a.actor),
        ['nas', 'nas'],
      );
    });

    test('only active accounts are handed out, and a formula in a name is made harmless', async () => {
      const [leaving, tricky] = await Promise.all([accountOf(world, 'pd-c-01'), accountOf(world, 'pd-c-02')]);
      await world.store.db
        .updateTable('accounts')
        .set({ status: 'deactivating' })
        .where('id', '=', leaving.id)
        .execute();
      await world.store.db
        .updateTable('accounts')
        .set({ nama: '=HYPERLINK("http://x","klik")' })
        .where('id', '=', tricky.id)
        .execute();
      const res = await download(nas, NPSN.sdC, 'all');
      assert.equal(res.status, 200);
      assert.equal(res.rows.length, 26);
      assert.ok(
        !res.rows.some((r) => r.alamat === leaving.primary_address),
        'a deactivating account is left out',
      );
      const cell = res.rows.find((r) => r.alamat === tricky.primary_address)?.nama;
      assert.equal(cell, `'=HYPERLINK("http://x","klik")`);
      assert.ok(res.raw.includes(`"'=HYPERLINK(""http://x"",""klik"")"`), 'RFC 4180 quoting');
    });
  });
}
