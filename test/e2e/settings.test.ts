// The Settings dialog: the payload cap and storage budget a user sets there are what capture uses.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionTo, latestSession, messagesOf, openInspectedPage, setUpWorld, socketPage } from '../fixtures/har/e2e-setup';

const world = setUpWorld();

async function storedSettings(): Promise<unknown> {
  return world.storage.page.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
}

async function openSettings(history: Page) {
  await history.getByRole('button', { name: 'Settings' }).click();
  const dialog = history.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Largest stored message (MiB)').waitFor();
  return dialog;
}

test('a cap set in the dialog truncates larger messages; bad values are refused with a reason; Defaults restores', async () => {
  const history = await world.browser.openExtensionPage('src/panel/history.html');
  let dialog = await openSettings(history);
  expect(await dialog.getByLabel('Largest stored message (MiB)').inputValue()).toBe('10');
  expect(await dialog.getByLabel('Storage budget (MiB)').inputValue()).toBe('2048');

  await dialog.getByLabel('Largest stored message (MiB)').fill('lots');
  await dialog.getByRole('button', { name: 'Save' }).click();
  expect(await dialog.getByRole('alert').textContent()).toBe('Largest stored message (MiB): "lots" is not a number.');
  expect(await storedSettings()).toBeUndefined();

  await dialog.getByLabel('Largest stored message (MiB)').fill('0.01'); // 10,486 bytes
  await dialog.getByLabel('Storage budget (MiB)').fill('500');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await storedSettings()).toEqual({ maxPayloadBytes: 10_486, storageBudgetBytes: 500 * 1024 * 1024 });

  const url = socketPage(world.server, '/settings-cap', ['/echo'], `window.sockets['/echo'].send('a'.repeat(20000)); window.sockets['/echo'].send('small')`);
  const { page, tabId } = await openInspectedPage(world.browser, url);
  const session = await latestSession(world.storage, tabId);
  const connection = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/echo`);
  const sent = (await messagesOf(world.storage, connection.id, 4)).filter((message) => message.direction === 'send');
  expect(sent.map((message) => [message.payload.size, message.payload.truncated])).toEqual([
    [20_000, true],
    [5, false],
  ]);

  dialog = await openSettings(history);
  expect(await dialog.getByLabel('Largest stored message (MiB)').inputValue()).toBe('0.01');
  await dialog.getByRole('button', { name: 'Defaults' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await storedSettings()).toEqual({ maxPayloadBytes: 10 * 1024 * 1024, storageBudgetBytes: 2 * 1024 * 1024 * 1024 });
  await page.close();
  await history.close();
});
