// Appeals (issue 10): the words of the "Data saya salah" form on Cek Akun, which teachers, pupils and
// parents read ("Anda", short sentences, always the next step), and of the console's appeal pages,
// the dashboard's appeal section and an account's appeal story, which operators read. Dates arrive
// already formatted.
import type { Lang } from '../web-types.js';
import { defineText, textOf } from './i18n.js';

export interface AppealDates {
  filedOn: string;
  holdUntil: string;
  decidedOn: string;
  closedOn: string;
  suspendOn: string;
  deleteOn: string;
}

export const APPEALS_TEXT = defineText({
  id: {
    public: {
      cta: 'Data saya salah',
      intro: (days: number) =>
        'Jika data Dapodik yang membuat akun ini dinonaktifkan tidak benar (misalnya Anda masih bersekolah atau ' +
        'masih bertugas di sekolah ini), sampaikan di sini. Sekolah langsung diberi tahu, dan akun tidak akan ' +
        `ditangguhkan atau dihapus selama banding diperiksa, paling lama ${days} hari.`,
      message: 'Apa yang salah?',
      messageHint: (max: string) =>
        `Paling banyak ${max} karakter. Jangan menulis NIK, kata sandi, atau data pribadi lain.`,
      email: 'Email untuk kabar hasilnya (boleh dikosongkan)',
      emailHint:
        'Hasil banding selalu dikirim ke alamat akun ini. Email tambahan ini hanya dipakai untuk memberi tahu hasilnya.',
      submit: 'Kirim banding',
      errors: {
        heading: 'Banding belum terkirim. Periksa isian berikut:',
        message: (max: string) => `Tulis apa yang salah (paling banyak ${max} karakter).`,
        email: 'Tulis alamat email yang benar, atau kosongkan.',
      },
      filed: {
        heading: 'Banding terkirim',
        body: [
          'Sekolah sudah diberi tahu dan akan memeriksa data Anda di Dapodik.',
          'Hasilnya dikirim ke alamat akun Anda (dan ke email yang Anda tulis). Anda juga dapat melihatnya di ' +
            'halaman ini dengan mencari akun Anda lagi.',
        ],
      },
      refused: {
        heading: 'Banding tidak dapat dikirim',
        open: 'Sudah ada banding yang terbuka untuk akun ini. Sekolah sedang memeriksanya.',
        decided:
          'Banding untuk perubahan ini sudah diputuskan. Jika data Anda tetap keliru, hubungi operator sekolah secara langsung.',
        not_pending: 'Akun ini tidak sedang dinonaktifkan, jadi tidak ada yang perlu diajukan.',
      },
      invalid: {
        heading: 'Silakan cari akun Anda lagi',
        body:
          'Formulir banding hanya berlaku 30 menit setelah pencarian, dan data pencarian harus tetap cocok. ' +
          'Cari akun Anda lagi, lalu kirim banding.',
      },
      again: 'Cari akun lagi',
      state: {
        open: (d: AppealDates) => [
          `Banding Anda diterima pada ${d.filedOn} dan sedang diperiksa sekolah.`,
          `Selama banding diperiksa, akun tidak akan ditangguhkan atau dihapus, paling lama sampai ${d.holdUntil}.`,
        ],
        correcting: (d: AppealDates) => [
          'Sekolah menyatakan data Anda sedang diperbaiki di Dapodik.',
          'Akun tidak akan ditangguhkan atau dihapus sampai data Dapodik berikutnya diterima, paling lama sampai ' +
            `${d.holdUntil}. Jika data itu mencatat Anda aktif, akun aktif kembali dengan sendirinya.`,
        ],
        data_correct: (d: AppealDates) => [
          `Sekolah telah memeriksa banding Anda pada ${d.decidedOn} dan menyatakan data Dapodik sudah benar.`,
          'Jadwal penonaktifan berlanjut dengan tanggal baru seperti tertulis di atas.',
        ],
        not_corrected: (_d: AppealDates) => [
          'Sekolah menyatakan sedang memperbaiki data Anda, tetapi data Dapodik terbaru belum berubah.',
          'Jadwal penonaktifan berlanjut dengan tanggal baru seperti tertulis di atas.',
        ],
        expired: (d: AppealDates) => [
          `Sekolah belum menjawab banding Anda sampai ${d.holdUntil}.`,
          'Jadwal penonaktifan berlanjut dengan tanggal baru seperti tertulis di atas. Hubungi operator sekolah secara langsung.',
        ],
        reactivated: (_d: AppealDates) => [
          'Banding Anda selesai: data Dapodik terbaru mencatat Anda aktif kembali.',
        ],
      },
    },
    console: {
      title: 'Banding',
      intro: (days: number) =>
        'Pemilik akun yang menyatakan data Dapodik-nya salah. Selama banding terbuka, akun tidak ditangguhkan ' +
        `atau dihapus, paling lama ${days} hari sejak diajukan; setelah itu jadwalnya berlanjut dengan sendirinya.`,
      filters: {
        waiting: 'Menunggu',
        open: 'Belum diputuskan',
        correcting: 'Sedang diperbaiki',
        closed: 'Selesai',
        all: 'Semua',
      },
      columns: ['No.', 'Diajukan', 'Umur', 'Akun', 'Nama', 'Sekolah', 'Status', 'Ditahan sampai'],
      count: (n: string) => `${n} banding`,
      statuses: {
        open: 'Belum diputuskan',
        correcting: 'Sedang diperbaiki di Dapodik',
        closed: 'Selesai',
      } as Record<string, string>,
      outcomes: {
        data_correct: 'Data sudah benar',
        reactivated: 'Akun aktif kembali',
        not_corrected: 'Tidak diperbaiki di data berikutnya',
        expired: 'Kedaluwarsa: tidak dijawab',
      } as Record<string, string>,
      days: (n: number) => `${n} hari`,
      detailTitle: (id: number) => `Banding #${id}`,
      labels: {
        account: 'Akun',
        nama: 'Nama',
        school: 'Sekolah',
        accountStatus: 'Status akun sekarang',
        reason: 'Alasan menurut Dapodik',
        schedule: 'Jadwal akun',
        status: 'Status banding',
        filed: 'Diajukan',
        holdUntil: 'Ditahan paling lama sampai',
        age: 'Umur',
      },
      schedule: (suspend: string, remove: string) =>
        [suspend ? `tidak dapat masuk mulai ${suspend}` : '', remove ? `dihapus pada ${remove}` : '']
          .filter((p) => p !== '')
          .join(', ') || '–',
      wrote: 'Yang ditulis pemilik akun',
      check: 'Yang perlu diperiksa di Dapodik',
      decide: 'Keputusan',
      decideIntro:
        'Pemilik akun diberi tahu keputusan Anda melalui email, beserta catatan Anda jika ada. Keputusan dicatat di log audit.',
      note: 'Catatan untuk pemilik akun (boleh dikosongkan)',
      decisions: {
        data_correct: {
          button: 'Data sudah benar',
          help: (days: number) =>
            `Data Dapodik sudah benar. Banding selesai, dan jadwal penonaktifan berlanjut dengan pemberitahuan baru selama ${days} hari.`,
        },
        correcting: {
          button: 'Sedang diperbaiki di Dapodik',
          help:
            'Data Dapodik salah dan sedang diperbaiki. Jadwal tetap ditahan sampai data Dapodik berikutnya; jika data itu ' +
            'mencatat pemilik akun aktif, akun aktif kembali dan banding selesai.',
        },
      },
      done: {
        data_correct: 'Keputusan tersimpan: data sudah benar. Pemilik akun diberi tahu jadwal barunya.',
        correcting:
          'Keputusan tersimpan: data sedang diperbaiki. Jadwal tetap ditahan sampai data Dapodik berikutnya.',
      } as Record<string, string>,
      decisionsShort: {
        data_correct: 'data sudah benar',
        correcting: 'sedang diperbaiki di Dapodik',
      } as Record<string, string>,
      closedNote: 'Banding ini sudah selesai.',
      story: 'Riwayat banding',
      steps: {
        filed: (hold: string) => `Diajukan melalui Cek Akun; jadwal ditahan paling lama sampai ${hold}.`,
        decided: (decision: string, by: string) => `Diputuskan: ${decision} (oleh ${by}).`,
        closed: (outcome: string, by: string) => `Selesai: ${outcome} (oleh ${by}).`,
        newSchedule: (schedule: string) => `Jadwal baru: ${schedule}.`,
        note: 'Catatan',
      },
      noAppeals: 'Akun ini belum pernah diajukan banding.',
      open: 'Buka',
    },
    dashboard: {
      title: 'Banding per sekolah',
      none: 'Tidak ada banding yang menunggu atau kedaluwarsa.',
      columns: [
        'Sekolah',
        'Belum diputuskan',
        'Sedang diperbaiki',
        'Banding tertua',
        'Kedaluwarsa (90 hari terakhir)',
      ],
      expiredFlag:
        'Ada banding yang kedaluwarsa tanpa keputusan sekolah: jadwal penonaktifan akun itu berlanjut dengan sendirinya.',
      all: 'Lihat semua banding',
    },
  },
  en: {
    public: {
      cta: 'My data is wrong',
      intro: (days: number) =>
        'If the Dapodik data deactivating this account is wrong (for example you are still a student or still ' +
        'work at this school), tell us here. The school is told at once, and the account will not be suspended ' +
        `or deleted while the appeal is checked, for at most ${days} days.`,
      message: 'What is wrong?',
      messageHint: (max: string) =>
        `At most ${max} characters. Do not write your NIK, passwords or other personal data.`,
      email: 'Email for the outcome (optional)',
      emailHint:
        'The outcome is always sent to this account. This extra email is only used to tell you the outcome.',
      submit: 'Send appeal',
      errors: {
        heading: 'The appeal was not sent. Please check the following:',
        message: (max: string) => `Write what is wrong (at most ${max} characters).`,
        email: 'Enter a valid email address, or leave it empty.',
      },
      filed: {
        heading: 'Appeal sent',
        body: [
          'The school has been told and will check your data in Dapodik.',
          'The outcome is sent to your account (and to the email you gave). You can also see it on this page by ' +
            'looking up your account again.',
        ],
      },
      refused: {
        heading: 'The appeal could not be sent',
        open: 'An appeal for this account is already open. The school is checking it.',
        decided:
          'An appeal about this change was already decided. If your data is still wrong, contact your school operator directly.',
        not_pending: 'This account is not being deactivated, so there is nothing to appeal.',
      },
      invalid: {
        heading: 'Please look up your account again',
        body:
          'The appeal form is valid for 30 minutes after a look-up, and the look-up details must still match. ' +
          'Look up your account again, then send the appeal.',
      },
      again: 'Look up again',
      state: {
        open: (d: AppealDates) => [
          `Your appeal was received on ${d.filedOn} and the school is checking it.`,
          `While it is checked, the account will not be suspended or deleted, at most until ${d.holdUntil}.`,
        ],
        correcting: (d: AppealDates) => [
          'The school says your data is being corrected in Dapodik.',
          `The account will not be suspended or deleted until the next Dapodik data arrives, at most until ${d.holdUntil}. ` +
            'If that data shows you active, the account becomes active again by itself.',
        ],
        data_correct: (d: AppealDates) => [
          `The school checked your appeal on ${d.decidedOn} and says the Dapodik data is correct.`,
          'The deactivation continues with the new dates shown above.',
        ],
        not_corrected: (_d: AppealDates) => [
          'The school said it was correcting your data, but the latest Dapodik data has not changed.',
          'The deactivation continues with the new dates shown above.',
        ],
        expired: (d: AppealDates) => [
          `The school did not answer your appeal by ${d.holdUntil}.`,
          'The deactivation continues with the new dates shown above. Contact your school operator directly.',
        ],
        reactivated: (_d: AppealDates) => [
          'Your appeal is finished: the latest Dapodik data shows you active again.',
        ],
      },
    },
    console: {
      title: 'Appeals',
      intro: (days: number) =>
        'Account owners who say their Dapodik data is wrong. While an appeal is open the account is not ' +
        `suspended or deleted, for at most ${days} days from filing; after that its schedule continues by itself.`,
      filters: {
        waiting: 'Waiting',
        open: 'Not yet decided',
        correcting: 'Being corrected',
        closed: 'Finished',
        all: 'All',
      },
      columns: ['No.', 'Filed', 'Age', 'Account', 'Name', 'School', 'Status', 'On hold until'],
      count: (n: string) => `${n} appeals`,
      statuses: {
        open: 'Not yet decided',
        correcting: 'Being corrected in Dapodik',
        closed: 'Finished',
      } as Record<string, string>,
      outcomes: {
        data_correct: 'Data is correct',
        reactivated: 'Account active again',
        not_corrected: 'Not corrected in the next data',
        expired: 'Expired: not answered',
      } as Record<string, string>,
      days: (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`,
      detailTitle: (id: number) => `Appeal #${id}`,
      labels: {
        account: 'Account',
        nama: 'Name',
        school: 'School',
        accountStatus: 'Account status now',
        reason: 'Reason according to Dapodik',
        schedule: 'Account schedule',
        status: 'Appeal status',
        filed: 'Filed',
        holdUntil: 'On hold until at most',
        age: 'Age',
      },
      schedule: (suspend: string, remove: string) =>
        [suspend ? `sign-in blocked from ${suspend}` : '', remove ? `deleted on ${remove}` : '']
          .filter((p) => p !== '')
          .join(', ') || '–',
      wrote: 'What the account owner wrote',
      check: 'What to check in Dapodik',
      decide: 'Decision',
      decideIntro:
        'The account owner is told your decision by email, with your note if you write one. Decisions are recorded in the audit log.',
      note: 'Note for the account owner (optional)',
      decisions: {
        data_correct: {
          button: 'Data is correct',
          help: (days: number) =>
            `Dapodik is right. The appeal is finished, and the deactivation continues with a fresh notice of ${days} days.`,
        },
        correcting: {
          button: 'Being corrected in Dapodik',
          help:
            'Dapodik is wrong and is being corrected. The schedule stays on hold until the next Dapodik data; if that ' +
            'data shows the owner active, the account becomes active again and the appeal is finished.',
        },
      },
      done: {
        data_correct: 'Decision saved: the data is correct. The account owner is told the new dates.',
        correcting:
          'Decision saved: the data is being corrected. The schedule stays on hold until the next Dapodik data.',
      } as Record<string, string>,
      decisionsShort: {
        data_correct: 'the data is correct',
        correcting: 'being corrected in Dapodik',
      } as Record<string, string>,
      closedNote: 'This appeal is finished.',
      story: 'Appeal history',
      steps: {
        filed: (hold: string) => `Filed through Cek Akun; schedule on hold until ${hold} at most.`,
        decided: (decision: string, by: string) => `Decided: ${decision} (by ${by}).`,
        closed: (outcome: string, by: string) => `Finished: ${outcome} (by ${by}).`,
        newSchedule: (schedule: string) => `New schedule: ${schedule}.`,
        note: 'Note',
      },
      noAppeals: 'This account has never been appealed.',
      open: 'Open',
    },
    dashboard: {
      title: 'Appeals by school',
      none: 'No appeals waiting or expired.',
      columns: ['School', 'Not yet decided', 'Being corrected', 'Oldest appeal', 'Expired (last 90 days)'],
      expiredFlag:
        'Some appeals expired without a decision from the school: those accounts’ deactivation continued by itself.',
      all: 'See all appeals',
    },
  },
});

export function appealsText(lang: Lang) {
  return textOf(APPEALS_TEXT, lang);
}
