// Events in the shape of the `selaras events` contract (DESIGN 3.2), and the same fields flattened
// for CSV.
import type { AccountRef } from '../domain/accounts.js';
import type { EventsTable } from '../store/schema.js';

export interface EventView {
  type: string;
  run_id: number;
  account_id: number | null;
  state: string;
  person: { kind: string; id: string };
  reason?: string;
  same_jenjang?: boolean;
  from?: AccountRef;
  to?: AccountRef;
  effective_date: string;
}

export function eventView(row: EventsTable): EventView {
  const view: EventView = {
    type: row.type,
    run_id: row.run_id,
    account_id: row.account_id,
    state: row.state,
    person: { kind: row.person_kind, id: row.person_id },
    effective_date: row.effective_date,
  };
  if (row.reason !== null) view.reason = row.reason;
  if (row.same_jenjang !== null) view.same_jenjang = row.same_jenjang === 1;
  if (row.from_json) view.from = JSON.parse(row.from_json) as AccountRef;
  if (row.to_json) view.to = JSON.parse(row.to_json) as AccountRef;
  return view;
}

export const EVENT_CSV_COLUMNS = [
  'type',
  'run_id',
  'account_id',
  'state',
  'person_kind',
  'person_id',
  'reason',
  'same_jenjang',
  'from_address',
  'from_jenjang',
  'from_role',
  'from_npsn',
  'to_address',
  'to_jenjang',
  'to_role',
  'to_npsn',
  'effective_date',
] as const;

export function eventCsvRecord(view: EventView): Record<(typeof EVENT_CSV_COLUMNS)[number], string> {
  const side = (ref: AccountRef | undefined, key: keyof AccountRef) => (ref ? ref[key] : '');
  return {
    type: view.type,
    run_id: String(view.run_id),
    account_id: view.account_id === null ? '' : String(view.account_id),
    state: view.state,
    person_kind: view.person.kind,
    person_id: view.person.id,
    reason: view.reason ?? '',
    same_jenjang: view.same_jenjang === undefined ? '' : String(view.same_jenjang),
    from_address: side(view.from, 'address'),
    from_jenjang: side(view.from, 'jenjang'),
    from_role: side(view.from, 'role'),
    from_npsn: side(view.from, 'npsn'),
    to_address: side(view.to, 'address'),
    to_jenjang: side(view.to, 'jenjang'),
    to_role: side(view.to, 'role'),
    to_npsn: side(view.to, 'npsn'),
    effective_date: view.effective_date,
  };
}

/** RFC 4180 quoting for one field. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
