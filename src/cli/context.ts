// What every command needs: the configuration and an open store, closed when the command ends.
import { userInfo } from 'node:os';
import { type Config, loadConfig } from '../config/config.js';
import { CredentialVault } from '../security/credential-vault.js';
import { loadMasterKey } from '../security/secret-key.js';
import { openStore, type Store } from '../store/store.js';

export interface GlobalOptions {
  db?: string;
  config?: string;
  memoryMb?: string;
}

export async function withStore<T>(
  options: GlobalOptions,
  body: (store: Store, config: Readonly<Config>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(options, process.env);
  const store = await openStore(config.db, { sqliteCacheMb: config.sqliteCacheMb });
  try {
    return await body(store, config);
  } finally {
    await store.close();
  }
}

/** Who decides on the command line: the operating-system user (DESIGN issue 3). */
export function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The vault that seals initial passwords, with the key from configuration or `<dataDir>/secret.key`. */
export function vaultOf(config: Readonly<Config>): CredentialVault {
  return new CredentialVault(loadMasterKey(config));
}
