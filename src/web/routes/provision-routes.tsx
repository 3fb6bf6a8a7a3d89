// /provision: the provisioning queue and the accounts' standing at the target, in the caller's scope.
import type { Hono } from 'hono';
import { openProvisionConnector } from '../../provision/open-connector.js';
import { provisionStatus } from '../../provision/provision-status.js';
import { ProvisionPage } from '../views/provision-pages.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';

export function registerProvision(app: Hono<AppEnv>): void {
  app.get('/provision', async (c) => {
    const { deps, caller } = c.var;
    // Building a connector does no I/O; only its description (never the token) is shown.
    const target = openProvisionConnector(deps.config)?.description ?? null;
    const report = await provisionStatus(deps.store, { scope: caller.scope, now: deps.now(), target });
    return c.html(<ProvisionPage frame={frameOf(c)} report={report} />);
  });
}
