// HAR import in Firefox: the module worker under moz-extension://, IndexedDB writes from it, and the
// imported session shown read-only in the history tab.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from './firefox';

let firefox: FirefoxWithExtension;
beforeAll(async () => {
  firefox = await launchFirefoxWithExtension();
});
afterAll(async () => {
  await firefox?.close();
});

/** Picks `text` as the file of the Import dialog's input, as a user choosing a file would. */
async function importText(page: Page, name: string, text: string): Promise<string> {
  // The page may not have drawn its toolbar yet (it was just opened): wait for the button, then click it.
  await page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.includes('Import HAR')), { timeout: 30_000 });
  await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Import HAR'))!.click());
  // The dialog's module loads on first use: wait for its input, however long that takes.
  await page.waitForSelector('input[type=file][aria-label="HAR file"]', { timeout: 30_000 });
  await page.evaluate(
    (name, text) => {
      const input = document.querySelector<HTMLInputElement>('input[type=file][aria-label="HAR file"]')!;
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'application/json' }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    name,
    text,
  );
  const outcome = await page.waitForFunction(() => document.querySelector('[role=dialog] .wsi-ok, [role=dialog] [role=alert]')?.textContent, {
    timeout: 60_000,
  });
  return (await outcome.jsonValue()) as string;
}

test('a Chrome-format HAR imports in Firefox through the worker and opens in history', async () => {
  const page = await firefox.openExtensionPage('src/panel/history.html');
  const fixture = readFileSync(resolve(import.meta.dirname, '../fixtures/har/chrome-websocket.har'), 'utf8');
  expect(await importText(page, 'chrome.har', fixture)).toMatch(/1 session, 1 connection, 5 messages/);
  await page.waitForFunction(() => document.querySelectorAll('.message-rows [role=row]').length === 5, { timeout: 20_000 });
  const previews = await page.evaluate(() => [...document.querySelectorAll('.message-rows [role=row] .col-preview')].map((cell) => cell.textContent));
  expect(previews[0]).toBe('{"op":"hello","token":"t-9f8e"}');

  const broken = JSON.parse(fixture);
  broken.log.entries[1]._webSocketMessages[0].data = 42;
  await page.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('[role=dialog] button')].find((b) => b.textContent === 'Close')?.click());
  expect(await importText(page, 'broken.har', JSON.stringify(broken))).toContain('log.entries[1]._webSocketMessages[0].data: expected a string, got number');
});
