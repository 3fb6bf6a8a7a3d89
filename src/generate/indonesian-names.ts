// Indonesian-looking names for synthetic people, by region: Javanese and Sundanese, Batak and Nias
// marga, Minang, Acehnese, Balinese birth-order names (I/Ni Wayan, Made, …), Bugis, Minahasa,
// Maluku, NTT, Papuan and Chinese-Indonesian names, with Arabic-derived given names everywhere and
// single names (common among older Javanese). Address generation then meets the same variety, and
// the same collisions, as real data. Every name is invented from these lists: no real person.

import type { Prng } from './random-source.js';
import { WeightedTable } from './random-source.js';

/** Name lists are kept as whitespace-separated words so they stay readable and short. */
function words(list: string): readonly string[] {
  return list.trim().split(/\s+/);
}

const ARABIC_MALE = words(`
  Muhammad Muhamad Ahmad Achmad Abdul Abdullah Ali Hasan Husein Ibrahim Ismail Yusuf Umar Usman
  Hamzah Zainal Fadil Rizki Rahmat Hidayat Syamsul Nurdin Fauzi Ilham Imam Lukman Ma'ruf Sulaiman
  Taufik Zaki Hafiz Naufal Farhan Fahmi Abdul-Rahman Akbar Alif Rafi Yahya Zulkifli
`);
const ARABIC_FEMALE = words(`
  Siti Nur Fatimah Aisyah Khadijah Zainab Aminah Nurul Rahmah Salsabila Zahra Nabila Annisa Husna
  Laila Nur'aini Nurhayati Rizka Aulia Syifa Khairunnisa Mardhiyah Hafsah
`);
const COMMON_MALE = words(`
  Adi Aditya Agung Andi Anton Ari Arif Aris Bagas Bayu Dani Dedi Deni Dimas Dodi Fajar Ferry
  Gilang Hadi Hendra Indra Irfan Iwan Kevin Nanda Oki Panji Raka Rama Reza Rian Ridwan Rizal Rudi
  Satria Surya Wahyu Yoga Yogi Yudi Danu Erik Krisna Rangga Bima Aldi Fikri
`);
const COMMON_FEMALE = words(`
  Agustina Ani Anggi Ayu Bunga Citra Dara Desi Dewi Dian Dinda Eka Elok Erna Evi Fitri Fitria
  Gita Hana Hani Ika Indah Intan Irma Kartika Kurnia Lina Lusi Maya Mega Melati Mira Nadia Nia
  Nova Novi Okta Putri Rani Ratih Ratna Rina Rini Sari Sinta Suci Tari Tika Vina Wati Wulan
  Yanti Yuli Yuni Zaskia Sekar Widya Yulia Anisa
`);
const COMMON_SECOND = words(`
  Pratama Saputra Ramadhan Maulana Firmansyah Syahputra Permana Kurniawan Hidayat Setiawan
  Gunawan Hakim Rahman Hasan Abdullah Ibrahim Ismail Nurdin Effendi Mustofa Hamid Junaidi Sudirman
  Yahya Zulkarnain Irawan Syamsuddin Rusdi Iskandar Fauzi Hamdani Sanjaya Wirawan Ardiansyah
  Lestari Rahayu Safitri Amalia Aprilia Cahyani Damayanti Oktaviani Fitriani Anggraini Novitasari
`);
const JAWA_MALE = words(`
  Agus Bambang Budi Joko Slamet Sugeng Sutrisno Suharto Supriyadi Teguh Wahyu Eko Dwi Tri Heru
  Sigit Wawan Bayu Dimas Galih Bagus Cahyo Gatot Harjo Margono Paijo Sarno Wagiman Sukirman
`);
const JAWA_FEMALE = words(`
  Sri Endang Tumini Ngatini Suparmi Sulastri Sumiati Wulan Dewi Rina Yuni Tri Dwi Ayu Sumarni
  Sukarti Painem Tukinem Wartini Hartini Puji Retno Murni Lastri
`);
const JAWA_SECOND_MALE = words(`
  Santoso Wibowo Prasetyo Susilo Purnomo Hartono Widodo Nugroho Setiawan Kurniawan Saputra Pratama
  Wicaksono Prakoso Susanto Sulistyo Yulianto Hermawan Darmawan Budiman Suryadi Pamungkas Mahendra
`);
const JAWA_SECOND_FEMALE = words(`
  Lestari Rahayu Wulandari Handayani Kusumawati Pratiwi Wahyuningsih Setyaningsih Ningsih Susanti
  Utami Wijayanti Purwanti Puspitasari Rahmawati Hapsari Sukmawati Saputri Maharani Permatasari
`);
const SUNDA_MALE = words('Asep Ujang Cecep Dadang Deden Dede Yayan Iwan Ade Encep Agus Jajang Dudung Ruslan');
const SUNDA_FEMALE = words('Euis Neneng Cucu Imas Enok Yeni Rina Lilis Nining Ai Iis Entin Popon Teti');
const SUNDA_SECOND = words(`
  Sopian Ruhiyat Mulyana Sumarna Suherman Hidayat Permana Nugraha Kurnia Gunawan Nurhayati
  Rosmawati Komalasari Marlina Sumarni Kusnadi Hermansyah Supriatna Rukmana
`);
const BATAK_MALE = words(`
  Johannes Parulian Hotman Togar Poltak Bonar Sahat Martua Ronald Freddy Benny Robert Tumpal
  Marihot Gomgom Ahmad Irwan Hotma Jonni
`);
const BATAK_FEMALE = words(`
  Rosmawati Tiurma Nurhayati Lasma Dameria Rumondang Sondang Kristina Maria Lenny Roslina Tiominar
`);
const BATAK_MARGA = words(`
  Siregar Nasution Harahap Hasibuan Lubis Simanjuntak Sitompul Sinaga Pardede Panjaitan
  Situmorang Sihombing Manurung Tambunan Ginting Tarigan Sembiring Purba Damanik Saragih Hutapea
  Silalahi Marpaung Batubara Pohan Daulay Rangkuti Napitupulu Simatupang Gultom Butar-Butar Sagala
`);
const NIAS_MARGA = words('Laoli Zebua Mendrofa Harefa Ndruru Hia Lase Sarumaha Gulo Telaumbanua');
const MINANG_MALE = words(
  'Rizal Afrizal Yusrizal Zulkifli Syafri Andri Fauzan Hendri Jasman Yuliardi Darmansyah',
);
const MINANG_FEMALE = words(
  'Yusnidar Rosmaniar Yenni Desmawati Fitriani Elfira Nurlela Yusnimar Zuraida Marlina',
);
const MINANG_SECOND = words('Chaniago Tanjung Sikumbang Koto Piliang Putra Putri Syafrudin Jamaris Effendi');
const ACEH_SECOND = words(
  'Abdullah Ismail Ibrahim Yahya Mahmud Hasballah Zulkarnain Razali Fauzi Nurdin Usman',
);
const BUGIS_MALE = words(
  'Ilham Syahrir Baso Basri Asri Rusdi Hasanuddin Arfan Ambo Sudirman Jufri Mappasessu',
);
const BUGIS_FEMALE = words(
  'Besse Hasnah Nurmala Sitti Jumriah Kasmawati Hasnawati Nurlina Rosdiana Haslinda',
);
const BUGIS_SECOND = words(
  'Syamsuddin Rahman Hamid Mappa Latif Amiruddin Baharuddin Sainuddin Kadir Paturusi',
);
const MINAHASA_GIVEN = words(`
  Jeffry Stevanus Rocky Jemmy Meiky Vicky Frangky Novita Grace Meilany Stevi Jessica Marlyn
  Hendrik Johny Deisy Fanny
`);
const MINAHASA_MARGA = words(`
  Wowor Rumengan Lumowa Pangemanan Mandagi Tumbelaka Rondonuwu Kaunang Lapian Sondakh Mamahit Wuisan
`);
const MALUKU_GIVEN = words(
  'Yopie Max Johny Semuel Agustina Yuliana Hasan Abubakar Fatma Salomina Costantinus',
);
const MALUKU_MARGA = words(`
  Pattinama Latuconsina Tuasikal Matulessy Latuheru Leimena Sahetapy Tuhumury Ohorella Wattimena
`);
const NTT_GIVEN = words(`
  Yohanes Fransiskus Yosef Agustinus Maria Yuliana Theresia Margaretha Petrus Paulus Kornelis
  Marselina Benediktus Veronika
`);
const NTT_MARGA = [
  'Ndolu',
  'Bria',
  'Tefa',
  'Manu',
  'Lake',
  'Nenobais',
  'Seran',
  'Ratu',
  'Kleden',
  'Da Costa',
];
const PAPUA_GIVEN = words(
  'Yakob Markus Yulius Demianus Yance Otniel Martha Ribka Yohana Selfina Agustina Fince',
);
const PAPUA_MARGA = words(`
  Wenda Kogoya Yikwa Wonda Rumbiak Karubaba Wanggai Mandowen Tabuni Wakerkwa Murib Gobay Pigai
`);
const TIONGHOA_GIVEN = words(
  'Kevin Hendra Willy Yohanes Linda Susanti Melinda Jessica Vivian Stefanus Hartono Lily',
);
const TIONGHOA_SECOND = words(
  'Tanoto Salim Gunadi Sutanto Tanuwijaya Hartanto Halim Wijaya Setiadi Kurniadi Lim',
);
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
const BALI_FEMALE = ['Suartini', 'Sukarini', 'Ariani', 'Sriasih', 'Widiastuti', 'Rusmini', 'Sudiarti'];

/** The province code Dapodik gives Bali, where most names take a birth-order prefix. */
export const BALI_PROVINCE = '22';

type Style =
  | 'common'
  | 'jawa'
  | 'sunda'
  | 'batak'
  | 'minang'
  | 'aceh'
  | 'bali'
  | 'bugis'
  | 'minahasa'
  | 'maluku'
  | 'ntt'
  | 'papua'
  | 'tionghoa';
type Mix = ReadonlyArray<readonly [Style, number]>;

/** Which naming traditions are common in a province (assumption: a rough picture, not census data). */
const STYLES_BY_PROVINCE: Record<string, Mix> = {
  '01': [
    ['jawa', 40],
    ['common', 30],
    ['sunda', 10],
    ['batak', 8],
    ['tionghoa', 7],
    ['minang', 5],
  ],
  '02': [
    ['sunda', 70],
    ['common', 20],
    ['jawa', 10],
  ],
  '03': [
    ['jawa', 85],
    ['common', 15],
  ],
  '04': [
    ['jawa', 85],
    ['common', 15],
  ],
  '05': [
    ['jawa', 85],
    ['common', 15],
  ],
  '06': [
    ['aceh', 85],
    ['common', 15],
  ],
  '07': [
    ['batak', 60],
    ['common', 25],
    ['jawa', 8],
    ['tionghoa', 7],
  ],
  '08': [
    ['minang', 85],
    ['common', 15],
  ],
  '13': [
    ['common', 60],
    ['tionghoa', 20],
    ['jawa', 20],
  ],
  '17': [
    ['minahasa', 75],
    ['common', 25],
  ],
  '19': [
    ['bugis', 80],
    ['common', 20],
  ],
  '20': [
    ['bugis', 60],
    ['common', 40],
  ],
  '21': [
    ['maluku', 70],
    ['common', 30],
  ],
  '22': [
    ['bali', 85],
    ['jawa', 15],
  ],
  '24': [
    ['ntt', 85],
    ['common', 15],
  ],
  '25': [
    ['papua', 70],
    ['common', 20],
    ['jawa', 10],
  ],
  '27': [
    ['maluku', 60],
    ['common', 40],
  ],
  '28': [
    ['sunda', 50],
    ['common', 30],
    ['jawa', 20],
  ],
  '31': [
    ['common', 60],
    ['tionghoa', 20],
    ['batak', 20],
  ],
  '32': [
    ['papua', 60],
    ['common', 30],
    ['jawa', 10],
  ],
  '33': [
    ['bugis', 60],
    ['common', 40],
  ],
};
for (const code of ['35', '36', '37', '38']) STYLES_BY_PROVINCE[code] = STYLES_BY_PROVINCE['25']!;
const DEFAULT_MIX: Mix = [
  ['common', 70],
  ['jawa', 20],
  ['batak', 5],
  ['bugis', 5],
];

const tables = new Map<string, WeightedTable<Style>>();
function styleFor(rng: Prng, province: string): Style {
  let table = tables.get(province);
  if (!table) {
    table = new WeightedTable(STYLES_BY_PROVINCE[province] ?? DEFAULT_MIX);
    tables.set(province, table);
  }
  return table.sample(rng);
}

function given(rng: Prng, female: boolean, own: readonly string[], arabic = 0.35): string {
  if (rng.chance(arabic)) return rng.pick(female ? ARABIC_FEMALE : ARABIC_MALE);
  return rng.pick(own);
}

/** Given name(s) followed by a family or second name; sometimes two given names. */
function withSecond(
  rng: Prng,
  first: string,
  second: readonly string[],
  extra: readonly string[] = [],
): string {
  const middle = extra.length > 0 && rng.chance(0.25) ? ` ${rng.pick(extra)}` : '';
  return `${first}${middle} ${rng.pick(second)}`;
}

const STYLE_NAMES: Record<Style, (rng: Prng, female: boolean) => string> = {
  common: (rng, f) =>
    withSecond(rng, given(rng, f, f ? COMMON_FEMALE : COMMON_MALE), COMMON_SECOND, f ? ARABIC_FEMALE : []),
  jawa: (rng, f) => {
    const first = given(rng, f, f ? JAWA_FEMALE : JAWA_MALE, 0.25);
    // Single names are common among Javanese, above all in older generations.
    if (rng.chance(0.22)) return first;
    return withSecond(rng, first, f ? JAWA_SECOND_FEMALE : JAWA_SECOND_MALE);
  },
  sunda: (rng, f) => withSecond(rng, given(rng, f, f ? SUNDA_FEMALE : SUNDA_MALE, 0.3), SUNDA_SECOND),
  batak: (rng, f) => {
    const marga = rng.chance(0.12) ? NIAS_MARGA : BATAK_MARGA;
    return withSecond(rng, given(rng, f, f ? BATAK_FEMALE : BATAK_MALE, 0.2), marga);
  },
  minang: (rng, f) => {
    const first = given(rng, f, f ? MINANG_FEMALE : MINANG_MALE, 0.4);
    return rng.chance(0.3) ? first : withSecond(rng, first, MINANG_SECOND);
  },
  aceh: (rng, f) => {
    const noble = rng.chance(0.1) ? (f ? 'Cut ' : 'Teuku ') : '';
    return noble + withSecond(rng, given(rng, f, f ? ARABIC_FEMALE : ARABIC_MALE, 1), ACEH_SECOND);
  },
  bali: (rng, f) =>
    `${rng.pick(f ? BALI_FEMALE_PREFIX : BALI_MALE_PREFIX)} ${rng.pick(f ? BALI_FEMALE : BALI_MALE)}`,
  bugis: (rng, f) => {
    const prefix = rng.chance(0.12) ? 'Andi ' : !f && rng.chance(0.15) ? 'Muh. ' : '';
    return prefix + withSecond(rng, given(rng, f, f ? BUGIS_FEMALE : BUGIS_MALE, 0.3), BUGIS_SECOND);
  },
  minahasa: (rng, f) => withSecond(rng, rng.pick(f ? COMMON_FEMALE : MINAHASA_GIVEN), MINAHASA_MARGA),
  maluku: (rng, _f) => withSecond(rng, rng.pick(MALUKU_GIVEN), MALUKU_MARGA),
  ntt: (rng, _f) => withSecond(rng, rng.pick(NTT_GIVEN), NTT_MARGA, NTT_GIVEN),
  papua: (rng, _f) => withSecond(rng, rng.pick(PAPUA_GIVEN), PAPUA_MARGA),
  tionghoa: (rng, f) => withSecond(rng, rng.pick(f ? COMMON_FEMALE : TIONGHOA_GIVEN), TIONGHOA_SECOND),
};

const SINGLE_FEMALE = [...ARABIC_FEMALE, ...COMMON_FEMALE];
const SINGLE_MALE = [...ARABIC_MALE, ...COMMON_MALE];

/** A plain name in one of the province's naming traditions; some people have a single name. */
export function personName(rng: Prng, female: boolean, province: string): string {
  const style = styleFor(rng, province);
  if (style !== 'bali' && style !== 'jawa' && rng.chance(0.06))
    return rng.pick(female ? SINGLE_FEMALE : SINGLE_MALE);
  return STYLE_NAMES[style](rng, female);
}

/** A given name of any tradition, e.g. to lengthen a single name when Dapodik corrects it. */
export function givenName(rng: Prng, female: boolean): string {
  return given(rng, female, female ? COMMON_FEMALE : COMMON_MALE);
}

/** A second name of any tradition. */
export function secondName(rng: Prng, female: boolean): string {
  if (rng.chance(0.4)) return rng.pick(female ? JAWA_SECOND_FEMALE : JAWA_SECOND_MALE);
  return rng.pick(rng.chance(0.5) ? COMMON_SECOND : BATAK_MARGA);
}
