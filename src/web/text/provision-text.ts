// The console's provisioning texts: the /provision page and the account page's provisioning section.
import { defineText } from './i18n.js';

export const PROVISION_TEXT = defineText({
  id: {
    title: 'Penyediaan akun',
    target: {
      heading: 'Tujuan',
      configured: (target: string) => `Perubahan akun dikirim ke ${target}.`,
      none: 'Belum ada tujuan penyediaan yang diatur. Perubahan akun tetap diantrekan dan dikirim begitu tujuan diatur.',
    },
    queue: {
      heading: 'Antrean',
      scoped: 'Hanya akun di wilayah Anda yang dihitung.',
      statuses: { pending: 'Menunggu', sending: 'Sedang dikirim', sent: 'Terkirim', failed: 'Gagal' },
      waiting: (n: string) => `${n} akun punya perubahan yang belum sampai.`,
      oldest: 'Antrean tertua',
      none: '—',
    },
    accounts: {
      heading: 'Akun di tujuan',
      states: { synced: 'Selaras', retrying: 'Dicoba lagi', failed: 'Gagal' } as Record<string, string>,
    },
    problems: {
      heading: 'Perlu perhatian',
      hint: 'Akun yang perubahan terakhirnya gagal atau menunggu dicoba lagi. Setelah penyebabnya diperbaiki, perintah ini mengantrekannya lagi:',
      columns: ['Akun', 'Status', 'Percobaan', 'Galat terakhir', 'Diperbarui'],
    },
    account: {
      heading: 'Penyediaan akun',
      notYet: 'Akun ini belum pernah sampai ke tujuan penyediaan.',
      state: 'Status',
      target: 'Tujuan',
      remoteId: 'ID di tujuan',
      syncedAt: 'Terakhir sampai',
      lastError: 'Galat terakhir',
      waiting: 'Perubahan menunggu',
      never: 'belum pernah',
      columns: ['Masuk antrean', 'Perubahan', 'Status', 'Percobaan', 'Terkirim', 'Galat'],
      changes: {
        create: 'dibuat',
        rename: 'alamat berganti',
        update: 'data berubah',
        suspend: 'ditangguhkan',
        reactivate: 'diaktifkan kembali',
        delete: 'dihapus',
      } as Record<string, string>,
    },
  },
  en: {
    title: 'Provisioning',
    target: {
      heading: 'Target',
      configured: (target: string) => `Account changes are pushed to ${target}.`,
      none: 'No provisioning target is configured. Account changes are still queued and are pushed once one is.',
    },
    queue: {
      heading: 'Queue',
      scoped: 'Only accounts in your area are counted.',
      statuses: { pending: 'Pending', sending: 'Sending', sent: 'Sent', failed: 'Failed' },
      waiting: (n: string) => `${n} accounts have changes not yet at the target.`,
      oldest: 'Oldest pending',
      none: '—',
    },
    accounts: {
      heading: 'Accounts at the target',
      states: { synced: 'In step', retrying: 'Retrying', failed: 'Failed' } as Record<string, string>,
    },
    problems: {
      heading: 'Needs attention',
      hint: 'Accounts whose latest change failed or waits to be retried. Once the cause is fixed, this command queues them again:',
      columns: ['Account', 'State', 'Attempts', 'Last error', 'Updated'],
    },
    account: {
      heading: 'Provisioning',
      notYet: 'This account has not reached the provisioning target yet.',
      state: 'State',
      target: 'Target',
      remoteId: 'Id at the target',
      syncedAt: 'Last reached',
      lastError: 'Last error',
      waiting: 'Changes waiting',
      never: 'never',
      columns: ['Queued', 'Change', 'Status', 'Attempts', 'Sent', 'Error'],
      changes: {
        create: 'created',
        rename: 'address changed',
        update: 'details changed',
        suspend: 'suspended',
        reactivate: 'reactivated',
        delete: 'deleted',
      } as Record<string, string>,
    },
  },
});
