// The newcomer's tour (`npm start`): a province-sized synthetic country synced for two months, one
// school's broken upload held by the guards and approved, the notice period run out by `tick`, every
// email delivered to the local mailbox, and a demo operator for the console. Each step goes through
// the same services as the real commands, so the demo shows what the product does, not a mock-up.
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addOperator } from '../access/operator-service.js';
import type { Config } from '../config/config.js';
import type { EventType } from '../domain/accounts.js';
import { csvLine, parseCsvLine, readLines } from '../generate/csv-lines.js';
import { evolveExtract } from '../generate/extract-evolver.js';
import { generateExtract } from '../generate/population-builder.js';
import { openMailTransport } from '../notify/open-mail-transport.js';
import { drainOutbox } from '../notify/outbox-worker.js';
import type { CredentialVault } from '../security/credential-vault.js';
import type { Store } from '../store/store.js';
import { decide } from '../sync/approval-service.js';
import type { SyncReport } from '../sync/report.js';
import { type Progress, syncExtract } from '../sync/sync-service.js';
import { tick } from '../sync/tick-service.js';

export interface DemoOptions {
  dir: string;
  schools: number;
  seed: number;
  config: Readonly<Config>;
  vault: CredentialVault;
  /** Reports each step as it starts; progress bars for the long ones. */
  step(label: string): void;
  progress?: Progress;
}

export interface DemoStep {
  /** A short column title for the summary table. */
  label: string;
  /** What the step was about: the extract's date, the held scope, the tick date. */
  date: string;
  report: SyncReport;
}

export interface DemoResult {
  steps: DemoStep[];
  heldScope: string | null;
  mailSent: number;
  mailbox: string;
  login: string;
  password: string;
  people: number;
}

const ACTOR = 'demo';
const MONTH_1 = '2026-06-15';

export async function runDemo(store: Store, o: DemoOptions): Promise<DemoResult> {
  const base = {
    policy: o.config.policy,
    plan: false,
    partitions: o.config.partitions,
    batchSize: o.config.batchSize,
    dataDir: o.config.dataDir,
    now: () => new Date(),
    actor: ACTOR,
    lang: o.config.lang,
    vault: o.vault,
    ...(o.progress ? { progress: o.progress } : {}),
  };
  const steps: DemoStep[] = [];
  o.step(`Membuat data Dapodik sintetis: ${o.schools} sekolah (seed ${o.seed})`);
  const first = await generateExtract({
    outDir: join(o.dir, 'extract-1'),
    schools: o.schools,
    seed: o.seed,
    takenAt: MONTH_1,
  });
  o.step(`Sinkronisasi bulan 1 (${first.taken_at}): ${first.ptk_rows + first.pd_rows} baris`);
  steps.push({ label: 'bulan-1', date: first.taken_at, report: await syncExtract(store, first.dir, base) });

  o.step('Membuat bulan 2: kenaikan kelas, lulusan, mutasi … dan satu unggahan sekolah yang rusak');
  const second = await evolveExtract({ fromDir: first.dir, outDir: join(o.dir, 'extract-2'), seed: o.seed });
  await breakOneSchool(second.dir);
  o.step(`Sinkronisasi bulan 2 (${second.taken_at}): pengaman menahan sekolah yang mencurigakan`);
  const held = await syncExtract(store, second.dir, base);
  steps.push({ label: 'bulan-2', date: second.taken_at, report: held });

  const heldScope = held.held[0]?.scope ?? null;
  if (held.run_id !== null && heldScope !== null) {
    o.step(`Menyetujui ${heldScope} (operator memeriksa dan menyatakan data benar)`);
    const approved = await decide(store, held.run_id, {
      decision: 'approve',
      scope: heldScope,
      reason: 'Demo: operator sekolah mengonfirmasi data Dapodik',
      ...base,
    });
    steps.push({ label: 'setuju', date: heldScope, report: approved });
  }

  const today = addDays(second.taken_at, o.config.policy.noticeDays);
  o.step(`tick --now ${today}: masa pemberitahuan habis, akun ditangguhkan`);
  steps.push({ label: 'tick', date: today, report: await tick(store, { ...base, today }) });

  o.step('Mengirim semua surel ke kotak surat lokal');
  const mail = openMailTransport({ ...o.config, smtpUrl: undefined });
  let sent = 0;
  try {
    sent = (await drainOutbox(store, mail, { workers: 4, batchSize: 500, from: o.config.mailFrom })).sent;
  } finally {
    await mail.close();
  }
  const password = randomBytes(9).toString('base64url');
  await addOperator(store, {
    login: 'demo',
    scope: { role: 'nasional', scope: '' },
    password,
    actor: ACTOR,
    now: new Date(),
  });
  return {
    steps,
    heldScope,
    mailSent: sent,
    mailbox: join(o.config.dataDir, 'mail'),
    login: 'demo',
    password,
    people: first.ptk_rows + first.pd_rows,
  };
}

/**
 * One school sends a half-empty upload: four in five of its pupils vanish from peserta_didik.csv.
 * The guards must hold it (far over the 30 % a school may lose in a month) while the rest of the
 * month applies. The school is the smallest SD with at least 30 pupils, so the story is the same
 * for every seed.
 */
async function breakOneSchool(dir: string): Promise<void> {
  const schools = await readCsv(join(dir, 'sekolah.csv'));
  const sd = new Set(
    schools.rows
      .filter((r) => r[schools.col('bentuk_pendidikan')] === 'SD')
      .map((r) => r[schools.col('npsn')]),
  );
  const pupils = await readCsv(join(dir, 'peserta_didik.csv'));
  const npsnAt = pupils.col('npsn');
  const bySchool = new Map<string, number>();
  for (const row of pupils.rows) bySchool.set(row[npsnAt]!, (bySchool.get(row[npsnAt]!) ?? 0) + 1);
  const target = [...bySchool]
    .filter(([npsn, n]) => sd.has(npsn) && n >= 30)
    .sort(([a, x], [b, y]) => x - y || a.localeCompare(b))[0]?.[0];
  if (!target) return;
  let seen = 0;
  const kept = pupils.rows.filter((row) => row[npsnAt] !== target || seen++ % 5 === 0);
  await writeFile(
    join(dir, 'peserta_didik.csv'),
    `${[pupils.header, ...kept].map(csvLine).join('\r\n')}\r\n`,
  );
}

async function readCsv(file: string) {
  const [headerLine = '', ...lines] = await readLines(file);
  const header = parseCsvLine(headerLine);
  return { header, rows: lines.map(parseCsvLine), col: (name: string) => header.indexOf(name) };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function eventTotals(
  steps: DemoStep[],
): { label: string; counts: Partial<Record<EventType, number>> }[] {
  return steps.map((s) => ({
    label: s.label,
    counts: Object.fromEntries(Object.entries(s.report.counts).filter(([, n]) => n > 0)),
  }));
}

export async function resetDemoDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
