// What capture costs each frame when it starts: a page adds 200 iframes at once and times until all
// have loaded, with no capture, with DevTools open, with the extension and with any builds named
// (e.g. the relay before it dropped webextension-polyfill). Undriven pages (bench/undriven/).
//   BENCH_ROUNDS=7 node --import tsx bench/relay-startup.ts [NAME=FOLDER …]
import { compareCapture } from './undriven/compare';
import { parseBuilds } from './undriven/builds';
import { FRAMES } from './undriven/workloads';

await compareCapture([FRAMES], parseBuilds(process.argv.slice(2)));
