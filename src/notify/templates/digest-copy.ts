// Wording of the school digest, for the school's admin accounts.
import type { EventType } from '../../domain/accounts.js';
import type { Lang } from './mail-format.js';

export interface DigestCopy {
  subject(school: string, date: string): string;
  greeting: string;
  intro(school: string, npsn: string, runId: number, date: string): string;
  credentialsHeading: string;
  credentials(count: number): string;
  heldHeading: string;
  held(count: number, scope: string, reason: string): string;
  heldNote: string;
  joined(count: number): string;
  moved(count: number): string;
  left(count: number): string;
  more(count: number): string;
  closing: string;
  signature: readonly string[];
  footnote: string;
  thisSchool: string;
  wholeRun: string;
  province(code: string): string;
  otherSchool(npsn: string): string;
  heldReasons: Readonly<Record<string, string>>;
  appealsHeading(count: number): string;
  appeal(id: number, status: 'open' | 'correcting', filedOn: string, holdUntil: string): string;
  appealsNote: string;
  types: Readonly<Partial<Record<EventType, string>>>;
}

const ID: DigestCopy = {
  subject: (school, date) => `Ringkasan perubahan akun belajar.id ${school} per ${date}`,
  greeting: 'Yth. Bapak/Ibu Admin Sekolah,',
  intro: (school, npsn, runId, date) =>
    `Berikut ringkasan perubahan akun belajar.id di ${school} (NPSN ${npsn}) dari sinkronisasi Dapodik ` +
    `nomor ${runId}, berdasarkan data per ${date}.`,
  credentialsHeading: 'Akun baru siap diunduh',
  credentials: (count) =>
    `${count} akun baru siap diunduh. Buka menu Unduh Akun untuk mengunduh kata sandi awal, lalu ` +
    'serahkan kepada pemilik akun masing-masing secara langsung dan jaga kerahasiaannya.',
  heldHeading: 'Perubahan yang ditahan',
  held: (count, scope, reason) => `${count} perubahan untuk ${scope} ditahan karena ${reason}.`,
  heldNote:
    'Perubahan ini belum diterapkan dan menunggu pemeriksaan petugas dinas atau pusat. ' +
    'Mohon pastikan data sekolah di Dapodik sudah lengkap dan benar.',
  joined: (count) => `Bergabung (${count})`,
  moved: (count) => `Pindah (${count})`,
  left: (count) => `Keluar (${count})`,
  more: (count) => `… dan ${count} lainnya. Daftar lengkap tersedia di Selaras.`,
  closing:
    'Jika ada data yang tidak sesuai, mohon perbaiki di Dapodik; akun akan menyesuaikan pada sinkronisasi berikutnya.',
  signature: ['Salam hormat,', 'Tim Layanan Akun belajar.id'],
  footnote: 'Email ini dikirim otomatis kepada admin sekolah; mohon tidak membalas email ini.',
  thisSchool: 'sekolah ini',
  wholeRun: 'seluruh sinkronisasi ini',
  province: (code) => `provinsi dengan kode wilayah ${code}`,
  otherSchool: (npsn) => `sekolah dengan NPSN ${npsn}`,
  heldReasons: {
    threshold: 'jumlah akun yang akan dinonaktifkan melebihi batas aman',
    seasonal_threshold: 'jumlah kelulusan melebihi batas musiman',
    completeness: 'data sekolah di Dapodik tampak tidak lengkap',
    rejected_share: 'terlalu banyak baris data yang ditolak',
    source_error: 'data sekolah tidak dapat dibaca dari Dapodik',
  },
  appealsHeading: (count) => `Banding yang menunggu keputusan (${count})`,
  appeal: (id, status, filedOn, holdUntil) =>
    `banding #${id}, diajukan ${filedOn}, ` +
    (status === 'open' ? 'belum diputuskan' : 'sedang diperbaiki di Dapodik') +
    `, ditahan paling lama sampai ${holdUntil}`,
  appealsNote:
    'Akun-akun ini tidak ditangguhkan atau dihapus selama banding terbuka. Periksa data mereka di Dapodik ' +
    'dan beri keputusan di menu Banding Selaras sebelum batas waktunya.',
  types: {
    account_created: 'Akun baru',
    account_reactivated: 'Aktif kembali',
    ptk_transferred: 'Pindah tugas',
    pd_transferred: 'Pindah sekolah',
    pd_level_changed: 'Pindah jenjang',
    ptk_role_changed: 'Perubahan peran',
    ptk_deactivated: 'Dinonaktifkan',
    pd_deactivated: 'Dinonaktifkan',
    pd_continuation_pending: 'Menunggu pendaftaran di jenjang berikutnya',
    profile_updated: 'Data diri diperbarui',
    deactivation_reminder: 'Pengingat penonaktifan',
    account_suspended: 'Tidak dapat masuk',
    account_deleted: 'Dihapus',
  },
};

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

const EN: DigestCopy = {
  subject: (school, date) => `belajar.id account changes at ${school} as of ${date}`,
  greeting: 'Dear school administrator,',
  intro: (school, npsn, runId, date) =>
    `Here is a summary of the belajar.id account changes at ${school} (NPSN ${npsn}) from Dapodik sync ` +
    `run ${runId}, based on the data as of ${date}.`,
  credentialsHeading: 'New accounts ready to download',
  credentials: (count) =>
    `${plural(count, 'new account is', 'new accounts are')} ready to download. Open Unduh Akun (Download ` +
    'Accounts) to download the initial passwords, then hand each one to its owner in person and keep them ' +
    'confidential.',
  heldHeading: 'Changes on hold',
  held: (count, scope, reason) =>
    `${plural(count, 'change', 'changes')} for ${scope} ${count === 1 ? 'is' : 'are'} on hold because ${reason}.`,
  heldNote:
    'These changes have not been applied and are waiting for review by the district or national office. ' +
    'Please make sure the school’s data in Dapodik is complete and correct.',
  joined: (count) => `Joined (${count})`,
  moved: (count) => `Moved (${count})`,
  left: (count) => `Left (${count})`,
  more: (count) => `… and ${count} more. The full list is available in Selaras.`,
  closing: 'If any of this is wrong, please correct it in Dapodik; accounts follow at the next sync.',
  signature: ['Kind regards,', 'The belajar.id Account Team'],
  footnote: 'This email was sent automatically to the school’s administrators; please do not reply.',
  thisSchool: 'this school',
  wholeRun: 'this whole sync run',
  province: (code) => `the province with region code ${code}`,
  otherSchool: (npsn) => `the school with NPSN ${npsn}`,
  heldReasons: {
    threshold: 'more accounts would be deactivated than the safety limit allows',
    seasonal_threshold: 'more graduations than the seasonal limit allows',
    completeness: 'the school’s data in Dapodik looks incomplete',
    rejected_share: 'too many data rows were rejected',
    source_error: 'the school’s data could not be read from Dapodik',
  },
  appealsHeading: (count) => `Appeals waiting for a decision (${count})`,
  appeal: (id, status, filedOn, holdUntil) =>
    `appeal #${id}, filed ${filedOn}, ` +
    (status === 'open' ? 'not yet decided' : 'being corrected in Dapodik') +
    `, on hold until ${holdUntil} at most`,
  appealsNote:
    'These accounts are not suspended or deleted while their appeal is open. Check their data in Dapodik ' +
    'and decide in the Appeals menu of Selaras before the deadline.',
  types: {
    account_created: 'New account',
    account_reactivated: 'Active again',
    ptk_transferred: 'Transferred',
    pd_transferred: 'Changed school',
    pd_level_changed: 'Moved to another level',
    ptk_role_changed: 'Role changed',
    ptk_deactivated: 'Deactivated',
    pd_deactivated: 'Deactivated',
    pd_continuation_pending: 'Awaiting enrolment at the next level',
    profile_updated: 'Profile updated',
    deactivation_reminder: 'Deactivation reminder',
    account_suspended: 'Sign-in blocked',
    account_deleted: 'Deleted',
  },
};

const DIGEST_COPY: Readonly<Record<Lang, DigestCopy>> = { id: ID, en: EN };

export function digestCopy(lang: Lang): DigestCopy {
  return DIGEST_COPY[lang] ?? ID;
}
