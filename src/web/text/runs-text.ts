// Runs, events and held scopes in plain words. Event reasons come from the mail vocabulary
// (notify/templates/mail-format.ts), so a reason reads the same in an email and on a page.
import { reasonLabel } from '../../notify/templates/mail-format.js';
import type { Lang } from '../web-types.js';
import { defineText, textOf } from './i18n.js';

export const RUNS_TEXT = defineText({
  id: {
    listTitle: 'Sinkronisasi',
    detailTitle: (id: number) => `Sinkronisasi #${id}`,
    intro:
      'Setiap impor Dapodik (sinkronisasi) dan setiap pemeriksaan terjadwal (tick) tercatat di sini. Jumlah perubahan dihitung untuk wilayah Anda.',
    columns: {
      id: 'No.',
      kind: 'Jenis',
      status: 'Status',
      snapshot: 'Snapshot Dapodik',
      takenAt: 'Tanggal data',
      started: 'Mulai',
      finished: 'Selesai',
      applied: 'Perubahan diterapkan',
      held: 'Perubahan ditahan',
      event: 'Jenis perubahan',
      reason: 'Alasan',
      total: 'Jumlah',
      person: 'ID orang',
      address: 'Alamat akun',
    },
    kinds: { sync: 'Sinkronisasi Dapodik', tick: 'Pemeriksaan terjadwal' } as Record<string, string>,
    runStatus: {
      applying: 'Sedang diterapkan',
      planning: 'Sedang direncanakan',
      applied: 'Diterapkan',
      unchanged: 'Tidak ada perubahan',
      planned: 'Hanya rencana',
      held: 'Ditahan',
      partly_held: 'Sebagian ditahan',
      refused: 'Ditolak',
    } as Record<string, string>,
    eventStates: {
      applied: 'Diterapkan',
      held: 'Ditahan',
      rejected: 'Ditolak',
      superseded: 'Digantikan',
      planned: 'Direncanakan',
    } as Record<string, string>,
    holdStatus: {
      pending: 'Menunggu keputusan',
      approved: 'Disetujui',
      rejected: 'Ditolak',
      superseded: 'Digantikan sinkronisasi berikutnya',
    } as Record<string, string>,
    heldReasons: {
      threshold: 'Terlalu banyak akun akan dinonaktifkan (melebihi batas aman)',
      seasonal_threshold: 'Terlalu banyak kelulusan (melebihi batas musiman)',
      completeness: 'Data sekolah di Dapodik tampak tidak lengkap',
      rejected_share: 'Terlalu banyak baris data ditolak',
      source_error: 'Data sekolah gagal dibaca dari Dapodik',
    } as Record<string, string>,
    eventTypes: {
      ptk_deactivated: 'PTK dinonaktifkan',
      ptk_role_changed: 'Peran PTK berubah',
      ptk_transferred: 'PTK pindah tugas',
      pd_level_changed: 'Peserta didik pindah jenjang',
      pd_deactivated: 'Peserta didik dinonaktifkan',
      pd_transferred: 'Peserta didik pindah sekolah',
      pd_continuation_pending: 'Menunggu pendaftaran di jenjang berikutnya',
      account_created: 'Akun baru',
      account_reactivated: 'Akun aktif kembali',
      profile_updated: 'Data diri diperbarui',
      deactivation_reminder: 'Pengingat penonaktifan',
      account_suspended: 'Akun tidak dapat dipakai masuk',
      account_deleted: 'Akun dihapus',
    } as Record<string, string>,
    scopeLabel: (scope: string, school?: string) => {
      const [kind, code = ''] = scope.split(':', 2);
      if (kind === 'run') return 'Seluruh sinkronisasi';
      if (kind === 'provinsi') return `Provinsi dengan kode wilayah ${code}`;
      return `Sekolah ${school ? `${school} ` : ''}(NPSN ${code})`;
    },
    noReason: '(tanpa alasan)',
    facts: {
      status: 'Status',
      kind: 'Jenis',
      snapshot: 'Snapshot Dapodik',
      takenAt: 'Tanggal data',
      started: 'Mulai',
      finished: 'Selesai',
      message: 'Keterangan',
      rejectedRows: 'Baris data ditolak',
    },
    byType: 'Perubahan menurut jenis',
    byReason: 'Perubahan menurut alasan',
    scopeNote: 'Hanya perubahan yang menyangkut sekolah di wilayah Anda yang dihitung.',
    heldTitle: 'Cakupan yang ditahan',
    noHolds: 'Tidak ada cakupan yang ditahan di wilayah Anda.',
    hiddenHolds: (n: number) => `${n} cakupan lain yang ditahan berada di luar wilayah Anda.`,
    hold: {
      reason: 'Alasan ditahan',
      count: 'Perubahan ditahan',
      status: 'Status',
      decision: 'Keputusan',
      byEvent: 'Menurut jenis',
      byReason: 'Menurut alasan',
      sample: 'Contoh orang yang terdampak',
      decided: (by: string, at: string) => `Diputuskan oleh ${by} pada ${at}`,
      decisionReason: 'Alasan keputusan',
      supersededBy: (run: number) => `Rencana ini digantikan oleh sinkronisasi #${run}.`,
      plan: 'Sidik rencana',
    },
    decide: {
      reason: 'Alasan (opsional, dicatat di log audit)',
      approve: 'Setujui dan terapkan',
      reject: 'Tolak',
      confirmApprove: (scope: string, n: number) =>
        `Setujui ${scope}? ${n} perubahan akan diterapkan dan surel dikirim.`,
      confirmReject: (scope: string, n: number) =>
        `Tolak ${scope}? ${n} perubahan tidak akan diterapkan; akun tetap seperti sekarang.`,
    },
    done: {
      approved: (scope: string) => `${scope} disetujui; perubahannya telah diterapkan.`,
      rejected: (scope: string) => `${scope} ditolak; akun di cakupan ini tetap seperti sebelumnya.`,
    } as Record<string, (scope: string) => string>,
    refused: {
      title: 'Keputusan tidak dapat dijalankan.',
      alreadyDecided: (status: string, by: string, at: string) =>
        `Cakupan ini sudah ${status.toLowerCase()} oleh ${by} pada ${at}.`,
      superseded: (run: number) =>
        `Rencana ini sudah digantikan oleh sinkronisasi #${run}; putuskan di sinkronisasi tersebut.`,
      other: 'Rencana ini tidak dapat diterapkan lagi. Rinciannya:',
    },
    viewRun: 'Lihat',
    none: '—',
  },
  en: {
    listTitle: 'Runs',
    detailTitle: (id: number) => `Run #${id}`,
    intro:
      'Every Dapodik import (sync) and every scheduled check (tick) is recorded here. Changes are counted for your area.',
    columns: {
      id: 'No.',
      kind: 'Kind',
      status: 'Status',
      snapshot: 'Dapodik snapshot',
      takenAt: 'Data date',
      started: 'Started',
      finished: 'Finished',
      applied: 'Changes applied',
      held: 'Changes held',
      event: 'Kind of change',
      reason: 'Reason',
      total: 'Total',
      person: 'Person id',
      address: 'Account address',
    },
    kinds: { sync: 'Dapodik sync', tick: 'Scheduled check' } as Record<string, string>,
    runStatus: {
      applying: 'Applying',
      planning: 'Planning',
      applied: 'Applied',
      unchanged: 'No changes',
      planned: 'Plan only',
      held: 'Held',
      partly_held: 'Partly held',
      refused: 'Refused',
    } as Record<string, string>,
    eventStates: {
      applied: 'Applied',
      held: 'Held',
      rejected: 'Rejected',
      superseded: 'Superseded',
      planned: 'Planned',
    } as Record<string, string>,
    holdStatus: {
      pending: 'Waiting for a decision',
      approved: 'Approved',
      rejected: 'Rejected',
      superseded: 'Replaced by a later run',
    } as Record<string, string>,
    heldReasons: {
      threshold: 'Too many accounts would be deactivated (over the safety limit)',
      seasonal_threshold: 'Too many graduations (over the seasonal limit)',
      completeness: "The school's data in Dapodik looks incomplete",
      rejected_share: 'Too many data rows were rejected',
      source_error: "The school's data could not be read from Dapodik",
    } as Record<string, string>,
    eventTypes: {
      ptk_deactivated: 'Staff member deactivated',
      ptk_role_changed: 'Staff role changed',
      ptk_transferred: 'Staff member transferred',
      pd_level_changed: 'Student moved to another level',
      pd_deactivated: 'Student deactivated',
      pd_transferred: 'Student changed school',
      pd_continuation_pending: 'Awaiting enrolment at the next level',
      account_created: 'New account',
      account_reactivated: 'Account active again',
      profile_updated: 'Profile updated',
      deactivation_reminder: 'Deactivation reminder',
      account_suspended: 'Account sign-in blocked',
      account_deleted: 'Account deleted',
    } as Record<string, string>,
    scopeLabel: (scope: string, school?: string) => {
      const [kind, code = ''] = scope.split(':', 2);
      if (kind === 'run') return 'The whole run';
      if (kind === 'provinsi') return `Province with region code ${code}`;
      return `School ${school ? `${school} ` : ''}(NPSN ${code})`;
    },
    noReason: '(no reason)',
    facts: {
      status: 'Status',
      kind: 'Kind',
      snapshot: 'Dapodik snapshot',
      takenAt: 'Data date',
      started: 'Started',
      finished: 'Finished',
      message: 'Note',
      rejectedRows: 'Rejected data rows',
    },
    byType: 'Changes by kind',
    byReason: 'Changes by reason',
    scopeNote: 'Only changes that concern schools in your area are counted.',
    heldTitle: 'Held scopes',
    noHolds: 'Nothing is held in your area.',
    hiddenHolds: (n: number) => `${n} other held ${n === 1 ? 'scope lies' : 'scopes lie'} outside your area.`,
    hold: {
      reason: 'Why it is held',
      count: 'Changes held',
      status: 'Status',
      decision: 'Decision',
      byEvent: 'By kind',
      byReason: 'By reason',
      sample: 'Some of the people affected',
      decided: (by: string, at: string) => `Decided by ${by} at ${at}`,
      decisionReason: 'Reason given',
      supersededBy: (run: number) => `This plan was replaced by run #${run}.`,
      plan: 'Plan fingerprint',
    },
    decide: {
      reason: 'Reason (optional, kept in the audit log)',
      approve: 'Approve and apply',
      reject: 'Reject',
      confirmApprove: (scope: string, n: number) =>
        `Approve ${scope}? ${n} changes will be applied and emails sent.`,
      confirmReject: (scope: string, n: number) =>
        `Reject ${scope}? ${n} changes will not be applied; the accounts stay as they are.`,
    },
    done: {
      approved: (scope: string) => `${scope} approved; its changes have been applied.`,
      rejected: (scope: string) => `${scope} rejected; the accounts in it stay as they were.`,
    } as Record<string, (scope: string) => string>,
    refused: {
      title: 'The decision could not be carried out.',
      alreadyDecided: (status: string, by: string, at: string) =>
        `This scope was already ${status.toLowerCase()} by ${by} at ${at}.`,
      superseded: (run: number) => `This plan was replaced by run #${run}; decide on that run instead.`,
      other: 'This plan can no longer be applied. Details:',
    },
    viewRun: 'Open',
    none: '—',
  },
});

export function runsText(lang: Lang) {
  return textOf(RUNS_TEXT, lang);
}

/** A lookup in one of the vocabularies above, falling back to the code itself. */
export function wordFor(table: Record<string, string>, code: string): string {
  return table[code] ?? code;
}

/** An event reason in plain words; '' (no reason) as the table's placeholder. */
export function reasonWords(reason: string, lang: Lang): string {
  return reason === '' ? runsText(lang).noReason : reasonLabel(reason, lang);
}
