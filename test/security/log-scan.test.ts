// No NIK, NISN, birth date, password, initial password, session cookie, token or secret key in any log.
// A full run as an operator makes it, every step a real `selaras` process: two syncs of the test world,
// `users add`, `tokens add`, `serve` with sign-ins (wrong ones too), searches for personal numbers,
// Cek Akun look-ups (hits, misses, a typo, a client over its limit), an Unduh Akun download and API and
// SCIM calls, then `outbox drain` into the local mailbox and the read commands. All their stdout and
// stderr is scanned, except the one line `users add` and `tokens add` exist to print — and those must
// appear there exactly once and nowhere else. The mail is scanned too: it carries none of it either.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { openStore } from '../../src/store/store.js';
import { SESSION_COOKIE } from '../../src/web/security/session.js';
import { explain, runCli } from '../fixtures/cli.js';
import { DIALECTS, type FreshLocation, freshLocation, skipReason } from '../support/stores.js';
import { Visitor } from '../web/cek-akun-support.js';
import { api, MONTH_2, monthOne, NPSN, WebClient } from '../web/web-support.js';
import {
  type Captured,
  initialPasswords,
  LogBook,
  personalSecrets,
  type Secret,
  type Serving,
  serve,
} from './log-scan-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const SECRET_KEY = '5e'.repeat(32);

interface Person {
  kind: 'ptk' | 'pd';
  nama: string;
  npsn: string;
  tanggal_lahir: string;
}

for (const dialect of DIALECTS) {
  describe(`secrets in the logs of a full run on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let fresh: FreshLocation;
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    const book = new LogBook();
    /** Secrets the run handed out, with where each may appear. */
    const handedOut: Secret[] = [];
    let download = '';

    const cli = async (name: string, args: string[], intendedLastLine = false, expectCode = 0) => {
      const result = await runCli(args, { db: fresh.location, env });
      assert.equal(result.code, expectCode, `${name}: ${explain(result)}`);
      const intended = intendedLastLine ? result.stdout.trimEnd().split('\n').at(-1) : undefined;
      book.add(name, result, intended);
      return { ...result, intended: intended ?? '' };
    };

    before(async () => {
      fresh = await freshLocation(dialect);
      dataDir = await mkdtemp(join(tmpdir(), 'selaras-logscan-'));
      env = { SELARAS_SECRET_KEY: SECRET_KEY, SELARAS_DATA_DIR: dataDir, SELARAS_TRUST_PROXY: '1' };
      const month1 = await monthOne().write();
      const month2 = await monthOne().clone(MONTH_2).removePd('pd-a-01').write();
      try {
        await cli('sync month 1', ['sync', month1, '--json']);
        const nas = await cli('users add nasional', ['users', 'add', 'op-nas', '--role', 'nasional'], true);
        const sek = await cli(
          'users add sekolah',
          ['users', 'add', 'op-sek', '--role', `sekolah:${NPSN.sdA}`],
          true,
        );
        const token = await cli(
          'tokens add',
          ['tokens', 'add', '--role', 'nasional', '--label', 'laporan'],
          true,
        );
        handedOut.push(
          { kind: 'operator password', value: nas.intended },
          { kind: 'operator password', value: sek.intended },
          { kind: 'API token', value: token.intended },
          { kind: 'API token secret', value: token.intended.slice('slr_'.length + 13) },
        );
        const server = await serve(fresh.location, serveEnv(env));
        try {
          download = await webSession(server, nas.intended, sek.intended, token.intended);
        } finally {
          book.entries.push(await server.stop());
        }
        await cli('sync month 2', ['sync', month2, '--json']);
        await cli('outbox drain', ['outbox', 'drain', '--json']);
        await cli('outbox status', ['outbox', 'status']);
        await cli('runs list', ['runs', 'list']);
        const events = await cli('events', ['events', '--run', '2', '--format', 'ndjson']);
        await cli('events csv', ['events', '--run', '1', '--format', 'csv']);
        await cli('audit', ['audit', '--json']);
        await cli('accounts find', ['accounts', 'find', 'Siti']);
        const leaver = JSON.parse(events.stdout.split('\n')[0]!) as { from: { address: string } };
        await cli('accounts show', ['accounts', 'show', leaver.from.address]);
        await cli('users list', ['users', 'list']);
        await cli('tokens list', ['tokens', 'list']);
      } finally {
        await rm(month1, { recursive: true, force: true });
        await rm(month2, { recursive: true, force: true });
      }
    });
    after(async () => {
      await fresh?.dispose();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** The console, Cek Akun, the API and SCIM, as people would use them; returns the Unduh Akun CSV. */
    async function webSession(server: Serving, nasPassword: string, sekPassword: string, token: string) {
      const url = server.url;
      assert.equal((await new WebClient(url).login('op-nas', `${nasPassword}-salah`)).status, 401);
      assert.equal(
        (await new WebClient(url).login('nobody', sekPassword)).status,
        401,
        'a password under the wrong login',
      );
      handedOut.push({ kind: 'mistyped password', value: `${nasPassword}-salah` });
      const nas = new WebClient(url);
      const sek = new WebClient(url);
      assert.equal((await nas.login('op-nas', nasPassword)).status, 303);
      assert.equal((await sek.login('op-sek', sekPassword)).status, 303);
      for (const client of [nas, sek]) {
        const cookie = client.cookie(SESSION_COOKIE) ?? '';
        assert.ok(cookie);
        handedOut.push(
          { kind: 'session cookie', value: cookie },
          { kind: 'session cookie', value: decodeURIComponent(cookie) },
          { kind: 'session id', value: decodeURIComponent(cookie).split('.')[0]! },
        );
      }
      const people = await somePeople();
      const first = people[0]!;
      const nik = await nikOf(first);
      for (const q of [nik, first.tanggal_lahir, first.nama]) {
        assert.equal((await nas.page(`/accounts?q=${encodeURIComponent(q)}`)).status, 200);
        assert.equal((await api(url, token, `/accounts?q=${encodeURIComponent(q)}`)).status, 200);
      }
      const scim = await fetch(`${url}/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${nik}"`)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(scim.status, 200);
      assert.equal((await api(url, `${token.slice(0, -3)}AAA`, '/runs')).status, 401, 'a forged token');
      await cekAkun(url, people);
      await sek.page(`/schools/${NPSN.sdA}`);
      const csv = await sek.post(`/schools/${NPSN.sdA}/unduh-akun`, { which: 'all' });
      assert.equal(csv.status, 200);
      const text = await csv.text();
      await nas.page('/');
      assert.equal((await nas.post('/logout', {})).status, 303);
      return text;
    }

    async function cekAkun(url: string, people: Person[]) {
      let n = 0;
      const visitor = async () => {
        n += 1;
        const v = new Visitor(url, `198.51.100.${n}`);
        await v.open();
        return v;
      };
      for (const p of people) {
        const v = await visitor();
        assert.equal((await v.ask({ ...p })).status, 200);
        const [y, m, d] = p.tanggal_lahir.split('-');
        assert.equal(
          (await v.ask({ ...p, tanggal_lahir: `${d}-${m}-${y}` })).status,
          400,
          'a date typed DD-MM-YYYY',
        );
        assert.equal(
          (await v.ask({ ...p, tanggal_lahir: `${y}-${m}-${Number(d) < 28 ? '28' : '01'}` })).status,
          200,
        );
      }
      const greedy = await visitor();
      const p = people[0]!;
      let last = 0;
      for (let i = 0; i < 12; i++) last = (await greedy.ask({ ...p })).status;
      assert.equal(last, 429, 'the greedy client is limited (and the server logs it)');
    }

    async function somePeople(): Promise<Person[]> {
      const store = await openStore(fresh.location);
      try {
        const rows = await store.db
          .selectFrom('persons')
          .innerJoin('accounts', 'accounts.person_id', 'persons.person_id')
          .select(['persons.kind', 'persons.nama', 'persons.tanggal_lahir', 'accounts.npsn'])
          .where('accounts.npsn', '=', NPSN.sdA)
          .where('accounts.status', '=', 'active')
          .orderBy('persons.person_id')
          .limit(4)
          .execute();
        return rows.map((r) => ({
          kind: r.kind as 'ptk' | 'pd',
          nama: r.nama,
          npsn: r.npsn,
          tanggal_lahir: r.tanggal_lahir,
        }));
      } finally {
        await store.close();
      }
    }

    async function nikOf(p: Person): Promise<string> {
      const store = await openStore(fresh.location);
      try {
        const row = await store.db
          .selectFrom('persons')
          .select('nik')
          .where('nama', '=', p.nama)
          .where('tanggal_lahir', '=', p.tanggal_lahir)
          .executeTakeFirstOrThrow();
        return row.nik;
      } finally {
        await store.close();
      }
    }

    async function personCount(): Promise<number> {
      const store = await openStore(fresh.location);
      try {
        return (await store.db.selectFrom('persons').select('person_id').execute()).length;
      } finally {
        await store.close();
      }
    }

    /** Everything secret this run knows of: personal data, initial passwords, and what it handed out. */
    async function allSecrets(): Promise<{ secrets: Secret[]; initial: Map<number, string> }> {
      const store = await openStore(fresh.location);
      try {
        const personal = await personalSecrets(store);
        const initial = await initialPasswords(store, Buffer.from(SECRET_KEY, 'hex'));
        const emails = await store.db
          .selectFrom('persons')
          .select('email')
          .where('email', '!=', '')
          .execute();
        const secrets = [
          ...personal,
          ...[...initial.values()].map((value) => ({ kind: 'initial password', value })),
          ...emails.map((e) => ({ kind: 'personal email', value: e.email })),
          ...handedOut,
          { kind: 'secret key', value: SECRET_KEY },
        ];
        return { secrets, initial };
      } finally {
        await store.close();
      }
    }

    test('the run exercised what it claims: logins logged, a client limited, mail delivered', () => {
      const served = book.entries.find((e) => e.name === 'serve')!;
      assert.match(served.stderr, /login failed for "op-nas"/);
      assert.match(served.stderr, /login ok for "op-sek"/);
      assert.match(served.stderr, /rate limited \(cek_akun_client\)/);
      const drained = JSON.parse(book.entries.find((e) => e.name === 'outbox drain')!.stdout);
      assert.ok(drained.sent > 0, 'mail went to the local mailbox');
      assert.ok(book.entries.length >= 15);
    });

    test('a password or token is printed once, as the last line of the command that made it', () => {
      for (const name of ['users add nasional', 'users add sekolah', 'tokens add']) {
        const entry = book.entries.find((e) => e.name === name) as Captured;
        assert.ok(entry.intended && entry.intended.length >= 20, name);
        assert.equal(entry.stdout.split(entry.intended).length - 1, 1, `${name} prints it once`);
        assert.equal(entry.stderr, '', `${name} writes nothing to stderr`);
      }
    });

    test('no NIK, NISN, birth date, personal email, password, cookie, token or key is in any log', async () => {
      const { secrets } = await allSecrets();
      assert.equal(
        secrets.filter((s) => s.kind === 'NIK').length,
        await personCount(),
        'every person is checked',
      );
      // A birth date from 2020 on could collide with the run's own dates; the world has none.
      assert.ok(secrets.every((s) => s.kind !== 'birth date' || !/20[2-9]\d/.test(s.value)));
      assert.deepEqual(book.findings(secrets), []);
    });

    test('Unduh Akun gave the school operator its own initial passwords, and only there are they written', async () => {
      const { initial } = await allSecrets();
      const store = await openStore(fresh.location);
      try {
        const ofSchool = await store.db
          .selectFrom('accounts')
          .select('id')
          .where('npsn', '=', NPSN.sdA)
          .execute();
        const lines = download.trim().split('\r\n').slice(1);
        assert.equal(lines.length, ofSchool.length);
        // kata_sandi_awal is the next-to-last column; a name before it may hold a quoted comma.
        const given = new Set(lines.map((l) => l.split(',').at(-2)));
        for (const a of ofSchool)
          assert.ok(given.has(initial.get(Number(a.id))), `account ${a.id} in the file`);
      } finally {
        await store.close();
      }
    });

    test('the mail in the local mailbox carries no NIK, NISN, birth date, password or token', async () => {
      const { secrets } = await allSecrets();
      const dir = join(dataDir, 'mail');
      const files = await readdir(dir);
      assert.ok(files.length > 0);
      const mail = new LogBook();
      for (const file of files) {
        const parsed = await simpleParser(await readFile(join(dir, file)));
        const text = `${parsed.subject ?? ''}\n${parsed.text ?? ''}\n${parsed.html || ''}`;
        mail.add(`mail ${file}`, { stdout: text, stderr: '' });
      }
      // The personal email is where mail goes: its address is in the headers, not a leak.
      assert.deepEqual(mail.findings(secrets.filter((s) => s.kind !== 'personal email')), []);
    });
  });
}

/** The child's environment as runCli makes it (fixtures/cli.ts), for the long-running `serve`. */
function serveEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.SELARAS_DB;
  env.SELARAS_SMTP_URL = '';
  return env;
}
