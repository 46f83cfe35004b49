// A burst of 100,000 received messages (BURST_MESSAGES to change it): the page's time without capture,
// with DevTools' Network capture and with the extension, and that the extension stored every message,
// read back from its IndexedDB. Exit code 1 if a round's burst was not stored whole.
//   BENCH_ROUNDS=3 node --import tsx bench/burst-ingest.ts   (needs `npm run build` first)
import { compareCapture } from './undriven/compare';
import { BURST } from './undriven/workloads';

await compareCapture([BURST]);
