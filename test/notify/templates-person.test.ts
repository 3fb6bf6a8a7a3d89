// Every notified template and reason, in both languages: recipients, subject, and the facts each
// part must state (dates, addresses, schools, the reason and the next step) in text and HTML.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountRef, EventType } from '../../src/domain/accounts.js';
import type { AccountRole, Jenjang } from '../../src/domain/policy.js';
import {
  composePersonMail,
  escapeHtml,
  LANGS,
  type Lang,
  type MailEvent,
  type PersonKind,
} from '../../src/notify/templates/index.js';

const SCHOOLS: Record<string, string> = {
  '20100001': 'SD Negeri 1 Bandung',
  '20200002': 'SMP Negeri 3 Bandung',
  '20200003': 'SMP Negeri 5 Bandung',
  '20300004': 'SMA Negeri 2 Bandung',
};

const ref = (address: string, jenjang: Jenjang, role: AccountRole, npsn: string): AccountRef => ({
  address,
  jenjang,
  role,
  npsn,
});

const GURU_SD = ref('siti.rahayu12@guru.sd.belajar.id', 'sd', 'guru', '20100001');
const GURU_SMP = ref('siti.rahayu12@guru.smp.belajar.id', 'smp', 'guru', '20200002');
const ADMIN_SMP = ref('siti.rahayu12@admin.smp.belajar.id', 'smp', 'admin', '20200002');
const GURU_SMP_5 = ref('siti.rahayu12@guru.smp.belajar.id', 'smp', 'guru', '20200003');
const ADMIN_SMP_5 = ref('siti.rahayu12@admin.smp.belajar.id', 'smp', 'admin', '20200003');
const SISWA_SD = ref('budi.santoso15@sd.belajar.id', 'sd', 'siswa', '20100001');
const SISWA_SMP = ref('budi.santoso15@smp.belajar.id', 'smp', 'siswa', '20200002');
const PTK_EMAIL = 'siti.rahayu@gmail.com';
const PD_EMAIL = 'budi.santoso@yahoo.co.id';

const DATES = {
  id: { effective: '15 Agustus 2026', suspend: '14 September 2026', remove: '13 November 2026' },
  en: { effective: '15 August 2026', suspend: '14 September 2026', remove: '13 November 2026' },
} as const;
type DateFact = keyof (typeof DATES)['id'];

interface Case {
  title: string;
  kind: PersonKind;
  event: Partial<MailEvent> & { type: EventType };
  template: string;
  to: string[];
  subject: Record<Lang, string>;
  /** Reason wording and next steps, per language. */
  says: Record<Lang, string[]>;
  /** Addresses and school names: the same in both languages. */
  facts: string[];
  dates: DateFact[];
}

function event(fields: Partial<MailEvent> & { type: EventType }): MailEvent {
  return { reason: null, sameJenjang: null, from: null, to: null, effectiveDate: '2026-08-15', ...fields };
}

const DEACTIVATED = {
  id: 'Akun belajar.id Anda akan dinonaktifkan',
  en: 'Your belajar.id account will be deactivated',
};
const LOSS_STEPS = {
  id: ['Cadangkan data penting', 'minta operator sekolah memperbaiki data', 'Dapodik'],
  en: ['Back up your important data', 'ask your school operator to correct your data in Dapodik'],
};

const PTK_REASONS: Array<[reason: string, id: string, en: string]> = [
  ['pensiun', 'telah memasuki masa pensiun', 'you have retired'],
  ['mutasi', 'tercatat mutasi', 'transferred (mutasi)'],
  ['mengundurkan_diri', 'tercatat mengundurkan diri', 'you have resigned'],
  ['diberhentikan', 'tercatat diberhentikan', 'you have been dismissed'],
  ['school_closed', 'sudah tidak terdaftar lagi', 'is no longer registered'],
  ['absent', 'tidak lagi tercantum sebagai PTK', 'no longer listed as staff'],
  ['no_account_role', 'jenis PTK Bapak/Ibu', 'staff type (jenis PTK)'],
  ['alih_fungsi', 'penugasan Bapak/Ibu di SD Negeri 1 Bandung telah berakhir', 'your assignment at'],
];

const PD_REASONS: Array<[reason: string, id: string, en: string]> = [
  ['lulus', 'Selamat atas kelulusan Anda', 'Congratulations on graduating'],
  ['putus_sekolah', '(putus sekolah)', 'dropped out'],
  ['dikeluarkan', 'tercatat telah dikeluarkan', 'you have been expelled'],
  ['mengundurkan_diri', 'Anda tercatat mengundurkan diri', 'you have withdrawn'],
  ['mutasi', 'tercatat pindah (mutasi)', 'moved (mutasi)'],
  ['school_closed', 'sudah tidak terdaftar lagi', 'is no longer registered'],
  ['absent', 'tidak lagi tercantum sebagai peserta didik', 'no longer listed as a student'],
  ['pindah_ke_luar_negeri', 'tidak lagi terdaftar sebagai peserta didik', 'no longer enrolled as a student'],
];

const deactivationCases: Case[] = [
  ...PTK_REASONS.map(
    ([reason, id, en]): Case => ({
      title: `a PTK whose account ends for ${reason}`,
      kind: 'ptk',
      event: { type: 'ptk_deactivated', reason, from: GURU_SD },
      template: `ptk_deactivated.${reason === 'alih_fungsi' ? 'other' : reason}`,
      to: [GURU_SD.address, PTK_EMAIL],
      subject: DEACTIVATED,
      says: { id: [id, ...LOSS_STEPS.id, 'Yth. Bapak/Ibu'], en: [en, ...LOSS_STEPS.en, 'Dear '] },
      facts: [GURU_SD.address, 'SD Negeri 1 Bandung'],
      dates: ['effective', 'suspend', 'remove'],
    }),
  ),
  ...PD_REASONS.map(
    ([reason, id, en]): Case => ({
      title: `a pupil whose account ends for ${reason}`,
      kind: 'pd',
      event: { type: 'pd_deactivated', reason, from: SISWA_SD },
      template: `pd_deactivated.${reason === 'pindah_ke_luar_negeri' ? 'other' : reason}`,
      to: [SISWA_SD.address, PD_EMAIL],
      subject: DEACTIVATED,
      says: { id: [id, ...LOSS_STEPS.id, 'Halo '], en: [en, ...LOSS_STEPS.en, 'Hello '] },
      facts: [SISWA_SD.address, 'SD Negeri 1 Bandung'],
      dates: ['effective', 'suspend', 'remove'],
    }),
  ),
  {
    title: 'a pupil whose continuation window ended',
    kind: 'pd',
    event: { type: 'pd_deactivated', reason: 'lulus', from: SISWA_SD, continuationDeadline: '2026-08-01' },
    template: 'pd_deactivated.continuation_ended',
    to: [SISWA_SD.address, PD_EMAIL],
    subject: DEACTIVATED,
    says: {
      id: ['1 Agustus 2026', 'jenjang berikutnya', 'sudah mendaftar di sekolah baru', ...LOSS_STEPS.id],
      en: ['1 August 2026', 'next level', 'already enrolled at a new school', ...LOSS_STEPS.en],
    },
    facts: [SISWA_SD.address],
    dates: ['effective', 'suspend', 'remove'],
  },
];

const moveCases: Case[] = [
  {
    title: 'a teacher appointed school administrator',
    kind: 'ptk',
    event: { type: 'ptk_role_changed', from: GURU_SMP, to: ADMIN_SMP },
    template: 'ptk_role_changed.to_admin',
    to: [ADMIN_SMP.address],
    subject: { id: 'Alamat akun belajar.id Anda berubah', en: 'Your belajar.id address has changed' },
    says: {
      id: ['sebagai admin sekolah', 'alias', 'masuklah dengan alamat baru', 'operator sekolah'],
      en: ['as a school administrator', 'alias', 'sign in with the new address', 'school operator'],
    },
    facts: [GURU_SMP.address, ADMIN_SMP.address, 'SMP Negeri 3 Bandung'],
    dates: ['effective'],
  },
  {
    title: 'a school administrator who becomes a teacher again',
    kind: 'ptk',
    event: { type: 'ptk_role_changed', from: ADMIN_SMP, to: GURU_SMP },
    template: 'ptk_role_changed.to_guru',
    to: [GURU_SMP.address],
    subject: { id: 'Alamat akun belajar.id Anda berubah', en: 'Your belajar.id address has changed' },
    says: {
      id: ['sebagai guru di SMP Negeri 3 Bandung', 'masuklah dengan alamat baru', 'operator sekolah'],
      en: ['as a teacher at SMP Negeri 3 Bandung', 'sign in with the new address', 'school operator'],
    },
    facts: [ADMIN_SMP.address, GURU_SMP.address],
    dates: ['effective'],
  },
  {
    title: 'a teacher transferred within the same jenjang',
    kind: 'ptk',
    event: { type: 'ptk_transferred', sameJenjang: true, reason: 'mutasi', from: GURU_SMP, to: GURU_SMP_5 },
    template: 'ptk_transferred.same_jenjang',
    to: [GURU_SMP_5.address],
    subject: {
      id: 'Sekolah pada akun belajar.id Anda diperbarui',
      en: 'Your school has been updated on your belajar.id account',
    },
    says: {
      id: ['pindah tugas dari SMP Negeri 3 Bandung ke SMP Negeri 5 Bandung', 'Tetap masuk dengan alamat'],
      en: ['transferred from SMP Negeri 3 Bandung to SMP Negeri 5 Bandung', 'Keep signing in with'],
    },
    facts: [GURU_SMP_5.address, 'SMP Negeri 3 Bandung', 'SMP Negeri 5 Bandung'],
    dates: ['effective'],
  },
  {
    title: 'a teacher transferred within the jenjang whose role changes too',
    kind: 'ptk',
    event: { type: 'ptk_transferred', sameJenjang: true, from: GURU_SMP, to: ADMIN_SMP_5 },
    template: 'ptk_transferred.same_jenjang',
    to: [ADMIN_SMP_5.address],
    subject: {
      id: 'Sekolah pada akun belajar.id Anda diperbarui',
      en: 'Your school has been updated on your belajar.id account',
    },
    says: {
      id: ['alamat utama akun kini', 'alias', 'Masuklah dengan alamat baru'],
      en: ['primary address is now', 'alias', 'Sign in with the new address'],
    },
    facts: [GURU_SMP.address, ADMIN_SMP_5.address],
    dates: ['effective'],
  },
  {
    title: 'a teacher transferred to another jenjang',
    kind: 'ptk',
    event: { type: 'ptk_transferred', sameJenjang: false, from: GURU_SD, to: GURU_SMP },
    template: 'ptk_transferred.other_jenjang',
    to: [GURU_SD.address, PTK_EMAIL],
    subject: {
      id: 'Akun belajar.id baru Anda untuk jenjang SMP',
      en: 'Your new belajar.id account for lower secondary (SMP)',
    },
    says: {
      id: ['Minta kata sandi awal kepada operator sekolah', 'Pindahkan data penting', 'akun lama'],
      en: ['Ask your school operator', 'initial password', 'Move your important data'],
    },
    facts: [GURU_SD.address, GURU_SMP.address, 'SD Negeri 1 Bandung', 'SMP Negeri 3 Bandung'],
    dates: ['effective', 'suspend', 'remove'],
  },
  {
    title: 'a pupil who moves up to SMP',
    kind: 'pd',
    event: { type: 'pd_level_changed', sameJenjang: false, from: SISWA_SD, to: SISWA_SMP },
    template: 'pd_level_changed',
    to: [SISWA_SD.address, PD_EMAIL],
    subject: {
      id: 'Akun belajar.id baru Anda untuk jenjang SMP',
      en: 'Your new belajar.id account for lower secondary (SMP)',
    },
    says: {
      id: [
        'Selamat, Anda kini terdaftar di SMP Negeri 3 Bandung',
        'Minta kata sandi awal kepada operator sekolah',
      ],
      en: ['Congratulations, you are now enrolled at SMP Negeri 3 Bandung', 'initial password'],
    },
    facts: [SISWA_SD.address, SISWA_SMP.address],
    dates: ['effective', 'suspend', 'remove'],
  },
];

const CREATED = { id: 'Akun belajar.id Anda sudah dibuat', en: 'Your belajar.id account has been created' };

const otherCases: Case[] = [
  ...(['ptk', 'pd'] as const).map(
    (kind): Case => ({
      title: `a new account for a ${kind === 'ptk' ? 'PTK' : 'pupil'}`,
      kind,
      event: { type: 'account_created', to: kind === 'ptk' ? GURU_SMP : SISWA_SMP },
      template: 'account_created',
      to: [kind === 'ptk' ? PTK_EMAIL : PD_EMAIL],
      subject: CREATED,
      says: {
        id: ['Minta kata sandi awal kepada operator sekolah', 'segera ganti kata sandinya'],
        en: [
          'Ask your school operator at SMP Negeri 3 Bandung for the initial password',
          'change the password',
        ],
      },
      facts: [kind === 'ptk' ? GURU_SMP.address : SISWA_SMP.address, 'SMP Negeri 3 Bandung'],
      dates: ['effective'],
    }),
  ),
  {
    title: 'an account reactivated after a notice',
    kind: 'ptk',
    event: { type: 'account_reactivated', from: GURU_SD, to: GURU_SD },
    template: 'account_reactivated',
    to: [GURU_SD.address],
    subject: { id: 'Akun belajar.id Anda aktif kembali', en: 'Your belajar.id account is active again' },
    says: {
      id: ['penonaktifan yang dijadwalkan sebelumnya dibatalkan', 'Masuk dengan alamat'],
      en: ['deactivation scheduled earlier has been cancelled', 'Sign in with'],
    },
    facts: [GURU_SD.address, 'SD Negeri 1 Bandung'],
    dates: ['effective'],
  },
  ...(['ptk', 'pd'] as const).map(
    (kind): Case => ({
      title: `the reminder 3 days before suspension for a ${kind === 'ptk' ? 'PTK' : 'pupil'}`,
      kind,
      event: {
        type: 'deactivation_reminder',
        effectiveDate: '2026-09-11',
        from: kind === 'ptk' ? GURU_SD : SISWA_SD,
        suspendOn: '2026-09-14',
        deleteOn: '2026-11-13',
      },
      template: 'deactivation_reminder',
      to: kind === 'ptk' ? [GURU_SD.address, PTK_EMAIL] : [SISWA_SD.address, PD_EMAIL],
      subject: {
        id: 'Pengingat: akun belajar.id Anda tidak dapat digunakan mulai 14 September 2026',
        en: 'Reminder: your belajar.id account can no longer be used from 14 September 2026',
      },
      says: {
        id: ['sedang dalam proses penonaktifan', 'Segera cadangkan data penting', 'operator sekolah'],
        en: ['is being deactivated', 'Back up your important data', 'school operator'],
      },
      facts: [kind === 'ptk' ? GURU_SD.address : SISWA_SD.address],
      dates: ['suspend', 'remove'],
    }),
  ),
];

function compose(c: Case, lang: Lang) {
  return composePersonMail({
    lang,
    person: {
      kind: c.kind,
      nama: c.kind === 'ptk' ? 'Siti Rahayu' : 'Budi Santoso',
      personalEmail: c.kind === 'ptk' ? PTK_EMAIL : PD_EMAIL,
    },
    events: [event(c.event)],
    schoolName: (npsn) => SCHOOLS[npsn] ?? '',
    noticeDays: 30,
    retentionDays: 60,
  });
}

function assertStates(mail: { text: string; html: string }, fact: string): void {
  assert.ok(mail.text.includes(fact), `text part lacks ${JSON.stringify(fact)}`);
  assert.ok(mail.html.includes(escapeHtml(fact)), `html part lacks ${JSON.stringify(fact)}`);
}

for (const [group, cases] of [
  ['deactivation templates', deactivationCases],
  ['move templates', moveCases],
  ['creation, reactivation and reminder templates', otherCases],
] as const) {
  describe(group, () => {
    for (const c of cases) {
      for (const lang of LANGS) {
        test(`${c.title} gets one ${lang} message with recipients, subject, dates, addresses and next step`, () => {
          const mail = compose(c, lang);
          assert.ok(mail, 'a message is composed');
          assert.equal(mail.template, c.template);
          assert.deepEqual(mail.to, c.to);
          assert.equal(mail.subject, c.subject[lang]);
          assert.ok(mail.html.includes(`<html lang="${lang}">`));
          for (const fact of [...c.facts, ...c.says[lang], ...c.dates.map((d) => DATES[lang][d])]) {
            assertStates(mail, fact);
          }
        });
      }
    }
  });
}
