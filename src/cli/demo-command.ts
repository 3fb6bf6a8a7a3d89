// selaras demo — what `npm start` runs: the guided tour of src/demo/demo-service.ts on a fresh store in
// data/demo, a summary table of events and mail, then the console at http://localhost:3000 with a
// demo login printed once (on purpose: it is the newcomer's way in).
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { type DemoResult, eventTotals, resetDemoDir, runDemo } from '../demo/demo-service.js';
import { EVENT_TYPES } from '../domain/accounts.js';
import { CredentialVault } from '../security/credential-vault.js';
import { loadMasterKey } from '../security/secret-key.js';
import { openStore } from '../store/store.js';
import { startWebServer } from '../web/server.js';
import type { GlobalOptions } from './context.js';
import { printLine, terminalProgress } from './output.js';
import { logWebEvent } from './serve-command.js';

interface DemoFlags extends GlobalOptions {
  dir: string;
  schools: string;
  seed: string;
  port?: string;
  serve: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the guided tour: synthetic data, two months of syncs, a held school, mail, the console')
    .option('--dir <dir>', 'where the demo keeps its store, extracts and mailbox (replaced)', 'data/demo')
    .option('--schools <n>', 'schools in the synthetic province', '200')
    .option('--seed <n>', 'seed of the synthetic data', '1')
    .option('--port <n>', 'console port (default 3000, or SELARAS_PORT)')
    .option('--no-serve', 'stop after the summary instead of starting the console')
    .action(async (_flags: DemoFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<DemoFlags>();
      const started = Date.now();
      await resetDemoDir(flags.dir);
      const env: NodeJS.ProcessEnv = { ...process.env, SELARAS_DATA_DIR: flags.dir, SELARAS_SMTP_URL: '' };
      if (flags.port) env.SELARAS_PORT = flags.port;
      const config = loadConfig({ db: join(flags.dir, 'selaras.db') }, env);
      const store = await openStore(config.db);
      const masterKey = loadMasterKey(config);
      const vault = new CredentialVault(masterKey);
      let n = 0;
      const result = await runDemo(store, {
        dir: flags.dir,
        schools: Number(flags.schools),
        seed: Number(flags.seed),
        config,
        vault,
        step: (label) => printLine(`[${++n}] ${label}`),
        progress: terminalProgress(),
      });
      printSummary(result, (Date.now() - started) / 1000);
      if (!flags.serve) {
        await store.close();
        return;
      }
      const server = await startWebServer(
        { store, config, masterKey, vault, now: () => new Date(), log: logWebEvent },
        config.webHost,
        config.webPort,
      );
      const shown = server.url.replace('127.0.0.1', 'localhost');
      printLine('');
      printLine(`Konsol Selaras: ${shown}   (Cek Akun: ${shown}/cek-akun)`);
      printLine(`Masuk sebagai: ${result.login}   kata sandi: ${result.password}`);
      printLine('Tekan Ctrl-C untuk berhenti.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await server.close();
      await store.close();
    });
}

function printSummary(result: DemoResult, seconds: number): void {
  const rows = eventTotals(result.steps);
  const used = EVENT_TYPES.filter((t) => rows.some((r) => (r.counts[t] ?? 0) > 0));
  const width = Math.max(...rows.map((r) => r.label.length), 'peristiwa'.length);
  printLine('');
  printLine(`Ringkasan (${result.people} orang, ${seconds.toFixed(0)} detik)`);
  for (const step of result.steps)
    printLine(
      `  ${step.label.padEnd(8)} ${step.date}  run ${step.report.run_id ?? '-'} ${step.report.status}`,
    );
  printLine(`${'peristiwa'.padEnd(26)} ${rows.map((r) => r.label.padStart(width)).join(' ')}`);
  for (const type of used) {
    printLine(`${type.padEnd(26)} ${rows.map((r) => String(r.counts[type] ?? 0).padStart(width)).join(' ')}`);
  }
  printLine(`held: ${result.heldScope ?? '-'} (approved)`);
  printLine(`surel terkirim ke kotak surat lokal: ${result.mailSent}  (${result.mailbox})`);
}
