// The generator's own record of what it changed, as the events a correct sync must find
// (truth.ndjson): the `selaras events` format (DESIGN 3.2) less what only a run can know — run_id,
// account_id, state — and less addresses, which would need the address allocation of the store.
// Each event is written by the change that caused it, never derived from the rows afterwards.

import type { AccountRef } from './account-view.js';

export type PersonKind = 'ptk' | 'pd';

export type TruthType =
  | 'ptk_deactivated'
  | 'ptk_role_changed'
  | 'ptk_transferred'
  | 'pd_level_changed'
  | 'pd_deactivated'
  | 'pd_transferred'
  | 'pd_continuation_pending'
  | 'account_created'
  | 'account_reactivated'
  | 'profile_updated';

export interface TruthEvent {
  type: TruthType;
  person: { kind: PersonKind; id: string };
  reason?: string;
  same_jenjang?: boolean;
  from?: AccountRef;
  to?: AccountRef;
  effective_date: string;
}

export type ScriptedEvent = Omit<TruthEvent, 'person' | 'effective_date'>;

/** 'Putus Sekolah' → 'putus_sekolah': a jenis_keluar as DESIGN 2 spells reasons. */
export function reasonCode(jenisKeluar: string): string {
  return jenisKeluar
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export class TruthLog {
  private readonly byPerson = new Map<string, { kind: PersonKind; id: string; events: ScriptedEvent[] }>();

  /** The events of one person, replacing any recorded before (a later change that supersedes). */
  set(kind: PersonKind, id: string, events: readonly ScriptedEvent[]): void {
    this.byPerson.set(`${kind}:${id}`, { kind, id, events: [...events] });
  }

  add(kind: PersonKind, id: string, event: ScriptedEvent): void {
    const entry = this.byPerson.get(`${kind}:${id}`);
    if (entry) entry.events.push(event);
    else this.set(kind, id, [event]);
  }

  entries(): IterableIterator<{ kind: PersonKind; id: string; events: readonly ScriptedEvent[] }> {
    return this.byPerson.values();
  }

  get size(): number {
    let n = 0;
    for (const entry of this.byPerson.values()) n += entry.events.length;
    return n;
  }

  /** Counts per event type, for the command's summary. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const entry of this.byPerson.values())
      for (const e of entry.events) out[e.type] = (out[e.type] ?? 0) + 1;
    return out;
  }

  /** Every event dated `effectiveDate`, one JSON object a line, in a stable order. */
  toNdjson(effectiveDate: string): string {
    const lines: string[] = [];
    for (const { kind, id, events } of this.byPerson.values()) {
      for (const e of events) lines.push(JSON.stringify(truthEvent(kind, id, e, effectiveDate)));
    }
    lines.sort();
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}

/** Keys in the order of the `selaras events` contract. */
function truthEvent(kind: PersonKind, id: string, e: ScriptedEvent, date: string): TruthEvent {
  const out = { type: e.type, person: { kind, id } } as TruthEvent;
  if (e.reason !== undefined) out.reason = e.reason;
  if (e.same_jenjang !== undefined) out.same_jenjang = e.same_jenjang;
  if (e.from) out.from = { ...e.from };
  if (e.to) out.to = { ...e.to };
  out.effective_date = date;
  return out;
}
