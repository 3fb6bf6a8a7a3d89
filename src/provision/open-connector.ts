// The configured provisioning target, if any: the one place that turns settings into a connector, so a
// second target is one more branch here and nothing else changes. SCIM wins when both are configured.
import type { Config } from '../config/config.js';
import { type AccountFacts, createGoogleConnector, readKey } from './google-connector.js';
import { createGoogleDirectory, type GoogleDirectory } from './google-directory.js';
import type { ProvisionConnector } from './provision-connector.js';
import { createScimConnector } from './scim-connector.js';

/** The longest a single request may run, times the requests one row can take (lookups and a write). */
export const REQUESTS_PER_ROW = 4;

/** `facts` lets the Google connector place users by province and give them their own initial password. */
export function openProvisionConnector(
  config: Readonly<Config>,
  facts?: AccountFacts,
): ProvisionConnector | null {
  const settings = config.provision;
  if (settings.scimUrl !== undefined) {
    return createScimConnector({
      baseUrl: settings.scimUrl,
      token: settings.scimToken,
      timeoutMs: settings.timeoutMs,
    });
  }
  if (settings.googleCredentialsFile !== undefined && settings.googleAdminSubject !== undefined) {
    return createGoogleConnector({
      credentialsFile: settings.googleCredentialsFile,
      subject: settings.googleAdminSubject,
      customer: settings.googleCustomer,
      queriesPerMinute: settings.googleQpm,
      timeoutMs: settings.timeoutMs,
      ...(facts ? { facts } : {}),
    });
  }
  return null;
}

/** The configured Google Workspace directory, for `provision reconcile`; null when none is. */
export async function openGoogleDirectory(config: Readonly<Config>): Promise<GoogleDirectory | null> {
  const settings = config.provision;
  if (settings.googleCredentialsFile === undefined || settings.googleAdminSubject === undefined) return null;
  return createGoogleDirectory({
    key: await readKey(settings.googleCredentialsFile),
    subject: settings.googleAdminSubject,
    customer: settings.googleCustomer,
    queriesPerMinute: settings.googleQpm,
    timeoutMs: settings.timeoutMs,
  });
}
