// The web's command-line side as an operator uses it: `users add`, `tokens add|list|revoke` and
// `serve`, each a real subprocess on a real store; the server is then asked over loopback HTTP.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/store.js';
import { explain, REPO_ROOT, runCli } from '../fixtures/cli.js';
import { DIALECTS, type FreshLocation, freshLocation, skipReason } from '../support/stores.js';
import { WebClient } from '../web/web-support.js';

const skips = new Map(await Promise.all(DIALECTS.map(async (d) => [d, await skipReason(d)] as const)));
const SAMPLE = join(REPO_ROOT, 'examples', 'sample-extract');

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

/** `selaras serve --port 0` as a child process; resolves with its URL once it listens. */
function startServe(db: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'selaras.js'), 'serve', '--port', '0', '--db', db],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /at (http:\/\/[^\s]+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

for (const dialect of DIALECTS) {
  describe(`web commands on ${dialect}`, { skip: skips.get(dialect) }, () => {
    let fresh: FreshLocation;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      fresh = await freshLocation(dialect);
      env = { ...process.env, SELARAS_SMTP_URL: '' };
      delete env.SELARAS_DB;
      if (dialect === 'postgres')
        env.SELARAS_DATA_DIR = join(REPO_ROOT, 'dist', '.test-data', 'web-commands');
      const sync = await runCli(['sync', SAMPLE], { db: fresh.location });
      assert.equal(sync.code, 0, explain(sync));
    });
    after(() => fresh.dispose());

    test('the sync sealed an initial password for every account it created', async () => {
      const store = await openStore(fresh.location);
      try {
        const accounts = await store.db.selectFrom('accounts').select('id').execute();
        const sealed = await store.db
          .selectFrom('account_credentials')
          .select(['account_id', 'sealed'])
          .execute();
        assert.ok(accounts.length > 0);
        assert.deepEqual(
          sealed.map((s) => s.account_id).sort((a, b) => a - b),
          accounts.map((a) => a.id).sort((a, b) => a - b),
        );
        assert.ok(sealed.every((s) => s.sealed.startsWith('v1.')));
      } finally {
        await store.close();
      }
    });

    test('users add prints a generated password once, as its last line, and it signs in', async () => {
      const added = await runCli(['users', 'add', 'operator.nasional', '--role', 'nasional'], {
        db: fresh.location,
      });
      assert.equal(added.code, 0, explain(added));
      const password = lastLine(added.stdout);
      assert.match(password, /^[A-Za-z0-9]{20,}$/);
      const listed = await runCli(['users', 'list', '--json'], { db: fresh.location });
      assert.deepEqual(
        listed.json.map((u: { login: string; role: string }) => [u.login, u.role]),
        [['operator.nasional', 'nasional']],
      );
      assert.doesNotMatch(listed.stdout, new RegExp(password));

      const { child, url } = await startServe(fresh.location, env);
      try {
        const client = new WebClient(url);
        const res = await client.login('operator.nasional', password);
        assert.equal(res.status, 303, 'signed in');
        assert.equal((await new WebClient(url).login('operator.nasional', `${password}x`)).status, 401);
      } finally {
        child.kill('SIGTERM');
        assert.equal(await exited(child), 0, 'serve stops cleanly on SIGTERM');
      }
    });

    test('users add refuses an unknown role, a scope-less dinas and a login that exists', async () => {
      const unknown = await runCli(['users', 'add', 'x-user', '--role', 'admin'], { db: fresh.location });
      assert.equal(unknown.code, 2, explain(unknown));
      assert.match(unknown.stderr, /unknown role admin/);
      const bare = await runCli(['users', 'add', 'x-user', '--role', 'dinas'], { db: fresh.location });
      assert.equal(bare.code, 2);
      assert.match(bare.stderr, /kode_wilayah prefix/);
      await runCli(['users', 'add', 'twice', '--role', 'sekolah:99000101'], { db: fresh.location });
      const again = await runCli(['users', 'add', 'twice', '--role', 'nasional'], { db: fresh.location });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already exists/);
    });

    test('tokens add prints the token once as its last line; it opens the API until revoked', async () => {
      const made = await runCli(['tokens', 'add', '--role', 'dinas', '--scope', '22', '--label', 'laporan'], {
        db: fresh.location,
      });
      assert.equal(made.code, 0, explain(made));
      const token = lastLine(made.stdout);
      assert.match(token, /^slr_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      const id = token.slice(4, 16);
      const listed = await runCli(['tokens', 'list', '--json'], { db: fresh.location });
      assert.equal(listed.json.length, 1);
      assert.equal(listed.json[0].role, 'dinas:22');
      assert.equal(listed.json[0].label, 'laporan');
      assert.doesNotMatch(listed.stdout, new RegExp(token.slice(17)));

      const { child, url } = await startServe(fresh.location, env);
      try {
        const call = (t: string) =>
          fetch(`${url}/api/v1/runs`, { headers: { authorization: `Bearer ${t}` } });
        assert.equal((await call(token)).status, 200);
        // Another last character (never the same one: 1 token in 64 already ends in A).
        const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
        assert.equal((await call(forged)).status, 401);
        const revoked = await runCli(['tokens', 'revoke', id], { db: fresh.location });
        assert.equal(revoked.code, 0, explain(revoked));
        const refused = await call(token);
        assert.equal(refused.status, 401);
        assert.equal(((await refused.json()) as { code: string }).code, 'unauthorized');
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
      const audit = await runCli(['audit', '--json'], { db: fresh.location });
      const actions = audit.json.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('token_add') && actions.includes('user_add'));
      assert.doesNotMatch(audit.stdout, new RegExp(token.slice(17)));
    });
  });
}
