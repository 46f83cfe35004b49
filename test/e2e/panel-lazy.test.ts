// Code loaded on use: the panel's first screen loads none of the Frames, Decode bytes, HAR, replay or
// Settings code; each loads when first opened, and works.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, eventually, seed, session, textMessage } from './seed';

const world = setUpExtensionBrowser();
const LAZY_MODULES = ['FramesView', 'FrameCard', 'DecodeBytesTool', 'ExportDialog', 'ImportDialog', 'SettingsForm', 'ConnectDialog', 'MessageDialog'];

/** Opens the panel page recording every script it parses (extension files have no resource timing entries). */
async function openRecordingScripts(path: string): Promise<{ page: Page; loadedLazyModules: () => string[] }> {
  const page = await world.browser.context.newPage();
  const cdp = await world.browser.context.newCDPSession(page);
  const files: string[] = [];
  cdp.on('Debugger.scriptParsed', (event) => files.push(event.url.split('/').pop() ?? ''));
  await cdp.send('Debugger.enable');
  await page.goto(`chrome-extension://${world.browser.extensionId}/${path}`);
  return { page, loadedLazyModules: () => LAZY_MODULES.filter((name) => files.some((file) => file.startsWith(`${name}-`))) };
}

test('the first screen loads no dialog or Frames code; each part loads when first opened', async () => {
  const tabId = 9101;
  const { page, loadedLazyModules } = await openRecordingScripts(`src/panel/index.html?tabId=${tabId}`);
  await seed(page, {
    sessions: [session('lazy', tabId)],
    connections: [connection('lazy-c', 'lazy', tabId, { url: 'wss://lazy.example.test/' })],
    messages: [textMessage('lazy', 'lazy-c', 1, 'Hello', { direction: 'send' })],
  });
  const rows = page.locator('.message-rows [role=row]');
  await eventually(() => rows.count()).toBe(1);
  expect(loadedLazyModules()).toEqual([]);

  await rows.first().click();
  await page.getByRole('tab', { name: 'Frames' }).click();
  await eventually(() => page.getByTestId('frame-card').count()).toBe(1);
  expect(loadedLazyModules()).toEqual(['FramesView', 'FrameCard']);

  const opens: [string, string, string][] = [
    ['Decode bytes', 'Decode bytes', 'DecodeBytesTool'],
    ['Settings', 'Settings', 'SettingsForm'],
    ['⇩ Export HAR', 'Export HAR', 'ExportDialog'],
    ['⇪ Import HAR', 'Import HAR', 'ImportDialog'],
    ['⊕ New connection', 'New connection from the page', 'ConnectDialog'],
    ['✎ Edit and send', 'Edit and send', 'MessageDialog'],
  ];
  for (const [button, dialogName, module] of opens) {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: dialogName });
    // Each dialog's own controls, which only its loaded module renders.
    await eventually(() => dialog.locator('input, textarea, select').count()).toBeGreaterThan(0);
    expect(await dialog.textContent()).not.toContain('Loading…');
    expect(loadedLazyModules()).toContain(module);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await eventually(() => dialog.count()).toBe(0);
  }
});
