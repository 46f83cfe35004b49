// What capture costs a socket in a dedicated worker against the same socket in the page: the flood
// (20,000 × 100 B received) run in the page and in a worker the page starts, with no capture, with
// DevTools open (the page only: it does not see the worker's socket) and with the extension, in one run
// on undriven pages (bench/undriven/).
//   BENCH_ROUNDS=5 node --import tsx bench/worker-socket.ts [NAME=FOLDER …]
import { compareCapture } from './undriven/compare';
import { parseBuilds } from './undriven/builds';
import { FLOOD, WORKER_FLOOD } from './undriven/workloads';

await compareCapture([FLOOD, WORKER_FLOOD], parseBuilds(process.argv.slice(2)));
