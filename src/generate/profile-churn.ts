// Profile corrections: Dapodik fixes a misspelt name or records a (new) personal email. Every row of
// the person changes alike; each account the person holds gets one profile_updated.

import { isActive } from './account-view.js';
import type { EvolveContext } from './evolve-context.js';
import type { PdRec, PtkRec } from './extract-model.js';
import { correctedName, emailFor } from './name-details.js';
import type { PersonKind } from './truth-log.js';

/** A free person with an active row (a pupil waiting to continue has no profile to update). */
function pickActive(ctx: EvolveContext, kind: PersonKind): { id: string; rows: (PtkRec | PdRec)[] } | null {
  const rowsOf = (id: string) => (kind === 'ptk' ? ctx.ptkRows(id) : ctx.pdRows(id));
  const id = ctx.pick(kind, (pid) => rowsOf(pid).some(isActive));
  return id ? { id, rows: rowsOf(id) } : null;
}

function update(
  ctx: EvolveContext,
  kind: PersonKind,
  id: string,
  rows: (PtkRec | PdRec)[],
  edit: (r: PtkRec | PdRec) => void,
) {
  for (const row of rows) edit(row);
  ctx.touchProfile(kind, id);
  ctx.truth.set(
    kind,
    id,
    ctx.accountsBefore(kind, id).map((account) => ({ type: 'profile_updated', from: account, to: account })),
  );
}

export function nameCorrected(ctx: EvolveContext, kind: PersonKind): boolean {
  const found = pickActive(ctx, kind);
  if (!found) return false;
  const first = found.rows[0]!;
  const nama = correctedName(ctx.rng, first.nama, first.jenisKelamin === 'P');
  if (nama === first.nama || nama.length > 100) return false;
  update(ctx, kind, found.id, found.rows, (r) => {
    r.nama = nama;
  });
  return true;
}

export function emailChanged(ctx: EvolveContext, kind: PersonKind): boolean {
  const found = pickActive(ctx, kind);
  if (!found) return false;
  const first = found.rows[0]!;
  let email = emailFor(ctx.rng, first.nama);
  if (email === first.email) email = `baru.${email}`;
  update(ctx, kind, found.id, found.rows, (r) => {
    r.email = email;
  });
  return true;
}
