// The configured provisioning target, if any: the one place that turns settings into a connector, so a
// second target (Google Workspace, issue 11) is one more branch here and nothing else changes.
import type { Config } from '../config/config.js';
import type { ProvisionConnector } from './provision-connector.js';
import { createScimConnector } from './scim-connector.js';

/** The longest a single request may run, times the requests one row can take (lookups and a write). */
export const REQUESTS_PER_ROW = 4;

export function openProvisionConnector(config: Readonly<Config>): ProvisionConnector | null {
  const settings = config.provision;
  if (settings.scimUrl === undefined) return null;
  return createScimConnector({
    baseUrl: settings.scimUrl,
    token: settings.scimToken,
    timeoutMs: settings.timeoutMs,
  });
}
