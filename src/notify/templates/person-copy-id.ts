// Bahasa Indonesia, the default. Teachers and staff are addressed as "Bapak/Ibu", pupils as "Anda".
import type { PersonKind } from './mail-types.js';
import type {
  CopyContext,
  PdDeactivationReason,
  PersonCopy,
  PtkDeactivationReason,
  SectionText,
} from './person-copy.js';

const you = (kind: PersonKind): string => (kind === 'ptk' ? 'Bapak/Ibu' : 'Anda');

const DEACTIVATION_SUBJECT = 'Akun belajar.id Anda akan dinonaktifkan';

function correction(c: CopyContext): string {
  return `Jika data ini tidak sesuai, mintalah operator sekolah memperbaiki data ${you(c.kind)} di Dapodik.`;
}

function correctionBeforeSuspend(c: CopyContext): string {
  return (
    `Jika data ini tidak sesuai, segera minta operator sekolah memperbaiki data ${you(c.kind)} di Dapodik ` +
    `sebelum ${c.suspend}. Setelah data diperbaiki, akun akan aktif kembali.`
  );
}

function schedule(c: CopyContext, account: string): string {
  return (
    `Akun ${account} masih dapat digunakan sampai ${c.lastDay}. Mulai ${c.suspend}, ${you(c.kind)} tidak dapat ` +
    `lagi masuk ke akun ini, dan pada ${c.remove} akun beserta seluruh isinya dihapus permanen.`
  );
}

function backup(c: CopyContext): string {
  return `Cadangkan data penting (email, dokumen, dan berkas) dari akun ${c.from} sebelum ${c.suspend}.`;
}

function deactivation(why: string, c: CopyContext, extraSteps: string[] = []): SectionText {
  return {
    subject: DEACTIVATION_SUBJECT,
    heading: `Akun ${c.from} akan dinonaktifkan`,
    body: [why, schedule(c, c.from)],
    steps: [backup(c), ...extraSteps, correctionBeforeSuspend(c)],
  };
}

const PTK_WHY: Readonly<Record<PtkDeactivationReason, (c: CopyContext) => string>> = {
  pensiun: (c) =>
    `Menurut data Dapodik, Bapak/Ibu telah memasuki masa pensiun dari ${c.fromSchool}. ` +
    'Terima kasih atas pengabdian Bapak/Ibu selama ini.',
  mutasi: (c) =>
    `Menurut data Dapodik, Bapak/Ibu tercatat mutasi dari ${c.fromSchool} ke instansi yang tidak terdata di Dapodik.`,
  mengundurkan_diri: (c) =>
    `Menurut data Dapodik, Bapak/Ibu tercatat mengundurkan diri dari ${c.fromSchool}.`,
  diberhentikan: (c) => `Menurut data Dapodik, Bapak/Ibu tercatat diberhentikan dari ${c.fromSchool}.`,
  school_closed: (c) =>
    `Menurut data Dapodik, ${c.fromSchool} sudah tidak terdaftar lagi (ditutup atau digabungkan dengan sekolah lain).`,
  absent: (c) =>
    `Nama Bapak/Ibu tidak lagi tercantum sebagai PTK di ${c.fromSchool} pada data Dapodik terbaru.`,
  no_account_role: (c) =>
    `Menurut data Dapodik, jenis PTK Bapak/Ibu di ${c.fromSchool} saat ini tidak termasuk jenis yang ` +
    'mendapatkan akun belajar.id.',
  other: (c) => `Menurut data Dapodik, penugasan Bapak/Ibu di ${c.fromSchool} telah berakhir.`,
};

const PD_WHY: Readonly<Record<PdDeactivationReason, (c: CopyContext) => string>> = {
  lulus: (c) =>
    `Selamat atas kelulusan Anda dari ${c.fromSchool}! Karena Anda tidak lagi terdaftar sebagai peserta didik, ` +
    'akun belajar.id Anda akan dinonaktifkan.',
  putus_sekolah: (c) =>
    `Menurut data Dapodik, Anda tercatat tidak lagi bersekolah (putus sekolah) di ${c.fromSchool}.`,
  dikeluarkan: (c) => `Menurut data Dapodik, Anda tercatat telah dikeluarkan dari ${c.fromSchool}.`,
  mengundurkan_diri: (c) => `Menurut data Dapodik, Anda tercatat mengundurkan diri dari ${c.fromSchool}.`,
  mutasi: (c) =>
    `Menurut data Dapodik, Anda tercatat pindah (mutasi) dari ${c.fromSchool} ke sekolah yang tidak terdata di Dapodik.`,
  school_closed: PTK_WHY.school_closed,
  absent: (c) =>
    `Nama Anda tidak lagi tercantum sebagai peserta didik di ${c.fromSchool} pada data Dapodik terbaru.`,
  continuation_ended: (c) =>
    `Anda telah lulus dari ${c.fromSchool}, tetapi sampai batas waktu ${c.deadline} Anda belum tercatat ` +
    'di sekolah jenjang berikutnya pada Dapodik.',
  other: (c) => `Menurut data Dapodik, Anda tidak lagi terdaftar sebagai peserta didik di ${c.fromSchool}.`,
};

export const PERSON_COPY_ID: PersonCopy = {
  greeting: (kind, nama) => (kind === 'ptk' ? `Yth. Bapak/Ibu ${nama},` : `Halo ${nama},`),
  intro: (kind, changes) =>
    changes > 1
      ? `Berdasarkan data Dapodik terbaru, ada ${changes} perubahan pada akun belajar.id ${you(kind)}. ` +
        'Rinciannya sebagai berikut.'
      : `Berdasarkan data Dapodik terbaru, ada perubahan pada akun belajar.id ${you(kind)}.`,
  combinedSubject: 'Perubahan akun belajar.id Anda',
  nextSteps: (kind) => `Yang perlu ${you(kind)} lakukan:`,
  labels: {
    effective: 'Berlaku sejak',
    address: 'Alamat akun',
    oldAddress: 'Alamat lama',
    newAddress: 'Alamat baru',
    school: 'Sekolah',
    oldSchool: 'Sekolah lama',
    newSchool: 'Sekolah baru',
    lastDay: 'Dapat digunakan sampai',
    suspend: 'Tidak dapat masuk mulai',
    remove: 'Dihapus permanen pada',
    deadline: 'Batas waktu mendaftar',
  },
  signature: ['Salam hormat,', 'Tim Layanan Akun belajar.id'],
  footnote:
    'Email ini dikirim otomatis; mohon tidak membalas email ini. Data akun mengikuti Dapodik. ' +
    'Pertanyaan tentang data Dapodik dapat disampaikan kepada operator sekolah.',

  ptkDeactivated: (reason, c) => deactivation(PTK_WHY[reason](c), c),
  pdDeactivated: (reason, c) =>
    deactivation(
      PD_WHY[reason](c),
      c,
      reason === 'continuation_ended'
        ? [
            'Jika Anda sudah mendaftar di sekolah baru, mintalah operator sekolah tersebut memasukkan data Anda ' +
              'ke Dapodik; akun belajar.id untuk jenjang yang baru akan dibuat.',
          ]
        : [],
    ),
  reminder: (c) => ({
    subject: `Pengingat: akun belajar.id Anda tidak dapat digunakan mulai ${c.suspend}`,
    heading: `Pengingat untuk akun ${c.from}`,
    body: [`Akun ${c.from} sedang dalam proses penonaktifan.`, schedule(c, c.from)],
    steps: [
      `Segera cadangkan data penting (email, dokumen, dan berkas) sebelum ${c.suspend}.`,
      correctionBeforeSuspend(c),
    ],
  }),
  roleChanged: (toAdmin, c) => ({
    subject: 'Alamat akun belajar.id Anda berubah',
    heading: `Alamat akun berubah menjadi ${c.to}`,
    body: [
      `Menurut data Dapodik, Bapak/Ibu kini bertugas sebagai ${
        toAdmin ? 'admin sekolah (misalnya kepala sekolah atau tenaga kependidikan)' : 'guru'
      } di ${c.toSchool}. Karena itu, alamat utama akun Bapak/Ibu berubah dari ${c.from} menjadi ${c.to}.`,
      `Alamat lama tetap berfungsi sebagai alias: email yang dikirim ke ${c.from} tetap masuk ke akun ` +
        'Bapak/Ibu. Kata sandi dan seluruh data tidak berubah.',
    ],
    steps: [
      `Mulai ${c.effective}, masuklah dengan alamat baru ${c.to} dan kata sandi yang sama.`,
      'Beri tahu rekan dan kontak Bapak/Ibu tentang alamat baru ini.',
      correction(c),
    ],
  }),
  transferred: (c) => ({
    subject: 'Sekolah pada akun belajar.id Anda diperbarui',
    heading: `Pindah tugas ke ${c.toSchool}`,
    body: [
      `Menurut data Dapodik, Bapak/Ibu pindah tugas dari ${c.fromSchool} ke ${c.toSchool}. ` +
        'Akun belajar.id Bapak/Ibu tetap sama dan seluruh data tetap tersimpan.',
      c.renamed
        ? `Karena peran Bapak/Ibu juga berubah, alamat utama akun kini ${c.to}; alamat lama ${c.from} tetap ` +
          'berfungsi sebagai alias.'
        : '',
    ].filter((line) => line !== ''),
    steps: [
      c.renamed
        ? `Masuklah dengan alamat baru ${c.to} dan kata sandi yang sama.`
        : `Tetap masuk dengan alamat ${c.to} seperti biasa; tidak ada yang perlu diubah.`,
      correction(c),
    ],
  }),
  jenjangChanged: (c) => ({
    subject: `Akun belajar.id baru Anda untuk jenjang ${c.toJenjang}`,
    heading: `Akun baru untuk jenjang ${c.toJenjang}: ${c.to}`,
    body: [
      c.kind === 'ptk'
        ? `Menurut data Dapodik, Bapak/Ibu kini bertugas di ${c.toSchool} (jenjang ${c.toJenjang}). Karena ` +
          `jenjangnya berbeda dari ${c.fromSchool} (jenjang ${c.fromJenjang}), Bapak/Ibu mendapatkan akun baru ` +
          `${c.to}, dan akun lama ${c.from} akan dinonaktifkan.`
        : `Selamat, Anda kini terdaftar di ${c.toSchool} (jenjang ${c.toJenjang})! Anda mendapatkan akun baru ` +
          `${c.to} untuk jenjang ini, dan akun lama ${c.from} akan dinonaktifkan.`,
      schedule(c, `lama ${c.from}`),
    ],
    steps: [
      `Minta kata sandi awal kepada operator sekolah di ${c.toSchool}, lalu masuk dengan alamat baru ${c.to} ` +
        'dan segera ganti kata sandinya.',
      `Pindahkan data penting (email, dokumen, dan berkas) dari akun lama ${c.from} sebelum ${c.suspend}.`,
      correction(c),
    ],
  }),
  created: (c) => ({
    subject: 'Akun belajar.id Anda sudah dibuat',
    heading: `Akun baru: ${c.to}`,
    body: [
      `Akun belajar.id ${you(c.kind)} di ${c.toSchool} (jenjang ${c.toJenjang}) sudah dibuat dengan alamat ${c.to}.`,
    ],
    steps: [
      `Minta kata sandi awal kepada operator sekolah di ${c.toSchool}.`,
      `Masuk dengan alamat ${c.to} dan kata sandi awal tersebut, lalu segera ganti kata sandinya. ` +
        'Jangan berikan kata sandi kepada siapa pun.',
      correction(c),
    ],
  }),
  reactivated: (c) => ({
    subject: 'Akun belajar.id Anda aktif kembali',
    heading: `Akun ${c.to} aktif kembali`,
    body: [
      `Menurut data Dapodik terbaru, ${you(c.kind)} kembali terdaftar di ${c.toSchool}. Akun ${c.to} aktif ` +
        `kembali mulai ${c.effective}, dan penonaktifan yang dijadwalkan sebelumnya dibatalkan. ` +
        `Data ${you(c.kind)} tetap tersimpan.`,
    ],
    steps: [`Masuk dengan alamat ${c.to} dan kata sandi ${you(c.kind)} seperti biasa.`, correction(c)],
  }),
};
