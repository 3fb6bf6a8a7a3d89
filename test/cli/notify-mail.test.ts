// Mail end to end (DESIGN 2 "Mail", 3.2, 3.3; issue 4): real extracts synced through the real CLI, the
// outbox drained by `selaras outbox drain` to an SMTP server started in this process, and every message
// parsed back with mailparser — on every store dialect.
//
// One world per session: four schools, each with a Tenaga Administrasi Sekolah (an `admin` account, who
// receives the school's digest), and enough bystanders that no guard holds month 2 (national leavers
// 3 of ~210 active accounts, under 2 %; every touched school far under 30 %). Month 2 brings one of each:
// a retirement, a Kepala Sekolah appointment, a mutasi from SD to SMP, an SD kelas 6 pupil registered at an
// SMP, an SMA kelas 12 graduate, a dropout, a teacher who died, a new pupil with a personal email and a
// pupil whose name changed (profile_updated: not a notified event, so no mail to them).
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/store.js';
import { type CliResult, explain, runCli } from '../fixtures/cli.js';
import type { ExtractBuilder } from '../fixtures/extract-builder.js';
import { parseMail, type SmtpSink, type SunkMail, startSmtpSink } from '../fixtures/smtp-sink.js';
import { DIALECTS, type Dialect, type FreshLocation, freshLocation, skipReason } from '../support/stores.js';
import { assertCounts, assertReport, type Counts, M2, NPSN, world } from './scenario-support.js';

const { sdA, sdB, smpC, smaE } = NPSN;
type Lang = 'id' | 'en';

// ---------------------------------------------------------------------------------------------------
// The world

interface Person {
  id: string;
  nama: string;
  personal: string;
  /** Every account address the person holds in month 1 or month 2. */
  accounts: string[];
}

const P = {
  pensiun: {
    id: 'PTK-PENSIUN',
    nama: 'Drs. Hartono Sutanto',
    personal: 'hartono.sutanto@pribadi.example',
    accounts: ['hartono.sutanto10@guru.sd.belajar.id'],
  },
  kepala: {
    id: 'PTK-KEPALA',
    nama: 'Dewi Lestari',
    personal: 'dewi.lestari@pribadi.example',
    accounts: ['dewi.lestari10@guru.sd.belajar.id', 'dewi.lestari10@admin.sd.belajar.id'],
  },
  mutasi: {
    id: 'PTK-MUTASI',
    nama: 'Agus Salim',
    personal: 'agus.salim@pribadi.example',
    accounts: ['agus.salim10@guru.sd.belajar.id', 'agus.salim10@guru.smp.belajar.id'],
  },
  wafat: {
    id: 'PTK-WAFAT',
    nama: 'Yusuf Maulana',
    personal: 'yusuf.maulana@pribadi.example',
    accounts: ['yusuf.maulana10@guru.sma.belajar.id'],
  },
  naik: {
    id: 'PD-NAIK',
    nama: 'Putri Ayu',
    personal: 'putri.ayu@pribadi.example',
    accounts: ['putri.ayu10@sd.belajar.id', 'putri.ayu10@smp.belajar.id'],
  },
  lulus: {
    id: 'PD-LULUS',
    nama: 'Dinda Maharani',
    personal: 'dinda.maharani@pribadi.example',
    accounts: ['dinda.maharani10@sma.belajar.id'],
  },
  putus: {
    id: 'PD-PUTUS',
    nama: 'Fajar Nugroho',
    personal: 'fajar.nugroho@pribadi.example',
    accounts: ['fajar.nugroho10@smp.belajar.id'],
  },
  baru: {
    id: 'PD-BARU',
    nama: 'Citra Kirana',
    personal: 'citra.kirana@rumah.example',
    accounts: ['citra.kirana10@sd.belajar.id'],
  },
  ganti: {
    id: 'PD-GANTI',
    nama: 'Rizki Ramadhan',
    personal: 'rizki.ramadhan@pribadi.example',
    accounts: ['rizki.ramadhan10@sd.belajar.id'],
  },
} satisfies Record<string, Person>;
type Key = keyof typeof P;

/** The Tenaga Administrasi Sekolah of each school: an admin account that only ever gets digests. */
const TAS = {
  [sdA]: { id: 'PTK-TAS-A', nama: 'Kartini Rahayu', address: 'kartini.rahayu10@admin.sd.belajar.id' },
  [sdB]: { id: 'PTK-TAS-B', nama: 'Siti Aminah', address: 'siti.aminah10@admin.sd.belajar.id' },
  [smpC]: { id: 'PTK-TAS-C', nama: 'Rudi Hartono', address: 'rudi.hartono10@admin.smp.belajar.id' },
  [smaE]: { id: 'PTK-TAS-E', nama: 'Dewi Sartika', address: 'dewi.sartika10@admin.sma.belajar.id' },
} as const;

/** world() names each school `<bentuk> Contoh <npsn>`. */
const SCHOOL_NAME: Readonly<Record<string, string>> = {
  [sdA]: `SD Contoh ${sdA}`,
  [sdB]: `SD Contoh ${sdB}`,
  [smpC]: `SMP Contoh ${smpC}`,
  [smaE]: `SMA Contoh ${smaE}`,
};

const BYSTANDER_FIRST = ['Bayu', 'Cahya', 'Dodi', 'Elsa', 'Gita'];
const BYSTANDER_LAST = ['Permana', 'Saputra', 'Utami'];
const BYSTANDERS: ReadonlyArray<{ npsn: string; tingkat: (i: number) => number }> = [
  { npsn: sdA, tingkat: (i) => 1 + (i % 5) },
  { npsn: smpC, tingkat: (i) => 7 + (i % 2) },
  { npsn: smaE, tingkat: (i) => 10 + (i % 2) },
];

function month1(): ExtractBuilder {
  const b = world(['sdA', 'sdB', 'smpC', 'smaE']);
  for (const [npsn, tas] of Object.entries(TAS)) {
    b.ptk({ ptkId: tas.id, npsn, jenisPtk: 'Tenaga Administrasi Sekolah', nama: tas.nama });
  }
  for (const { npsn, tingkat } of BYSTANDERS) {
    for (let i = 0; i < 15; i++) {
      const nama = `${BYSTANDER_FIRST[i % 5]} ${BYSTANDER_LAST[Math.floor(i / 5)]}`;
      b.pd({ pdId: `PD-B-${npsn}-${String(i).padStart(2, '0')}`, npsn, tingkat: tingkat(i), nama });
    }
  }
  const ptk = (key: Key, npsn: string, jenisPtk: string) =>
    b.ptk({ ptkId: P[key].id, npsn, jenisPtk, nama: P[key].nama, email: P[key].personal });
  const pd = (key: Key, npsn: string, tingkat: number) =>
    b.pd({ pdId: P[key].id, npsn, tingkat, nama: P[key].nama, email: P[key].personal });
  ptk('pensiun', sdA, 'Guru Kelas');
  ptk('kepala', sdA, 'Guru Kelas');
  ptk('mutasi', sdA, 'Guru Kelas');
  ptk('wafat', smaE, 'Guru Mapel');
  pd('naik', sdA, 6);
  pd('lulus', smaE, 12);
  pd('putus', smpC, 8);
  pd('ganti', sdA, 3);
  return b;
}

function month2(m1: ExtractBuilder): ExtractBuilder {
  const sd6 = m1.pdRows().find((r) => r.pdId === P.naik.id)!;
  return m1
    .clone(M2)
    .updatePtk(P.pensiun.id, { jenisKeluar: 'Pensiun', tanggalKeluar: '2024-08-01' })
    .updatePtk(P.kepala.id, { jenisPtk: 'Kepala Sekolah' })
    .updatePtk(P.mutasi.id, { jenisKeluar: 'Mutasi', tanggalKeluar: '2024-08-01' })
    .ptk({
      ptkId: P.mutasi.id,
      npsn: smpC,
      jenisPtk: 'Guru Mapel',
      nama: P.mutasi.nama,
      email: P.mutasi.personal,
    })
    .updatePtk(P.wafat.id, { jenisKeluar: 'Meninggal', tanggalKeluar: '2024-08-03' })
    .updatePd(P.naik.id, { jenisKeluar: 'Lulus', tanggalKeluar: '2024-06-20' })
    .pd({ ...sd6, rowId: `${P.naik.id}-${smpC}`, npsn: smpC, tingkat: 7, jenisKeluar: '', tanggalKeluar: '' })
    .updatePd(P.lulus.id, { jenisKeluar: 'Lulus', tanggalKeluar: '2024-06-20' })
    .updatePd(P.putus.id, { jenisKeluar: 'Putus Sekolah', tanggalKeluar: '2024-08-05' })
    .pd({ pdId: P.baru.id, npsn: sdB, tingkat: 1, nama: P.baru.nama, email: P.baru.personal })
    .updatePd(P.ganti.id, { nama: 'Rizky Ramadhan' });
}

const M2_COUNTS: Counts = {
  ptk_deactivated: 2,
  ptk_role_changed: 1,
  ptk_transferred: 1,
  pd_level_changed: 1,
  pd_deactivated: 2,
  account_created: 1,
  profile_updated: 1,
};

// Dates of month 2 (taken_at 2024-08-15): suspension on taken_at + 30 = 2024-09-14, so the last usable
// day is 2024-09-13, the reminder is due on 2024-09-11 and deletion comes 60 days after suspension.
const REMINDER_DAY = '2024-09-11';

const DATES = {
  id: {
    effective: '15 Agustus 2024',
    lastDay: '13 September 2024',
    suspend: '14 September 2024',
    remove: '13 November 2024',
  },
  en: {
    effective: '15 August 2024',
    lastDay: '13 September 2024',
    suspend: '14 September 2024',
    remove: '13 November 2024',
  },
} as const;

// ---------------------------------------------------------------------------------------------------
// What each person must receive

interface PersonExpectation {
  key: Key;
  template: string;
  to: string[];
  subject: string;
  /** Phrases the plain-text body must contain (dates, addresses, reason, next step). */
  text: string[];
}

function expectedMonth2(lang: Lang): PersonExpectation[] {
  const d = DATES[lang];
  const en = lang === 'en';
  const deactivation = en
    ? 'Your belajar.id account will be deactivated'
    : 'Akun belajar.id Anda akan dinonaktifkan';
  const backup = en ? 'Back up your important data' : 'Cadangkan data penting';
  const toSmp = en
    ? 'Your new belajar.id account for lower secondary (SMP)'
    : 'Akun belajar.id baru Anda untuk jenjang SMP';
  const askPassword = en ? 'for the initial password' : 'Minta kata sandi awal kepada operator sekolah';
  const schedule = [d.effective, d.lastDay, d.suspend, d.remove];
  return [
    {
      key: 'pensiun',
      template: 'ptk_deactivated.pensiun',
      to: [P.pensiun.accounts[0]!, P.pensiun.personal],
      subject: deactivation,
      text: [P.pensiun.accounts[0]!, en ? 'you have retired' : 'memasuki masa pensiun', backup, ...schedule],
    },
    {
      key: 'kepala',
      template: 'ptk_role_changed.to_admin',
      to: [P.kepala.accounts[1]!],
      subject: en ? 'Your belajar.id address has changed' : 'Alamat akun belajar.id Anda berubah',
      text: [
        P.kepala.accounts[0]!,
        P.kepala.accounts[1]!,
        d.effective,
        en
          ? `sign in with the new address ${P.kepala.accounts[1]}`
          : `masuklah dengan alamat baru ${P.kepala.accounts[1]}`,
      ],
    },
    {
      key: 'mutasi',
      template: 'ptk_transferred.other_jenjang',
      to: [P.mutasi.accounts[0]!, P.mutasi.personal],
      subject: toSmp,
      text: [P.mutasi.accounts[0]!, P.mutasi.accounts[1]!, askPassword, ...schedule],
    },
    {
      key: 'naik',
      template: 'pd_level_changed',
      to: [P.naik.accounts[0]!, P.naik.personal],
      subject: toSmp,
      text: [P.naik.accounts[0]!, P.naik.accounts[1]!, askPassword, ...schedule],
    },
    {
      key: 'lulus',
      template: 'pd_deactivated.lulus',
      to: [P.lulus.accounts[0]!, P.lulus.personal],
      subject: deactivation,
      text: [
        P.lulus.accounts[0]!,
        en ? 'Congratulations on graduating' : 'Selamat atas kelulusan',
        backup,
        ...schedule,
      ],
    },
    {
      key: 'putus',
      template: 'pd_deactivated.putus_sekolah',
      to: [P.putus.accounts[0]!, P.putus.personal],
      subject: deactivation,
      text: [P.putus.accounts[0]!, en ? 'dropped out' : 'putus sekolah', backup, ...schedule],
    },
    {
      key: 'baru',
      template: 'account_created',
      to: [P.baru.personal],
      subject: en ? 'Your belajar.id account has been created' : 'Akun belajar.id Anda sudah dibuat',
      text: [P.baru.accounts[0]!, d.effective, askPassword],
    },
  ];
}

/** The schools month 2 touches, each digest to that school's active admin accounts after the run. */
function expectedDigests(lang: Lang) {
  const d = DATES[lang];
  const subject = (npsn: string) =>
    lang === 'en'
      ? `belajar.id account changes at ${SCHOOL_NAME[npsn]} as of ${d.effective}`
      : `Ringkasan perubahan akun belajar.id ${SCHOOL_NAME[npsn]} per ${d.effective}`;
  const died = lang === 'en' ? 'Passed away' : 'Meninggal dunia';
  const credentials = (n: number) =>
    lang === 'en'
      ? `${n} new account${n === 1 ? ' is' : 's are'} ready to download`
      : `${n} akun baru siap diunduh`;
  const lines = (...pairs: Array<[string, string]>) => pairs;
  const retired = lang === 'en' ? 'Retired' : 'Pensiun';
  return [
    {
      npsn: sdA,
      to: [P.kepala.accounts[1]!, TAS[sdA].address],
      subject: subject(sdA),
      credentials: null,
      lines: lines(
        ['Hartono Sutanto', retired],
        ['Dewi Lestari', P.kepala.accounts[1]!],
        ['Agus Salim', P.mutasi.accounts[1]!],
        ['Putri Ayu', P.naik.accounts[1]!],
      ),
    },
    {
      npsn: sdB,
      to: [TAS[sdB].address],
      subject: subject(sdB),
      credentials: credentials(1),
      lines: lines(['Citra Kirana', P.baru.accounts[0]!]),
    },
    {
      npsn: smpC,
      to: [TAS[smpC].address],
      subject: subject(smpC),
      // The SD→SMP teacher's and pupil's new SMP accounts wait for the operator to hand them over.
      credentials: credentials(2),
      lines: lines(
        ['Agus Salim', P.mutasi.accounts[1]!],
        ['Putri Ayu', P.naik.accounts[1]!],
        ['Fajar Nugroho', P.putus.accounts[0]!],
      ),
    },
    {
      npsn: smaE,
      to: [TAS[smaE].address],
      subject: subject(smaE),
      credentials: null,
      lines: lines(
        ['Yusuf Maulana', died],
        ['Yusuf Maulana', P.wafat.accounts[0]!],
        ['Dinda Maharani', P.lulus.accounts[0]!],
      ),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// The store's outbox, and what arrived

interface OutboxMail {
  id: number;
  runId: number;
  status: string;
  messageId: string | null;
  template: string;
  lang: string;
  to: string[];
  subject: string;
}

async function outboxRows(db: string): Promise<OutboxMail[]> {
  const store = await openStore(db);
  try {
    const rows = await store.db
      .selectFrom('outbox')
      .selectAll()
      .where('channel', '=', 'mail')
      .orderBy('id')
      .execute();
    return rows.map((r) => {
      const payload = JSON.parse(r.payload_json) as {
        template: string;
        lang: string;
        to: string[];
        subject: string;
      };
      return {
        id: Number(r.id),
        runId: Number(r.run_id),
        status: r.status,
        messageId: r.message_id,
        template: payload.template,
        lang: payload.lang,
        to: payload.to,
        subject: payload.subject,
      };
    });
  } finally {
    await store.close();
  }
}

interface Delivered {
  mail: SunkMail;
  row: OutboxMail;
}

const sorted = (list: readonly string[]) => [...list].map((a) => a.toLowerCase()).sort();

/**
 * Every message received is one outbox row of `runId`, by Message-ID; every row of that run was
 * received exactly once and is `sent`; envelope and To header agree with the row's recipients.
 */
function matchRun(received: readonly SunkMail[], rows: readonly OutboxMail[], runId: number): Delivered[] {
  const ofRun = rows.filter((r) => r.runId === runId);
  const byMessageId = new Map(rows.filter((r) => r.messageId !== null).map((r) => [r.messageId!, r]));
  const delivered: Delivered[] = [];
  for (const mail of received) {
    assert.ok(mail.messageId !== '', `a message without Message-ID: ${mail.subject}`);
    const row = byMessageId.get(mail.messageId);
    assert.ok(row, `Message-ID ${mail.messageId} is no outbox row's message_id (${mail.subject})`);
    assert.equal(row.runId, runId, `message ${mail.messageId} belongs to run ${row.runId}, not ${runId}`);
    assert.deepEqual(sorted(mail.to), sorted(row.to), `To of ${mail.messageId}`);
    assert.deepEqual(sorted(mail.envelopeTo), sorted(row.to), `RCPT TO of ${mail.messageId}`);
    assert.equal(mail.subject, row.subject, `subject of ${mail.messageId}`);
    delivered.push({ mail, row });
  }
  for (const row of ofRun) {
    assert.equal(row.status, 'sent', `outbox row ${row.id} (${row.template}) is ${row.status}`);
    const copies = received.filter((m) => m.messageId === row.messageId).length;
    assert.equal(
      copies,
      1,
      `outbox row ${row.id} (${row.template}, ${row.messageId}) received ${copies} times`,
    );
  }
  return delivered;
}

function addressed(mail: SunkMail, addresses: readonly string[]): boolean {
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  return [...mail.to, ...mail.envelopeTo].some((a) => wanted.has(a.toLowerCase()));
}

function personAddresses(key: Key): string[] {
  return [...P[key].accounts, P[key].personal];
}

function assertBody(mail: SunkMail, phrases: readonly string[], what: string) {
  for (const phrase of phrases) {
    assert.ok(mail.text.includes(phrase), `${what}: text lacks «${phrase}»:\n${mail.text}`);
  }
  assert.ok(mail.html.includes('<html'), `${what}: no HTML part`);
}

/** The month-2 checks shared by both languages. */
function assertMonth2Mail(delivered: readonly Delivered[], lang: Lang) {
  const persons = delivered.filter((d) => d.row.template !== 'school_digest');
  const digests = delivered.filter((d) => d.row.template === 'school_digest');
  const expectations = expectedMonth2(lang);

  for (const exp of expectations) {
    const mine = persons.filter((d) => addressed(d.mail, personAddresses(exp.key)));
    assert.equal(
      mine.length,
      1,
      `${P[exp.key].id}: one message, got ${mine.map((d) => `${d.row.template} → ${d.mail.to}`).join('; ')}`,
    );
    const { mail, row } = mine[0]!;
    const what = `${P[exp.key].id} (${row.template})`;
    assert.equal(row.template, exp.template, `${what}: template`);
    assert.equal(row.lang, lang, `${what}: payload lang`);
    assert.deepEqual(sorted(mail.to), sorted(exp.to), `${what}: recipients`);
    assert.equal(mail.subject, exp.subject, `${what}: subject`);
    assertBody(mail, exp.text, what);
    assert.ok(mail.html.includes(DATES[lang].effective), `${what}: HTML lacks the effective date`);
    assert.ok(mail.text.includes(P[exp.key].nama.replace(/^Drs\. /, '')), `${what}: not addressed by name`);
  }
  assert.equal(
    persons.length,
    expectations.length,
    `person messages: ${persons.map((d) => `${d.row.template} → ${d.mail.to}`).join('; ')}`,
  );

  // A death sends nothing to the person: no message of any kind to their accounts or personal email.
  const toDeceased = delivered.filter((d) => addressed(d.mail, personAddresses('wafat')));
  assert.deepEqual(
    toDeceased.map((d) => `${d.row.template} → ${d.mail.to}`),
    [],
    'nothing to the deceased teacher',
  );
  // A name change is profile_updated, which DESIGN 2 "Mail" does not notify.
  assert.deepEqual(
    persons.filter((d) => addressed(d.mail, personAddresses('ganti'))).map((d) => d.row.template),
    [],
    'no person mail for a name change',
  );

  const expDigests = expectedDigests(lang);
  assert.equal(
    digests.length,
    expDigests.length,
    `digests: ${digests.map((d) => d.mail.subject).join('; ')}`,
  );
  for (const exp of expDigests) {
    const found = digests.filter((d) => d.mail.subject === exp.subject);
    assert.equal(found.length, 1, `one digest «${exp.subject}», got ${digests.map((d) => d.mail.subject)}`);
    const { mail } = found[0]!;
    assert.deepEqual(sorted(mail.to), sorted(exp.to), `digest of ${exp.npsn}: recipients`);
    assert.ok(mail.text.includes(exp.npsn), `digest of ${exp.npsn} names its NPSN:\n${mail.text}`);
    if (exp.credentials) {
      assert.ok(
        mail.text.includes(exp.credentials),
        `digest of ${exp.npsn} lacks «${exp.credentials}»:\n${mail.text}`,
      );
    }
    for (const [nama, fact] of exp.lines) {
      const line = mail.text.split('\n').find((l) => l.includes(nama) && l.includes(fact));
      assert.ok(line, `digest of ${exp.npsn} has no line with «${nama}» and «${fact}»:\n${mail.text}`);
    }
    assert.ok(mail.html.includes('<html'), `digest of ${exp.npsn}: no HTML part`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Sessions

class MailSession {
  private written = 0;

  constructor(
    readonly db: string,
    readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return runCli(args, { db: this.db, env: { ...this.env, ...env } });
  }

  async write(b: ExtractBuilder): Promise<string> {
    this.written += 1;
    return b.write(join(this.root, `extract-${this.written}`));
  }

  async sync(dir: string, counts: Counts | undefined, status = 'applied'): Promise<number> {
    const result = await this.cli(['sync', dir, '--json']);
    const report = assertReport(result, { code: 0, status, ...(counts ? { counts } : {}) });
    return Number(report.run_id);
  }

  /** `outbox drain --json` over SMTP when `smtpUrl` is given, else to the local mailbox. */
  async drain(smtpUrl: string | undefined, env: NodeJS.ProcessEnv = {}) {
    const result = await this.cli(['outbox', 'drain', '--json'], { SELARAS_SMTP_URL: smtpUrl, ...env });
    assert.equal(result.code, 0, `outbox drain: ${explain(result)}`);
    assert.ok(result.json, `outbox drain printed no JSON: ${explain(result)}`);
    assert.equal(result.json.failed, 0, `outbox drain: ${explain(result)}`);
    assert.equal(result.json.errors, 0, `outbox drain: ${explain(result)}`);
    return result.json as { sent: number; retried: number; failed: number; transport: string };
  }

  // biome-ignore lint/suspicious/noExplicitAny: the status report is checked field by field.
  async status(): Promise<any> {
    const result = await this.cli(['outbox', 'status', '--json']);
    assert.equal(result.code, 0, `outbox status: ${explain(result)}`);
    return result.json;
  }
}

interface Fixture {
  session: MailSession;
  sink: SmtpSink;
  store: FreshLocation;
  dispose(): Promise<void>;
}

async function openFixture(dialect: Dialect, lang: Lang | undefined): Promise<Fixture> {
  const store = await freshLocation(dialect);
  const root = await mkdtemp(join(tmpdir(), 'selaras-notify-'));
  const sink = await startSmtpSink();
  const session = new MailSession(store.location, root, { SELARAS_LANG: lang });
  return {
    session,
    sink,
    store,
    dispose: async () => {
      await sink.close();
      await store.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

function indonesian(dialect: Dialect) {
  let fx: Fixture;
  let m2Dir: string;
  let m2Run: number;
  before(async () => {
    fx = await openFixture(dialect, undefined);
  });
  after(() => fx?.dispose());

  it('without SELARAS_SMTP_URL, drain writes one parseable .eml per message into mail/ beside the store', async () => {
    const s = fx.session;
    const m1Dir = await s.write(month1());
    const m1Run = await s.sync(m1Dir, undefined);
    // SQLite keeps files beside the db file; PostgreSQL has no file, so the test names a data dir
    // rather than write into the repository's data/.
    const dataDir = dialect === 'sqlite' ? dirname(s.db) : join(s.root, 'data');
    const env = dialect === 'sqlite' ? {} : { SELARAS_DATA_DIR: dataDir };
    const mailDir = join(dataDir, 'mail');
    const drained = await s.drain(undefined, env);
    const rows = (await outboxRows(s.db)).filter((r) => r.runId === m1Run);
    assert.ok(rows.length > 150, `month 1 queued ${rows.length} messages`);
    assert.equal(drained.sent, rows.length);
    assert.ok(drained.transport.includes(mailDir), `transport ${drained.transport} is not ${mailDir}`);

    const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'));
    assert.equal(files.length, rows.length, `${files.length} .eml files for ${rows.length} messages`);
    const parsed = await Promise.all(
      files.map(async (f) => {
        const mail = await parseMail(await readFile(join(mailDir, f)));
        return { ...mail, envelopeFrom: '', envelopeTo: mail.to };
      }),
    );
    const delivered = matchRun(parsed, rows, m1Run);
    for (const d of delivered) {
      assert.ok(
        d.mail.subject !== '' && d.mail.text.trim() !== '' && d.mail.html.includes('<html'),
        d.row.template,
      );
    }
    // account_created goes to the personal email only: nobody can read the new mailbox yet.
    const created = delivered.filter((d) => d.row.template === 'account_created');
    assert.ok(created.length > 150, `${created.length} account_created messages`);
    for (const d of created) {
      assert.equal(d.mail.to.length, 1, `account_created to ${d.mail.to}`);
      assert.match(d.mail.to[0]!, /@pribadi\.example$/, `account_created to ${d.mail.to}`);
    }
    const kepala = created.filter((d) => addressed(d.mail, [P.kepala.personal]));
    assert.equal(kepala.length, 1);
    assertBody(kepala[0]!.mail, [P.kepala.accounts[0]!, '15 Juli 2024'], 'account_created of PTK-KEPALA');
    const digests = delivered.filter((d) => d.row.template === 'school_digest');
    assert.deepEqual(
      sorted(digests.flatMap((d) => d.mail.to)),
      sorted(Object.values(TAS).map((t) => t.address)),
      'month 1 digests go to each school’s admin',
    );
    const status = await s.status();
    assert.equal(status.pending, 0);
    assert.equal(status.sent, rows.length);
  });

  it('month 2 over SMTP: one message per person with recipients, subject and body facts; nothing for a death; a digest per school', async () => {
    const s = fx.session;
    m2Dir = await s.write(month2(month1()));
    m2Run = await s.sync(m2Dir, M2_COUNTS);
    const before = (await s.status()).sent as number;
    const drained = await s.drain(fx.sink.url);
    const rows = await outboxRows(s.db);
    const ofRun = rows.filter((r) => r.runId === m2Run);
    assert.equal(drained.sent, ofRun.length, 'drain sent the rows of month 2');
    assert.equal(fx.sink.received.length, ofRun.length, 'the SMTP server got each row once');
    assertMonth2Mail(matchRun(fx.sink.received, rows, m2Run), 'id');

    const status = await s.status();
    assert.equal(status.pending, 0);
    assert.equal(status.failed, 0);
    assert.equal(status.sent, before + ofRun.length);
    assert.equal(status.by_template['ptk_deactivated.meninggal'], undefined, 'no mail template for a death');
    for (const template of [
      'ptk_deactivated.pensiun',
      'ptk_role_changed.to_admin',
      'ptk_transferred.other_jenjang',
      'pd_level_changed',
      'pd_deactivated.lulus',
      'pd_deactivated.putus_sekolah',
    ]) {
      assert.equal(
        status.by_template[template]?.sent,
        1,
        `${template}: ${JSON.stringify(status.by_template)}`,
      );
    }
  });

  it('re-running the same extract is unchanged and the next drain sends nothing new', async () => {
    const s = fx.session;
    assert.ok(m2Dir, 'month 2 ran');
    const rowsBefore = (await outboxRows(s.db)).length;
    const receivedBefore = fx.sink.received.length;
    const replay = await s.cli(['sync', m2Dir, '--json']);
    const report = assertReport(replay, { code: 0, status: 'unchanged' });
    assert.equal(Number(report.run_id), m2Run, 'an unchanged replay returns the earlier run_id');
    assert.equal((await outboxRows(s.db)).length, rowsBefore, 'the replay queued no mail');
    const drained = await s.drain(fx.sink.url);
    assert.equal(drained.sent, 0);
    assert.equal(fx.sink.received.length, receivedBefore, 'nothing new reached the SMTP server');
  });

  it('tick on the reminder day (suspension − 3) queues a deactivation_reminder that drain delivers to the account', async () => {
    const s = fx.session;
    assert.ok(m2Run, 'month 2 ran');
    // The day before, nothing is due: no run, no mail.
    const dayBefore = await s.cli(['tick', '--now', '2024-09-10', '--json']);
    assert.equal(dayBefore.code, 0, explain(dayBefore));
    assert.equal(dayBefore.json?.status, 'unchanged', explain(dayBefore));
    assertCounts(dayBefore.json.counts, {});
    const queued = (await outboxRows(s.db)).length;

    const tick = await s.cli(['tick', '--now', REMINDER_DAY, '--json']);
    // Six accounts are deactivating: the retiree, the deceased, the dropout, the graduate, and the old
    // accounts of the SD→SMP teacher and pupil.
    const report = assertReport(tick, { code: 0, status: 'applied', counts: { deactivation_reminder: 6 } });
    const tickRun = Number(report.run_id);
    assert.ok((await outboxRows(s.db)).length > queued, 'the tick queued mail');
    const from = fx.sink.received.length;
    const drained = await s.drain(fx.sink.url);
    const rows = await outboxRows(s.db);
    const received = fx.sink.received.slice(from);
    assert.equal(drained.sent, received.length);
    const delivered = matchRun(received, rows, tickRun);
    const reminders = delivered.filter((d) => d.row.template !== 'school_digest');

    const d = DATES.id;
    const reminded: Array<[Key, string]> = [
      ['pensiun', P.pensiun.accounts[0]!],
      ['mutasi', P.mutasi.accounts[0]!],
      ['naik', P.naik.accounts[0]!],
      ['lulus', P.lulus.accounts[0]!],
      ['putus', P.putus.accounts[0]!],
    ];
    for (const [key, account] of reminded) {
      const mine = reminders.filter((r) => addressed(r.mail, personAddresses(key)));
      assert.equal(mine.length, 1, `${P[key].id}: one reminder, got ${mine.map((r) => r.mail.to)}`);
      const { mail, row } = mine[0]!;
      assert.equal(row.template, 'deactivation_reminder');
      assert.ok(
        mail.to.map((a) => a.toLowerCase()).includes(account),
        `${P[key].id}: reminder to ${mail.to}, not ${account}`,
      );
      assert.equal(mail.subject, `Pengingat: akun belajar.id Anda tidak dapat digunakan mulai ${d.suspend}`);
      assertBody(
        mail,
        [account, d.lastDay, d.suspend, d.remove, 'cadangkan data penting'],
        `${P[key].id} reminder`,
      );
    }
    assert.equal(
      reminders.length,
      reminded.length,
      `reminders: ${reminders.map((r) => r.mail.to).join('; ')}`,
    );
    assert.deepEqual(
      delivered.filter((r) => addressed(r.mail, personAddresses('wafat'))).map((r) => r.mail.to),
      [],
      'no reminder for the deceased teacher',
    );
  });

  it('the reminder also reaches the personal email from Dapodik, as every deactivation mail does', async () => {
    const reminders = fx.sink.received.filter((m) => m.subject.startsWith('Pengingat:'));
    assert.ok(reminders.length > 0, 'the reminder test ran');
    for (const key of ['pensiun', 'mutasi', 'naik', 'lulus', 'putus'] as const) {
      const mine = reminders.filter((m) => addressed(m, personAddresses(key)));
      assert.equal(mine.length, 1, `${P[key].id}: one reminder`);
      assert.ok(
        mine[0]!.to.map((a) => a.toLowerCase()).includes(P[key].personal),
        `${P[key].id}: reminder to ${mine[0]!.to}, without the personal email ${P[key].personal}`,
      );
    }
  });
}

function english(dialect: Dialect) {
  let fx: Fixture;
  before(async () => {
    fx = await openFixture(dialect, 'en');
  });
  after(() => fx?.dispose());

  it('SELARAS_LANG=en: the same month 2 in English subjects and bodies', async () => {
    const s = fx.session;
    const m1 = month1();
    await s.sync(await s.write(m1), undefined);
    await s.drain(fx.sink.url);
    const from = fx.sink.received.length;
    assert.ok(
      fx.sink.received.every((m) => !/Yth\.|Halo |Agustus|Juli/.test(m.text)),
      'month 1 mail is in English',
    );

    const m2Run = await s.sync(await s.write(month2(m1)), M2_COUNTS);
    const drained = await s.drain(fx.sink.url);
    const received = fx.sink.received.slice(from);
    assert.equal(drained.sent, received.length);
    const delivered = matchRun(received, await outboxRows(s.db), m2Run);
    assertMonth2Mail(delivered, 'en');
    for (const { mail, row } of delivered) {
      assert.ok(
        !/Yth\.|Halo |Agustus|Cadangkan|Ringkasan|Salam hormat/.test(mail.text),
        `${row.template} has Indonesian wording:\n${mail.text}`,
      );
    }
  });
}

for (const dialect of DIALECTS) {
  const skip = await skipReason(dialect);
  describe(`mail end to end through the CLI on ${dialect}`, { skip }, () => {
    describe('in Bahasa Indonesia (the default)', () => indonesian(dialect));
    describe('in English', () => english(dialect));
  });
}
