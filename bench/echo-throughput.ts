// What capture costs a page's WebSocket traffic: a flood of small messages, 100-byte and 1 MB echoes,
// on pages nothing drives, without capture, with DevTools' Network capture, and with the extension.
//   BENCH_ROUNDS=5 node --import tsx bench/echo-throughput.ts   (needs `npm run build` first)
import { compareCapture } from './undriven/compare';
import { BINARY_ECHO, FLOOD, TEXT_ECHO } from './undriven/workloads';

await compareCapture([FLOOD, TEXT_ECHO, BINARY_ECHO]);
