// `selaras` with only the commands the crash tests kill: the same sync and outbox command code as
// bin/selaras.js, without loading the web console and the other commands, which more than double a
// process's start-up (about 1.5 s against 0.6 s here) — and the crash tests start ~200 processes.
// Usage: node selaras-child.js --db <store> sync <dir> --json | outbox drain …
import { Command } from 'commander';
import { registerOutbox } from '../../src/cli/outbox-command.js';
import { registerSync } from '../../src/cli/sync-command.js';

// `node --test dist/` runs every file under a test folder, this one too, without arguments: that is
// not a use of it, so it ends at once instead of failing with commander's usage error.
if (process.argv.length <= 2) process.exit(0);

const program = new Command('selaras')
  .option('--db <location>', 'SQLite file or postgres:// URL')
  .option('--config <file>', 'JSON config file');
registerSync(program);
registerOutbox(program);
await program.parseAsync(process.argv);
