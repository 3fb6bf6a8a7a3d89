#!/usr/bin/env -S node --max-semi-space-size=64
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the prepare script).
//
// The flag on the first line gives V8 a young generation of 64 MiB a half instead of 16: a sync's
// applying pass builds each person's rows, hands them to the writer and drops them, and with the
// default size they outlived a scavenge and were copied again (1 M first load: write step 68.4 →
// 61.1 s; README "National scale"). V8 reads it only as node starts, so it is here, not in the code;
// `node bin/selaras.js` without it runs the same, only slower. bench/sync-bench.ts reads it from here.
import('../dist/src/cli/main.js')
  .then((m) => m.main(process.argv))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
