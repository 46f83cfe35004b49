// Echo round trips in Chromium without the extension and with each given build of it, in one run:
// wall time and the CPU all of each browser's processes spent, both as ratios to the plain browser.
// CPU time moves far less than wall time on a shared 2-core machine, so it is the steadier figure
// for comparing two builds (e.g. before and after a change: build one with WSI_OUT_DIR=/tmp/before).
// COMPARE_SPLIT=1 also prints the CPU by kind of process (browser, page and extension renderers…);
// COMPARE_WORKLOAD='1 MB' runs only the workloads whose name holds that text ('100-byte' for the other).
//   node --import tsx bench/compare-builds.ts dist/chrome /tmp/before/chrome
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_PATH, QUIET_CHROMIUM_ARGS } from '../test/e2e/chromium';
import { startTestServer } from '../test/e2e/servers';
import { timeEchoes, type EchoWorkload } from './echo-page';

const WORKLOADS: EchoWorkload[] = [
  { name: '100-byte text', bytes: 100, text: true, roundTrips: 4000 },
  { name: '1 MB binary', bytes: 1024 * 1024, text: false, roundTrips: 40 },
].filter((workload) => workload.name.includes(process.env.COMPARE_WORKLOAD ?? ''));
const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 5);

interface Contender {
  name: string;
  userDataDir: string;
  context: BrowserContext;
}

async function launch(name: string, extensionDir?: string): Promise<Contender> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-compare-'));
  const extension = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: [...QUIET_CHROMIUM_ARGS, ...extension] });
  return { name, userDataDir, context };
}

/**
 * CPU seconds (user + system) of the browser whose command line names `userDataDir` and all its
 * descendants, by kind of process, including those that ended and were reaped: a closed tab's
 * renderer counts in its parent's cutime and cstime (the zygote's, hence "ended renderers").
 */
function cpuByProcess(userDataDir: string): Map<string, number> {
  const processes = new Map<string, { parent: string; ticks: number; command: string }>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(pid, { parent: fields[1]!, ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]), command: readFileSync(`/proc/${pid}/cmdline`, 'utf8') });
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = new Set([...processes].filter(([, info]) => info.command.includes(userDataDir) && !processes.get(info.parent)?.command.includes(userDataDir)).map(([pid]) => pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, info] of processes) if (!tree.has(pid) && tree.has(info.parent)) grew = tree.add(pid).size > 0;
  }
  const byKind = new Map<string, number>();
  for (const pid of tree) {
    const { ticks, command } = processes.get(pid)!;
    const kind = processKind(command);
    byKind.set(kind, (byKind.get(kind) ?? 0) + ticks / 100); // USER_HZ
  }
  return byKind;
}

function processKind(command: string): string {
  const type = /--type=([\w-]+)/.exec(command)?.[1];
  if (type === undefined) return 'browser';
  if (type === 'zygote') return 'ended renderers';
  if (type === 'renderer') return command.includes('--extension-process') ? 'extension renderer' : 'page renderers';
  const service = /--utility-sub-type=([\w.]+)/.exec(command)?.[1];
  return service ? `utility ${service.split('.')[0]}` : type;
}

const sum = (values: Iterable<number>): number => [...values].reduce((total, value) => total + value, 0);

const server = await startTestServer();
const pageUrl = server.page('/compare.html', '<!doctype html><title>compare builds</title>');

// Each argument is a build's folder, or NAME=FOLDER to show NAME instead of the folder.
const builds = process.argv.slice(2).map((arg) => {
  const named = /^([^=/]+)=(.+)$/.exec(arg);
  return named ? { name: named[1]!, dir: resolve(named[2]!) } : { name: resolve(arg), dir: resolve(arg) };
});
if (builds.length === 0) throw new Error('usage: compare-builds.ts [NAME=]EXTENSION_DIR [[NAME=]EXTENSION_DIR …]');
const contenders = [await launch('without extension'), ...(await Promise.all(builds.map(({ name, dir }) => launch(name, dir))))];
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(`Echo round trips, median of ${ROUNDS} rounds, contenders alternating (headless Chromium)`);
console.log('| workload | build | time | time ratio | CPU of all its processes | CPU ratio |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
const splits: { workload: EchoWorkload; cpuByKind: Map<string, number>[][] }[] = [];
for (const workload of WORKLOADS) {
  const times = contenders.map((): number[] => []);
  const cpu = contenders.map((): number[] => []);
  const cpuByKind = contenders.map((): Map<string, number>[] => []);
  for (const contender of contenders) await timeEchoes(contender.context, pageUrl, server.wsUrl, workload, workload.roundTrips / 4); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, contender] of contenders.entries()) {
      const before = cpuByProcess(contender.userDataDir);
      times[index]!.push(await timeEchoes(contender.context, pageUrl, server.wsUrl, workload));
      await new Promise((settled) => setTimeout(settled, 300)); // the extension finishes storing
      const spent = new Map([...cpuByProcess(contender.userDataDir)].map(([kind, seconds]) => [kind, seconds - (before.get(kind) ?? 0)]));
      cpu[index]!.push(sum(spent.values()));
      cpuByKind[index]!.push(spent);
    }
  }
  for (const [index, contender] of contenders.entries()) {
    const time = median(times[index]!);
    const seconds = median(cpu[index]!);
    console.log(
      `| ${workload.name} × ${workload.roundTrips} | ${contender.name} | ${time.toFixed(0)} ms | ${(time / median(times[0]!)).toFixed(2)} | ${seconds.toFixed(2)} s | ${(seconds / median(cpu[0]!)).toFixed(2)} |`,
    );
  }
  if (process.env.COMPARE_SPLIT) splits.push({ workload, cpuByKind });
}
for (const { workload, cpuByKind } of splits) {
  console.log(`\nCPU seconds by kind of process, ${workload.name} × ${workload.roundTrips}, median of ${ROUNDS} rounds`);
  for (const [index, contender] of contenders.entries()) {
    const kinds = [...new Set(cpuByKind[index]!.flatMap((spent) => [...spent.keys()]))].sort();
    const parts = kinds.map((kind) => `${kind} ${median(cpuByKind[index]!.map((spent) => spent.get(kind) ?? 0)).toFixed(2)}`).filter((part) => !part.endsWith(' 0.00'));
    console.log(`- ${contender.name}: ${parts.join(', ')}`);
  }
}
for (const contender of contenders) {
  await contender.context.close();
  rmSync(contender.userDataDir, { recursive: true, force: true });
}
await server.close();
