// Initial passwords: strong, random, readable aloud (no 0/O, 1/l/I), and stored only sealed with
// AES-256-GCM. A sealed value is `v1.<iv>.<tag>.<ciphertext>` in base64url; the account id is bound
// as associated data, so a sealed password copied onto another account does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { deriveKey } from './secret-key.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const LENGTH = 14; // 14 symbols of 57: about 81 bits
const IV_BYTES = 12;

export class CredentialVault {
  private readonly key: Buffer;

  constructor(master: Buffer) {
    this.key = deriveKey(master, 'initial-password');
  }

  /** A fresh password, sealed for `accountId`. Random bytes are drawn once per call, not per symbol. */
  issue(accountId: number): { password: string; sealed: string } {
    const password = randomPassword();
    return { password, sealed: this.seal(accountId, password) };
  }

  /** Fresh sealed passwords for many accounts: the random bytes of the batch are drawn in one call. */
  issueSealed(accountIds: readonly number[]): string[] {
    const pool = new RandomPool(accountIds.length * (IV_BYTES + LENGTH * 2));
    return accountIds.map((id) => this.sealWith(id, randomPassword(pool), pool.take(IV_BYTES)));
  }

  seal(accountId: number, password: string): string {
    return this.sealWith(accountId, password, randomBytes(IV_BYTES));
  }

  private sealWith(accountId: number, password: string, iv: Buffer): string {
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(String(accountId)));
    const body = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return `v1.${parts.join('.')}`;
  }

  open(accountId: number, sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) {
      throw new AppError('internal', `the initial password of account ${accountId} is not in a known format`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(String(accountId)));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new AppError(
        'internal',
        `the initial password of account ${accountId} does not open with this secret key (was the key changed?)`,
      );
    }
  }
}

/** Random bytes drawn in one call and handed out in slices; it draws again when it runs dry. */
class RandomPool {
  private bytes: Buffer;
  private at = 0;

  constructor(private readonly size: number) {
    this.bytes = randomBytes(Math.max(size, 64));
  }

  take(n: number): Buffer {
    if (this.at + n > this.bytes.length) {
      this.bytes = randomBytes(Math.max(this.size, n, 64));
      this.at = 0;
    }
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

/** Rejection sampling keeps every symbol equally likely (256 is not a multiple of 57). */
function randomPassword(pool: RandomPool = new RandomPool(LENGTH * 2)): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < LENGTH) {
    for (const byte of pool.take(LENGTH * 2)) {
      if (byte < limit) out += ALPHABET[byte % ALPHABET.length];
      if (out.length === LENGTH) break;
    }
  }
  return out;
}
