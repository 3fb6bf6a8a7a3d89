// The secrets the web layer keeps: operator password hashes, API tokens, sealed initial passwords,
// the master key file, and the in-memory rate limiter.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { hashSecret, newApiToken, parseApiToken, secretMatches } from '../../src/security/api-token.js';
import { CredentialVault } from '../../src/security/credential-vault.js';
import { hashPassword, verifyPassword } from '../../src/security/password-hash.js';
import { deriveKey, loadMasterKey } from '../../src/security/secret-key.js';
import { RateLimiter } from '../../src/web/security/rate-limiter.js';

const KEY = Buffer.alloc(32, 7);

describe('operator passwords', () => {
  test('verify against their own hash only, and the hash names scrypt and its parameters', async () => {
    const hash = await hashPassword('rahasia-panjang-sekali');
    assert.match(hash, /^scrypt\$16384\$8\$1\$/);
    assert.doesNotMatch(hash, /rahasia/);
    assert.equal(await verifyPassword('rahasia-panjang-sekali', hash), true);
    assert.equal(await verifyPassword('rahasia-panjang-sekalI', hash), false);
    assert.notEqual(await hashPassword('rahasia-panjang-sekali'), hash, 'salted');
    assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  });
});

describe('API tokens', () => {
  test('are random, parse back into id and secret, and match only their own stored hash', () => {
    const a = newApiToken();
    const b = newApiToken();
    assert.notEqual(a.token, b.token);
    const parsed = parseApiToken(a.token);
    assert.ok(parsed);
    assert.equal(parsed.id, a.id);
    assert.equal(secretMatches(parsed.secret, a.secretHash), true);
    assert.equal(secretMatches(parsed.secret, b.secretHash), false);
    assert.equal(hashSecret(parsed.secret), a.secretHash);
    assert.equal(parseApiToken(`${a.token}x`), null);
    assert.equal(parseApiToken('Bearer abc'), null);
  });
});

describe('initial passwords', () => {
  const vault = new CredentialVault(KEY);

  test('are 14 symbols without look-alike characters, and differ every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const { password } = vault.issue(i);
      assert.match(password, /^[A-HJ-NP-Za-km-z2-9]{14}$/);
      seen.add(password);
    }
    assert.equal(seen.size, 500);
  });

  test('open only for the account they were sealed for and only with the same key', () => {
    const { password, sealed } = vault.issue(42);
    assert.doesNotMatch(sealed, new RegExp(password));
    assert.equal(vault.open(42, sealed), password);
    assert.throws(() => vault.open(43, sealed), /does not open/);
    assert.throws(() => new CredentialVault(Buffer.alloc(32, 8)).open(42, sealed), /does not open/);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    assert.throws(() => vault.open(42, tampered));
  });
});

describe('the master key', () => {
  test('is generated once into the data directory with owner-only permissions, then reused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'selaras-key-'));
    try {
      const first = loadMasterKey({ secretKey: undefined, dataDir: dir });
      const second = loadMasterKey({ secretKey: undefined, dataDir: dir });
      assert.deepEqual(first, second);
      assert.equal((await stat(join(dir, 'secret.key'))).mode & 0o777, 0o600);
      assert.equal((await readFile(join(dir, 'secret.key'), 'utf8')).trim(), first.toString('hex'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('from configuration must be 64 hex characters, and each use derives its own subkey', () => {
    assert.deepEqual(
      loadMasterKey({ secretKey: 'ab'.repeat(32), dataDir: '/nonexistent' }),
      Buffer.alloc(32, 0xab),
    );
    assert.throws(() => loadMasterKey({ secretKey: 'short', dataDir: '/nonexistent' }), /64 hexadecimal/);
    assert.notDeepEqual(deriveKey(KEY, 'csrf'), deriveKey(KEY, 'session-cookie'));
  });
});

describe('the rate limiter', () => {
  test('lets `limit` hits through per key and window, then refuses until the window passes', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000 }, () => now);
    assert.deepEqual(
      [1, 2, 3, 4].map(() => limiter.hit('a')),
      [true, true, true, false],
    );
    assert.equal(limiter.hit('b'), true, 'keys count apart');
    assert.equal(limiter.allows('a'), false);
    assert.equal(limiter.retryAfter('a'), 60);
    now += 60_000;
    assert.equal(limiter.hit('a'), true);
  });

  test('stays bounded under a flood of distinct keys', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 }, () => 5, 1000);
    for (let i = 0; i < 10_000; i++) limiter.hit(`k${i}`);
    assert.ok((limiter as unknown as { counts: Map<string, unknown> }).counts.size <= 1000);
  });
});
