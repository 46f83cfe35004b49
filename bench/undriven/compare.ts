// Capture cost, measured on pages nothing drives: the same workloads in Chromium with no capture, with
// DevTools' Network capture on the page, with the extension (dist/chrome) and with any other builds,
// in alternating rounds so that drift on the machine hits every contender alike. Prints one markdown
// table: the page's time and the CPU of each browser's processes by kind, medians, with ratios to
// "no capture"; then each extension build against the targets.
import { CHROME_DIST } from '../../test/e2e/chromium';
import { launchUndriven, type UndrivenBrowser } from './browser';
import { cpuSpent } from './cpu';
import { startJobServer, type Job, type JobServer } from './jobs';
import { countStored, openStoreReader, waitStored, type StoreReader } from './stored';
import type { Workload } from './workloads';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Only the workloads whose name holds this text. */
const ONLY = process.env.BENCH_WORKLOAD ?? '';
/** With the page still open, the extension finishes storing what it was handed before CPU is read. */
const SETTLE_MS = 300;
/** A closed tab's renderer exits and is reaped, so its CPU is read as an ended process's. */
const REAP_MS = 100;
/** Columns of CPU by kind of process (cpu.ts); any other kind is summed under "other". */
const KINDS = ['browser', 'page renderers', 'extension', 'utility network'];

export interface Build {
  name: string;
  dir: string;
  /** Runs once the build's browser started, before any workload (e.g. stores rules in the extension). */
  setup?: (browser: UndrivenBrowser) => Promise<void>;
}

/**
 * Two contenders compared round by round (each round runs them one after the other, so drift on a
 * shared machine hits both alike): the ratio of `a` to `b` per round, its median and range; with `max`,
 * a verdict on the median time ratio.
 */
export interface Pair {
  a: string;
  b: string;
  max?: number;
}

/** Where the first two contenders stand: every ratio is to the first, the targets also name the second. */
const [NO_CAPTURE, DEVTOOLS] = [0, 1];

interface Contender {
  name: string;
  browser: UndrivenBrowser;
  devtools: boolean;
  reader?: StoreReader;
}

interface Round {
  ms: number;
  cpu: Map<string, number>;
  /** For a workload the extension must store whole: ms from the page's result to the counters showing all, and the exact count. */
  stored?: { lagMs: number; whole: boolean; received: number };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sum = (values: Iterable<number>): number => [...values].reduce((total, value) => total + value, 0);

async function measure(jobs: JobServer, contender: Contender, job: Job, storedWhole: number | undefined): Promise<Round> {
  const { browser, reader } = contender;
  const before = browser.cpu();
  let lagMs: number | undefined;
  const { ms, id } = await jobs.run(browser, job, {
    devtools: contender.devtools,
    async whileOpen({ id, doneAt }) {
      if (storedWhole !== undefined && reader) lagMs = await waitStored(reader, id, storedWhole, doneAt);
      await sleep(SETTLE_MS);
    },
  });
  await sleep(REAP_MS);
  const cpu = cpuSpent(before, browser.cpu());
  if (lagMs === undefined || !reader) return { ms, cpu };
  // Counted after the CPU reading: reading every message back is the bench's work, not capture's.
  const { received, distinct } = await countStored(reader, id);
  return { ms, cpu, stored: { lagMs, received, whole: received === storedWhole && distinct === storedWhole } };
}

/** Runs every workload (filtered by BENCH_WORKLOAD) on the three standard contenders plus `builds`; exit code 1 if a burst was not stored whole. */
export async function compareCapture(workloads: Workload[], builds: Build[] = [], pairs: Pair[] = []): Promise<void> {
  const chosen = workloads.filter((workload) => workload.name.includes(ONLY));
  const jobs = await startJobServer();
  const contenders: Contender[] = [];
  try {
    contenders.push({ name: 'no capture', browser: await launchUndriven(), devtools: false });
    contenders.push({ name: 'DevTools open', browser: await launchUndriven(), devtools: true });
    for (const { name, dir, setup } of [{ name: 'extension', dir: CHROME_DIST }, ...builds]) {
      const browser = await launchUndriven(dir);
      await setup?.(browser);
      contenders.push({ name, browser, devtools: false });
    }
    const checksStorage = chosen.some((workload) => workload.storedWhole !== undefined);
    if (checksStorage) for (const contender of contenders) if (contender.browser.extensionId) contender.reader = await openStoreReader(contender.browser);

    console.log(
      `Capture on undriven pages: median of ${ROUNDS} rounds, contenders alternating (headless Chromium ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'})`,
    );
    console.log(`CPU: seconds of each browser's processes during the round (× "no capture"); "DevTools open" leaves out its front end.\n`);
    console.log(`| workload | contender | time | × | CPU, all | × | ${KINDS.join(' | ')} | other |${checksStorage ? ' stored |' : ''}`);
    console.log(`| --- | --- | ---: | ---: | ---: | ---: | ${KINDS.map(() => '---:').join(' | ')} | ---: |${checksStorage ? ' --- |' : ''}`);
    const verdicts: string[] = [];
    const paired: string[] = [];
    for (const workload of chosen) {
      const rounds = contenders.map((): Round[] => []);
      for (const contender of contenders) await measure(jobs, contender, workload.warmUp, undefined);
      for (let round = 0; round < ROUNDS; round++)
        for (const [index, contender] of contenders.entries()) rounds[index]!.push(await measure(jobs, contender, workload.job, workload.storedWhole));

      const kindOf = (kind: string) => (KINDS.includes(kind) ? kind : 'other');
      const medianCpu = (index: number, kind?: string) =>
        median(rounds[index]!.map(({ cpu }) => sum([...cpu].filter(([name]) => kind === undefined || kindOf(name) === kind).map(([, seconds]) => seconds))));
      const ratio = (value: number, base: number) => (base > 0.005 ? `${(value / base).toFixed(2)}` : '–');
      const times = rounds.map((measured) => median(measured.map(({ ms }) => ms)));
      for (const [index, contender] of contenders.entries()) {
        const cells = [...KINDS, 'other'].map((kind) => {
          const seconds = medianCpu(index, kind);
          return `${seconds.toFixed(2)} s${index !== NO_CAPTURE ? ` (${ratio(seconds, medianCpu(NO_CAPTURE, kind))})` : ''}`;
        });
        const stored = rounds[index]!.flatMap(({ stored }) => (stored ? [stored] : []));
        const storedWhole = `${stored.filter(({ whole }) => whole).length}/${stored.length} rounds`;
        const allWhole = stored.every(({ whole }) => whole);
        const storedCell = stored.length
          ? `${allWhole ? 'whole' : 'INCOMPLETE'} in ${storedWhole} (least ${Math.min(...stored.map(({ received }) => received))}), ${(median(stored.map(({ lagMs }) => lagMs)) / 1000).toFixed(2)} s after the page`
          : '–';
        console.log(
          `| ${workload.name} | ${contender.name} | ${times[index]!.toFixed(0)} ms | ${ratio(times[index]!, times[NO_CAPTURE]!)} | ${medianCpu(index).toFixed(2)} s | ${ratio(medianCpu(index), medianCpu(NO_CAPTURE))} | ${cells.join(' | ')} |${checksStorage ? ` ${storedCell} |` : ''}`,
        );
        if (!contender.browser.extensionId) continue;
        const timeRatio = times[index]! / times[NO_CAPTURE]!;
        const met = timeRatio <= (workload.target ?? Infinity) && times[index]! <= times[DEVTOOLS]! && allWhole;
        if (!allWhole) process.exitCode = 1;
        verdicts.push(
          `- ${workload.name}, ${contender.name}: ${timeRatio.toFixed(2)}× no capture${workload.target ? ` (target ${workload.target}×)` : ''}, ${(times[index]! / times[DEVTOOLS]!).toFixed(2)}× DevTools open (target ≤ 1)` +
            `${stored.length ? `, stored whole in ${storedWhole}` : ''}: ${met ? 'met' : 'NOT MET'}`,
        );
      }
      for (const pair of pairs) paired.push(pairLine(pair, workload.name, contenders, rounds));
    }
    console.log(`\nTargets (time):\n${verdicts.join('\n')}`);
    if (paired.length > 0) console.log(`\nRound by round (a ÷ b in each round: median, and least–most over ${ROUNDS} rounds):\n${paired.join('\n')}`);
  } finally {
    for (const { browser } of contenders) await browser.close();
    await jobs.close();
  }
}

function pairLine(pair: Pair, workload: string, contenders: Contender[], rounds: Round[][]): string {
  const at = (name: string) => {
    const index = contenders.findIndex((contender) => contender.name === name);
    if (index < 0) throw new Error(`no contender "${name}" to compare`);
    return rounds[index]!;
  };
  const [a, b] = [at(pair.a), at(pair.b)];
  const pageCpu = (round: Round) => round.cpu.get('page renderers') ?? 0;
  const spread = (ratios: number[]) => `${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
  const times = a.map((round, index) => round.ms / b[index]!.ms);
  const cpus = a.map((round, index) => pageCpu(round) / Math.max(pageCpu(b[index]!), 0.001));
  const verdict = pair.max === undefined ? '' : `: ${median(times) <= pair.max ? 'met' : 'NOT MET'} (target ≤ ${pair.max})`;
  return `- ${workload}, ${pair.a} ÷ ${pair.b}: time ${spread(times)}, page CPU ${spread(cpus)}${verdict}`;
}
