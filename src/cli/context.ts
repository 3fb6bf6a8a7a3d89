// What every command needs: the configuration and an open store, closed when the command ends.
import { type Config, loadConfig } from '../config/config.js';
import { openStore, type Store } from '../store/store.js';

export interface GlobalOptions {
  db?: string;
  config?: string;
}

export async function withStore<T>(
  options: GlobalOptions,
  body: (store: Store, config: Readonly<Config>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(options, process.env);
  const store = await openStore(config.db);
  try {
    return await body(store, config);
  } finally {
    await store.close();
  }
}
