// What capture costs a worker that opens no socket: a page starts 50 workers one after another (classic,
// then module), each answering its first message, with no capture, with DevTools open and with the
// extension, whose hook starts each through its bootstrap. Undriven pages (bench/undriven/); the time
// per worker is the table's time / 50.
//   BENCH_ROUNDS=7 node --import tsx bench/worker-startup.ts [NAME=FOLDER …]
import { compareCapture } from './undriven/compare';
import { parseBuilds } from './undriven/builds';
import { CLASSIC_WORKERS, MODULE_WORKERS } from './undriven/workloads';

await compareCapture([CLASSIC_WORKERS, MODULE_WORKERS], parseBuilds(process.argv.slice(2)));
