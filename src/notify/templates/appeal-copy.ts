// Wording of the appeal mails (issue 10): to the school's admin accounts when a person appeals, and to
// the person when the appeal is decided or ends. Each language fills the same interface, so a missing
// sentence is a compile error. Dates and labels arrive already formatted.
import type { PersonKind } from './mail-types.js';

/** Outcomes the person is told about: the school's two decisions and the three ways an appeal ends. */
export const APPEAL_MAIL_OUTCOMES = [
  'data_correct',
  'correcting',
  'not_corrected',
  'expired',
  'reactivated',
] as const;
export type AppealMailOutcome = (typeof APPEAL_MAIL_OUTCOMES)[number];

export interface AppealFiledContext {
  id: number;
  kind: PersonKind;
  nama: string;
  address: string;
  school: string;
  npsn: string;
  filedOn: string;
  holdUntil: string;
  /** The reason Dapodik gave, as a label ('' when none). */
  reason: string;
  noticeDays: number;
}

export interface AppealOutcomeContext {
  kind: PersonKind;
  address: string;
  school: string;
  filedOn: string;
  holdUntil: string;
  /** The account's schedule from now on ('' when it does not apply). */
  lastDay: string;
  suspend: string;
  remove: string;
  suspended: boolean;
}

export interface AppealText {
  subject: string;
  heading: string;
  body: string[];
  steps: string[];
}

export interface AppealCopy {
  filed: {
    subject(nama: string, school: string): string;
    greeting: string;
    heading(id: number): string;
    intro(c: AppealFiledContext): string;
    labels: {
      nama: string;
      address: string;
      role: string;
      status: string;
      reason: string;
      suspend: string;
      remove: string;
      filedOn: string;
      holdUntil: string;
    };
    statuses: { deactivating: string; suspended: string };
    wroteHeading: string;
    checkHeading: string;
    check(c: AppealFiledContext): string[];
    decideHeading: string;
    decide(c: AppealFiledContext): string[];
    signature: readonly string[];
    footnote: string;
  };
  outcome: Record<AppealMailOutcome, (c: AppealOutcomeContext) => AppealText>;
  noteLabel: string;
  nextSteps(kind: PersonKind): string;
}

const youId = (kind: PersonKind): string => (kind === 'ptk' ? 'Bapak/Ibu' : 'Anda');

function scheduleId(c: AppealOutcomeContext): string {
  if (c.suspended) {
    return `Akun ${c.address} tetap ditangguhkan, dan pada ${c.remove} akun beserta seluruh isinya dihapus permanen.`;
  }
  return (
    `Akun ${c.address} masih dapat digunakan sampai ${c.lastDay}. Mulai ${c.suspend}, ${youId(c.kind)} tidak ` +
    `dapat lagi masuk ke akun ini, dan pada ${c.remove} akun beserta seluruh isinya dihapus permanen.`
  );
}

function backupId(c: AppealOutcomeContext): string {
  return c.suspended
    ? `Mintalah operator sekolah membantu menyelamatkan data penting sebelum ${c.remove}.`
    : `Cadangkan data penting (email, dokumen, dan berkas) dari akun ${c.address} sebelum ${c.suspend}.`;
}

const ID: AppealCopy = {
  filed: {
    subject: (nama, school) => `Banding data akun belajar.id: ${nama} (${school})`,
    greeting: 'Yth. Bapak/Ibu Admin Sekolah,',
    heading: (id) => `Banding #${id}: "Data saya salah"`,
    intro: (c) =>
      `${c.nama} (${c.address}) menyatakan bahwa data Dapodik yang membuat akunnya dinonaktifkan tidak benar. ` +
      `Banding ini diterima pada ${c.filedOn}. Selama banding belum diputuskan, akun tidak akan ditangguhkan ` +
      `atau dihapus, paling lama sampai ${c.holdUntil}.`,
    labels: {
      nama: 'Nama',
      address: 'Alamat akun',
      role: 'Peran',
      status: 'Status akun',
      reason: 'Alasan menurut Dapodik',
      suspend: 'Semula tidak dapat masuk mulai',
      remove: 'Semula dihapus pada',
      filedOn: 'Banding diajukan',
      holdUntil: 'Ditahan paling lama sampai',
    },
    statuses: { deactivating: 'Sedang dinonaktifkan', suspended: 'Ditangguhkan' },
    wroteHeading: 'Yang ditulis pemilik akun',
    checkHeading: 'Yang perlu diperiksa di Dapodik',
    check: (c) => [
      c.kind === 'pd'
        ? `Cari peserta didik atas nama ${c.nama} di Dapodik sekolah ${c.school} (NPSN ${c.npsn}).`
        : `Cari PTK atas nama ${c.nama} di Dapodik sekolah ${c.school} (NPSN ${c.npsn}).`,
      c.kind === 'pd'
        ? 'Periksa apakah ia masih terdaftar di rombongan belajar semester ini, dan apakah jenis keluar serta ' +
          'tanggal keluarnya benar.'
        : 'Periksa penugasannya di sekolah ini: jenis PTK, status sekolah induk, jenis keluar, dan tanggal keluar.',
      c.reason
        ? `Menurut Dapodik, alasannya: ${c.reason}. Pastikan ini memang benar.`
        : 'Pastikan data yang membuat akun ini dinonaktifkan memang benar.',
    ],
    decideHeading: 'Keputusan di Selaras',
    decide: (c) => [
      `Jika data Dapodik keliru, perbaiki di Dapodik, lalu pilih "Sedang diperbaiki di Dapodik" pada banding #${c.id} ` +
        'di menu Banding Selaras. Akun tetap aman sampai data Dapodik berikutnya diterima; jika data itu mencatat ' +
        'pemilik akun aktif kembali, akun aktif kembali dengan sendirinya.',
      `Jika data Dapodik sudah benar, pilih "Data sudah benar". Pemilik akun akan diberi tahu, dan jadwal ` +
        `penonaktifan berlanjut dengan pemberitahuan baru selama ${c.noticeDays} hari.`,
      `Jika belum ada keputusan sampai ${c.holdUntil}, jadwal penonaktifan berlanjut dengan sendirinya.`,
    ],
    signature: ['Salam hormat,', 'Tim Layanan Akun belajar.id'],
    footnote:
      'Email ini dikirim otomatis kepada admin sekolah; mohon tidak membalas email ini. Isi banding ditulis ' +
      'oleh pemilik akun dan ditampilkan apa adanya.',
  },
  outcome: {
    data_correct: (c) => ({
      subject: 'Hasil banding data akun belajar.id Anda',
      heading: 'Sekolah menyatakan data Dapodik sudah benar',
      body: [
        `${c.school} telah memeriksa banding ${youId(c.kind)} tertanggal ${c.filedOn} dan menyatakan data ` +
          `${youId(c.kind)} di Dapodik sudah benar. Karena itu, jadwal penonaktifan akun berlanjut dengan ` +
          'tanggal baru.',
        scheduleId(c),
      ],
      steps: [
        backupId(c),
        'Jika data tersebut tetap keliru, hubungi operator sekolah secara langsung dan mintalah data di ' +
          'Dapodik diperbaiki. Setelah diperbaiki, akun aktif kembali.',
      ],
    }),
    correcting: (c) => ({
      subject: 'Banding Anda diterima: data sedang diperbaiki',
      heading: `Sekolah sedang memperbaiki data ${youId(c.kind)} di Dapodik`,
      body: [
        `${c.school} telah memeriksa banding ${youId(c.kind)} tertanggal ${c.filedOn} dan menyatakan data ` +
          `${youId(c.kind)} di Dapodik sedang diperbaiki.`,
        `Sampai data Dapodik berikutnya diterima, akun ${c.address} tidak akan ditangguhkan atau dihapus ` +
          `(paling lama sampai ${c.holdUntil}). Jika data berikutnya mencatat ${youId(c.kind)} aktif, akun ` +
          'aktif kembali dengan sendirinya.',
      ],
      steps: [`Tidak ada yang perlu ${youId(c.kind)} lakukan sekarang. Kami akan mengabarkan hasilnya.`],
    }),
    not_corrected: (c) => ({
      subject: 'Hasil banding data akun belajar.id Anda',
      heading: 'Data Dapodik terbaru belum berubah',
      body: [
        `${c.school} menyatakan sedang memperbaiki data ${youId(c.kind)}, tetapi data Dapodik terbaru masih ` +
          `belum mencatat ${youId(c.kind)} aktif. Karena itu, jadwal penonaktifan akun berlanjut dengan tanggal baru.`,
        scheduleId(c),
      ],
      steps: [
        backupId(c),
        'Hubungi operator sekolah secara langsung dan pastikan perbaikan data di Dapodik sudah dikirim. ' +
          'Setelah data diperbaiki, akun aktif kembali.',
      ],
    }),
    expired: (c) => ({
      subject: 'Banding data akun belajar.id Anda belum dijawab',
      heading: 'Batas waktu banding telah lewat',
      body: [
        `Sekolah belum menjawab banding ${youId(c.kind)} tertanggal ${c.filedOn} sampai batas waktunya ` +
          `(${c.holdUntil}). Karena itu, jadwal penonaktifan akun berlanjut dengan tanggal baru.`,
        scheduleId(c),
      ],
      steps: [
        backupId(c),
        'Hubungi operator sekolah secara langsung dan mintalah data di Dapodik diperiksa. Setelah data ' +
          'diperbaiki, akun aktif kembali.',
      ],
    }),
    reactivated: (c) => ({
      subject: 'Akun belajar.id Anda aktif kembali',
      heading: 'Banding selesai: akun aktif kembali',
      body: [
        `Data Dapodik terbaru mencatat ${youId(c.kind)} aktif kembali. Banding ${youId(c.kind)} tertanggal ` +
          `${c.filedOn} selesai, dan akun ${c.address} dapat digunakan seperti biasa.`,
      ],
      steps: [],
    }),
  },
  noteLabel: 'Catatan dari sekolah',
  nextSteps: (kind) => `Yang perlu ${youId(kind)} lakukan:`,
};

function scheduleEn(c: AppealOutcomeContext): string {
  if (c.suspended) {
    return `The account ${c.address} stays suspended, and on ${c.remove} it is permanently deleted with everything in it.`;
  }
  return (
    `You can keep using the account ${c.address} until ${c.lastDay}. From ${c.suspend} you can no longer sign ` +
    `in to it, and on ${c.remove} the account and everything in it are permanently deleted.`
  );
}

function backupEn(c: AppealOutcomeContext): string {
  return c.suspended
    ? `Ask your school operator to help you rescue important data before ${c.remove}.`
    : `Back up your important data (email, documents and files) from ${c.address} before ${c.suspend}.`;
}

const EN: AppealCopy = {
  filed: {
    subject: (nama, school) => `belajar.id account appeal: ${nama} (${school})`,
    greeting: 'Dear school administrator,',
    heading: (id) => `Appeal #${id}: "My data is wrong"`,
    intro: (c) =>
      `${c.nama} (${c.address}) says that the Dapodik data deactivating their account is wrong. The appeal ` +
      `was received on ${c.filedOn}. Until it is decided, the account will not be suspended or deleted, at ` +
      `most until ${c.holdUntil}.`,
    labels: {
      nama: 'Name',
      address: 'Account address',
      role: 'Role',
      status: 'Account status',
      reason: 'Reason according to Dapodik',
      suspend: 'Originally sign-in blocked from',
      remove: 'Originally deleted on',
      filedOn: 'Appeal filed',
      holdUntil: 'On hold until at most',
    },
    statuses: { deactivating: 'Being deactivated', suspended: 'Suspended' },
    wroteHeading: 'What the account owner wrote',
    checkHeading: 'What to check in Dapodik',
    check: (c) => [
      c.kind === 'pd'
        ? `Find the student ${c.nama} in the Dapodik data of ${c.school} (NPSN ${c.npsn}).`
        : `Find the staff member ${c.nama} in the Dapodik data of ${c.school} (NPSN ${c.npsn}).`,
      c.kind === 'pd'
        ? 'Check whether they are still in a class group (rombongan belajar) this semester, and whether the ' +
          'exit type and exit date are right.'
        : 'Check their assignment at this school: staff type (jenis PTK), home school, exit type and exit date.',
      c.reason
        ? `According to Dapodik, the reason is: ${c.reason}. Make sure this is right.`
        : 'Make sure the data that deactivates this account is right.',
    ],
    decideHeading: 'Deciding in Selaras',
    decide: (c) => [
      `If Dapodik is wrong, correct it in Dapodik, then choose "Being corrected in Dapodik" on appeal #${c.id} ` +
        'in the Appeals menu of Selaras. The account stays safe until the next Dapodik data arrives; if that ' +
        'data shows the owner active again, the account becomes active again by itself.',
      'If Dapodik is right, choose "Data is correct". The owner is told, and the deactivation continues with ' +
        `a fresh notice of ${c.noticeDays} days.`,
      `If nothing is decided by ${c.holdUntil}, the deactivation continues by itself.`,
    ],
    signature: ['Kind regards,', 'The belajar.id Account Team'],
    footnote:
      'This email was sent automatically to the school’s administrators; please do not reply. The appeal ' +
      'text was written by the account owner and is shown as it was written.',
  },
  outcome: {
    data_correct: (c) => ({
      subject: 'The outcome of your belajar.id account appeal',
      heading: 'The school says the Dapodik data is correct',
      body: [
        `${c.school} has checked your appeal of ${c.filedOn} and says your data in Dapodik is correct. The ` +
          'deactivation of the account therefore continues with new dates.',
        scheduleEn(c),
      ],
      steps: [
        backupEn(c),
        'If the data is still wrong, contact your school operator directly and ask for Dapodik to be ' +
          'corrected. Once it is corrected, the account becomes active again.',
      ],
    }),
    correcting: (c) => ({
      subject: 'Your appeal was accepted: the data is being corrected',
      heading: 'The school is correcting your data in Dapodik',
      body: [
        `${c.school} has checked your appeal of ${c.filedOn} and says your data in Dapodik is being corrected.`,
        `Until the next Dapodik data arrives, the account ${c.address} will not be suspended or deleted (at ` +
          `most until ${c.holdUntil}). If that data shows you active, the account becomes active again by itself.`,
      ],
      steps: ['There is nothing you need to do now. We will tell you the outcome.'],
    }),
    not_corrected: (c) => ({
      subject: 'The outcome of your belajar.id account appeal',
      heading: 'The latest Dapodik data has not changed',
      body: [
        `${c.school} said it was correcting your data, but the latest Dapodik data still does not show you ` +
          'active. The deactivation of the account therefore continues with new dates.',
        scheduleEn(c),
      ],
      steps: [
        backupEn(c),
        'Contact your school operator directly and make sure the correction in Dapodik has been sent. Once ' +
          'the data is corrected, the account becomes active again.',
      ],
    }),
    expired: (c) => ({
      subject: 'Your belajar.id account appeal was not answered',
      heading: 'The appeal period has ended',
      body: [
        `The school did not answer your appeal of ${c.filedOn} by its deadline (${c.holdUntil}). The ` +
          'deactivation of the account therefore continues with new dates.',
        scheduleEn(c),
      ],
      steps: [
        backupEn(c),
        'Contact your school operator directly and ask for your Dapodik data to be checked. Once the data is ' +
          'corrected, the account becomes active again.',
      ],
    }),
    reactivated: (c) => ({
      subject: 'Your belajar.id account is active again',
      heading: 'Appeal finished: the account is active again',
      body: [
        `The latest Dapodik data shows you active again. Your appeal of ${c.filedOn} is finished, and the ` +
          `account ${c.address} can be used as usual.`,
      ],
      steps: [],
    }),
  },
  noteLabel: 'Note from the school',
  nextSteps: () => 'What to do:',
};

export function appealCopy(lang: 'id' | 'en'): AppealCopy {
  return lang === 'en' ? EN : ID;
}
