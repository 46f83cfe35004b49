// Pairs in Firefox, on real traffic: an app page's requests to a real `ws` server that answers each after
// its own delay (one never) are paired exactly as the server answered, each latency at least what the server
// held the request; the Unanswered filter shows the one left and "Jump to answer" selects the answer.
import { expect, test, vi } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { openTab, socketPage, waitForStored } from './firefox-traffic';
import { setUpFirefoxWorld } from './firefox-world';

const world = setUpFirefoxWorld();
const WAIT = { timeout: 15_000, interval: 200 };
const CALLS: [number, number | null][] = [
  [1, 250],
  [2, 30],
  [3, null],
  [4, 120],
];

/** Each row's preview and Latency cell, in table order. */
const cells = (panel: Page) =>
  panel.evaluate(() =>
    [...document.querySelectorAll('.message-rows [role=row]')].map((row) => ({
      data: row.querySelector('.col-preview')?.textContent ?? '',
      latency: row.querySelector('.col-latency')?.textContent ?? '',
    })),
  );
const millis = (text: string) => (text.endsWith(' s') ? parseFloat(text) * 1000 : parseFloat(text));

async function clickRow(panel: Page, preview: string): Promise<void> {
  const row = await panel.waitForFunction(
    (preview) => [...document.querySelectorAll('.message-rows [role=row]')].find((row) => row.querySelector('.col-preview')?.textContent === preview),
    { timeout: 15_000 },
    preview,
  );
  await (row as ElementHandle<Element>).click();
}

test('requests are paired as the server answered them, with latencies, the Unanswered filter and a jump to the answer', async () => {
  const { server, firefox, db } = world;
  const held = new Map<number, { received: number; answered?: number }>();
  server.socketRoute('/ff-api', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: number; delay: number | null };
      held.set(request.id, { received: Date.now() });
      if (request.delay === null) return;
      setTimeout(() => {
        held.get(request.id)!.answered = Date.now();
        socket.send(JSON.stringify({ id: request.id, ok: true }));
      }, request.delay);
    });
  });
  const url = socketPage(
    server,
    'ff-api',
    '/ff-api',
    `socket.onopen = () => { for (const [id, delay] of ${JSON.stringify(CALLS)}) socket.send(JSON.stringify({ id, delay })); };`,
  );
  const { tabId } = await openTab(firefox, db, url);
  const answered = CALLS.filter(([, delay]) => delay !== null).length;
  await waitForStored(db, tabId, (stored) => stored.messages.length === CALLS.length + answered);
  const panel = await firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);

  const requestLatencies = async () =>
    new Map((await cells(panel)).filter((cell) => cell.data.includes('"delay"')).map((cell) => [(JSON.parse(cell.data) as { id: number }).id, cell.latency]));
  await vi.waitFor(async () => expect([...(await requestLatencies()).values()].filter((text) => /^[\d.]+ m?s$/.test(text))).toHaveLength(answered), WAIT);
  const latencies = await requestLatencies();
  expect(latencies.get(3)).toBe('no answer');
  for (const [id, times] of held) {
    if (times.answered === undefined) continue;
    expect(millis(latencies.get(id)!)).toBeGreaterThanOrEqual(times.answered - times.received - 1);
  }

  await (await panel.waitForSelector('.filter-unanswered input'))!.click();
  await vi.waitFor(async () => expect((await cells(panel)).map((cell) => cell.data)).toEqual(['{"id":3,"delay":null}']), WAIT);
  await (await panel.waitForSelector('.filter-unanswered input'))!.click();

  await clickRow(panel, '{"id":4,"delay":120}');
  const jump = await panel.waitForFunction(() => [...document.querySelectorAll('.pair-links button')].find((b) => b.textContent === 'Jump to answer'), {
    timeout: 15_000,
  });
  await (jump as ElementHandle<Element>).click();
  await vi.waitFor(
    async () =>
      expect(await panel.evaluate(() => document.querySelector('.message-rows [role=row][aria-selected=true] .col-preview')?.textContent)).toBe(
        '{"id":4,"ok":true}',
      ),
    WAIT,
  );
});
