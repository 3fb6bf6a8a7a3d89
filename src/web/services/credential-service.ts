// Unduh Akun: a school's initial passwords as a CSV, for that school's own operator and national
// operators only. Handing out, marking and auditing happen in one transaction, so a download either
// is recorded or did not happen; the audit entry says how many and which, never a password.
import { formatOperatorScope, type OperatorScope } from '../../domain/operator-scope.js';
import { AppError } from '../../errors.js';
import type { CredentialVault } from '../../security/credential-vault.js';
import { createCredentialRepository } from '../../store/credential-repository.js';
import { type CredentialCandidate, createDirectoryRepository } from '../../store/directory-repository.js';
import { createHoldRepository } from '../../store/hold-repository.js';
import type { Executor } from '../../store/person-repository.js';
import type { Store } from '../../store/store.js';
import { csvField } from '../../sync/event-view.js';
import { DIRECTORY_TEXT, wordFor } from '../text/directory-text.js';

export const DOWNLOAD_KINDS = ['new', 'all'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

/** The header is Indonesian whatever the page language: the file goes to school offices. */
export const CREDENTIAL_CSV_COLUMNS = [
  'nama',
  'peran',
  'jenjang',
  'alamat',
  'kata_sandi_awal',
  'status',
] as const;

export interface CredentialDownload {
  filename: string;
  /** RFC 4180, CRLF line ends, with a BOM so spreadsheet programs read UTF-8 names correctly. */
  csv: string;
  count: number;
}

/** Only the school's own operator and national operators; a dinas office may not see passwords. */
export function mayDownloadCredentials(scope: OperatorScope, npsn: string): boolean {
  return scope.role === 'nasional' || (scope.role === 'sekolah' && scope.scope === npsn);
}

export function parseDownloadKind(value: unknown): DownloadKind {
  if (value === undefined || value === '') return 'new';
  if (typeof value === 'string' && (DOWNLOAD_KINDS as readonly string[]).includes(value)) {
    return value as DownloadKind;
  }
  throw new AppError('bad_input', 'which must be new or all');
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula; a leading quote
 * makes it text (CSV injection).
 */
export function csvCell(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function csvOf(rows: (readonly string[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** One line of the file, in the header's order; words in Indonesian like the header. */
function csvRow(c: CredentialCandidate, password: string): string[] {
  const t = DIRECTORY_TEXT.id;
  return [
    c.nama,
    wordFor(t.roles, c.role),
    wordFor(t.jenjang, c.jenjang),
    c.primary_address,
    password,
    wordFor(t.statuses, c.status),
  ];
}

export function createCredentialService(store: Store, vault: CredentialVault) {
  const directory = createDirectoryRepository(store.db);
  const credentials = createCredentialRepository(store.db, store.bulk);
  const audit = createHoldRepository(store.db, store.bulk);

  /** Seals a password for each candidate that has none ("on first need") and returns all sealed values. */
  async function sealedFor(trx: Executor, candidates: CredentialCandidate[], at: string) {
    const missing = candidates.filter((c) => c.sealed === null).map((c) => c.id);
    if (missing.length > 0) {
      const sealed = vault.issueSealed(missing);
      await directory.insertMissingCredentials(
        trx,
        missing.map((id, i) => ({
          account_id: id,
          sealed: sealed[i]!,
          created_at: at,
          downloaded_at: null,
          downloaded_by: null,
        })),
      );
    }
    // Read back what is stored: a concurrent first need may have sealed a different password first.
    const stored = missing.length > 0 ? await directory.sealedOf(trx, missing) : new Map<number, string>();
    return (c: CredentialCandidate): string => {
      const value = c.sealed ?? stored.get(c.id);
      if (value === undefined) throw new AppError('internal', `account ${c.id} has no initial password`);
      return value;
    };
  }

  return {
    async download(input: {
      scope: OperatorScope;
      actor: string;
      npsn: string;
      which: DownloadKind;
      now: Date;
    }): Promise<CredentialDownload> {
      const { npsn, which } = input;
      if (!mayDownloadCredentials(input.scope, npsn)) {
        throw new AppError(
          'forbidden',
          "only the school's operator or a national operator may download accounts",
        );
      }
      if (!(await directory.school(npsn, input.scope))) throw new AppError('not_found', 'no such school');
      const at = input.now.toISOString();
      const rows = await store.db.transaction().execute(async (trx) => {
        const candidates = await directory.credentialCandidates(trx, npsn, which === 'new');
        const sealedOf = await sealedFor(trx, candidates, at);
        // Opened before anything is marked: a password that does not open leaves no trace of a download.
        const out = candidates.map((c) => csvRow(c, vault.open(c.id, sealedOf(c))));
        const firstTime = candidates.filter((c) => c.downloaded_at === null).map((c) => c.id);
        await credentials.markDownloaded(trx, firstTime, at, input.actor);
        await audit.audit(trx, {
          at,
          actor: input.actor,
          action: 'download_credentials',
          run_id: null,
          scope: formatOperatorScope({ role: 'sekolah', scope: npsn }),
          details_json: JSON.stringify({ count: candidates.length, which }),
        });
        return out;
      });
      return {
        filename: `akun-${npsn}-${at.slice(0, 10)}.csv`,
        csv: csvOf([CREDENTIAL_CSV_COLUMNS, ...rows]),
        count: rows.length,
      };
    },
  };
}
