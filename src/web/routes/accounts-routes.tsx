// /accounts (search) and /accounts/:id (the account, its history and its mails), within the caller's
// scope: an account outside it answers 404 like one that does not exist.
import type { Hono } from 'hono';
import { accountProvisioning } from '../../provision/provision-status.js';
import { appealsOfAccount } from '../services/appeal-view-service.js';
import { createDirectoryService, parseAccountId } from '../services/directory-service.js';
import { AccountPage, AccountsSearchPage } from '../views/accounts-pages.js';
import { frameOf } from '../views/render.js';
import type { AppEnv } from '../web-types.js';

export function registerAccounts(app: Hono<AppEnv>): void {
  app.get('/accounts', async (c) => {
    const service = createDirectoryService(c.var.deps.store);
    const search = await service.searchAccounts(c.var.caller.scope, c.req.query('q') ?? '');
    return c.html(<AccountsSearchPage frame={frameOf(c)} search={search} />);
  });

  app.get('/accounts/:id', async (c) => {
    const id = parseAccountId(c.req.param('id'));
    const detail = await createDirectoryService(c.var.deps.store).account(c.var.caller.scope, id);
    const appeals = await appealsOfAccount(c.var.deps.store, id);
    const provisioning = await accountProvisioning(c.var.deps.store, id);
    return c.html(
      <AccountPage frame={frameOf(c)} detail={detail} appeals={appeals} provisioning={provisioning} />,
    );
  });
}
