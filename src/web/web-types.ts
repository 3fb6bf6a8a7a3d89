// What every route sees: who calls (an operator with a session or an API token, each with a scope),
// the language of the page, and the services wired once in app.ts (STYLE 4).
import type { Config } from '../config/config.js';
import type { OperatorScope } from '../domain/operator-scope.js';
import type { Lang } from '../notify/templates/mail-format.js';
import type { CredentialVault } from '../security/credential-vault.js';
import type { Store } from '../store/store.js';

export type { Lang };

export interface Caller {
  kind: 'operator' | 'token';
  /** The operator's login, or `token:<id>` — what the audit log records as the actor. */
  name: string;
  scope: OperatorScope;
}

/** What a route may log: typed events, never a password, token, NIK or birth date (STYLE 8). */
export type WebLogEvent =
  | { type: 'listening'; url: string }
  | { type: 'login'; login: string; ok: boolean; client: string }
  | { type: 'rate_limited'; bucket: string; client: string }
  | { type: 'request_failed'; method: string; path: string; code: string; message: string };

export type WebLog = (event: WebLogEvent) => void;

export interface WebDeps {
  store: Store;
  config: Readonly<Config>;
  masterKey: Buffer;
  vault: CredentialVault;
  now: () => Date;
  log: WebLog;
}

export interface AppEnv {
  Variables: {
    deps: WebDeps;
    lang: Lang;
    /** The caller, set by the console's session check or the API's bearer check. */
    caller: Caller;
    /** The CSRF token every form of this response carries (security/csrf.ts). */
    csrf: string;
    /** The client address rate limits are counted by. */
    client: string;
  };
}
