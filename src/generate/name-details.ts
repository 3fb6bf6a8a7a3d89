// What Dapodik does to names beyond the name itself: titles and degrees (sometimes leaking into the
// name without the comma that should separate them), personal emails, corrections, school names.

import { secondName } from './indonesian-names.js';
import type { Prng } from './random-source.js';

const TEACHER_DEGREES = [
  'S.Pd.',
  'S.Pd.',
  'S.Pd.',
  'S.Pd., M.Pd.',
  'S.Pd.I.',
  'S.Ag.',
  'S.Si.',
  'S.Kom.',
  'S.Pd., Gr.',
  'S.Pd.SD',
  'M.Pd.',
  'S.Hum.',
  'S.T.',
  'S.Sos.',
  'S.E.',
];
const STAFF_DEGREES = ['A.Md.', 'S.E.', 'S.Kom.', 'S.Sos.', 'S.H.'];
/** Degrees typed straight after the name, without the comma, some without dots. */
const LEAKED_DEGREES = ['S.Pd', 'SPd', 'S.Pd.I', 'M.Pd', 'S.Ag', 'A.Md', 'S.Kom'];

export type StaffKind = 'teacher' | 'office' | 'none';

/**
 * Adds the titles PTK carry in Dapodik: honorifics before the name, degrees after a comma — or,
 * for a few, a degree typed into the name itself ("Budi Santoso S.Pd"), which the address rules
 * must still drop.
 */
export function withTitles(
  rng: Prng,
  name: string,
  female: boolean,
  older: boolean,
  kind: StaffKind,
): string {
  if (kind === 'none') return name;
  let out = name;
  if (rng.chance(0.07)) out = `${female ? 'Hj.' : 'H.'} ${out}`;
  if (older && kind === 'teacher' && rng.chance(0.15)) out = `${female ? 'Dra.' : 'Drs.'} ${out}`;
  const degreeChance = kind === 'teacher' ? 0.75 : 0.35;
  if (!rng.chance(degreeChance)) return out;
  if (rng.chance(0.1)) return `${out} ${rng.pick(LEAKED_DEGREES)}`;
  return `${out}, ${rng.pick(kind === 'teacher' ? TEACHER_DEGREES : STAFF_DEGREES)}`;
}

const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

/** A personal email at a reserved domain (RFC 2606), so a misconfigured SMTP can reach no one. */
export function emailFor(rng: Prng, name: string): string {
  const tokens = asciiTokens(name);
  const first = tokens[0] ?? 'pengguna';
  const second = tokens[1] ?? '';
  const n = rng.between(1, 999);
  const domain = rng.pick(EMAIL_DOMAINS);
  switch (rng.int(3)) {
    case 0:
      return `${first}${second}${n}@${domain}`;
    case 1:
      return `${first}.${second || n}@${domain}`;
    default:
      return `${first}_${n}@${domain}`;
  }
}

/** Lower-case ASCII letter tokens of a name, titles and degrees left out. */
export function asciiTokens(name: string): string[] {
  const head = name.split(',')[0] ?? '';
  return head
    .normalize('NFD')
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => !t.includes('.'))
    .map((t) => t.replace(/[^a-z]/g, ''))
    .filter((t) => t.length > 0);
}

const SPELLING_VARIANTS: Record<string, string> = {
  Muhamad: 'Muhammad',
  Muhammad: 'Muhamad',
  Ahmad: 'Achmad',
  Achmad: 'Ahmad',
  Rizki: 'Rizky',
  Yusuf: 'Yusup',
  Siti: 'Sitti',
  Nur: 'Nurul',
  Fitri: 'Fitriyah',
  Dewi: 'Dewie',
  Syahrul: 'Sahrul',
  Taufik: 'Taufiq',
  Hidayat: 'Hidayah',
  Saputra: 'Saputro',
  Yohanes: 'Johanes',
  Nurhayati: 'Nur Hayati',
};

/** A plausible correction of a name, keeping any titles and degrees; never the same name. */
export function correctedName(rng: Prng, name: string, female: boolean): string {
  const comma = name.indexOf(',');
  const head = comma < 0 ? name : name.slice(0, comma);
  const tail = comma < 0 ? '' : name.slice(comma);
  if (head === head.toUpperCase() && /[A-Z]/.test(head)) return titleCase(head) + tail;
  const tokens = head.split(' ');
  const variantAt = tokens.findIndex((t) => SPELLING_VARIANTS[t] !== undefined);
  if (variantAt >= 0 && rng.chance(0.7)) {
    tokens[variantAt] = SPELLING_VARIANTS[tokens[variantAt]!]!;
  } else if (tokens.length === 1) {
    tokens.push(secondName(rng, female));
  } else {
    let replacement = secondName(rng, female);
    if (replacement === tokens[tokens.length - 1]) replacement = `${replacement}i`;
    tokens[tokens.length - 1] = replacement;
  }
  return tokens.join(' ') + tail;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

const PLACES = `
  Sukamaju Sukawati Cibinong Ciawi Kebonsari Sumbersari Karangrejo Tanjungsari Kedungwaru Ubud
  Tabanan Singaraja Bantul Wonosari Pati Kudus Jepara Tuban Lamongan Gresik Bojonegoro Ngawi
  Ponorogo Pacitan Blitar Jombang Pasuruan Lumajang Jember Banyuwangi Sumenep Garut Ciamis
  Kuningan Sumedang Subang Karawang Cianjur Binjai Sibolga Bukittinggi Payakumbuh Lahat Baturaja
  Gowa Maros Palopo Tomohon Bitung Kupang Ende Maumere Merauke Sentani Tual Tidore Sanggau Sampit
  Martapura Tenggarong Mataram Bima Lhokseumawe Takengon Tarutung Balige Soe Atambua Wamena
`
  .trim()
  .split(/\s+/);

const SWASTA_NAMES: Record<string, readonly string[]> = {
  TK: ['PERTIWI', 'AISYIYAH BUSTANUL ATHFAL', 'DHARMA WANITA', 'KRISTEN TUNAS KASIH'],
  KB: ['MELATI', 'TUNAS HARAPAN', 'AL-HIDAYAH', 'CERIA'],
  TPA: ['KASIH IBU', 'PERMATA HATI', 'BUAH HATI'],
  SPS: ['POS PAUD MAWAR', 'POS PAUD ANGGREK', 'PAUD TERPADU BINA ANAK'],
  SD: ['MUHAMMADIYAH', 'ISLAM TERPADU AL-HIKMAH', 'KATOLIK SANTO YOSEF', 'KRISTEN BETHEL', 'NU'],
  SMP: ['PGRI', 'MUHAMMADIYAH', 'ISLAM AL-AZHAR', 'KATOLIK SANTA MARIA', 'KRISTEN'],
  SMA: ['PGRI', 'MUHAMMADIYAH', 'KATOLIK SANTO LOUIS', 'KRISTEN', 'TARUNA NUSANTARA'],
  SMK: ['PGRI', 'MUHAMMADIYAH', 'TELKOM', 'KESEHATAN BAKTI HUSADA', 'PERTANIAN'],
  SLB: ['BAGIAN B', 'AUTIS CAHAYA', 'YPAC'],
  SDLB: ['YPAC', 'DHARMA ASIH'],
  SMPLB: ['YPAC', 'DHARMA ASIH'],
  SMLB: ['YPAC', 'DHARMA ASIH'],
  PKBM: ['BINA INSAN', 'TUNAS BANGSA', 'HARAPAN BARU', 'CAHAYA ILMU'],
  SKB: ['KABUPATEN'],
};

/** A school name in Dapodik's upper-case style: "SD NEGERI 3 SUKAWATI", "SMK PGRI TUBAN". */
export function schoolName(rng: Prng, bentuk: string, negeri: boolean): string {
  const place = rng.pick(PLACES).toUpperCase();
  const number = rng.between(1, 12);
  if (negeri) {
    const numbered = !['SLB', 'PKBM', 'SKB', 'SDLB', 'SMPLB', 'SMLB'].includes(bentuk);
    return numbered ? `${bentuk} NEGERI ${number} ${place}` : `${bentuk} NEGERI ${place}`;
  }
  const foundation = rng.pick(SWASTA_NAMES[bentuk] ?? ['SWASTA']);
  return rng.chance(0.5) ? `${bentuk} ${foundation} ${number} ${place}` : `${bentuk} ${foundation} ${place}`;
}
