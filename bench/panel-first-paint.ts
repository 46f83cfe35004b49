// The panel's first row against the simplest extension page, in one browser and one run: the built
// extension and a throwaway one with a page of static text are loaded side by side, and openings of
// the static page and of the panel on a tab with 100,000 stored messages alternate. For both, the
// time from navigation start to the first paint after the element is in the DOM (a task queued from
// the next animation frame runs after that frame's paint), and the static page's first contentful
// paint. Target: the panel's first row painted at most 50 ms after the static page's text.
//   node --import tsx bench/panel-first-paint.ts   (after `npm run build`; PAINT_ROUNDS=9)
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_DIST, CHROMIUM_PATH, QUIET_CHROMIUM_ARGS } from '../test/e2e/chromium';
import { connection, seed, seedGenerated, session } from '../test/e2e/seed';
import { writeStaticExtension } from './static-extension';

const ROUNDS = Number(process.env.PAINT_ROUNDS ?? 9);
const COUNT = 100_000;
const TAB_ID = 77;
const TARGET_MS = 50;

interface Timings {
  inDom?: number;
  painted?: number;
  contentfulPaint?: number;
}

async function extensionIds(context: BrowserContext): Promise<{ panel: string; floor: string }> {
  const ids: { panel?: string; floor?: string } = {};
  while (!ids.panel || !ids.floor) {
    for (const worker of context.serviceWorkers()) {
      const url = new URL(worker.url());
      if (url.pathname.endsWith('/worker.js')) ids.floor = url.host;
      else ids.panel = url.host;
    }
    if (!ids.panel || !ids.floor) await context.waitForEvent('serviceworker');
  }
  return { panel: ids.panel, floor: ids.floor };
}

/** Opens `url` and times, from navigation start, when `selector` first matched and the paint after it. */
async function open(context: BrowserContext, url: string, selector: string): Promise<Timings> {
  const page = await context.newPage();
  await page.addInitScript((selector) => {
    const timings: Record<string, number> = ((globalThis as Record<string, unknown>).__paintTimings = {});
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      timings.inDom = performance.now();
      requestAnimationFrame(() => setTimeout(() => (timings.painted = performance.now()), 0));
    });
    observer.observe(document, { subtree: true, childList: true });
    new PerformanceObserver((list) => {
      const entry = list.getEntries().find((candidate) => candidate.name === 'first-contentful-paint');
      if (entry) timings.contentfulPaint = entry.startTime;
    }).observe({ type: 'paint', buffered: true });
  }, selector);
  await page.goto(url);
  await page.waitForFunction(() => {
    const timings = (globalThis as Record<string, unknown>).__paintTimings as Timings | undefined;
    return timings?.painted !== undefined && timings.contentfulPaint !== undefined;
  });
  const timings = await page.evaluate(() => (globalThis as Record<string, unknown>).__paintTimings as Timings);
  await page.close();
  return timings;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;

const loadBefore = loadavg()[0]!;
const floorDir = writeStaticExtension();
const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-first-paint-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...QUIET_CHROMIUM_ARGS, `--disable-extensions-except=${CHROME_DIST},${floorDir}`, `--load-extension=${CHROME_DIST},${floorDir}`],
});
try {
  const ids = await extensionIds(context);
  const seeder = await context.newPage();
  await seeder.goto(`chrome-extension://${ids.panel}/src/panel/history.html`);
  await seed(seeder, { sessions: [session('bench', TAB_ID)], connections: [connection('bench-a', 'bench', TAB_ID), connection('bench-b', 'bench', TAB_ID)] });
  await seedGenerated(seeder, { sessionId: 'bench', connectionIds: ['bench-a', 'bench-b'], count: COUNT, startTime: Date.now() });
  await seeder.close();

  const staticPage: Timings[] = [];
  const panel: Timings[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const floor = await open(context, `chrome-extension://${ids.floor}/static.html`, 'p');
    const first = await open(context, `chrome-extension://${ids.panel}/src/panel/index.html?tabId=${TAB_ID}`, '.message-rows [role=row]');
    // The first round warms the browser up.
    if (round === 0) continue;
    staticPage.push(floor);
    panel.push(first);
  }
  const loadAfter = loadavg()[0]!;
  const staticPainted = staticPage.map((t) => t.painted!);
  const staticFcp = staticPage.map((t) => t.contentfulPaint!);
  const rowInDom = panel.map((t) => t.inDom!);
  const rowPainted = panel.map((t) => t.painted!);
  const gaps = rowPainted.map((ms, i) => ms - staticPainted[i]!);
  console.log(
    `Panel first row (${COUNT} stored messages) against a static extension page, ${ROUNDS} alternating openings each, ms from navigation start (headless Chromium)`,
  );
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  console.log(
    '| static page: first contentful paint | static page: text painted | panel: first row in the DOM | panel: first row painted | row painted − text painted | target |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | --- |');
  console.log(
    `| ${median(staticFcp).toFixed(0)} (${range(staticFcp)}) | ${median(staticPainted).toFixed(0)} (${range(staticPainted)}) | ${median(rowInDom).toFixed(0)} (${range(rowInDom)}) | ${median(rowPainted).toFixed(0)} (${range(rowPainted)}) | ${median(gaps).toFixed(0)} (${range(gaps)}) | ≤ ${TARGET_MS} ms: ${median(gaps) <= TARGET_MS ? 'met' : 'NOT met'} |`,
  );
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(floorDir, { recursive: true, force: true });
}
