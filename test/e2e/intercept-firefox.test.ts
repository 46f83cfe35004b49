// Intercept, rules and mocks in Firefox (event-page background, moz-extension panel tab) against real
// `ws` servers: held messages edited or dropped, release on panel close, rules from the first message
// after a reload, and a socket mocked with no server.
import { afterEach, expect, test, vi } from 'vitest';
import type { Page } from 'puppeteer-core';
import { clickButton, openTab, socketPage } from './firefox-traffic';
import { setUpFirefoxWorld } from './firefox-world';
import { receivedOn } from '../fixtures/har/e2e-setup';
import type { Rule } from '../../src/shared/intercept';

const world = setUpFirefoxWorld();
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));
const serverGot = (path: string, expected: string[]) => vi.waitFor(() => expect(receivedOn(world.server, path)).toEqual(expected), { timeout: 15_000 });

async function setRules(rules: Partial<Rule>[]): Promise<void> {
  const reply = await world.db.page.evaluate(
    (rules) =>
      (globalThis as unknown as { browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({
        t: 'set-rules',
        rules,
      }),
    rules,
  );
  expect(reply).toEqual({ ok: true });
}

afterEach(async () => {
  await setRules([]);
});

/** Turns Intercept on, holding sent messages, and waits for the switch to reach the page. */
async function holdSends(panel: Page): Promise<void> {
  await clickButton(panel, 'Intercept', '.toolbar');
  await panel.waitForSelector('[aria-label="Hold which direction"]');
  await panel.evaluate(() => {
    const select = document.querySelector<HTMLSelectElement>('[aria-label="Hold which direction"]')!;
    select.value = 'send';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await panel.waitForFunction(() => document.querySelector('[aria-label="Switch"]')?.textContent === 'Active in this tab.');
}

const heldCount = (panel: Page) => panel.evaluate(() => document.querySelectorAll('[aria-label="Held messages"] li').length);

test('a held message reaches the server edited and once, a burst behind one in order, a dropped one never; closing the panel releases the rest', async () => {
  const { server, firefox, db } = world;
  const url = socketPage(server, 'ff-hold', '/ff-hold', `window.heard = []; socket.onmessage = (e) => heard.push(e.data);`);
  const { page, tabId } = await openTab(firefox, db, url);
  await page.waitForFunction(() => (window as unknown as { socket: WebSocket }).socket.readyState === 1);
  const panel = await firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await holdSends(panel);

  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('{"qty":1}'));
  await vi.waitFor(async () => expect(await heldCount(panel)).toBe(1), { timeout: 15_000 });
  await settle();
  expect(receivedOn(server, '/ff-hold')).toEqual([]);
  await panel.evaluate(() => {
    const textarea = document.querySelector<HTMLTextAreaElement>('[aria-label="Held sent message"] textarea')!;
    textarea.value = '{"qty":2}';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await clickButton(panel, 'Forward', '[aria-label="Held sent message"]');
  await serverGot('/ff-hold', ['{"qty":2}']);

  // A burst behind a held message waits, then reaches the server whole and in order (each of its
  // messages matches the breakpoint too: forwarded as they come up).
  const burst = Array.from({ length: 8 }, (_, index) => `burst ${index}`);
  await page.evaluate((burst) => {
    for (const text of burst) (window as unknown as { socket: WebSocket }).socket.send(text);
  }, burst);
  await vi.waitFor(async () => expect(await heldCount(panel)).toBeGreaterThan(0), { timeout: 15_000 });
  await settle();
  expect(receivedOn(server, '/ff-hold')).toEqual(['{"qty":2}']);
  // Each message of the burst is held as it comes up: Forward all until the server has them all. One
  // evaluate checks and clicks, since the list may empty between a separate check and click.
  for (let round = 0; round < 40 && receivedOn(server, '/ff-hold').length < 1 + burst.length; round++) {
    await panel.evaluate(() => {
      const forwardAll = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Forward all');
      if (forwardAll && !forwardAll.disabled) forwardAll.click();
    });
    await settle();
  }
  expect(receivedOn(server, '/ff-hold')).toEqual(['{"qty":2}', ...burst]);
  await vi.waitFor(async () => expect(await heldCount(panel)).toBe(0), { timeout: 15_000 });

  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('drop me'));
  await vi.waitFor(async () => expect(await heldCount(panel)).toBe(1), { timeout: 15_000 });
  await clickButton(panel, 'Drop', '[aria-label="Held sent message"]');
  await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('released by closing'));
  await vi.waitFor(async () => expect(await heldCount(panel)).toBe(1), { timeout: 15_000 });
  await panel.close();
  await serverGot('/ff-hold', ['{"qty":2}', ...burst, 'released by closing']);
  await settle();
  expect(receivedOn(server, '/ff-hold')).toEqual(['{"qty":2}', ...burst, 'released by closing']);
});

test("rules apply from a page's first message after a reload; a socket mocked with no server serves the page", async () => {
  const { server, firefox, db } = world;
  await setRules([
    { name: 'more', direction: 'send', condition: { kind: 'json', path: 'op', value: 'buy' }, action: { kind: 'set-json', path: 'qty', value: '10' } },
    { name: 'no server', url: 'ws://127.0.0.1:1/*', action: { kind: 'serve', protocol: '', greeting: 'welcome' } },
    { name: 'echo', direction: 'send', url: 'ws://127.0.0.1:1/*', action: { kind: 'mock', template: '{"re":{{id}}}', delayMs: 0, suppress: true } },
  ]);
  const url = socketPage(server, 'ff-rules', '/ff-rules', `socket.onopen = () => socket.send('{"op":"buy","qty":1}');`);
  const { page } = await openTab(firefox, db, url);
  await serverGot('/ff-rules', ['{"op":"buy","qty":10}']);
  await page.reload();
  await serverGot('/ff-rules', ['{"op":"buy","qty":10}', '{"op":"buy","qty":10}']);

  const mockUrl = server.page(
    '/ff-mock.html',
    `<!doctype html><title>ff-mock</title><script>
      window.log = [];
      const ws = new WebSocket('ws://127.0.0.1:1/feed');
      ws.onopen = () => { log.push('open'); ws.send(JSON.stringify({ id: 3 })); };
      ws.onerror = () => log.push('error');
      ws.onmessage = (event) => log.push(event.data);
    </script>`,
  );
  const mocked = await firefox.newPage();
  await mocked.goto(mockUrl);
  const log = () => mocked.evaluate(() => (window as unknown as { log: string[] }).log);
  await vi.waitFor(async () => expect(await log()).toHaveLength(3), { timeout: 15_000 });
  expect(await log()).toEqual(['open', 'welcome', '{"re":3}']);
});
