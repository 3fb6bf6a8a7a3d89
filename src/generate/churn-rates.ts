// The rates at which a synthetic extract changes from month to month, each with its source. Rates
// are per year; a month applies a twelfth of them, except the school-year changes, which happen in
// the July extract (the Indonesian school year starts mid-July). docs/generator.md repeats this
// table for readers who do not read code.
//
// | change                                   | rate / year            | source |
// |------------------------------------------|------------------------|--------|
// | pupil drops out (Putus Sekolah, …)       | SD 0.16 %, SMP 0.12 %, | Kemendikdasmen Pusdatin, Dapodik cut-off 30 Nov 2024 (RDP Komisi X DPR, 12 Mar 2025) |
// |                                          | SMA 0.13 %, SMK 0.19 % |        |
// |   … SLB, kesetaraan, PAUD                | 0.3 %, 1 %, 0.5 %      | assumption (no public figure found) |
// |   … recorded as Putus Sekolah / Mengundurkan diri / row just vanishes | 70 / 10 / 20 % | assumption |
// | pupil repeats the year (tinggal kelas)   | SD 0.46 %, SMP 0.19 %, | BPS, Indikator Kesejahteraan Rakyat 2024 (angka mengulang 2023/2024) |
// |                                          | SMA 0.18 %, SMK 0.27 % |        |
// | pupil dies (Wafat)                       | 0.04 %                 | assumption, order of magnitude of UN IGME mortality at ages 5–14 for Indonesia |
// | pupil moves school, same jenjang         | 2 %                    | assumption (Dapodik publishes no mutasi rate) |
// | pupil moves to another jenjang mid-year  | 0.2 %                  | assumption (SMA↔SMK, to SLB, to a PKBM) |
// | new pupil mid-year                       | 1 %                    | assumption |
// | pupil who dropped out comes back         | 10 % of last month's   | assumption (program "kembali bersekolah") |
// | SD graduate registers at an SMP          | 69 %                   | 92.5 % of SD/MI graduates continue (Dirjen Dikdas, 2013: 3.7 of 4 M) × 75 % not to a madrasah (assumption) |
// | SMP graduate registers at an SMA or SMK  | 72 %, half each        | assumption (continuation ~85 %, MA share ~15 %); SMA and SMK enrol alike (Dapodik 2017/18: 4.76 M vs 4.87 M) |
// | SDLB/SMPLB graduate to the next SLB level | 60 %                  | assumption |
// | … of those, registered in the July pull  | 80 %                   | assumption |
// | … then, of those still waiting, in August and September | 17 % a month | assumption |
// | PAUD child aged 6 registers at an SD     | 80 %                   | assumption (the rest go to an MI) |
// | PTK retires (Pensiun, age 60)            | 2 %                    | Kemendikbud projection: 39–88 thousand teachers a year retiring 2019–2023 of ~3 M (databoks.katadata.co.id) |
// | PTK dies (Meninggal)                     | 0.3 %                  | assumption (crude death rate ~0.7 %, lower at working age) |
// | PTK resigns (Mengundurkan diri)          | 1 %                    | assumption (mostly honorary teachers) |
// | PTK row vanishes without jenis_keluar    | 0.5 %                  | assumption (an operator deletes instead of ending) |
// | PTK mutasi, same jenjang / other jenjang | 3 % / 0.5 %            | assumption |
// | head replaced by a teacher of the school | 10 % of schools        | assumption (heads serve terms of 4 years, Permendikbudristek 40/2021) |
// | teacher gains / ends a second assignment | 0.5 % / 10 % of those  | assumption |
// | tendik moved to a duty with no account   | 0.1 %                  | assumption |
// | new PTK hired                            | 3.8 %                  | assumption: replaces the leavers above, so staff numbers hold |
// | name corrected / personal email changed  | 1 % / 3 % of persons   | assumption (Dapodik verval corrections) |
// | school closes (regrouping)               | 0.3 % of schools       | assumption (district regroupings merge a few % of their SD at once, e.g. 25 SD in Karanganyar 2023) |
// | school opens                             | 0.4 % of schools       | assumption (Dapodik's school count grows slowly) |
// | PTK who follow a closing school          | 70 %                   | assumption |
// | old row ended (Mutasi) rather than deleted | 60 %                 | assumption |
//
// Unless pure rates are asked for, each kind of change happens at least once a month when the
// extract holds a candidate, so that a small extract still shows every kind.

import type { Jenjang } from '../domain/policy.js';

export const PUPIL_DROPOUT: Record<Jenjang, number> = {
  paud: 0.005,
  sd: 0.0016,
  smp: 0.0012,
  sma: 0.0013,
  smk: 0.0019,
  slb: 0.003,
  kesetaraan: 0.01,
};
export const DROPOUT_AS = { putusSekolah: 0.7, mengundurkanDiri: 0.1 } as const;

export const REPETITION: Record<Jenjang, number> = {
  paud: 0,
  sd: 0.0046,
  smp: 0.0019,
  sma: 0.0018,
  smk: 0.0027,
  slb: 0.0046,
  kesetaraan: 0.0027,
};

export const RATES = {
  pupilDeath: 0.0004,
  pupilTransfer: 0.02,
  pupilOtherJenjang: 0.002,
  pupilNew: 0.01,
  /** Of the pupils who dropped out in the previous extract, per month. */
  pupilReturns: 0.1 * 12,
  ptkRetire: 0.02,
  ptkDeath: 0.003,
  ptkResign: 0.01,
  ptkVanish: 0.005,
  ptkMutasi: 0.03,
  ptkMutasiOtherJenjang: 0.005,
  headReplaced: 0.1,
  secondAssignment: 0.005,
  secondAssignmentEnds: 0.1,
  noAccountDuty: 0.001,
  ptkHire: 0.038,
  nameCorrected: 0.01,
  emailChanged: 0.03,
  schoolCloses: 0.003,
  schoolOpens: 0.004,
} as const;
export type RateKey = keyof typeof RATES;

export const CONTINUATION = {
  sdToSmp: 0.69,
  smpToSma: 0.72,
  /** An SDLB or SMPLB graduate going on to the next special-needs level: assumption. */
  slb: 0.6,
  inJuly: 0.8,
  /**
   * Each month of August and September, this share of the graduates still waiting (those who will
   * continue, and, from an earlier extract, any graduate still without a registration) registers.
   */
  lateMonthly: 0.17,
  paudToSd: 0.8,
} as const;

/** Share of a PTK's row changes where the old row is ended with a jenis_keluar, not deleted. */
export const ENDED_NOT_DELETED = 0.6;
/** Share of a closing school's PTK who follow its people to the merged school. */
export const CLOSURE_FOLLOWERS = 0.7;
