// The Decoded tab of a message older than the newest decoded ones kept with their trees (60,000 Socket.IO
// messages on one connection): its tree is decoded again and shown, the same as a recent message's.
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, eventually, seed, seedGenerated, session } from './seed';

const COUNT = 60_000;
const world = setUpExtensionBrowser();

test('the oldest of 60,000 Socket.IO messages shows its decoded tree, decoded again on demand', async () => {
  const tabId = 91;
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, {
    sessions: [session('io', tabId)],
    connections: [connection('io-a', 'io', tabId, { url: 'ws://127.0.0.1:9/socket.io/?EIO=4&transport=websocket' })],
  });
  await seedGenerated(seeder, { sessionId: 'io', connectionIds: ['io-a'], count: COUNT, startTime: Date.now(), textOf: '42["tick",{"seq":{i}}]' });
  await seeder.close();

  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const grid = panel.getByRole('grid', { name: 'Messages' });
  await eventually(() => grid.getAttribute('aria-rowcount'), 60_000).toBe(String(COUNT + 1));
  await eventually(() => panel.locator('.connection-item .connection-decoder').textContent(), 30_000).toBe('Socket.IO');
  // Every row decoded: the last row has its summary.
  await grid.focus();
  await panel.keyboard.press('End');
  const rows = panel.locator('.message-rows [role=row]');
  await eventually(() => rows.last().locator('.col-summary').textContent(), 60_000).toBe('EVENT tick');

  await panel.keyboard.press('Home');
  await eventually(() => rows.first().locator('.col-preview').textContent()).toContain('"seq":0}');
  await rows.first().click();
  await panel.getByRole('tab', { name: 'Decoded' }).click();
  const decoded = panel.locator('.decoded-view');
  await eventually(() => decoded.locator('.decoded-type').first().textContent(), 30_000).toBe('EVENT');
  expect(await decoded.locator('.decoded-key').first().textContent()).toBe('tick');
  expect(await decoded.locator('.decoded-raw .raw-text').textContent()).toBe('42["tick",{"seq":0}]');
  expect(await decoded.textContent()).toContain('seq');
});
