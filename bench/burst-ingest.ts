// A burst of 100,000 received messages: time until all are in the extension's IndexedDB, and the count;
// the page's own receive time without the extension, in the same run, as the baseline.
// `node --import tsx bench/burst-ingest.ts` (needs `npm run build` first).
import type { BrowserContext } from 'playwright-core';
import { launchPlain, launchWithExtension } from '../test/e2e/chromium';
import { startTestServer } from '../test/e2e/servers';

const MESSAGES = Number(process.env.BURST_MESSAGES ?? 100_000);
const MESSAGE_BYTES = 100;
const GIVE_UP_MS = 10 * 60_000;

const server = await startTestServer();
const browser = await launchWithExtension();
const reader = await browser.openExtensionPage('src/panel/history.html');
/** Reads the extension's database in the reader page: `counters` is cheap (connection counters, for polling), `chunks` exact. */
const countStored = (how: 'counters' | 'chunks'): Promise<number> =>
  reader.evaluate(
    (how) =>
      new Promise<number>((ok, fail) => {
        const open = indexedDB.open('websocket-inspector');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = how === 'chunks' ? 'chunks' : 'connections';
          if (!db.objectStoreNames.contains(store)) return ok(0);
          let stored = 0;
          const cursor = db.transaction(store).objectStore(store).openCursor();
          cursor.onsuccess = () => {
            if (!cursor.result) return db.close(), ok(stored);
            // Messages are stored in chunks (src/db/message-chunks.ts); connections count what was stored.
            const value = cursor.result.value as { messages: unknown[]; receivedCount: number };
            stored += how === 'chunks' ? value.messages.length : value.receivedCount;
            cursor.result.continue();
          };
          cursor.onerror = () => fail(cursor.error);
        };
      }),
    how,
  );

const pageUrl = server.page('/burst.html', '<!doctype html><title>burst</title>');
/** Opens the burst in a new tab of `context`; resolves when the page has received every message. */
async function receiveBurst(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(pageUrl);
  const received = await page.evaluate(
    ({ url, expected }) =>
      new Promise<number>((ok) => {
        let count = 0;
        const socket = new WebSocket(url);
        socket.onmessage = () => {
          if (++count === expected) ok(count);
        };
      }),
    { url: `${server.wsUrl}/burst?n=${MESSAGES}&size=${MESSAGE_BYTES}`, expected: MESSAGES },
  );
  return { page, received };
}

const plain = await launchPlain();
const plainStarted = Date.now();
await receiveBurst(plain.context);
const plainMs = Date.now() - plainStarted;
await plain.close();

const started = Date.now();
const { page, received } = await receiveBurst(browser.context);
const pageDoneMs = Date.now() - started;
while ((await countStored('counters')) < MESSAGES && Date.now() - started < GIVE_UP_MS) await page.waitForTimeout(100);
const storedMs = Date.now() - started;
const stored = await countStored('chunks');

console.log(`Burst of ${MESSAGES} received ${MESSAGE_BYTES}-byte messages (2-core machine, headless Chromium)`);
console.log(`| page received all, without extension | with extension | all in IndexedDB | stored count | messages/s to disk |`);
console.log(`| --- | --- | --- | --- | --- |`);
console.log(`| ${plainMs} ms | ${pageDoneMs} ms (${(pageDoneMs / plainMs).toFixed(2)}×) | ${storedMs} ms | ${stored} of ${received} ${stored === MESSAGES ? '(complete)' : '(INCOMPLETE)'} | ${((stored / storedMs) * 1000).toFixed(0)} |`);
await browser.close();
await server.close();
if (stored !== MESSAGES) process.exitCode = 1;
