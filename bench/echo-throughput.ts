// Echo round-trip throughput on a page with vs. without the extension, measured in one run.
// `node --import tsx bench/echo-throughput.ts` (needs `npm run build` first).
import type { BrowserContext } from 'playwright-core';
import { launchPlain, launchWithExtension } from '../test/e2e/chromium';
import { startTestServer } from '../test/e2e/servers';
import { timeEchoes, type EchoWorkload } from './echo-page';

const WORKLOADS: EchoWorkload[] = [
  { name: '100-byte text', bytes: 100, text: true, roundTrips: 5000 },
  { name: '1 MB binary', bytes: 1024 * 1024, text: false, roundTrips: 60 },
];
/** Alternating rounds with and without the extension, so drift on the machine hits both alike. */
const ROUNDS = 3;

const server = await startTestServer();
const pageUrl = server.page('/echo-bench.html', '<!doctype html><title>echo bench</title>');

const measure = (context: BrowserContext, workload: EchoWorkload): Promise<number> => timeEchoes(context, pageUrl, server.wsUrl, workload);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const plain = await launchPlain();
const inspected = await launchWithExtension();
console.log(`Echo round trips, median of ${ROUNDS} alternating rounds (2-core machine, headless Chromium)`);
console.log('| workload | without extension | with extension | ratio (with/without time) |');
console.log('| --- | --- | --- | --- |');
for (const workload of WORKLOADS) {
  const without: number[] = [];
  const withExt: number[] = [];
  await measure(plain.context, workload); // warm-up, not counted
  await measure(inspected.context, workload);
  for (let round = 0; round < ROUNDS; round++) {
    without.push(await measure(plain.context, workload));
    withExt.push(await measure(inspected.context, workload));
  }
  const rate = (ms: number): string =>
    `${((workload.roundTrips / ms) * 1000).toFixed(0)} round trips/s` +
    (workload.text ? '' : ` (${(((workload.bytes * 2 * workload.roundTrips) / ms) * 1000 / 1e6).toFixed(1)} MB/s)`);
  const ratio = median(withExt) / median(without);
  console.log(`| ${workload.name} × ${workload.roundTrips} | ${rate(median(without))} | ${rate(median(withExt))} | ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)}% slower) |`);
}
await plain.close();
await inspected.close();
await server.close();
