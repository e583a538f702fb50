// Runs every benchmark under bench/ (or those named on the command line) and prints their figures.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filter = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => /\.(ts|mjs)$/.test(f))
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
