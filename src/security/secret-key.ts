// One master key, from configuration (SELARAS_SECRET_KEY or `secretKey`: 64 hex characters) or, when
// none is configured, generated once into `<dataDir>/secret.key` (mode 0600) so a fresh clone works.
// Each use gets its own subkey (HKDF), so a cookie signature never shares a key with a sealed password.

import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';

export const KEY_PURPOSES = ['session-cookie', 'csrf', 'initial-password', 'appeal-proof'] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export interface SecretKeySource {
  secretKey: string | undefined;
  dataDir: string;
}

export function loadMasterKey(source: SecretKeySource): Buffer {
  if (source.secretKey !== undefined) return parseKey(source.secretKey, 'SELARAS_SECRET_KEY');
  const file = join(source.dataDir, 'secret.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8').trim(), file);
  mkdirSync(source.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

function parseKey(text: string, where: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new AppError('bad_input', `the secret key in ${where} must be 64 hexadecimal characters`);
  }
  return Buffer.from(text, 'hex');
}

export function deriveKey(master: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `selaras:${purpose}`, 32));
}
