// Firefox suspends an idle MV3 event page (30 s by default) and drops its ports, as Chrome stops its
// service worker: capture must carry on into the restarted background without losing messages.
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { backgroundGeneration, launchFirefoxWithExtension, type FirefoxWithExtension } from './firefox';
import { openFirefoxDatabase, type FirefoxDatabase } from './firefox-db';
import { openTab, socketPage, waitForStored } from './firefox-traffic';
import { startTestServer, type TestServer } from './servers';

let server: TestServer;
let firefox: FirefoxWithExtension;
let db: FirefoxDatabase;

beforeAll(async () => {
  server = await startTestServer();
  // Firefox's floor is 100 ms; one second suspends the page between our sends without racing each send.
  firefox = await launchFirefoxWithExtension({ prefs: { 'extensions.background.idle.timeout': 1000 } });
  db = await openFirefoxDatabase(firefox);
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

test('messages sent after the event page was suspended are stored in the same session and connection', async () => {
  const url = socketPage(server, 'idle', '/idle', `socket.onopen = () => socket.send('before the suspension');`);
  const { page, tabId } = await openTab(firefox, db, url);
  const before = await waitForStored(db, tabId, ({ messages }) => messages.length === 2);
  const generation = await backgroundGeneration(db.page);
  expect(generation).not.toBeNull();

  // Suspended, or already restarted by a content script reconnecting: either way, a new page.
  await vi.waitFor(async () => expect(await backgroundGeneration(db.page)).not.toBe(generation), { timeout: 15_000, interval: 100 });

  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('after the suspension'));
  const after = await waitForStored(db, tabId, ({ messages }) => messages.length === 4);
  expect(after.sessions.map((s) => s.id)).toEqual(before.sessions.map((s) => s.id));
  expect(after.connections.map((c) => c.id)).toEqual(before.connections.map((c) => c.id));
  const payloads = await db.all('payloads', 'sessionId', before.sessions[0]!.id);
  expect(payloads.map((p) => p.data).sort()).toEqual(['after the suspension', 'after the suspension', 'before the suspension', 'before the suspension']);
  await page.close();
});
