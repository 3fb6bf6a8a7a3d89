// Ground for the log scan (log-scan.test.ts): every process of a full run is a real `selaras`
// subprocess whose stdout and stderr are kept in a log book, and the secrets of the run — read back
// from the store and the server's answers — are listed in every form they could be written in.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { CredentialVault } from '../../src/security/credential-vault.js';
import type { Store } from '../../src/store/store.js';
import { formatDate } from '../../src/web/text/i18n.js';
import { type CliResult, REPO_ROOT } from '../fixtures/cli.js';

/** What one process wrote; `intended` is the one line it exists to show its operator, if any. */
export interface Captured {
  name: string;
  stdout: string;
  stderr: string;
  intended?: string;
}

export interface Secret {
  kind: string;
  value: string;
}

export class LogBook {
  readonly entries: Captured[] = [];

  add(name: string, result: Pick<CliResult, 'stdout' | 'stderr'>, intended?: string): void {
    this.entries.push({
      name,
      stdout: result.stdout,
      stderr: result.stderr,
      ...(intended ? { intended } : {}),
    });
  }

  /** Everything a process wrote except its intended line: what an operator's terminal or a log keeps. */
  static logOf(entry: Captured): string {
    let out = entry.stdout;
    if (entry.intended !== undefined) {
      const lines = out.trimEnd().split('\n');
      if (lines.at(-1) === entry.intended) out = lines.slice(0, -1).join('\n');
    }
    return `${out}\n${entry.stderr}`;
  }

  /** Each secret found in a log, as `kind in process` (the value itself masked). */
  findings(secrets: readonly Secret[]): string[] {
    const found: string[] = [];
    for (const entry of this.entries) {
      const log = LogBook.logOf(entry);
      for (const s of secrets) {
        if (log.includes(s.value)) found.push(`${s.kind} ${mask(s.value)} in ${entry.name}`);
      }
    }
    return found;
  }
}

function mask(value: string): string {
  return value.length <= 4 ? '****' : `${value.slice(0, 2)}…${value.slice(-2)}`;
}

/** A birth date in the forms a person, a spreadsheet or a page would write it. */
export function birthDateForms(iso: string): string[] {
  const [y, m, d] = iso.split('-');
  return [
    iso,
    `${d}-${m}-${y}`,
    `${d}/${m}/${y}`,
    `${y}/${m}/${d}`,
    formatDate(iso, 'id'),
    formatDate(iso, 'en'),
  ];
}

/** NIK, NISN and birth dates of every person in the store. */
export async function personalSecrets(store: Store): Promise<Secret[]> {
  const persons = await store.db.selectFrom('persons').select(['nik', 'nisn', 'tanggal_lahir']).execute();
  const secrets: Secret[] = [];
  for (const p of persons) {
    if (p.nik) secrets.push({ kind: 'NIK', value: p.nik });
    if (p.nisn) secrets.push({ kind: 'NISN', value: p.nisn });
    for (const form of birthDateForms(p.tanggal_lahir)) secrets.push({ kind: 'birth date', value: form });
  }
  return secrets;
}

/** Every initial password, opened from its sealed form with the vault (the way Unduh Akun does). */
export async function initialPasswords(store: Store, masterKey: Buffer): Promise<Map<number, string>> {
  const vault = new CredentialVault(masterKey);
  const rows = await store.db.selectFrom('account_credentials').select(['account_id', 'sealed']).execute();
  return new Map(rows.map((r) => [Number(r.account_id), vault.open(Number(r.account_id), r.sealed)]));
}

export interface Serving {
  url: string;
  child: ChildProcess;
  /** Stops the server (SIGTERM) and returns all it wrote. */
  stop(): Promise<Captured>;
}

/** `selaras serve --port 0` as a real process; all it writes is kept. */
export function serve(db: string, env: NodeJS.ProcessEnv): Promise<Serving> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'selaras.js'), 'serve', '--port', '0', '--db', db],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /at (http:\/\/[^\s]+)/.exec(stdout)?.[1];
      if (!url) return;
      clearInterval(timer);
      resolve({
        url,
        child,
        async stop() {
          child.kill('SIGTERM');
          await exited;
          return { name: 'serve', stdout, stderr };
        },
      });
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`serve exited before listening:\n${stdout}\n${stderr}`));
    });
  });
}
