// The dashboard's words: chart titles, jenjang, account and outbox statuses, event groups.
import type { Lang } from '../web-types.js';
import { defineText, textOf } from './i18n.js';

export const DASHBOARD_TEXT = defineText({
  id: {
    title: 'Dasbor',
    scopeNote: (area: string) => `Semua angka di halaman ini hanya untuk ${area}.`,
    national: 'seluruh Indonesia',
    areaOf: (role: string, code: string) =>
      role === 'dinas' ? `kode wilayah ${code}` : `sekolah NPSN ${code}`,
    stats: {
      accounts: 'Akun',
      active: 'Akun aktif',
      lastRun: 'Perubahan di sinkronisasi terakhir',
      pendingMail: 'Antrean keluar menunggu',
      failedMail: 'Antrean keluar gagal',
    },
    accountsTitle: 'Akun menurut jenjang dan status',
    eventsTitle: 'Perubahan yang diterapkan per sinkronisasi',
    outboxTitle: 'Antrean keluar (surel dan provisioning)',
    pendingTitle: 'Menunggu keputusan Anda',
    pendingNone: 'Tidak ada cakupan ditahan yang menunggu keputusan Anda.',
    pendingItem: (run: number, date: string) => `Sinkronisasi #${run} (data ${date})`,
    open: 'Buka untuk memutuskan',
    columns: {
      jenjang: 'Jenjang',
      total: 'Jumlah',
      run: 'Sinkronisasi',
      date: 'Tanggal data',
      channel: 'Saluran',
      scope: 'Cakupan',
      reason: 'Alasan',
      count: 'Perubahan ditahan',
    },
    jenjang: {
      paud: 'PAUD',
      sd: 'SD',
      smp: 'SMP',
      sma: 'SMA',
      smk: 'SMK',
      slb: 'SLB',
      kesetaraan: 'Kesetaraan',
    } as Record<string, string>,
    accountStatus: {
      active: 'Aktif',
      deactivating: 'Akan dinonaktifkan',
      suspended: 'Ditangguhkan',
      deleted: 'Dihapus',
    } as Record<string, string>,
    outboxStatus: {
      pending: 'Menunggu',
      sending: 'Sedang dikirim',
      sent: 'Terkirim',
      failed: 'Gagal',
    } as Record<string, string>,
    channels: { mail: 'Surel', provision: 'Provisioning' } as Record<string, string>,
    groups: {
      joined: 'Masuk',
      moved: 'Pindah',
      left: 'Keluar',
      other: 'Lainnya',
    },
    groupsNote:
      'Masuk: akun baru atau aktif kembali. Pindah: pindah sekolah, jenjang atau peran. Keluar: dinonaktifkan, ditangguhkan atau dihapus. Lainnya: data diri diperbarui, pengingat, menunggu jenjang berikutnya.',
  },
  en: {
    title: 'Dashboard',
    scopeNote: (area: string) => `Every number on this page covers ${area} only.`,
    national: 'all of Indonesia',
    areaOf: (role: string, code: string) =>
      role === 'dinas' ? `region code ${code}` : `school NPSN ${code}`,
    stats: {
      accounts: 'Accounts',
      active: 'Active accounts',
      lastRun: 'Changes in the latest run',
      pendingMail: 'Outbox waiting',
      failedMail: 'Outbox failed',
    },
    accountsTitle: 'Accounts by jenjang and status',
    eventsTitle: 'Changes applied per run',
    outboxTitle: 'Outbox (mail and provisioning)',
    pendingTitle: 'Waiting for your decision',
    pendingNone: 'No held scope is waiting for your decision.',
    pendingItem: (run: number, date: string) => `Run #${run} (data of ${date})`,
    open: 'Open to decide',
    columns: {
      jenjang: 'Jenjang',
      total: 'Total',
      run: 'Run',
      date: 'Data date',
      channel: 'Channel',
      scope: 'Scope',
      reason: 'Reason',
      count: 'Changes held',
    },
    jenjang: {
      paud: 'Early childhood (PAUD)',
      sd: 'Primary (SD)',
      smp: 'Lower secondary (SMP)',
      sma: 'Upper secondary (SMA)',
      smk: 'Vocational (SMK)',
      slb: 'Special needs (SLB)',
      kesetaraan: 'Equivalency',
    } as Record<string, string>,
    accountStatus: {
      active: 'Active',
      deactivating: 'Being deactivated',
      suspended: 'Suspended',
      deleted: 'Deleted',
    } as Record<string, string>,
    outboxStatus: {
      pending: 'Waiting',
      sending: 'Sending',
      sent: 'Sent',
      failed: 'Failed',
    } as Record<string, string>,
    channels: { mail: 'Mail', provision: 'Provisioning' } as Record<string, string>,
    groups: {
      joined: 'Joined',
      moved: 'Moved',
      left: 'Left',
      other: 'Other',
    },
    groupsNote:
      'Joined: new or reactivated accounts. Moved: changed school, level or role. Left: deactivated, suspended or deleted. Other: profile updates, reminders, awaiting the next level.',
  },
});

export function dashboardText(lang: Lang) {
  return textOf(DASHBOARD_TEXT, lang);
}
