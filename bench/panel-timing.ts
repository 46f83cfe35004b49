// What the panel benches time and weigh, from the panel page itself: opening (first row in the DOM
// and painted, every row loaded), filter keystrokes, and the JavaScript heap.
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../test/e2e/chromium';
import { filterKeystrokeMs } from './filter-keystroke';

export interface OpeningTimings {
  /** ms from navigation start; with no rows expected, when it says there are none. */
  allRows: number;
  firstRow?: number;
  firstRowPainted?: number;
  emptyPainted?: number;
}

/**
 * Opens the panel on `tabId` and times, from navigation start: the first message row, and all
 * `expectedRows` rows loaded; with no rows expected, the moment it says there are none (the baseline:
 * opening an extension page, the database and the panel, without data).
 */
export async function openTimedPanel(browser: ExtensionBrowser, tabId: number, expectedRows: number): Promise<{ page: Page; timings: OpeningTimings }> {
  const page = await browser.context.newPage();
  await page.addInitScript((expectedRows) => {
    const timings = ((globalThis as Record<string, unknown>).__benchTimings = {} as Record<string, number>);
    // In the DOM is not yet on screen: a task queued from the next animation frame runs after that
    // frame's paint, so it marks (a little after) when the row was first painted. Written out twice:
    // a named helper here would need a helper the bundler adds outside this function (__name).
    const observer = new MutationObserver(() => {
      const grid = document.querySelector('[role=grid]');
      if (timings.firstRow === undefined && document.querySelector('.message-rows [role=row]')) {
        timings.firstRow = performance.now();
        requestAnimationFrame(() => setTimeout(() => (timings.firstRowPainted = performance.now()), 0));
      }
      if (expectedRows === 0 && document.querySelector('.empty-table')?.textContent === 'No messages recorded.') {
        timings.allRows = performance.now();
        requestAnimationFrame(() => setTimeout(() => (timings.emptyPainted = performance.now()), 0));
      }
      // Only with rows expected: an empty grid's count (1, the header) shows while it still says "Loading…".
      if (expectedRows > 0 && timings.allRows === undefined && grid?.getAttribute('aria-rowcount') === String(expectedRows + 1))
        timings.allRows = performance.now();
      if (timings.allRows !== undefined) observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }, expectedRows);
  await page.goto(`chrome-extension://${browser.extensionId}/src/panel/index.html?tabId=${tabId}`);
  await page.waitForFunction(
    () => {
      const timings = (globalThis as Record<string, unknown>).__benchTimings as OpeningTimings | undefined;
      return timings?.allRows !== undefined && (timings.firstRowPainted ?? timings.emptyPainted) !== undefined;
    },
    null,
    { timeout: 600_000, polling: 100 },
  );
  const timings = await page.evaluate(() => (globalThis as Record<string, unknown>).__benchTimings as OpeningTimings);
  return { page, timings };
}

/**
 * Types each query into the filter and times it from the input event to the table's new row count
 * (typing debounce included). Each query must match a different number of rows than the one before,
 * so the change of count marks the update.
 */
export async function timeKeystrokes(page: Page, queries: readonly string[]): Promise<number[]> {
  const times: number[] = [];
  for (const query of queries) times.push(await filterKeystrokeMs(page, query));
  return times;
}

/** Bytes of JavaScript heap the page uses after a full collection (DevTools protocol). */
export async function heapAfterCollection(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  await session.detach();
  return usedSize;
}

/**
 * The heap once the panel's background work (protocol decoding, pairing, full-text indexing) is done:
 * measured after a collection every few seconds until it stops growing, so rows still being decoded
 * are not left out of the figure.
 */
export async function heapWhenSettled(page: Page): Promise<number> {
  const SETTLED_GROWTH = 0.005;
  const LOOK_EVERY_MS = 3000;
  const LOOKS = 40;
  let heap = await heapAfterCollection(page);
  for (let look = 0; look < LOOKS; look++) {
    await page.waitForTimeout(LOOK_EVERY_MS);
    const next = await heapAfterCollection(page);
    if (next < heap * (1 + SETTLED_GROWTH)) return next;
    heap = next;
  }
  return heap;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
/** The value below which `fraction` of the values lie (nearest rank). */
export function quantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}
