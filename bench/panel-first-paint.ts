// The panel's first row against the simplest extension page, in one browser and one run: the built
// extension and a throwaway one with a page of static text are loaded side by side, and openings of
// the static page and of the panel on a tab with 100,000 stored messages alternate. For both, the
// time from navigation start to the first paint after the element is in the DOM (a task queued from
// the next animation frame runs after that frame's paint), and the static page's first contentful
// paint. Target: the panel's first row painted at most 50 ms after the static page's text. The first
// row is the first one drawn, by the entry before the panel loads (first-rows.ts) or by the panel's
// table; the table's own first row is timed beside it. A page whose one script file draws a row with
// nothing read opens in the same rounds: the least a script-drawn row pays over static text.
// Other builds named on the command line (`name=DIR`, DIR holding a build's manifest.json) load beside
// it and open in the same rounds, each on its own 100,000 messages, so builds compare in one run.
//   node --import tsx bench/panel-first-paint.ts [name=DIR ...]   (after `npm run build`; PAINT_ROUNDS=9)
import { chromium, type BrowserContext } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_DIST, CHROMIUM_PATH, QUIET_CHROMIUM_ARGS } from '../test/e2e/chromium';
import { connection, seed, seedGenerated, session } from '../test/e2e/seed';
import { writeStaticExtension } from './static-extension';
import { parseBuilds } from './undriven/builds';

const ROUNDS = Number(process.env.PAINT_ROUNDS ?? 9);
const COUNT = 100_000;
const TAB_ID = 77;
const TARGET_MS = 50;

interface Timings {
  inDom?: number;
  painted?: number;
  /** The panel's table's own first row (`tableSelector`), when asked. */
  tableInDom?: number;
  tablePainted?: number;
  contentfulPaint?: number;
}

const TABLE_ROW = '.message-rows [role=row]';
const FIRST_ROW = `${TABLE_ROW}, .first-rows .message-row`;

/** An unpacked extension's id: Chromium derives it from the folder's path (SHA-256, hex digits as a-p). */
function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

async function waitForExtensions(context: BrowserContext, ids: readonly string[]): Promise<void> {
  const running = () => new Set(context.serviceWorkers().map((worker) => new URL(worker.url()).host));
  while (!ids.every((id) => running().has(id))) await context.waitForEvent('serviceworker');
}

/** Opens `url` and times, from navigation start, when `selector` (and `tableSelector`) first matched and the paint after it. */
async function open(context: BrowserContext, url: string, selector: string, tableSelector?: string): Promise<Timings> {
  const page = await context.newPage();
  await page.addInitScript(
    ([selector, tableSelector]) => {
      const timings: Record<string, number> = ((globalThis as Record<string, unknown>).__paintTimings = {});
      // A loop, not a helper function: tsx wraps named functions in a helper the page does not have.
      const watched: [string | undefined, string, string][] = [
        [selector, 'inDom', 'painted'],
        [tableSelector, 'tableInDom', 'tablePainted'],
      ];
      for (const [watchedSelector, inDom, painted] of watched) {
        if (!watchedSelector) continue;
        const observer = new MutationObserver(() => {
          if (!document.querySelector(watchedSelector)) return;
          observer.disconnect();
          timings[inDom] = performance.now();
          requestAnimationFrame(() => setTimeout(() => (timings[painted] = performance.now()), 0));
        });
        observer.observe(document, { subtree: true, childList: true });
      }
      new PerformanceObserver((list) => {
        const entry = list.getEntries().find((candidate) => candidate.name === 'first-contentful-paint');
        if (entry) timings.contentfulPaint = entry.startTime;
      }).observe({ type: 'paint', buffered: true });
    },
    [selector, tableSelector],
  );
  await page.goto(url);
  await page.waitForFunction((waitForTable) => {
    const timings = (globalThis as Record<string, unknown>).__paintTimings as Timings | undefined;
    return timings?.painted !== undefined && timings.contentfulPaint !== undefined && (!waitForTable || timings.tablePainted !== undefined);
  }, tableSelector !== undefined);
  const timings = await page.evaluate(() => (globalThis as Record<string, unknown>).__paintTimings as Timings);
  await page.close();
  return timings;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;

const loadBefore = loadavg()[0]!;
const builds = [{ name: 'panel', dir: CHROME_DIST }, ...parseBuilds(process.argv.slice(2))].map((build) => ({ ...build, id: unpackedExtensionId(build.dir) }));
const floorDir = writeStaticExtension();
const floorId = unpackedExtensionId(floorDir);
const extensionDirs = [...builds.map((build) => build.dir), floorDir].join(',');
const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-first-paint-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...QUIET_CHROMIUM_ARGS, `--disable-extensions-except=${extensionDirs}`, `--load-extension=${extensionDirs}`],
});
try {
  await waitForExtensions(context, [floorId, ...builds.map((build) => build.id)]);
  for (const { id } of builds) {
    const seeder = await context.newPage();
    await seeder.goto(`chrome-extension://${id}/src/panel/history.html`);
    await seed(seeder, { sessions: [session('bench', TAB_ID)], connections: [connection('bench-a', 'bench', TAB_ID), connection('bench-b', 'bench', TAB_ID)] });
    await seedGenerated(seeder, { sessionId: 'bench', connectionIds: ['bench-a', 'bench-b'], count: COUNT, startTime: Date.now() });
    await seeder.close();
  }

  const staticPage: Timings[] = [];
  const scriptRow: Timings[] = [];
  const panels = new Map<string, Timings[]>(builds.map((build) => [build.name, []]));
  for (let round = 0; round < ROUNDS + 1; round++) {
    const floor = await open(context, `chrome-extension://${floorId}/static.html`, 'p');
    const drawnByScript = await open(context, `chrome-extension://${floorId}/script-row.html`, '.script-row');
    const opened = [];
    // Builds take turns at opening first, so none always follows the static page.
    for (let i = 0; i < builds.length; i++) {
      const { name, id } = builds[(round + i) % builds.length]!;
      opened.push([name, await open(context, `chrome-extension://${id}/src/panel/index.html?tabId=${TAB_ID}`, FIRST_ROW, TABLE_ROW)] as const);
    }
    // The first round warms the browser up.
    if (round === 0) continue;
    staticPage.push(floor);
    scriptRow.push(drawnByScript);
    for (const [name, timings] of opened) panels.get(name)!.push(timings);
  }
  const loadAfter = loadavg()[0]!;
  const staticPainted = staticPage.map((t) => t.painted!);
  const staticFcp = staticPage.map((t) => t.contentfulPaint!);
  const cell = (values: number[]) => `${median(values).toFixed(0)} (${range(values)})`;
  console.log(
    `Panel first row (${COUNT} stored messages) against a static extension page, ${ROUNDS} alternating openings each, ms from navigation start (headless Chromium)`,
  );
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  console.log(`static page: first contentful paint ${cell(staticFcp)}, text painted ${cell(staticPainted)}`);
  const scriptGaps = scriptRow.map((t, i) => t.painted! - staticPainted[i]!);
  console.log(`a row drawn by a script file, nothing read: painted ${cell(scriptRow.map((t) => t.painted!))}, − text painted ${cell(scriptGaps)}`);
  console.log(
    "| build | panel: first row in the DOM | panel: first row painted | row painted − text painted | target | table's own first row painted | its − text painted |",
  );
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: |');
  for (const [name, timings] of panels) {
    const rowPainted = timings.map((t) => t.painted!);
    const gaps = rowPainted.map((ms, i) => ms - staticPainted[i]!);
    const tablePainted = timings.map((t) => t.tablePainted!);
    const tableGaps = tablePainted.map((ms, i) => ms - staticPainted[i]!);
    console.log(
      `| ${name} | ${cell(timings.map((t) => t.inDom!))} | ${cell(rowPainted)} | ${cell(gaps)} | ≤ ${TARGET_MS} ms: ${median(gaps) <= TARGET_MS ? 'met' : 'NOT met'} | ${cell(tablePainted)} | ${cell(tableGaps)} |`,
    );
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(floorDir, { recursive: true, force: true });
}
