// JSON shown exactly as sent: integers beyond 2^53, trailing zeros and repeated keys survive the tree,
// the pretty raw view and every copy (JSON.parse would change all three).
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, eventually, seed, session, textMessage } from './seed';

const world = setUpExtensionBrowser();
const SENT = '{"orderId":9007199254740993,"price":1.10,"tag":"a","tag":"b","nested":{"big":-123456789012345678901234567890}}';

test('the tree, pretty raw view and copies keep big integers, digits and repeated keys as sent', async () => {
  const tabId = 91;
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, { sessions: [session('x', tabId)], connections: [connection('x-c', 'x', tabId)], messages: [textMessage('x', 'x-c', 1, SENT)] });
  await seeder.close();
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await world.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('.message-rows [role=row]').first().click();
  const tree = page.locator('.json-tree');
  await tree.waitFor();
  expect(await tree.locator('[data-path="$.orderId"] .json-number').textContent()).toBe('9007199254740993');
  expect(await tree.locator('[data-path="$.price"] .json-number').textContent()).toBe('1.10');
  expect(await tree.locator('[data-path="$.tag"] .json-string').allTextContents()).toEqual(['"a"', '"b"']);
  expect(await tree.locator('[data-path="$.nested.big"] .json-number').textContent()).toBe('-123456789012345678901234567890');

  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const pretty =
    '{\n  "orderId": 9007199254740993,\n  "price": 1.10,\n  "tag": "a",\n  "tag": "b",\n  "nested": {\n    "big": -123456789012345678901234567890\n  }\n}';
  await page.getByRole('button', { name: 'Copy JSON' }).click();
  await eventually(clipboard).toBe(pretty);
  const orderId = tree.locator('[data-path="$.orderId"]');
  await orderId.hover();
  await orderId.getByRole('button', { name: 'value', exact: true }).click();
  await eventually(clipboard).toBe('9007199254740993');

  await page.getByRole('radio', { name: 'Raw' }).click();
  expect(await page.locator('.raw-text').textContent()).toBe(pretty);
  await page.getByLabel('Pretty JSON').uncheck();
  expect(await page.locator('.raw-text').textContent()).toBe(SENT);
});
