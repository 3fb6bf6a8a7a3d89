// `npm start`'s tour, small: a synthetic province synced for two months, one school held and
// approved, tick, mail in the local mailbox, a demo login that signs in to the console.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../fixtures/cli.js';
import { WebClient } from '../web/web-support.js';

describe('the demo', () => {
  test('runs the whole tour and serves the console with the printed demo login', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'selaras-demo-'));
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'selaras.js'), 'demo', '--dir', dir, '--schools', '40', '--port', '0'],
      { cwd: REPO_ROOT, env: { ...process.env, SELARAS_SMTP_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    try {
      const ready = await new Promise<{ url: string; password: string }>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const url = /Konsol Selaras: (http:\/\/\S+)/.exec(out)?.[1];
          const password = /kata sandi: (\S+)/.exec(out)?.[1];
          if (url && password) resolve({ url: url.replace('localhost', '127.0.0.1'), password });
        });
        child.once('exit', (code) => reject(new Error(`demo exited ${code}:\n${out}`)));
      });
      assert.match(out, /held: (sekolah:\d{8}|provinsi:\d{2}) \(approved\)/);
      assert.match(out, /account_created\s+\d+/);
      assert.match(out, /account_suspended\s+0\s+0\s+0\s+[1-9]\d*/, 'tick suspended the month-2 leavers');
      const sent = Number(/surel terkirim ke kotak surat lokal: (\d+)/.exec(out)?.[1]);
      assert.ok(sent > 0);
      assert.equal((await readdir(join(dir, 'mail'))).filter((f) => f.endsWith('.eml')).length, sent);
      const client = new WebClient(ready.url);
      assert.equal((await client.login('demo', ready.password)).status, 303);
      assert.equal((await client.page('/')).status, 200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
