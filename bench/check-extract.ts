// node dist/bench/check-extract.js DIR [DIR...]: checks extracts, exits 1 when any has problems.

import { checkExtract } from './extract-checker.js';

async function main(): Promise<void> {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.log('usage: check-extract DIR [DIR...]');
    process.exitCode = 2;
    return;
  }
  for (const dir of dirs) {
    const started = performance.now();
    const report = await checkExtract(dir);
    const { errors, ...counts } = report;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`${dir}: ${errors.length === 0 ? 'ok' : `${errors.length} problems`} (${seconds} s)`, counts);
    for (const error of errors) console.log(`  ${error}`);
    if (errors.length > 0) process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
