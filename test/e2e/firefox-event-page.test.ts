// Firefox suspends an idle MV3 event page (30 s by default) and drops its ports, as Chrome stops its
// service worker: capture must carry on into the restarted background without losing messages, and a
// Shared Worker's script must still get the hook.
import { expect, test, vi } from 'vitest';
import { backgroundGeneration } from './firefox';
import { setUpFirefoxWorld } from './firefox-world';
import { openTab, socketPage, waitForStored } from './firefox-traffic';
import { script } from './worker-pages';

// Firefox's floor is 100 ms; one second suspends the page between our sends without racing each send.
const world = setUpFirefoxWorld({ prefs: { 'extensions.background.idle.timeout': 1000 } });

test('messages sent after the event page was suspended are stored in the same session and connection', async () => {
  const url = socketPage(world.server, 'idle', '/idle', `socket.onopen = () => socket.send('before the suspension');`);
  const { page, tabId } = await openTab(world.firefox, world.db, url);
  const before = await waitForStored(world.db, tabId, ({ messages }) => messages.length === 2);
  // Null: the page went idle and was suspended already while the messages were read back (a loaded
  // machine takes over the idle second for that), which is what the rest of the test needs.
  const generation = await backgroundGeneration(world.db.page);

  // Suspended, or already restarted by a content script reconnecting: either way, a new page.
  if (generation !== null) {
    await vi.waitFor(async () => expect(await backgroundGeneration(world.db.page)).not.toBe(generation), { timeout: 15_000, interval: 100 });
  }

  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('after the suspension'));
  const after = await waitForStored(world.db, tabId, ({ messages }) => messages.length === 4);
  expect(after.sessions.map((s) => s.id)).toEqual(before.sessions.map((s) => s.id));
  expect(after.connections.map((c) => c.id)).toEqual(before.connections.map((c) => c.id));
  const payloads = await world.db.all('payloads', 'sessionId', before.sessions[0]!.id);
  expect(payloads.map((p) => p.data).sort()).toEqual(['after the suspension', 'after the suspension', 'before the suspension', 'before the suspension']);
  await page.close();
});

test('a Shared Worker started while the event page is suspended still gets the hook (the webRequest listener wakes it)', async () => {
  const scriptUrl = script(
    world.server,
    '/idle/shared.js',
    `const socket = new WebSocket(new URL('/idle-shared', location.href.replace('http', 'ws')));
     socket.onopen = () => socket.send('from a worker started while suspended');`,
  );
  const opener = await openTab(world.firefox, world.db, world.server.page('/idle-opener.html', '<!doctype html><title>opener</title>'));
  await vi.waitFor(async () => expect(await backgroundGeneration(world.db.page)).toBeNull(), { timeout: 15_000, interval: 50 });
  await opener.page.evaluate(() => void new SharedWorker('/idle/shared.js'));
  const stored = await waitForStored(world.db, opener.tabId, ({ messages }) => messages.length === 2);
  expect(stored.connections.map((c) => c.worker)).toEqual([{ kind: 'shared', scriptUrl, name: '' }]);
  await opener.page.close();
});
