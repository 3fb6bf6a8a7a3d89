// The audit log page: what each recorded action means, in plain words.
import type { Lang } from '../web-types.js';
import { defineText, textOf } from './i18n.js';

export const AUDIT_TEXT = defineText({
  id: {
    title: 'Log Audit',
    intro:
      'Catatan tetap atas setiap penerapan, persetujuan, penolakan, dan unduhan kata sandi awal, terbaru di atas. Catatan ini tidak dapat diubah atau dihapus.',
    scopedNote: 'Anda hanya melihat catatan tentang wilayah Anda.',
    columns: {
      at: 'Waktu',
      actor: 'Oleh',
      action: 'Tindakan',
      run: 'Sinkronisasi',
      scope: 'Cakupan',
      details: 'Rincian',
    },
    actions: {
      apply: 'Menerapkan sinkronisasi',
      approve: 'Menyetujui cakupan ditahan',
      reject: 'Menolak cakupan ditahan',
      supersede: 'Rencana digantikan',
      download_credentials: 'Mengunduh kata sandi awal',
      user_add: 'Menambah pengguna',
      token_add: 'Membuat token API',
      login: 'Masuk',
      appeal_filed: 'Banding diajukan',
      appeal_resolved: 'Memutuskan banding',
      appeal_expired: 'Banding kedaluwarsa',
      appeal_closed: 'Banding selesai',
    } as Record<string, string>,
  },
  en: {
    title: 'Audit log',
    intro:
      'A permanent record of every apply, approval, rejection and initial-password download, newest first. Entries can never be changed or deleted.',
    scopedNote: 'You only see entries about your area.',
    columns: {
      at: 'Time',
      actor: 'By',
      action: 'Action',
      run: 'Run',
      scope: 'Scope',
      details: 'Details',
    },
    actions: {
      apply: 'Applied a run',
      approve: 'Approved a held scope',
      reject: 'Rejected a held scope',
      supersede: 'Plan replaced',
      download_credentials: 'Downloaded initial passwords',
      user_add: 'Added an operator',
      token_add: 'Created an API token',
      login: 'Signed in',
      appeal_filed: 'Appeal filed',
      appeal_resolved: 'Decided an appeal',
      appeal_expired: 'Appeal expired',
      appeal_closed: 'Appeal finished',
    } as Record<string, string>,
  },
});

export function auditText(lang: Lang) {
  return textOf(AUDIT_TEXT, lang);
}
