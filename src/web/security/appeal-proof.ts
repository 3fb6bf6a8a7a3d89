// The appeal form on Cek Akun must know what the visitor proved with the look-up (kind, NPSN, name and
// birth date) without putting the birth date into the page. The look-up's facts travel sealed with
// AES-256-GCM under a key of their own: the page holds an opaque token, the server opens it on submit
// and runs the same look-up again. A token older than PROOF_TTL_MS, or made with another key, does not
// open; an account id alone proves nothing.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from '../../security/secret-key.js';
import type { CekAkunInput } from '../services/cek-akun-service.js';

export const PROOF_TTL_MS = 30 * 60_000;
const AAD = Buffer.from('selaras:appeal-proof:v1');

export interface AppealProof {
  input: CekAkunInput;
  accountId: number;
}

export class AppealProofs {
  private readonly key: Buffer;

  constructor(
    master: Buffer,
    private readonly now: () => Date,
  ) {
    this.key = deriveKey(master, 'appeal-proof');
  }

  seal(proof: AppealProof): string {
    const body = JSON.stringify({
      ...proof.input,
      accountId: proof.accountId,
      expires: this.now().getTime() + PROOF_TTL_MS,
    });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
  }

  /** The proof, or null when the token is malformed, forged, made with another key or expired. */
  open(token: unknown): AppealProof | null {
    if (typeof token !== 'string' || token.length > 2000) return null;
    const [iv, tag, body, extra] = token.split('.');
    if (!iv || !tag || !body || extra !== undefined) return null;
    let text: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return null;
    }
    const p = JSON.parse(text) as Partial<CekAkunInput> & { accountId?: unknown; expires?: unknown };
    if (typeof p.expires !== 'number' || p.expires < this.now().getTime()) return null;
    if (typeof p.accountId !== 'number' || (p.kind !== 'ptk' && p.kind !== 'pd')) return null;
    if (typeof p.npsn !== 'string' || typeof p.nama !== 'string' || typeof p.tanggalLahir !== 'string')
      return null;
    return {
      input: { kind: p.kind, npsn: p.npsn, nama: p.nama, tanggalLahir: p.tanggalLahir },
      accountId: p.accountId,
    };
  }
}
