// The console's mail pages over real HTTP: outbox counts in each operator's scope, the recent
// failures, and the local mailbox the real MailboxTransport writes, with its file names locked down.
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { MailSendError, type MailTransport } from '../../src/notify/mail-transport.js';
import { createMailboxTransport } from '../../src/notify/mailbox-transport.js';
import { drainOutbox } from '../../src/notify/outbox-worker.js';
import { DIALECTS, skipReason } from '../support/stores.js';
import { NPSN, WebClient, type WebWorld, webWorld } from './web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

type Counts = Record<string, number>;

const byNumber = (a: number, b: number) => a - b;

/** The counts row of a channel on /mail, read from its data attributes. */
function pageCounts(html: string, channel = 'mail'): Counts {
  const row = new RegExp(`<tr data-channel="${channel}">(.*?)</tr>`, 's').exec(html)?.[1] ?? '';
  const counts: Counts = {};
  for (const m of row.matchAll(/data-status="([a-z]+)" data-count="(\d+)"/g)) counts[m[1]!] = Number(m[2]);
  return counts;
}

function unescapeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

for (const dialect of DIALECTS) {
  describe(`mail pages on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let world: WebWorld;
    let mailDir: string;
    const failing = new Set<number>();

    /** Outbox rows by status, as the store has them, for all rows or those of one school's accounts. */
    const storeCounts = async (npsn?: string): Promise<Counts> => {
      let query = world.store.db
        .selectFrom('outbox')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('channel', '=', 'mail')
        .groupBy('status');
      if (npsn) {
        query = query.where('account_id', 'in', (eb) =>
          eb.selectFrom('accounts').select('id').where('npsn', '=', npsn),
        );
      }
      const counts: Counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const row of await query.execute()) counts[row.status] = Number(row.n);
      return counts;
    };
    const signedIn = async (login: string) => {
      const client = new WebClient(world.url);
      assert.equal((await client.login(login)).status, 303);
      return client;
    };

    before(async () => {
      world = await webWorld(dialect, 1);
      mailDir = join(world.dataDir, 'mail');
      await world.addOperator('nas', 'nasional');
      await world.addOperator('sek', `sekolah:${NPSN.sdA}`);
      await world.addOperator('din', 'dinas:51');
    });
    after(() => world.close());

    test('before delivery every operator sees the pending mail of their own scope', async () => {
      const nas = await (await signedIn('nas')).page('/mail');
      assert.equal(nas.status, 200);
      const all = await storeCounts();
      assert.ok(all.pending! > 0);
      assert.deepEqual(pageCounts(nas.html), all);
      const oldest = await world.store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('created_at').as('at'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      assert.match(nas.html, new RegExp(`data-oldest="${oldest.at}"`));

      const sek = await (await signedIn('sek')).page('/mail');
      const school = await storeCounts(NPSN.sdA);
      assert.ok(school.pending! > 0 && school.pending! < all.pending!);
      assert.deepEqual(pageCounts(sek.html), school);

      const din = await (await signedIn('din')).page('/mail');
      const bali = pageCounts(din.html);
      assert.ok(bali.pending! > 0 && bali.pending! < all.pending! - school.pending!);
    });

    test('after a drain with refusals, counts and recent failures follow the scope', async () => {
      const rowsOf = async (npsn: string) =>
        (
          await world.store.db
            .selectFrom('outbox')
            .innerJoin('accounts', 'accounts.id', 'outbox.account_id')
            .select('outbox.id')
            .where('accounts.npsn', '=', npsn)
            .where('outbox.channel', '=', 'mail')
            .orderBy('outbox.id')
            .execute()
        ).map((r) => r.id);
      const ofA = (await rowsOf(NPSN.sdA)).slice(0, 2);
      const ofB = (await rowsOf(NPSN.smpB)).slice(0, 1);
      for (const id of [...ofA, ...ofB]) failing.add(id);
      const mailbox = createMailboxTransport({ dir: mailDir });
      // The real mailbox transport, behind a permanent refusal of the three chosen messages.
      const transport: MailTransport = {
        description: mailbox.description,
        close: () => mailbox.close(),
        send: (msg) => {
          const id = Number(/^<outbox-(\d+)@/.exec(msg.messageId)?.[1]);
          if (failing.has(id))
            return Promise.reject(new MailSendError('550 5.1.1 mailbox unavailable', true, 550));
          return mailbox.send(msg);
        },
      };
      const result = await drainOutbox(world.store, transport, { once: true });
      assert.equal(result.failed, 3);

      const nas = await (await signedIn('nas')).page('/mail');
      const all = await storeCounts();
      assert.equal(all.failed, 3);
      assert.deepEqual(pageCounts(nas.html), all);
      const shown = (html: string) =>
        [...html.matchAll(/<tr data-outbox-id="(\d+)">/g)].map((m) => Number(m[1]));
      assert.deepEqual(shown(nas.html).sort(byNumber), [...failing].sort(byNumber));
      assert.match(nas.html, /550 5\.1\.1 mailbox unavailable/);

      const sek = await (await signedIn('sek')).page('/mail');
      assert.deepEqual(pageCounts(sek.html), await storeCounts(NPSN.sdA));
      assert.equal(pageCounts(sek.html).failed, 2);
      assert.deepEqual(shown(sek.html).sort(byNumber), [...ofA].sort(byNumber));
    });

    test('the mailbox viewer lists the files the mailbox transport wrote, newest first', async () => {
      const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'));
      assert.ok(files.length > 50, 'more than one page');
      const nas = await signedIn('nas');
      const mailPage = await nas.page('/mail');
      assert.match(mailPage.html, /id="mailbox-link"/);
      const first = await nas.page('/mail/kotak');
      assert.equal(first.status, 200);
      assert.match(first.html, new RegExp(`data-total="${files.length}"`));
      const listed = [...first.html.matchAll(/<tr data-file="([^"]+)">/g)].map((m) => m[1]!);
      assert.equal(listed.length, 50);
      for (const file of listed) assert.ok(files.includes(file), `${file} is in the mailbox`);
      const times = await Promise.all(listed.map(async (f) => (await lstat(join(mailDir, f))).mtimeMs));
      for (let i = 1; i < times.length; i++) assert.ok(times[i - 1]! >= times[i]!, 'newest first');
      const second = await nas.page('/mail/kotak?page=2');
      const next = [...second.html.matchAll(/<tr data-file="([^"]+)">/g)].map((m) => m[1]!);
      assert.ok(next.length > 0 && !next.some((f) => listed.includes(f)));
    });

    test('a message shows its headers, its text, and its HTML only inside a sandboxed iframe', async () => {
      const [file] = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'));
      const parsed = await simpleParser(await readFile(join(mailDir, file!)));
      assert.ok(typeof parsed.html === 'string' && parsed.html.includes('<'));
      const nas = await signedIn('nas');
      const page = await nas.page(`/mail/kotak/${encodeURIComponent(file!)}`);
      assert.equal(page.status, 200);
      assert.ok(
        page.html.includes(
          `<dd data-header="message-id">${parsed.messageId?.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</dd>`,
        ),
      );
      assert.match(page.html, /<dd data-header="subject">[^<]+<\/dd>/);
      const frame =
        /<iframe class="mail" id="message-html" title="[^"]*" sandbox="" srcdoc="([^"]*)"><\/iframe>/.exec(
          page.html,
        );
      assert.ok(frame, 'an iframe with an empty sandbox and the HTML in srcdoc');
      assert.equal(unescapeAttribute(frame[1]!), parsed.html);
      assert.equal(page.html.split('<body').length, 2, 'the message body is not part of the page');
      assert.match(page.html, /<pre id="message-text">/);
    });

    test('a file name that leaves the mailbox or is not a message is not found', async () => {
      await writeFile(join(world.dataDir, 'secret.key'), 'TOPSECRET');
      await mkdir(mailDir, { recursive: true });
      await symlink(join(world.dataDir, 'secret.key'), join(mailDir, 'link.eml'));
      await writeFile(join(mailDir, '.hidden.eml'), 'Subject: TOPSECRET\r\n\r\nTOPSECRET');
      const nas = await signedIn('nas');
      for (const path of [
        '/mail/kotak/..%2Fsecret.key',
        '/mail/kotak/%2E%2E%2Fsecret.key',
        '/mail/kotak/..%2F..%2Fetc%2Fpasswd',
        '/mail/kotak/..%5Csecret.key',
        '/mail/kotak/link.eml',
        '/mail/kotak/.hidden.eml',
        '/mail/kotak/nothing-here.eml',
      ]) {
        const res = await nas.get(path);
        assert.ok(res.status === 404 || res.status === 400, `${path} answered ${res.status}`);
        assert.ok(!(await res.text()).includes('TOPSECRET'), path);
      }
      const listing = await nas.page('/mail/kotak');
      assert.doesNotMatch(listing.html, /link\.eml|\.hidden\.eml/);
    });

    test('operators below national level get the note instead of the mailbox', async () => {
      const sek = await signedIn('sek');
      const page = await sek.page('/mail');
      assert.doesNotMatch(page.html, /id="mailbox-link"/);
      assert.match(page.html, /hanya operator nasional/);
      assert.equal((await sek.get('/mail/kotak')).status, 403);
      const [file] = (await readdir(mailDir)).filter((f) => f.endsWith('.eml') && !f.startsWith('.'));
      assert.equal((await sek.get(`/mail/kotak/${encodeURIComponent(file!)}`)).status, 403);
    });

    test('the English switch gives the mail page in English', async () => {
      const nas = await signedIn('nas');
      const page = await nas.page('/mail?lang=en');
      assert.match(page.html, /<h2>Outbox<\/h2>/);
      assert.match(page.html, /Open the local mailbox/);
    });

    test('with SMTP configured the page names the server without credentials and has no mailbox', async () => {
      const local = world.deps.config;
      world.deps.config = Object.freeze({ ...local, smtpUrl: 'smtp://user:hunter2@127.0.0.1:2525' });
      try {
        const nas = await signedIn('nas');
        const page = await nas.page('/mail');
        assert.match(page.html, /data-delivery="smtp"/);
        assert.ok(page.html.includes('smtp://127.0.0.1:2525'));
        assert.ok(!page.html.includes('hunter2'));
        assert.equal((await nas.get('/mail/kotak')).status, 404);
      } finally {
        world.deps.config = local;
      }
    });
  });
}
