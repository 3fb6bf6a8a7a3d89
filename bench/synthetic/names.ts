// Indonesian-looking names for synthetic people. The lists mix Javanese, Sundanese, Batak,
// Minang, Minahasa, Maluku, NTT, Papuan, Arabic-derived and Chinese-Indonesian names so that
// address generation meets the same variety (and the same collisions) as real data.

import type { Prng } from './prng.js';

/** Name lists are kept as whitespace-separated words so they stay readable and short. */
function words(list: string): readonly string[] {
  return list.trim().split(/\s+/);
}

const MALE_GIVEN = words(`
  Abdul Achmad Adi Aditya Agung Agus Ahmad Akbar Alif Andi Anton Ari Arif Aris Bagas Bagus Bambang
  Bayu Budi Cahyo Dani Dedi Deni Dimas Dodi Dwi Edi Eko Fadli Fahmi Fajar Farhan Ferry Galih
  Gilang Hadi Hafiz Hamzah Hari Hendra Heru Ikhsan Ilham Imam Indra Irfan Iwan Joko Kevin Lukman
  Ma'ruf Markus Mochamad Muhamad Muhammad Nanda Naufal Nugroho Oki Panji Petrus Rafi Rahmat Raka
  Rama Reza Rian Ridwan Rizal Rizki Rudi Satria Sigit Slamet Soleh Sugeng Suharto Sulaiman
  Supriyadi Surya Sutrisno Syahrul Taufik Teguh Tri Udin Wahyu Wawan Yoga Yogi Yohanes Yosua Yudi
  Yusuf Zainal Zaki Abdul-Rahman Danu Erik Gusti Krisna
`);

const FEMALE_GIVEN = words(`
  Agustina Aisyah Alya Anggi Ani Anisa Annisa Ayu Bunga Citra Dara Desi Dewi Dian Dinda Dwi Eka
  Elisabeth Elok Endang Erna Evi Fara Fatimah Fitri Fitria Gita Hana Hani Hartini Ika Indah Intan
  Irma Kartika Kristina Kurnia Laila Lina Lusi Magdalena Maharani Maria Maya Mega Melati Mira
  Nabila Nadia Ngatini Nia Nining Nova Novi Nur Nur'aini Nurul Okta Puji Putri Rani Ratih Ratna
  Rina Rini Rizka Rosa Salsabila Sari Sinta Siti Sri Suci Sulastri Sumiati Suparmi Tari Theresia
  Tika Tri Tumini Tuti Umi Vina Wahyuni Wati Wulan Yanti Yohana Yuli Yuni Zahra Zaskia Aminah
  Khadijah Nurhayati Rahmah Sekar Widya Yulia
`);

const SECOND_COMMON = words(`
  Santoso Wijaya Kusuma Hidayat Setiawan Susanto Gunawan Hakim Halim Harahap Hasibuan Lubis
  Nasution Siregar Simanjuntak Sitompul Sinaga Pardede Panjaitan Situmorang Sihombing Manurung
  Tambunan Ginting Tarigan Sembiring Purba Damanik Saragih Hutapea Silalahi Marpaung Wowor
  Rumengan Lumowa Pangemanan Mandagi Tumbelaka Rondonuwu Kaunang Lapian Pattinama Latuconsina
  Tuasikal Matulessy Fernandez Ndolu Bria Tefa Wenda Kogoya Yikwa Wonda Rumbiak Karubaba Wanggai
  Susilo Prasetyo Purnomo Wibowo Hartono Budiman Suryadi Widodo Sulistyo Yulianto Hermawan
  Darmawan Rahman Hasan Husain Abdullah Ibrahim Ismail Suherman Sopian Ruhiyat Mulyana Sumarna
  Nurdin Chaniago Tanjung Sikumbang Koto Piliang Alatas Assegaf Shihab Al-Ghifari Tanoto Salim
  Gunadi Sutanto Tanuwijaya Hartanto Kurniadi Mahendra Pamungkas Nugraha Irawan Syamsuddin Rusdi
  Effendi Mustofa Hamid Junaidi Sudirman Yahya Zulkarnain Batubara Pohan Daulay Rangkuti Matondang
  Sagala Napitupulu Simatupang Gultom Butar-Butar Laoli Zebua Mendrofa Harefa Ndruru Hia Lase
  Sarumaha
`);

const SECOND_MALE = words(`
  Pratama Saputra Ramadhan Maulana Firmansyah Syahputra Permana Kurniawan Prakoso Wicaksono
  Nugroho Hidayatullah Alfarizi Ardiansyah Setiadi Kusnadi Hermansyah Hamdani Fauzi Iskandar
  Rachmat Wirawan Sanjaya Adiputra Perdana
`);

const SECOND_FEMALE = words(`
  Lestari Rahayu Wulandari Handayani Kusumawati Puspitasari Anggraini Safitri Novitasari Rahmawati
  Susanti Wahyuningsih Setyaningsih Ningsih Pratiwi Permatasari Oktaviani Yulianti Fitriani Amalia
  Aprilia Cahyani Damayanti Hapsari Utami Wijayanti Saputri Maharani Purwanti Sukmawati
`);

const BALI_MALE_PREFIX = [
  'I Wayan',
  'I Made',
  'I Nyoman',
  'I Ketut',
  'I Putu',
  'I Gede',
  'I Kadek',
  'I Komang',
];
const BALI_FEMALE_PREFIX = ['Ni Wayan', 'Ni Made', 'Ni Nyoman', 'Ni Ketut', 'Ni Putu', 'Ni Luh', 'Ni Kadek'];
const BALI_MALE = words(`
  Sudarsana Suarta Artawan Widiantara Sukadana Mertayasa Adnyana Budiarta Suardana Wirawan Astawa
  Sumerta Yasa Arimbawa Sutama
`);
const BALI_FEMALE = [
  'Suartini',
  'Sukarini',
  'Ariani',
  'Sriasih',
  'Widiastuti',
  'Rusmini',
  'Sudiarti',
  'Mariani',
  'Sukerti',
  'Purnamasari',
  'Ayu Lestari',
  'Wulandari',
  'Armini',
  'Suciati',
];

/** The province code the generator treats as Bali, where most names take a birth-order prefix. */
export const BALI_PROVINCE = '22';

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

export function givenName(rng: Prng, female: boolean): string {
  return rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
}

export function secondName(rng: Prng, female: boolean): string {
  if (rng.chance(0.35)) return rng.pick(female ? SECOND_FEMALE : SECOND_MALE);
  return rng.pick(SECOND_COMMON);
}

/** A plain name: one, two or three tokens; Balinese in Bali most of the time. */
export function personName(rng: Prng, female: boolean, province: string): string {
  if (province === BALI_PROVINCE && rng.chance(0.8)) {
    const prefix = rng.pick(female ? BALI_FEMALE_PREFIX : BALI_MALE_PREFIX);
    return `${prefix} ${rng.pick(female ? BALI_FEMALE : BALI_MALE)}`;
  }
  const roll = rng.float();
  if (roll < 0.12) return givenName(rng, female);
  if (roll < 0.7) return `${givenName(rng, female)} ${secondName(rng, female)}`;
  return `${givenName(rng, female)} ${givenName(rng, female)} ${secondName(rng, female)}`;
}

export type StaffKind = 'teacher' | 'office' | 'none';

/** Adds the titles PTK carry in Dapodik: honorifics before the name, degrees after a comma. */
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
  if (rng.chance(degreeChance))
    out = `${out}, ${rng.pick(kind === 'teacher' ? TEACHER_DEGREES : STAFF_DEGREES)}`;
  return out;
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
};

/** A plausible correction of a name, keeping any titles and degrees. */
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
    if (replacement === tokens[tokens.length - 1]) replacement = rng.pick(SECOND_COMMON);
    tokens[tokens.length - 1] = replacement;
  }
  return tokens.join(' ') + tail;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

const PLACES = words(`
  Sukamaju Sukawati Cibinong Ciawi Kebonsari Sumbersari Karangrejo Tanjungsari Kedungwaru Ubud
  Tabanan Singaraja Bantul Wonosari Pati Kudus Jepara Tuban Lamongan Gresik Bojonegoro Ngawi
  Ponorogo Pacitan Blitar Jombang Pasuruan Lumajang Jember Banyuwangi Sumenep Garut Ciamis
  Kuningan Sumedang Subang Karawang Cianjur Binjai Sibolga Bukittinggi Payakumbuh Lahat Baturaja
  Gowa Maros Palopo Tomohon Bitung Kupang Ende Maumere Merauke Sentani Tual Tidore Sanggau Sampit
  Martapura Tenggarong Mataram Bima
`);

const SWASTA_NAMES: Record<string, readonly string[]> = {
  TK: ['PERTIWI', 'AISYIYAH BUSTANUL ATHFAL', 'DHARMA WANITA', 'KRISTEN TUNAS KASIH'],
  KB: ['MELATI', 'TUNAS HARAPAN', 'AL-HIDAYAH', 'CERIA'],
  SD: ['MUHAMMADIYAH', 'ISLAM TERPADU AL-HIKMAH', 'KATOLIK SANTO YOSEF', 'KRISTEN BETHEL', 'NU'],
  SMP: ['PGRI', 'MUHAMMADIYAH', 'ISLAM AL-AZHAR', 'KATOLIK SANTA MARIA', 'KRISTEN'],
  SMA: ['PGRI', 'MUHAMMADIYAH', 'KATOLIK SANTO LOUIS', 'KRISTEN', 'TARUNA NUSANTARA'],
  SMK: ['PGRI', 'MUHAMMADIYAH', 'TELKOM', 'KESEHATAN BAKTI HUSADA', 'PERTANIAN'],
  SLB: ['BAGIAN B', 'AUTIS CAHAYA', 'YPAC'],
  PKBM: ['BINA INSAN', 'TUNAS BANGSA', 'HARAPAN BARU', 'CAHAYA ILMU'],
};

export function schoolName(rng: Prng, bentuk: string, negeri: boolean): string {
  const place = rng.pick(PLACES).toUpperCase();
  const number = rng.between(1, 12);
  if (negeri)
    return bentuk === 'SLB' || bentuk === 'PKBM'
      ? `${bentuk} NEGERI ${place}`
      : `${bentuk} NEGERI ${number} ${place}`;
  const foundation = rng.pick(SWASTA_NAMES[bentuk] ?? ['SWASTA']);
  return rng.chance(0.5) ? `${bentuk} ${foundation} ${number} ${place}` : `${bentuk} ${foundation} ${place}`;
}
