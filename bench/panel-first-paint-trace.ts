// Where the panel's first row spends its time: a Chromium trace of the panel opening on a tab with
// 100,000 stored messages (as in panel-first-paint.ts), summed by kind of work on the panel
// renderer's main thread, from navigation start to the first paint after the first row is in the DOM,
// and JavaScript self time by function from the sampling profiler. Tracing (the profiler most) slows
// the page: the figures say where the time goes, not how long it takes untraced.
//   node --import tsx bench/panel-first-paint-trace.ts   (after `npm run build`; TRACE_ROUNDS=5, TRACE_KEEP=FILE keeps the last trace,
//   TRACE_PROFILE=0 leaves the sampling profiler out: durations nearer an untraced opening, no JavaScript by function)
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_DIST, CHROMIUM_PATH, QUIET_CHROMIUM_ARGS } from '../test/e2e/chromium';
import { connection, seed, seedGenerated, session } from '../test/e2e/seed';

const ROUNDS = Number(process.env.TRACE_ROUNDS ?? 5);
const COUNT = 100_000;
const TAB_ID = 77;
// The first row on screen: drawn by the page's first script (first-rows.ts) or the table's own.
const ROW = '.message-rows [role=row], .first-rows .message-row';
const CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.compile',
  'blink.user_timing',
  'loading',
  'toplevel',
  'IndexedDB',
  'navigation',
  ...(process.env.TRACE_PROFILE === '0' ? [] : ['disabled-by-default-v8.cpu_profiler']),
].join(',');

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat: string;
  args?: { name?: string; data?: Record<string, unknown>; [key: string]: unknown };
}

async function traceOpening(context: BrowserContext, url: string): Promise<TraceEvent[]> {
  const page: Page = await context.newPage();
  await page.addInitScript((selector) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      performance.mark('wsi:row-in-dom');
      requestAnimationFrame(() => setTimeout(() => performance.mark('wsi:row-painted'), 0));
    });
    observer.observe(document, { subtree: true, childList: true });
  }, ROW);
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES.split(','), recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('wsi:row-painted').length > 0);
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return events;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number };
}

/** JavaScript self time by function (name, script, line) on `tid` between `start` and `end`, from the sampling profiler's chunks. */
function profileSelfTimes(events: readonly TraceEvent[], pid: number, tid: number, start: number, end: number): Map<string, number> {
  const profiles = new Map<unknown, { time: number; nodes: Map<number, ProfileNode> }>();
  const self = new Map<string, number>();
  const ordered = events.filter((e) => e.pid === pid && e.tid === tid && (e.name === 'Profile' || e.name === 'ProfileChunk')).sort((a, b) => a.ts - b.ts);
  for (const event of ordered) {
    const id = (event as { id?: unknown }).id;
    const data = event.args?.data as { startTime?: number; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
    if (event.name === 'Profile') {
      profiles.set(id, { time: data.startTime!, nodes: new Map() });
      continue;
    }
    const profile = profiles.get(id);
    if (!profile) continue;
    for (const node of data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const deltas = data.timeDeltas ?? [];
    (data.cpuProfile?.samples ?? []).forEach((nodeId, i) => {
      profile.time += deltas[i]!;
      if (profile.time < start || profile.time > end) return;
      const frame = profile.nodes.get(nodeId)?.callFrame;
      const key = frame ? `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').split('/').pop()}:${(frame.lineNumber ?? -1) + 1}` : '(unknown)';
      self.set(key, (self.get(key) ?? 0) + deltas[i]! / 1000);
    });
  }
  return self;
}

/** Durations by kind on the panel renderer's main thread, navigation start to the row's paint, in ms. */
function summarise(events: TraceEvent[]): { marks: Record<string, number>; kinds: Record<string, number>; tasks: string[]; functions: Map<string, number> } {
  const navigation = events.find((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').includes('/src/panel/index.html'));
  if (!navigation) throw new Error('no navigationStart for the panel in the trace');
  const { pid, tid } = navigation;
  const start = navigation.ts;
  const painted = events.find((e) => e.pid === pid && e.name === 'wsi:row-painted');
  const end = painted?.ts ?? Infinity;
  const marks: Record<string, number> = {};
  for (const e of events) {
    if (e.pid !== pid || e.ts < start || e.ts > end) continue;
    if (
      e.cat.includes('blink.user_timing') ||
      ['firstContentfulPaint', 'firstPaint', 'domInteractive', 'domContentLoadedEventEnd', 'MarkDOMContent', 'MarkLoad'].includes(e.name)
    ) {
      marks[e.name] ??= (e.ts - start) / 1000;
    }
  }
  // Leaf-most attribution: each complete event's self time (its duration less its children's) goes to its name.
  const main = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts >= start && e.ts <= end)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const kinds: Record<string, number> = {};
  const tasks: string[] = [];
  const stack: { event: TraceEvent; childTime: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack.at(-1)!.event.ts + stack.at(-1)!.event.dur! <= until) {
      const { event, childTime } = stack.pop()!;
      kinds[event.name] = (kinds[event.name] ?? 0) + (event.dur! - childTime) / 1000;
      if (stack.length > 0) stack.at(-1)!.childTime += event.dur!;
    }
  };
  for (const event of main) {
    close(event.ts);
    if (stack.length === 0 && event.dur! > 2000) tasks.push(`${((event.ts - start) / 1000).toFixed(0)}+${(event.dur! / 1000).toFixed(0)}`);
    stack.push({ event, childTime: 0 });
  }
  close(Infinity);
  const busy = main
    .filter((e) => !main.some((outer) => outer !== e && outer.ts <= e.ts && outer.ts + outer.dur! >= e.ts + e.dur!))
    .reduce((sum, e) => sum + e.dur!, 0);
  kinds['(main thread busy)'] = busy / 1000;
  kinds['(navigation → row painted)'] = (end - start) / 1000;
  return { marks, kinds, tasks, functions: profileSelfTimes(events, pid, tid, start, end) };
}

const loadBefore = loadavg()[0]!;
const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-first-paint-trace-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...QUIET_CHROMIUM_ARGS, `--disable-extensions-except=${CHROME_DIST}`, `--load-extension=${CHROME_DIST}`],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const seeder = await context.newPage();
  await seeder.goto(`chrome-extension://${id}/src/panel/history.html`);
  await seed(seeder, { sessions: [session('bench', TAB_ID)], connections: [connection('bench-a', 'bench', TAB_ID), connection('bench-b', 'bench', TAB_ID)] });
  await seedGenerated(seeder, { sessionId: 'bench', connectionIds: ['bench-a', 'bench-b'], count: COUNT, startTime: Date.now() });
  await seeder.close();
  const url = `chrome-extension://${id}/src/panel/index.html?tabId=${TAB_ID}`;
  await traceOpening(context, url); // warm-up
  const summaries: ReturnType<typeof summarise>[] = [];
  let last: TraceEvent[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    last = await traceOpening(context, url);
    summaries.push(summarise(last));
  }
  if (process.env.TRACE_KEEP) writeFileSync(process.env.TRACE_KEEP, JSON.stringify({ traceEvents: last }));
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after; ${ROUNDS} traced openings, medians (ms)`);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const markNames = [...new Set(summaries.flatMap((s) => Object.keys(s.marks)))];
  console.log('marks from navigation start:');
  for (const name of markNames) console.log(`  ${name}: ${median(summaries.map((s) => s.marks[name] ?? NaN)).toFixed(0)}`);
  const kindNames = [...new Set(summaries.flatMap((s) => Object.keys(s.kinds)))];
  const byKind = kindNames.map((name) => [name, median(summaries.map((s) => s.kinds[name] ?? 0))] as const).sort((a, b) => b[1] - a[1]);
  console.log('main thread self time by event, navigation → row painted:');
  for (const [name, ms] of byKind.filter(([, ms]) => ms >= 0.5)) console.log(`  ${name}: ${ms.toFixed(1)}`);
  const functionNames = [...new Set(summaries.flatMap((s) => [...s.functions.keys()]))];
  const byFunction = functionNames.map((name) => [name, median(summaries.map((s) => s.functions.get(name) ?? 0))] as const).sort((a, b) => b[1] - a[1]);
  console.log('JavaScript self time by function (sampled; line in the built file), navigation → row painted:');
  for (const [name, ms] of byFunction.slice(0, 25)) console.log(`  ${name}: ${ms.toFixed(1)}`);
  console.log('top-level tasks over 2 ms (start+duration), per opening:');
  for (const s of summaries) console.log(`  ${s.tasks.join(' ')}`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
