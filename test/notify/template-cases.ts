// Every mailed template and reason as a case table: the events to compose, and what the finished message
// must say in each language (recipients, subject, and the facts both parts state: dates, addresses,
// schools, the reason and the next step). templates-person.test.ts, templates-person-rules.test.ts and
// templates-digest.test.ts check these cases as composed; the delivery test sends each one over SMTP and
// reads it back.
import type { AccountRef, EventType } from '../../src/domain/accounts.js';
import type { AccountRole, Jenjang } from '../../src/domain/policy.js';
import {
  type ComposedMail,
  composePersonMail,
  composeSchoolDigest,
  type DigestItem,
  type Lang,
  type MailEvent,
  type PersonKind,
  type SchoolDigestInput,
} from '../../src/notify/templates/index.js';

export const SCHOOLS: Record<string, string> = {
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

export const GURU_SD = ref('siti.rahayu12@guru.sd.belajar.id', 'sd', 'guru', '20100001');
export const GURU_SMP = ref('siti.rahayu12@guru.smp.belajar.id', 'smp', 'guru', '20200002');
export const ADMIN_SMP = ref('siti.rahayu12@admin.smp.belajar.id', 'smp', 'admin', '20200002');
const GURU_SMP_5 = ref('siti.rahayu12@guru.smp.belajar.id', 'smp', 'guru', '20200003');
const ADMIN_SMP_5 = ref('siti.rahayu12@admin.smp.belajar.id', 'smp', 'admin', '20200003');
export const SISWA_SD = ref('budi.santoso15@sd.belajar.id', 'sd', 'siswa', '20100001');
const SISWA_SMP = ref('budi.santoso15@smp.belajar.id', 'smp', 'siswa', '20200002');
export const PTK_EMAIL = 'siti.rahayu@gmail.com';
export const PD_EMAIL = 'budi.santoso@yahoo.co.id';

/** The dates every case is built around, as each language writes them. */
export const DATES = {
  id: { effective: '15 Agustus 2026', suspend: '14 September 2026', remove: '13 November 2026' },
  en: { effective: '15 August 2026', suspend: '14 September 2026', remove: '13 November 2026' },
} as const;
type DateFact = keyof (typeof DATES)['id'];

export interface MailCase {
  title: string;
  template: string;
  compose(lang: Lang): ComposedMail | null;
  to: string[];
  subject: Record<Lang, string>;
  /** Reason wording, next steps and anything else worded per language. */
  says: Record<Lang, string[]>;
  /** Addresses and school names: the same in both languages. */
  facts: string[];
  dates: DateFact[];
  /** A person's mail: who they are and the events composed (a digest has none). */
  input?: { kind: PersonKind; events: MailEvent[] };
}

export function event(fields: Partial<MailEvent> & { type: EventType }): MailEvent {
  return { reason: null, sameJenjang: null, from: null, to: null, effectiveDate: '2026-08-15', ...fields };
}

export function composeFor(kind: PersonKind, events: MailEvent[], lang: Lang): ComposedMail | null {
  return composePersonMail({
    lang,
    person: {
      kind,
      nama: kind === 'ptk' ? 'Siti Rahayu' : 'Budi Santoso',
      personalEmail: kind === 'ptk' ? PTK_EMAIL : PD_EMAIL,
    },
    events,
    schoolName: (npsn) => SCHOOLS[npsn] ?? '',
    noticeDays: 30,
    retentionDays: 60,
  });
}

interface PersonCase extends Omit<MailCase, 'compose'> {
  kind: PersonKind;
  events: MailEvent[];
}

const person = ({ kind, events, ...rest }: PersonCase): MailCase => ({
  ...rest,
  input: { kind, events },
  compose: (lang) => composeFor(kind, events, lang),
});

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

export const deactivationCases: MailCase[] = [
  ...PTK_REASONS.map(([reason, id, en]) =>
    person({
      title: `a PTK whose account ends for ${reason}`,
      kind: 'ptk',
      events: [event({ type: 'ptk_deactivated', reason, from: GURU_SD })],
      template: `ptk_deactivated.${reason === 'alih_fungsi' ? 'other' : reason}`,
      to: [GURU_SD.address, PTK_EMAIL],
      subject: DEACTIVATED,
      says: { id: [id, ...LOSS_STEPS.id, 'Yth. Bapak/Ibu'], en: [en, ...LOSS_STEPS.en, 'Dear '] },
      facts: [GURU_SD.address, 'SD Negeri 1 Bandung'],
      dates: ['effective', 'suspend', 'remove'],
    }),
  ),
  ...PD_REASONS.map(([reason, id, en]) =>
    person({
      title: `a pupil whose account ends for ${reason}`,
      kind: 'pd',
      events: [event({ type: 'pd_deactivated', reason, from: SISWA_SD })],
      template: `pd_deactivated.${reason === 'pindah_ke_luar_negeri' ? 'other' : reason}`,
      to: [SISWA_SD.address, PD_EMAIL],
      subject: DEACTIVATED,
      says: { id: [id, ...LOSS_STEPS.id, 'Halo '], en: [en, ...LOSS_STEPS.en, 'Hello '] },
      facts: [SISWA_SD.address, 'SD Negeri 1 Bandung'],
      dates: ['effective', 'suspend', 'remove'],
    }),
  ),
  person({
    title: 'a pupil whose continuation window ended',
    kind: 'pd',
    events: [
      event({ type: 'pd_deactivated', reason: 'lulus', from: SISWA_SD, continuationDeadline: '2026-08-01' }),
    ],
    template: 'pd_deactivated.continuation_ended',
    to: [SISWA_SD.address, PD_EMAIL],
    subject: DEACTIVATED,
    says: {
      id: ['1 Agustus 2026', 'jenjang berikutnya', 'sudah mendaftar di sekolah baru', ...LOSS_STEPS.id],
      en: ['1 August 2026', 'next level', 'already enrolled at a new school', ...LOSS_STEPS.en],
    },
    facts: [SISWA_SD.address],
    dates: ['effective', 'suspend', 'remove'],
  }),
];

const ADDRESS_CHANGED = {
  id: 'Alamat akun belajar.id Anda berubah',
  en: 'Your belajar.id address has changed',
};
const SCHOOL_UPDATED = {
  id: 'Sekolah pada akun belajar.id Anda diperbarui',
  en: 'Your school has been updated on your belajar.id account',
};
const NEW_SMP_ACCOUNT = {
  id: 'Akun belajar.id baru Anda untuk jenjang SMP',
  en: 'Your new belajar.id account for lower secondary (SMP)',
};

export const moveCases: MailCase[] = [
  person({
    title: 'a teacher appointed school administrator',
    kind: 'ptk',
    events: [event({ type: 'ptk_role_changed', from: GURU_SMP, to: ADMIN_SMP })],
    template: 'ptk_role_changed.to_admin',
    to: [ADMIN_SMP.address],
    subject: ADDRESS_CHANGED,
    says: {
      id: ['sebagai admin sekolah', 'alias', 'masuklah dengan alamat baru', 'operator sekolah'],
      en: ['as a school administrator', 'alias', 'sign in with the new address', 'school operator'],
    },
    facts: [GURU_SMP.address, ADMIN_SMP.address, 'SMP Negeri 3 Bandung'],
    dates: ['effective'],
  }),
  person({
    title: 'a school administrator who becomes a teacher again',
    kind: 'ptk',
    events: [event({ type: 'ptk_role_changed', from: ADMIN_SMP, to: GURU_SMP })],
    template: 'ptk_role_changed.to_guru',
    to: [GURU_SMP.address],
    subject: ADDRESS_CHANGED,
    says: {
      id: ['sebagai guru di SMP Negeri 3 Bandung', 'masuklah dengan alamat baru', 'operator sekolah'],
      en: ['as a teacher at SMP Negeri 3 Bandung', 'sign in with the new address', 'school operator'],
    },
    facts: [ADMIN_SMP.address, GURU_SMP.address],
    dates: ['effective'],
  }),
  person({
    title: 'a teacher transferred within the same jenjang',
    kind: 'ptk',
    events: [
      event({ type: 'ptk_transferred', sameJenjang: true, reason: 'mutasi', from: GURU_SMP, to: GURU_SMP_5 }),
    ],
    template: 'ptk_transferred.same_jenjang',
    to: [GURU_SMP_5.address],
    subject: SCHOOL_UPDATED,
    says: {
      id: ['pindah tugas dari SMP Negeri 3 Bandung ke SMP Negeri 5 Bandung', 'Tetap masuk dengan alamat'],
      en: ['transferred from SMP Negeri 3 Bandung to SMP Negeri 5 Bandung', 'Keep signing in with'],
    },
    facts: [GURU_SMP_5.address, 'SMP Negeri 3 Bandung', 'SMP Negeri 5 Bandung'],
    dates: ['effective'],
  }),
  person({
    title: 'a teacher transferred within the jenjang whose role changes too',
    kind: 'ptk',
    events: [event({ type: 'ptk_transferred', sameJenjang: true, from: GURU_SMP, to: ADMIN_SMP_5 })],
    template: 'ptk_transferred.same_jenjang',
    to: [ADMIN_SMP_5.address],
    subject: SCHOOL_UPDATED,
    says: {
      id: ['alamat utama akun kini', 'alias', 'Masuklah dengan alamat baru'],
      en: ['primary address is now', 'alias', 'Sign in with the new address'],
    },
    facts: [GURU_SMP.address, ADMIN_SMP_5.address],
    dates: ['effective'],
  }),
  person({
    title: 'a teacher transferred to another jenjang',
    kind: 'ptk',
    events: [event({ type: 'ptk_transferred', sameJenjang: false, from: GURU_SD, to: GURU_SMP })],
    template: 'ptk_transferred.other_jenjang',
    to: [GURU_SD.address, PTK_EMAIL],
    subject: NEW_SMP_ACCOUNT,
    says: {
      id: ['Minta kata sandi awal kepada operator sekolah', 'Pindahkan data penting', 'akun lama'],
      en: ['Ask your school operator', 'initial password', 'Move your important data'],
    },
    facts: [GURU_SD.address, GURU_SMP.address, 'SD Negeri 1 Bandung', 'SMP Negeri 3 Bandung'],
    dates: ['effective', 'suspend', 'remove'],
  }),
  person({
    title: 'a pupil who moves up to SMP',
    kind: 'pd',
    events: [event({ type: 'pd_level_changed', sameJenjang: false, from: SISWA_SD, to: SISWA_SMP })],
    template: 'pd_level_changed',
    to: [SISWA_SD.address, PD_EMAIL],
    subject: NEW_SMP_ACCOUNT,
    says: {
      id: [
        'Selamat, Anda kini terdaftar di SMP Negeri 3 Bandung',
        'Minta kata sandi awal kepada operator sekolah',
      ],
      en: ['Congratulations, you are now enrolled at SMP Negeri 3 Bandung', 'initial password'],
    },
    facts: [SISWA_SD.address, SISWA_SMP.address],
    dates: ['effective', 'suspend', 'remove'],
  }),
];

export const otherCases: MailCase[] = [
  ...(['ptk', 'pd'] as const).map((kind) =>
    person({
      title: `a new account for a ${kind === 'ptk' ? 'PTK' : 'pupil'}`,
      kind,
      events: [event({ type: 'account_created', to: kind === 'ptk' ? GURU_SMP : SISWA_SMP })],
      template: 'account_created',
      to: [kind === 'ptk' ? PTK_EMAIL : PD_EMAIL],
      subject: { id: 'Akun belajar.id Anda sudah dibuat', en: 'Your belajar.id account has been created' },
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
  person({
    title: 'an account reactivated after a notice',
    kind: 'ptk',
    events: [event({ type: 'account_reactivated', from: GURU_SD, to: GURU_SD })],
    template: 'account_reactivated',
    to: [GURU_SD.address],
    subject: { id: 'Akun belajar.id Anda aktif kembali', en: 'Your belajar.id account is active again' },
    says: {
      id: ['penonaktifan yang dijadwalkan sebelumnya dibatalkan', 'Masuk dengan alamat'],
      en: ['deactivation scheduled earlier has been cancelled', 'Sign in with'],
    },
    facts: [GURU_SD.address, 'SD Negeri 1 Bandung'],
    dates: ['effective'],
  }),
  ...(['ptk', 'pd'] as const).map((kind) =>
    person({
      title: `the reminder 3 days before suspension for a ${kind === 'ptk' ? 'PTK' : 'pupil'}`,
      kind,
      events: [
        event({
          type: 'deactivation_reminder',
          effectiveDate: '2026-09-11',
          from: kind === 'ptk' ? GURU_SD : SISWA_SD,
          suspendOn: '2026-09-14',
          deleteOn: '2026-11-13',
        }),
      ],
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

/** A teacher's retirement from the SD, and the same teacher's appointment as administrator at the SMP. */
export const RETIRE = event({ type: 'ptk_deactivated', reason: 'pensiun', from: GURU_SD });
export const PROMOTE = event({ type: 'ptk_role_changed', from: GURU_SMP, to: ADMIN_SMP });

/** One person, two events in one run: a retirement and an appointment as school administrator. */
export const combinedCase: MailCase = person({
  title: 'a teacher retiring from one school and appointed administrator at another, in one run',
  kind: 'ptk',
  events: [RETIRE, PROMOTE],
  template: 'combined',
  to: [GURU_SD.address, PTK_EMAIL, ADMIN_SMP.address],
  subject: { id: 'Perubahan akun belajar.id Anda', en: 'Changes to your belajar.id account' },
  says: {
    id: ['ada 2 perubahan', 'telah memasuki masa pensiun', 'sebagai admin sekolah', ...LOSS_STEPS.id],
    en: ['brings 2 changes', 'you have retired', 'as a school administrator', ...LOSS_STEPS.en],
  },
  facts: [
    GURU_SD.address,
    GURU_SMP.address,
    ADMIN_SMP.address,
    'SD Negeri 1 Bandung',
    'SMP Negeri 3 Bandung',
  ],
  dates: ['effective', 'suspend', 'remove'],
});

export const ADMINS = ['kepsek.sdn1@admin.sd.belajar.id', 'tu.sdn1@admin.sd.belajar.id'];
export const DIGEST_PEOPLE: Record<'joined' | 'moved' | 'left', DigestItem[]> = {
  joined: [
    { nama: 'Budi Santoso', address: 'budi.santoso15@sd.belajar.id', type: 'account_created', reason: null },
    {
      nama: 'Rina Wati',
      address: 'rina.wati10@guru.sd.belajar.id',
      type: 'account_reactivated',
      reason: null,
    },
  ],
  moved: [
    {
      nama: 'Dewi Lestari',
      address: 'dewi.lestari11@sd.belajar.id',
      type: 'pd_level_changed',
      reason: null,
      detail: 'SMP Negeri 3 Bandung',
    },
  ],
  left: [
    {
      nama: 'Ahmad Yani',
      address: 'ahmad.yani10@guru.sd.belajar.id',
      type: 'ptk_deactivated',
      reason: 'meninggal',
    },
    {
      nama: 'Sri Mulyani',
      address: 'sri.mulyani12@guru.sd.belajar.id',
      type: 'ptk_deactivated',
      reason: 'pensiun',
    },
    {
      nama: 'Joko Susilo',
      address: 'joko.susilo13@sd.belajar.id',
      type: 'pd_deactivated',
      reason: 'putus_sekolah',
    },
  ],
};

/** The digest case's input, in Indonesian unless overridden. */
export function digestInput(over: Partial<SchoolDigestInput> = {}): SchoolDigestInput {
  return {
    lang: 'id',
    school: { npsn: '20100001', nama: 'SD Negeri 1 Bandung' },
    adminAddresses: ADMINS,
    runId: 42,
    effectiveDate: '2026-08-15',
    ...DIGEST_PEOPLE,
    held: [{ scope: 'sekolah:20100001', reason: 'threshold', count: 12 }],
    newCredentials: 2,
    ...over,
  };
}

export const digestCase: MailCase = {
  title: "a school's digest of joiners, movers, leavers, holds and new credentials",
  template: 'school_digest',
  compose: (lang) => composeSchoolDigest(digestInput({ lang })),
  to: ADMINS,
  subject: {
    id: 'Ringkasan perubahan akun belajar.id SD Negeri 1 Bandung per 15 Agustus 2026',
    en: 'belajar.id account changes at SD Negeri 1 Bandung as of 15 August 2026',
  },
  says: {
    id: [
      'Yth. Bapak/Ibu Admin Sekolah',
      'sinkronisasi Dapodik nomor 42',
      'NPSN 20100001',
      'Bergabung (2)',
      'Pindah (1)',
      'Keluar (3)',
      'Akun baru',
      'Aktif kembali',
      'Pindah jenjang · SMP Negeri 3 Bandung',
      'Meninggal dunia',
      'Pensiun',
      'Putus sekolah',
      '2 akun baru siap diunduh',
      'Unduh Akun',
      '12 perubahan untuk sekolah ini ditahan karena jumlah akun yang akan dinonaktifkan melebihi batas aman',
      'perbaiki di Dapodik',
    ],
    en: [
      'Dear school administrator',
      'sync run 42',
      'Joined (2)',
      'Moved (1)',
      'Left (3)',
      'New account',
      'Active again',
      'Moved to another level · SMP Negeri 3 Bandung',
      'Passed away',
      'Retired',
      'Dropped out',
      '2 new accounts are ready to download',
      'Unduh Akun',
      '12 changes for this school are on hold because more accounts would be deactivated than the safety limit allows',
      'correct it in Dapodik',
    ],
  },
  facts: Object.values(DIGEST_PEOPLE).flatMap((items) => items.flatMap((p) => [p.nama, p.address])),
  dates: ['effective'],
};

/** Every case that is mailed, in a fixed order. */
export const MAIL_CASES: readonly MailCase[] = [
  ...deactivationCases,
  ...moveCases,
  ...otherCases,
  combinedCase,
  digestCase,
];

/** Deaths as Dapodik spells them: the person is never written to. */
export const DEATH_REASONS = ['meninggal', 'wafat', 'Meninggal Dunia'] as const;
