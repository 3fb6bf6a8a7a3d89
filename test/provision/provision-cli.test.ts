// `selaras provision …` as an operator runs it, as a real subprocess on every store dialect: the queue
// before any target is configured, the plan, the drain, the status per account, and a drain killed
// mid-way whose rows the next drain finishes without creating anyone twice.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliResult, explain, REPO_ROOT, runCli } from '../fixtures/cli.js';
import { type ScimProvider, startScimProvider } from '../fixtures/scim-provider.js';
import { DIALECTS, type FreshLocation, freshLocation, skipReason } from '../support/stores.js';
import { monthOne, monthTwo } from './provision-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));

for (const dialect of DIALECTS) {
  describe(`selaras provision (${dialect})`, { skip: skips.get(dialect) }, () => {
    let db: FreshLocation;
    let provider: ScimProvider;
    let accounts = 0;
    let target: NodeJS.ProcessEnv = {};
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { db: db.location, env });
    const ok = (result: CliResult) => {
      assert.equal(result.code, 0, explain(result));
      return result.json;
    };

    before(async () => {
      db = await freshLocation(dialect);
      provider = await startScimProvider({ token: 'token-rahasia-42' });
      target = { SELARAS_PROVISION_SCIM_URL: provider.url, SELARAS_PROVISION_SCIM_TOKEN: provider.token };
      const dir = await monthOne().write();
      try {
        accounts = ok(await cli(['sync', dir, '--json'])).counts.account_created;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
    after(async () => {
      await provider.close();
      await db.dispose();
    });

    test('without a target the changes wait in the queue, and drain says what to set', async () => {
      const status = ok(await cli(['provision', 'status', '--json']));
      assert.equal(status.target, null);
      assert.deepEqual(status.queue, { pending: accounts, sending: 0, sent: 0, failed: 0 });
      assert.equal(status.waiting_accounts, accounts);
      assert.deepEqual(status.accounts, { synced: 0, retrying: 0, failed: 0 });

      const drain = await cli(['provision', 'drain']);
      assert.equal(drain.code, 2, explain(drain));
      assert.match(drain.stderr, /SELARAS_PROVISION_SCIM_URL/);
    });

    test('--plan lists the calls a drain would make and sends no write', async () => {
      const plan = ok(await cli(['provision', 'drain', '--plan', '--limit', '3', '--json'], target));
      assert.equal(plan.due, accounts);
      assert.equal(plan.rows.length, 3);
      for (const row of plan.rows) {
        assert.deepEqual(row.changes, ['create']);
        assert.deepEqual(
          row.calls.map((c: { method: string; path: string }) => `${c.method} ${c.path}`),
          ['POST /Users'],
        );
      }
      assert.ok(provider.requests.every((r) => r.method === 'GET'));
      assert.equal(provider.users().length, 0);
    });

    test('a drain killed mid-way is finished by the next one, and nobody is created twice', async () => {
      provider.requests.length = 0;
      provider.delayMs = 15;
      const child = spawn(
        process.execPath,
        ['bin/selaras.js', 'provision', 'drain', '--workers', '2', '--db', db.location],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, SELARAS_DB: '', ...target },
          stdio: 'ignore',
        },
      );
      while (provider.users().length < 20) await sleep(20);
      child.kill('SIGKILL');
      await once(child, 'exit');
      provider.delayMs = 0;

      // The killed drain's rows are leased for 10 minutes; the next drain acts as if they had run out.
      await leaseRunsOut(db.location);
      const drain = ok(await cli(['provision', 'drain', '--json'], target));

      assert.equal(drain.failed, 0);
      assert.equal(provider.users().length, accounts);
      const posts = provider.requests.filter((r) => r.method === 'POST' && r.status === 201).length;
      assert.equal(posts, accounts, 'one create per account, the killed drain’s included');
      assert.equal(new Set(provider.users().map((u) => u.externalId)).size, accounts);
    });

    test('status shows every account synced, one account in detail, and never the token', async () => {
      const status = await cli(['provision', 'status', '--json'], target);
      const report = ok(status);
      assert.equal(report.target, `SCIM ${provider.url}`);
      assert.deepEqual(report.accounts, { synced: accounts, retrying: 0, failed: 0 });
      assert.equal(report.queue.pending, 0);
      assert.equal(report.waiting_accounts, 0);

      const address = String(provider.users()[0]!.userName);
      const one = ok(await cli(['provision', 'status', '--account', address, '--json'], target));
      assert.equal(one.status.state, 'synced');
      assert.equal(one.status.remote_id, provider.users()[0]!.id);
      assert.equal(one.status.user_name, address);
      assert.equal(one.waiting, 0);
      assert.deepEqual(one.changes[0].changes, ['create']);

      const text = await cli(['provision', 'status'], target);
      assert.match(text.stdout, new RegExp(`accounts: ${accounts} synced, 0 retrying, 0 failed`));
      for (const r of [status, text]) assert.ok(!`${r.stdout}${r.stderr}`.includes(provider.token));
    });

    test('serve pushes a new change in the background while a target is configured, and stops cleanly', async () => {
      const dir = await monthTwo().write();
      try {
        ok(await cli(['sync', dir, '--json']));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const renamed = () => provider.users().some((u) => String(u.userName).includes('@admin.sd.'));
      assert.ok(!renamed());

      const code = await serveUntil(db.location, target, renamed);

      assert.ok(renamed(), 'the Kepala Sekolah appointment reached the provider');
      assert.equal(code, 0);
      const report = ok(await cli(['provision', 'status', '--json'], target));
      assert.equal(report.queue.pending + report.queue.sending, 0);
    });
  });
}

/** Runs `selaras serve` until `done` holds, then stops it with SIGTERM; resolves with its exit code. */
async function serveUntil(
  location: string,
  env: NodeJS.ProcessEnv,
  done: () => boolean,
): Promise<number | null> {
  const dataDir = await mkdtemp(join(tmpdir(), 'selaras-serve-'));
  const child = spawn(process.execPath, ['bin/selaras.js', 'serve', '--port', '0', '--db', location], {
    cwd: REPO_ROOT,
    env: { ...process.env, SELARAS_DB: '', SELARAS_DATA_DIR: dataDir, ...env },
    stdio: 'ignore',
  });
  try {
    const deadline = Date.now() + 60_000;
    while (!done() && Date.now() < deadline) await sleep(50);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    return code;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Moves the end of every lease into the past, as if the minutes had passed. */
async function leaseRunsOut(location: string): Promise<void> {
  const { openStore } = await import('../../src/store/store.js');
  const store = await openStore(location);
  try {
    await store.db
      .updateTable('outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('status', '=', 'sending')
      .execute();
  } finally {
    await store.close();
  }
}
