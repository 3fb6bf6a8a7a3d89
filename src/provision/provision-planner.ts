// Which account changes the directory outside must hear about, and what it should then hold. Pure: the
// plan writer calls it for every account it writes, and the rows it returns commit in the same
// transaction as the accounts (STYLE 5).
//
// Every change is queued whether or not a target is configured: whether a change reaches the directory
// must not depend on the environment of the process that happened to make it (a `sync` run from a shell
// without SELARAS_PROVISION_SCIM_URL), and a target switched on later replays the queue from the first
// row. A row is a few hundred bytes beside the mail the same change queues.
import type { Account } from '../domain/accounts.js';
import type { PersonPlan } from '../domain/classify.js';
import type { OutboxTable } from '../store/schema.js';
import {
  externalIdOf,
  PROVISION_CHANNEL,
  type ProvisionChange,
  type ProvisionPayload,
} from './provision-payload.js';

/** A `deactivating` account keeps working until it is suspended (DESIGN 2). */
export function isActiveStatus(status: string): boolean {
  return status === 'active' || status === 'deactivating';
}

/** What a target sees changing between two versions of an account; empty when nothing it holds moved. */
export function provisionChanges(before: Account | null, after: Account): ProvisionChange[] {
  if (before === null) return after.status === 'deleted' ? [] : ['create'];
  if (before.status === 'deleted') return [];
  if (after.status === 'deleted') return ['delete'];
  const changes: ProvisionChange[] = [];
  if (before.primaryAddress !== after.primaryAddress) changes.push('rename');
  const moved =
    before.role !== after.role ||
    before.jenjang !== after.jenjang ||
    before.npsn !== after.npsn ||
    before.nama !== after.nama ||
    before.personId !== after.personId;
  if (moved) changes.push('update');
  const [was, is] = [isActiveStatus(before.status), isActiveStatus(after.status)];
  if (was && !is) changes.push('suspend');
  if (!was && is) changes.push('reactivate');
  return changes;
}

/** The desired state of `after` at the target, or null when the change is nothing a target holds. */
export function provisionPayload(before: Account | null, after: Account): ProvisionPayload | null {
  const changes = provisionChanges(before, after);
  if (changes.length === 0) return null;
  return {
    v: 1,
    changes,
    accountId: after.id,
    externalId: externalIdOf(after.id),
    userName: after.primaryAddress,
    aliases: changes.includes('rename') && before ? [before.primaryAddress] : [],
    displayName: after.nama,
    role: after.role,
    jenjang: after.jenjang,
    npsn: after.npsn,
    personKind: after.personKind,
    personId: after.personId,
    status: after.status,
    active: isActiveStatus(after.status),
  };
}

export type ProvisionRow = Omit<OutboxTable, 'id'>;

/**
 * One row per account of an applied plan that changed in a way a target sees. `eventIds[i]` is the id
 * of the plan's i-th event; a row points at the event about its account (the old account of a move
 * is the event's subject, the new one its `toChange`).
 */
export function provisionRows(plan: PersonPlan, eventIds: number[], runId: number, at: Date): ProvisionRow[] {
  const stamp = at.toISOString();
  const rows: ProvisionRow[] = [];
  plan.changes.forEach((change, index) => {
    const payload = provisionPayload(change.previous, change.account);
    if (!payload) return;
    const event = plan.events.findIndex((e) => e.subject === index || e.toChange === index);
    rows.push({
      run_id: runId,
      event_id: event === -1 ? null : (eventIds[event] ?? null),
      account_id: change.account.id,
      channel: PROVISION_CHANNEL,
      message_id: null,
      payload_json: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: stamp,
      created_at: stamp,
      sent_at: null,
      last_error: null,
    });
  });
  return rows;
}
