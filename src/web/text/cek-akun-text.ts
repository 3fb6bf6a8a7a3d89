// The public Cek Akun page. Its readers are teachers, pupils and pupils' parents, not operators: short
// sentences, "Anda" throughout, and always what to do next. Dates arrive already formatted.
import { defineText } from './i18n.js';

/** Dates of a pending change, formatted for the page's language ('' when unknown). */
export interface ChangeDates {
  lastDay: string;
  suspendOn: string;
  deleteOn: string;
  since: string;
  deadline: string;
  decideOn: string;
  reason: string;
}

export const CEK_AKUN_TEXT = defineText({
  id: {
    title: 'Cek Akun belajar.id',
    intro:
      'Cari alamat akun belajar.id Anda dan statusnya. Isi data sesuai yang tercatat di Dapodik. ' +
      'Orang tua atau wali dapat mengisi data anaknya.',
    privacy: 'Kami tidak menampilkan NIK, NISN, tanggal lahir, atau data pribadi lain.',
    form: {
      kind: 'Jenis pengguna',
      kinds: { ptk: 'Guru atau tenaga kependidikan (PTK)', pd: 'Peserta didik (siswa)' },
      npsn: 'NPSN sekolah',
      npsnHint: '8 karakter, misalnya 20100001. Tanyakan kepada sekolah jika tidak tahu.',
      nama: 'Nama lengkap',
      namaHint: 'Sesuai Dapodik. Gelar boleh ditulis atau tidak.',
      tanggalLahir: 'Tanggal lahir',
      submit: 'Cek akun',
    },
    errors: {
      heading: 'Periksa kembali isian berikut:',
      kind: 'Pilih jenis pengguna.',
      npsn: 'NPSN harus 8 karakter (angka atau huruf).',
      nama: 'Tulis nama lengkap (paling banyak 100 karakter).',
      tanggalLahir: 'Tulis tanggal lahir yang benar (hari, bulan, tahun).',
    },
    notFound: {
      heading: 'Data tidak ditemukan',
      body: [
        'Kami tidak menemukan akun dengan data tersebut.',
        'Periksa kembali jenis pengguna, NPSN, nama lengkap, dan tanggal lahir, lalu coba lagi.',
        'Jika semua sudah benar, mintalah operator sekolah memeriksa data Anda di Dapodik.',
      ],
    },
    found: {
      heading: 'Akun ditemukan',
      none:
        'Data Anda ditemukan, tetapi saat ini tidak ada akun belajar.id yang aktif. ' +
        'Tanyakan kepada operator sekolah apakah data Anda di Dapodik sudah lengkap.',
      again: 'Cek data lain',
    },
    labels: { address: 'Alamat akun', status: 'Status', school: 'Sekolah', role: 'Peran' },
    statuses: {
      active: 'Aktif. Akun dapat digunakan.',
      deactivating: 'Sedang dinonaktifkan. Akun masih dapat digunakan untuk sementara.',
      suspended: 'Ditangguhkan. Akun tidak dapat digunakan untuk masuk.',
    },
    activeNext: 'Gunakan alamat ini untuk masuk. Jika lupa kata sandi, hubungi operator sekolah.',
    change: {
      deactivating: (d: ChangeDates) => [
        d.reason ? `Alasan menurut Dapodik: ${d.reason}.` : '',
        d.lastDay ? `Akun masih dapat digunakan sampai ${d.lastDay}.` : '',
        d.suspendOn ? `Mulai ${d.suspendOn}, akun tidak dapat digunakan untuk masuk.` : '',
        d.deleteOn ? `Pada ${d.deleteOn}, akun dan seluruh isinya dihapus permanen.` : '',
        'Cadangkan data penting (email, dokumen, dan berkas) sebelum tanggal tersebut.',
        'Jika data ini keliru, segera minta operator sekolah memperbaiki data Anda di Dapodik. ' +
          'Setelah diperbaiki, akun aktif kembali.',
      ],
      suspended: (d: ChangeDates) => [
        d.reason ? `Alasan menurut Dapodik: ${d.reason}.` : '',
        d.since ? `Akun ditangguhkan sejak ${d.since}.` : '',
        d.deleteOn ? `Pada ${d.deleteOn}, akun dan seluruh isinya dihapus permanen.` : '',
        'Jika data ini keliru, segera minta operator sekolah memperbaiki data Anda di Dapodik ' +
          'sebelum tanggal tersebut. Setelah diperbaiki, akun aktif kembali.',
      ],
      continuation: (d: ChangeDates) => [
        'Anda tercatat lulus dan belum terdaftar di sekolah jenjang berikutnya.',
        `Batas waktu: ${d.deadline}. Sampai tanggal itu akun tetap aktif.`,
        'Jika Anda sudah mendaftar di sekolah baru, mintalah operator sekolah tersebut memasukkan data ' +
          'Anda ke Dapodik. Akun untuk jenjang yang baru akan dibuat.',
        'Jika sampai batas waktu belum tercatat, akun ini akan dinonaktifkan.',
      ],
      waiting: (d: ChangeDates) => [
        `Sejak ${d.since}, data Dapodik terbaru tidak lagi mencatat Anda di sekolah ini` +
          (d.reason ? ` (${d.reason}).` : '.'),
        `Kami menunggu data dari sekolah tujuan sampai ${d.decideOn}. Sampai tanggal itu akun tetap aktif.`,
        'Jika Anda masih di sekolah ini, mintalah operator sekolah memeriksa data Anda di Dapodik.',
      ],
    },
    limited: {
      heading: 'Terlalu banyak pencarian',
      body: (wait: string) => `Mohon tunggu ${wait}, lalu coba lagi.`,
      seconds: (n: number) => `${n} detik`,
    },
  },
  en: {
    title: 'Check your belajar.id account',
    intro:
      'Find your belajar.id account address and its status. Enter your details as they are recorded in ' +
      'Dapodik. Parents or guardians may enter their child’s details.',
    privacy: 'We never show NIK, NISN, birth dates or other personal data.',
    form: {
      kind: 'Type of user',
      kinds: { ptk: 'Teacher or school staff (PTK)', pd: 'Student (peserta didik)' },
      npsn: 'School NPSN',
      npsnHint: '8 characters, for example 20100001. Ask your school if you do not know it.',
      nama: 'Full name',
      namaHint: 'As in Dapodik. You may leave out academic titles.',
      tanggalLahir: 'Date of birth',
      submit: 'Check account',
    },
    errors: {
      heading: 'Please check the following:',
      kind: 'Choose the type of user.',
      npsn: 'The NPSN must be 8 characters (digits or letters).',
      nama: 'Enter the full name (at most 100 characters).',
      tanggalLahir: 'Enter a valid date of birth (day, month, year).',
    },
    notFound: {
      heading: 'No match found',
      body: [
        'We could not find an account with these details.',
        'Check the type of user, the NPSN, the full name and the date of birth, then try again.',
        'If everything is correct, ask your school operator to check your data in Dapodik.',
      ],
    },
    found: {
      heading: 'Account found',
      none:
        'We found your data, but there is no active belajar.id account at the moment. ' +
        'Ask your school operator whether your Dapodik data is complete.',
      again: 'Check another person',
    },
    labels: { address: 'Account address', status: 'Status', school: 'School', role: 'Role' },
    statuses: {
      active: 'Active. The account can be used.',
      deactivating: 'Being deactivated. The account can still be used for now.',
      suspended: 'Suspended. You can no longer sign in to the account.',
    },
    activeNext: 'Use this address to sign in. If you forgot the password, contact your school operator.',
    change: {
      deactivating: (d: ChangeDates) => [
        d.reason ? `Reason according to Dapodik: ${d.reason}.` : '',
        d.lastDay ? `You can keep using the account until ${d.lastDay}.` : '',
        d.suspendOn ? `From ${d.suspendOn} you can no longer sign in to it.` : '',
        d.deleteOn ? `On ${d.deleteOn} the account and everything in it are permanently deleted.` : '',
        'Back up your important data (email, documents and files) before then.',
        'If this is wrong, ask your school operator to correct your data in Dapodik straight away. ' +
          'Once it is corrected, the account becomes active again.',
      ],
      suspended: (d: ChangeDates) => [
        d.reason ? `Reason according to Dapodik: ${d.reason}.` : '',
        d.since ? `The account has been suspended since ${d.since}.` : '',
        d.deleteOn ? `On ${d.deleteOn} the account and everything in it are permanently deleted.` : '',
        'If this is wrong, ask your school operator to correct your data in Dapodik before that date. ' +
          'Once it is corrected, the account becomes active again.',
      ],
      continuation: (d: ChangeDates) => [
        'You are recorded as graduated and not yet enrolled at a school of the next level.',
        `Deadline: ${d.deadline}. Until then the account stays active.`,
        'If you have enrolled at a new school, ask that school’s operator to enter your data in Dapodik. ' +
          'An account for the new level will then be created.',
        'If you are not enrolled by the deadline, this account will be deactivated.',
      ],
      waiting: (d: ChangeDates) => [
        `Since ${d.since} the latest Dapodik data no longer lists you at this school` +
          (d.reason ? ` (${d.reason}).` : '.'),
        `We are waiting for data from a new school until ${d.decideOn}. Until then the account stays active.`,
        'If you are still at this school, ask your school operator to check your data in Dapodik.',
      ],
    },
    limited: {
      heading: 'Too many searches',
      body: (wait: string) => `Please wait ${wait}, then try again.`,
      seconds: (n: number) => `${n} seconds`,
    },
  },
});
