// selaras serve [--port N] [--host H] — the console, Cek Akun and the API, until interrupted; and,
// when a provisioning target is configured, the provisioning worker in the background.
import type { Command } from 'commander';
import { type Config, loadConfig } from '../config/config.js';
import { storeAccountFacts } from '../provision/account-facts.js';
import { openProvisionConnector } from '../provision/open-connector.js';
import { drainProvisioning } from '../provision/provision-worker.js';
import { CredentialVault } from '../security/credential-vault.js';
import { loadMasterKey } from '../security/secret-key.js';
import { openStore, type Store } from '../store/store.js';
import { startWebServer } from '../web/server.js';
import type { WebLogEvent } from '../web/web-types.js';
import type { GlobalOptions } from './context.js';
import { printError, printLine } from './output.js';
import { drainOptions } from './provision-command.js';

interface ServeFlags extends GlobalOptions {
  port?: string;
  host?: string;
}

/** One line per event on stderr; the events carry no password, token, NIK or birth date by type. */
export function logWebEvent(event: WebLogEvent): void {
  switch (event.type) {
    case 'listening':
      return;
    case 'login':
      printError(
        `login ${event.ok ? 'ok' : 'failed'} for ${JSON.stringify(event.login)} from ${event.client}`,
      );
      return;
    case 'rate_limited':
      printError(`rate limited (${event.bucket}) ${event.client}`);
      return;
    case 'request_failed':
      printError(`${event.method} ${event.path} failed: ${event.code} ${event.message}`);
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web console, the Cek Akun page and the REST API')
    .option('--port <n>', 'port (default 3000, or SELARAS_PORT)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1, or SELARAS_HOST)')
    .action(async (_flags: ServeFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServeFlags>();
      const env = { ...process.env };
      if (flags.port) env.SELARAS_PORT = flags.port;
      if (flags.host) env.SELARAS_HOST = flags.host;
      const config = loadConfig(flags, env);
      const store = await openStore(config.db);
      const masterKey = loadMasterKey(config);
      const vault = new CredentialVault(masterKey);
      const server = await startWebServer(
        {
          store,
          config,
          masterKey,
          vault,
          now: () => new Date(),
          log: logWebEvent,
        },
        config.webHost,
        config.webPort,
      );
      printLine(`Selaras is serving ${store.description} at ${server.url} (Ctrl-C stops it)`);
      const provisioning = startProvisioning(store, config, vault);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await provisioning?.stop();
      await server.close();
      await store.close();
    });
}

/**
 * The provisioning loops, polling until stop(): null when no target is configured (changes then wait
 * in the outbox). stop() lets the rows in hand finish or go back to the queue, then returns.
 */
function startProvisioning(
  store: Store,
  config: Readonly<Config>,
  vault: CredentialVault,
): { stop(): Promise<void> } | null {
  const connector = openProvisionConnector(config, storeAccountFacts(store, vault));
  if (!connector) return null;
  const controller = new AbortController();
  const running = drainProvisioning(store, connector, {
    ...drainOptions(config),
    once: false,
    signal: controller.signal,
  });
  printLine(`Provisioning to ${connector.description} with ${config.provision.workers} workers`);
  return {
    async stop() {
      controller.abort();
      await running;
      await connector.close();
    },
  };
}
