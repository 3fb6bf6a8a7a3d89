// `selaras provision reconcile`: pages through the domain's users and reports drift both ways — accounts
// Selaras holds that Google does not, Google users Selaras does not hold, and attributes that differ.
// With `repair`, the Selaras-owned accounts that drifted (missing, different, or deleted in Selaras but
// still in Google) are queued again with their whole state, so the ordinary worker fixes them in
// order with everything else; nothing is written to Google from here. A Google user without this
// store's account behind it is only reported: reconciliation never deletes what Selaras does not own.
import { createOutboxRepository } from '../store/outbox-repository.js';
import { accountFromRow } from '../store/person-repository.js';
import { createProvisionRepository } from '../store/provision-repository.js';
import type { Store } from '../store/store.js';
import type { GoogleDirectory } from './google-directory.js';
import { type GoogleUser, missingAliases, selarasIdOf, updateBody } from './google-user.js';
import { PROVISION_CHANNEL, type ProvisionPayload } from './provision-payload.js';
import { provisionPayload } from './provision-planner.js';

export interface AccountDrift {
  accountId: number;
  address: string;
  /** What differs: `missing`, `deleted` (gone in Selaras, still in Google), or the Google fields. */
  fields: string[];
}

export interface ForeignUser {
  primaryEmail: string;
  /** A `selaras:` id with no account here, or null for a user Selaras never made. */
  externalId: string | null;
}

export interface DriftReport {
  accounts: number;
  googleUsers: number;
  missing: number;
  differ: number;
  foreign: number;
  /** At most `limit` of each, for people to read. */
  drifts: AccountDrift[];
  foreignUsers: ForeignUser[];
  queued: number;
}

export interface ReconcileOptions {
  now: Date;
  repair: boolean;
  limit?: number;
  pageSize?: number;
}

export async function reconcileGoogle(
  store: Store,
  directory: Pick<GoogleDirectory, 'listUsers'>,
  options: ReconcileOptions,
): Promise<DriftReport> {
  const limit = options.limit ?? 100;
  const { owned, foreign } = await googleUsers(directory);
  const report: DriftReport = {
    accounts: 0,
    googleUsers: owned.size + foreign.length,
    missing: 0,
    differ: 0,
    foreign: 0,
    drifts: [],
    foreignUsers: [],
    queued: 0,
  };
  const repo = createProvisionRepository(store.db);
  const outbox = createOutboxRepository(store.db, store.capabilities);
  const at = options.now.toISOString();
  const runId = await latestRunId(store);
  let after = 0;
  for (;;) {
    const page = await store.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(options.pageSize ?? 2000)
      .execute();
    if (page.length === 0) break;
    after = Number(page[page.length - 1]?.id);
    const aliases = await repo.aliasesOf(page.map((a) => Number(a.id)));
    const repairs: ProvisionPayload[] = [];
    for (const row of page) {
      const desired = provisionPayload(null, accountFromRow(row));
      if (!desired) continue;
      desired.aliases = aliases.get(Number(row.id)) ?? [];
      const user = owned.get(desired.externalId);
      owned.delete(desired.externalId);
      const fields = driftOf(desired, user);
      if (row.status !== 'deleted') report.accounts++;
      if (fields.length === 0) continue;
      if (fields[0] === 'missing') report.missing++;
      else report.differ++;
      if (report.drifts.length < limit)
        report.drifts.push({ accountId: Number(row.id), address: row.primary_address, fields });
      repairs.push(desired);
    }
    if (options.repair && repairs.length > 0) {
      const rows = repairs.map((payload) => ({
        run_id: runId,
        event_id: null,
        account_id: payload.accountId,
        channel: PROVISION_CHANNEL,
        payload_json: JSON.stringify(payload),
        next_attempt_at: at,
        created_at: at,
      }));
      await store.db.transaction().execute((trx) => outbox.enqueue(trx, rows));
      report.queued += rows.length;
    }
  }
  const strangers: ForeignUser[] = [
    ...[...owned.entries()].map(([externalId, user]) => ({ primaryEmail: user.primaryEmail, externalId })),
    ...foreign.map((user) => ({ primaryEmail: user.primaryEmail, externalId: null })),
  ];
  report.foreign = strangers.length;
  report.foreignUsers = strangers.slice(0, limit);
  return report;
}

/** Empty when Google holds the account as it should. */
function driftOf(desired: ProvisionPayload, user: GoogleUser | undefined): string[] {
  if (desired.status === 'deleted') return user ? ['deleted'] : [];
  if (!user) return ['missing'];
  const fields = Object.keys(updateBody(desired, user));
  if (missingAliases(desired, user).length > 0) fields.push('aliases');
  return fields;
}

async function googleUsers(
  directory: Pick<GoogleDirectory, 'listUsers'>,
): Promise<{ owned: Map<string, GoogleUser>; foreign: GoogleUser[] }> {
  const owned = new Map<string, GoogleUser>();
  const foreign: GoogleUser[] = [];
  let token: string | undefined;
  do {
    const page = await directory.listUsers(token);
    for (const user of page.users) {
      const id = selarasIdOf(user);
      if (id === null) foreign.push(user);
      else owned.set(id, user);
    }
    token = page.nextPageToken ?? undefined;
  } while (token !== undefined);
  return { owned, foreign };
}

/** Repair rows belong to the last run: the state they carry is the state after it. */
async function latestRunId(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('runs')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
