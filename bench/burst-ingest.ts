// A burst of 100,000 received messages: time until all are in the extension's IndexedDB, and the count.
// `node --import tsx bench/burst-ingest.ts` (needs `npm run build` first).
import { launchWithExtension } from '../test/e2e/chromium';
import { startTestServer } from '../test/e2e/servers';

const MESSAGES = Number(process.env.BURST_MESSAGES ?? 100_000);
const MESSAGE_BYTES = 100;
const GIVE_UP_MS = 10 * 60_000;

const server = await startTestServer();
const browser = await launchWithExtension();
const reader = await browser.openExtensionPage('src/panel/history.html');
const countStored = (): Promise<number> =>
  reader.evaluate(
    () =>
      new Promise<number>((ok, fail) => {
        const open = indexedDB.open('websocket-inspector');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('messages')) return ok(0);
          const count = db.transaction('messages').objectStore('messages').count();
          count.onsuccess = () => (db.close(), ok(count.result));
          count.onerror = () => fail(count.error);
        };
      }),
  );

const page = await browser.context.newPage();
await page.goto(server.page('/burst.html', '<!doctype html><title>burst</title>'));
const started = Date.now();
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
const pageDoneMs = Date.now() - started;
let stored = 0;
while ((stored = await countStored()) < MESSAGES && Date.now() - started < GIVE_UP_MS) await page.waitForTimeout(100);
const storedMs = Date.now() - started;

console.log(`Burst of ${MESSAGES} received ${MESSAGE_BYTES}-byte messages (2-core machine, headless Chromium)`);
console.log(`| page received all | all in IndexedDB | stored count | messages/s to disk |`);
console.log(`| --- | --- | --- | --- |`);
console.log(`| ${pageDoneMs} ms | ${storedMs} ms | ${stored} of ${received} ${stored === MESSAGES ? '(complete)' : '(INCOMPLETE)'} | ${((stored / storedMs) * 1000).toFixed(0)} |`);
await browser.close();
await server.close();
if (stored !== MESSAGES) process.exitCode = 1;
