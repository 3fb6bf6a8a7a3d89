// Languages and the small vocabularies every template shares: dates, jenjang, roles and reasons.
// Month names are our own tables so output never depends on the ICU data Node was built with.
import type { AccountRole, Jenjang } from '../../domain/policy.js';
import { isDeath, snakeCase } from '../../domain/reasons.js';

export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'id';

/** What people recognise in the product; addresses themselves carry the configured domain. */
export const BRAND = 'belajar.id';

const MONTHS: Readonly<Record<Lang, readonly string[]>> = {
  id: [
    'Januari',
    'Februari',
    'Maret',
    'April',
    'Mei',
    'Juni',
    'Juli',
    'Agustus',
    'September',
    'Oktober',
    'November',
    'Desember',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** '2026-08-15' → '15 Agustus 2026' (id) or '15 August 2026' (en); anything else is shown as is. */
export function formatDate(iso: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const month = MONTHS[lang][Number(match[2]) - 1];
  return month ? `${Number(match[3])} ${month} ${match[1]}` : iso;
}

const JENJANG_LABELS: Readonly<Record<Lang, Readonly<Record<Jenjang, string>>>> = {
  id: {
    paud: 'PAUD',
    sd: 'SD',
    smp: 'SMP',
    sma: 'SMA',
    smk: 'SMK',
    slb: 'SLB',
    kesetaraan: 'pendidikan kesetaraan',
  },
  en: {
    paud: 'early childhood (PAUD)',
    sd: 'primary (SD)',
    smp: 'lower secondary (SMP)',
    sma: 'upper secondary (SMA)',
    smk: 'vocational (SMK)',
    slb: 'special needs (SLB)',
    kesetaraan: 'equivalency education (kesetaraan)',
  },
};

export function jenjangLabel(jenjang: Jenjang, lang: Lang): string {
  return JENJANG_LABELS[lang][jenjang] ?? jenjang;
}

const ROLE_LABELS: Readonly<Record<Lang, Readonly<Record<AccountRole, string>>>> = {
  id: { guru: 'guru', admin: 'admin sekolah', siswa: 'peserta didik' },
  en: { guru: 'teacher', admin: 'school administrator', siswa: 'student' },
};

export function roleLabel(role: AccountRole, lang: Lang): string {
  return ROLE_LABELS[lang][role] ?? role;
}

/** A reason as recorded on events ('Mengundurkan diri' and 'mengundurkan_diri' alike). */
export function normaliseReason(reason: string | null): string {
  return reason ? snakeCase(reason) : '';
}

export function isDeathReason(reason: string | null): boolean {
  return isDeath(normaliseReason(reason));
}

const REASON_LABELS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  id: {
    pensiun: 'Pensiun',
    meninggal: 'Meninggal dunia',
    meninggal_dunia: 'Meninggal dunia',
    wafat: 'Meninggal dunia',
    mutasi: 'Mutasi',
    mengundurkan_diri: 'Mengundurkan diri',
    diberhentikan: 'Diberhentikan',
    school_closed: 'Sekolah ditutup',
    absent: 'Tidak lagi tercantum di Dapodik',
    no_account_role: 'Jenis PTK tidak mendapat akun',
    lulus: 'Lulus',
    putus_sekolah: 'Putus sekolah',
    dikeluarkan: 'Dikeluarkan',
    continuation_ended: 'Batas waktu melanjutkan sekolah berakhir',
  },
  en: {
    pensiun: 'Retired',
    meninggal: 'Passed away',
    meninggal_dunia: 'Passed away',
    wafat: 'Passed away',
    mutasi: 'Transferred out (mutasi)',
    mengundurkan_diri: 'Resigned',
    diberhentikan: 'Dismissed',
    school_closed: 'School closed',
    absent: 'No longer listed in Dapodik',
    no_account_role: 'Staff type without an account',
    lulus: 'Graduated',
    putus_sekolah: 'Dropped out',
    dikeluarkan: 'Expelled',
    continuation_ended: 'Deadline to continue school passed',
  },
};

/** A short label for a reason; an unknown one is shown in words ('pindah_ke_luar_negeri' → 'Pindah ke luar negeri'). */
export function reasonLabel(reason: string | null, lang: Lang): string {
  const key = normaliseReason(reason);
  if (key === '') return '';
  const known = REASON_LABELS[lang][key];
  if (known) return known;
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
