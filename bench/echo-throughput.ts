// Echo round-trip throughput on a page with vs. without the extension, measured in one run.
// `node --import tsx bench/echo-throughput.ts` (needs `npm run build` first).
import type { BrowserContext } from 'playwright-core';
import { launchPlain, launchWithExtension } from '../test/e2e/chromium';
import { startTestServer } from '../test/e2e/servers';

interface Workload {
  name: string;
  /** Bytes per message; text when `text`, otherwise an ArrayBuffer. */
  bytes: number;
  text: boolean;
  roundTrips: number;
}

const WORKLOADS: Workload[] = [
  { name: '100-byte text', bytes: 100, text: true, roundTrips: 5000 },
  { name: '1 MB binary', bytes: 1024 * 1024, text: false, roundTrips: 60 },
];
/** Alternating rounds with and without the extension, so drift on the machine hits both alike. */
const ROUNDS = 3;

const server = await startTestServer();
const pageUrl = server.page('/echo-bench.html', '<!doctype html><title>echo bench</title>');

/** Runs `workload` in a fresh tab; returns elapsed milliseconds measured inside the page. */
async function measure(context: BrowserContext, workload: Workload): Promise<number> {
  const page = await context.newPage();
  await page.goto(pageUrl);
  const elapsed = await page.evaluate(
    async ({ wsUrl, bytes, text, roundTrips }) => {
      const socket = new WebSocket(`${wsUrl}/echo`);
      socket.binaryType = 'arraybuffer';
      await new Promise((ok) => (socket.onopen = ok));
      const payload = text ? 'x'.repeat(bytes) : new Uint8Array(bytes).fill(7).buffer;
      const started = performance.now();
      for (let i = 0; i < roundTrips; i++) {
        const echoed = new Promise((ok) => (socket.onmessage = ok));
        socket.send(payload);
        await echoed;
      }
      const took = performance.now() - started;
      socket.close();
      return took;
    },
    { wsUrl: server.wsUrl, ...workload },
  );
  await page.close();
  return elapsed;
}

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
