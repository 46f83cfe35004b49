// The capture workloads of echo-throughput.ts with other builds of the extension beside dist/chrome,
// e.g. before and after a change (build one with WSI_OUT_DIR=/tmp/before). Each argument is a build's
// folder, or NAME=FOLDER to show NAME instead of the folder. BENCH_WORKLOAD='1 MB' runs only the
// workloads whose name holds that text.
//   BENCH_ROUNDS=7 node --import tsx bench/compare-builds.ts before=/tmp/before/chrome
import { compareCapture } from './undriven/compare';
import { parseBuilds } from './undriven/builds';
import { BINARY_ECHO, FLOOD, TEXT_ECHO } from './undriven/workloads';

const builds = parseBuilds(process.argv.slice(2));
if (builds.length === 0) throw new Error('usage: compare-builds.ts [NAME=]EXTENSION_DIR [[NAME=]EXTENSION_DIR …]');
await compareCapture([FLOOD, TEXT_ECHO, BINARY_ECHO], builds);
