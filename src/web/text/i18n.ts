// Every text a person reads on the web comes from a table with one entry per language; TypeScript
// makes the English table have exactly the keys of the Indonesian one. Each area keeps its own table
// (text/<area>-text.ts), so areas change without touching each other.
import type { Lang } from '../web-types.js';

export const WEB_LANGS = ['id', 'en'] as const satisfies readonly Lang[];

export interface TextTable<T> {
  id: T;
  en: T;
}

export function defineText<T>(table: TextTable<T>): TextTable<T> {
  return table;
}

export function textOf<T>(table: TextTable<T>, lang: Lang): T {
  return table[lang];
}

/** 1234567 → '1.234.567' (id) or '1,234,567' (en). */
export function formatNumber(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB');
}

/** '2025-07-14' → '14 Juli 2025' (id) or '14 July 2025' (en). */
export function formatDate(date: string, lang: Lang): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** An ISO timestamp shown to the minute, in UTC. */
export function formatTimestamp(at: string): string {
  return `${at.slice(0, 16).replace('T', ' ')} UTC`;
}
