// What a language must say in a person's mail. Each language fills this interface, so a missing
// sentence is a compile error rather than a blank in someone's inbox.
import type { PersonKind } from './mail-types.js';

/** Everything a sentence may mention, already formatted for the language. Empty when unknown. */
export interface CopyContext {
  kind: PersonKind;
  effective: string;
  /** The last day the account can still be used, and the first day sign-in is blocked. */
  lastDay: string;
  suspend: string;
  remove: string;
  deadline: string;
  from: string;
  to: string;
  fromSchool: string;
  toSchool: string;
  fromJenjang: string;
  toJenjang: string;
  /** A kept account whose primary address changed (the old one stays as an alias). */
  renamed: boolean;
}

export interface SectionText {
  subject: string;
  heading: string;
  body: string[];
  steps: string[];
}

export interface FactLabels {
  effective: string;
  address: string;
  oldAddress: string;
  newAddress: string;
  school: string;
  oldSchool: string;
  newSchool: string;
  lastDay: string;
  suspend: string;
  remove: string;
  deadline: string;
}

export const PTK_DEACTIVATION_REASONS = [
  'pensiun',
  'mutasi',
  'mengundurkan_diri',
  'diberhentikan',
  'school_closed',
  'absent',
  'no_account_role',
  'other',
] as const;
export type PtkDeactivationReason = (typeof PTK_DEACTIVATION_REASONS)[number];

export const PD_DEACTIVATION_REASONS = [
  'lulus',
  'putus_sekolah',
  'dikeluarkan',
  'mengundurkan_diri',
  'mutasi',
  'school_closed',
  'absent',
  'continuation_ended',
  'other',
] as const;
export type PdDeactivationReason = (typeof PD_DEACTIVATION_REASONS)[number];

export interface PersonCopy {
  greeting(kind: PersonKind, nama: string): string;
  intro(kind: PersonKind, changes: number): string;
  combinedSubject: string;
  nextSteps(kind: PersonKind): string;
  labels: FactLabels;
  signature: readonly string[];
  footnote: string;
  ptkDeactivated(reason: PtkDeactivationReason, c: CopyContext): SectionText;
  pdDeactivated(reason: PdDeactivationReason, c: CopyContext): SectionText;
  reminder(c: CopyContext): SectionText;
  roleChanged(toAdmin: boolean, c: CopyContext): SectionText;
  transferred(c: CopyContext): SectionText;
  jenjangChanged(c: CopyContext): SectionText;
  created(c: CopyContext): SectionText;
  reactivated(c: CopyContext): SectionText;
}
