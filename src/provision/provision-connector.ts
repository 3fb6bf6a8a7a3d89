// The port every provisioning target implements (STYLE 3): the SCIM 2.0 client now, Google Workspace's
// Directory API next. The worker owns the queue, the order per account, retries, backoff and the
// per-account status; a connector only makes its target hold one account's desired state, and says
// how that went.
import type { ProvisionPayload } from './provision-payload.js';

/** What the worker remembers about an account at the target (provision_status.remote_id). */
export interface RemoteRef {
  remoteId: string;
}

export type ApplyAction =
  | 'created' // the target did not hold the account; now it does
  | 'updated' // it held it with other values
  | 'unchanged' // it already held exactly this
  | 'deleted' // it held it and does no more
  | 'absent'; // asked to delete something the target does not hold (already gone): success

export interface ApplyResult {
  action: ApplyAction;
  /** The account's id at the target after the call; null once deleted or absent. */
  remoteId: string | null;
}

/** One request a connector would send, for `provision drain --plan`; bodies carry no secrets. */
export interface PlannedCall {
  method: string;
  path: string;
  body?: unknown;
}

export interface ProvisionConnector {
  /** Recorded with each account's status: 'scim', 'google'. */
  readonly target: string;
  /** Where it provisions, for messages and the console: never a credential. */
  readonly description: string;
  /**
   * Makes the target hold `desired` (create, update, suspend, reactivate or delete). Idempotent: the
   * same call again changes nothing and answers `unchanged` or `absent`. An account it cannot find
   * by `known` is looked up by `desired.externalId` before anything is created. Throws
   * ProvisionError; any other error counts as temporary.
   */
  apply(desired: ProvisionPayload, known: RemoteRef | null): Promise<ApplyResult>;
  /** The writes `apply` would send now, after reading the target; writes nothing. */
  plan(desired: ProvisionPayload, known: RemoteRef | null): Promise<PlannedCall[]>;
  close(): Promise<void>;
}

export interface ProvisionErrorOptions {
  /** The target refused for good (a bad value, a forbidden write): retrying cannot help. */
  permanent: boolean;
  /** The target asked to wait (Retry-After on a 429 or 503): the worker waits at least this long. */
  retryAfterMs?: number;
  /**
   * The target throttles us (429, a quota): not a fault of the row, so it does not count against the
   * attempts, and every worker of the process holds back for the Retry-After.
   */
  rateLimited?: boolean;
  /** The HTTP status, when there was one. */
  status?: number;
}

/**
 * A failed call to the target. The message says what was refused and why, in the target's words; it
 * never carries a credential and is stored as the row's last_error.
 */
export class ProvisionError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;
  readonly rateLimited: boolean;
  readonly status: number | undefined;

  constructor(message: string, options: ProvisionErrorOptions) {
    super(message);
    this.name = 'ProvisionError';
    this.permanent = options.permanent;
    this.retryAfterMs = options.retryAfterMs;
    this.rateLimited = options.rateLimited ?? false;
    this.status = options.status;
  }
}
