// The audit log a caller may read: everything nationally, otherwise the entries about its own area.
import type { OperatorScope } from '../../domain/operator-scope.js';
import { createAuditViewRepository } from '../../store/audit-view-repository.js';
import type { WebDeps } from '../web-types.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  run_id: number | null;
  scope: string | null;
  /** The details as compact JSON text (pages show it escaped, never as markup). */
  details: string;
}

export async function auditEntries(
  deps: WebDeps,
  scope: OperatorScope,
  limit: number,
  offset: number,
): Promise<{ entries: AuditEntry[]; total: number }> {
  const repo = createAuditViewRepository(deps.store.db);
  const [rows, total] = await Promise.all([repo.auditPage(scope, limit, offset), repo.countAudit(scope)]);
  const entries = rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    action: r.action,
    run_id: r.run_id,
    scope: r.scope,
    details: compact(r.details_json),
  }));
  return { entries, total };
}

function compact(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json));
  } catch {
    return json;
  }
}
