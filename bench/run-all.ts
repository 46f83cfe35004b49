// `npm run bench`: every benchmark in turn, each printing its own table (needs `npm run build` first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const BENCHES = [
  'echo-throughput.ts',
  'burst-ingest.ts',
  'panel-100k.ts',
  'panel-million.ts',
  'extension-page-paint.ts',
  'panel-first-paint.ts',
  'decoder.ts',
  'binary-handover.ts',
  'capture-stages.ts',
  'relay-startup.ts',
  'insight-million.ts',
  'protocol-filter-100k.ts',
  'worker-startup.ts',
  'worker-socket.ts',
  'intercept-rules.ts',
];
let failed = 0;
for (const bench of BENCHES) {
  const path = resolve(import.meta.dirname, bench);
  if (!existsSync(path)) continue;
  console.log(`\n## ${bench}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
