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

  issueSealed(accountIds: readonly number[]): string[] {
    return accountIds.map((id) => this.seal(id, randomPassword()));
  }

  seal(accountId: number, password: string): string {
    const iv = randomBytes(IV_BYTES);
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

/** Rejection sampling keeps every symbol equally likely (256 is not a multiple of 57). */
function randomPassword(): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < LENGTH) {
    for (const byte of randomBytes(LENGTH * 2)) {
      if (byte < limit) out += ALPHABET[byte % ALPHABET.length];
      if (out.length === LENGTH) break;
    }
  }
  return out;
}
