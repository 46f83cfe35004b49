// Resend and inject from the panel in Firefox (event-page background, moz-extension panel tab).
import { expect, test, vi } from 'vitest';
import { clickButton, openTab, selectRow, socketPage, waitForStored } from './firefox-traffic';
import { setUpFirefoxWorld } from './firefox-world';
import { receivedOn } from '../fixtures/har/e2e-setup';

const world = setUpFirefoxWorld();

test('resend reaches the server once more; inject reaches the page and not the server', async () => {
  const { server, firefox, db } = world;
  const url = socketPage(
    server,
    'ff-replay',
    '/ff-replay',
    `window.heard = []; socket.onmessage = (e) => heard.push(e.data); socket.onopen = () => socket.send('ff order')`,
  );
  const { page, tabId } = await openTab(firefox, db, url);
  await waitForStored(db, tabId, (stored) => stored.messages.length >= 2);
  const panel = await firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);

  await selectRow(panel, 'ff order', 0);
  await clickButton(panel, 'Resend', '.replay-actions');
  await panel.waitForFunction(() => document.querySelector('.replay-actions')?.textContent?.includes('Resent.'), { timeout: 15_000 });
  await vi.waitFor(() => expect(receivedOn(server, '/ff-replay')).toEqual(['ff order', 'ff order']), { timeout: 10_000 });

  await selectRow(panel, 'ff order', 1);
  await clickButton(panel, 'Inject', '.replay-actions');
  await panel.waitForSelector('[role=dialog] textarea');
  await panel.evaluate(() => {
    const textarea = document.querySelector<HTMLTextAreaElement>('[role=dialog] textarea')!;
    textarea.value = 'from nowhere';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await clickButton(panel, 'Inject', '[role=dialog]');
  await vi.waitFor(async () => expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toContain('from nowhere'), {
    timeout: 10_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(receivedOn(server, '/ff-replay')).toEqual(['ff order', 'ff order']);
  const stored = await waitForStored(db, tabId, (s) => s.messages.some((m) => m.origin === 'injected'));
  expect(
    stored.messages
      .filter((m) => m.origin !== 'page')
      .map((m) => [m.direction, m.origin])
      .sort(),
  ).toEqual([
    ['receive', 'injected'],
    ['send', 'replayed'],
  ]);
});
