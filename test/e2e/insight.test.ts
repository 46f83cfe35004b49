// Understanding the traffic, in real Chromium with the built extension: a page acting like an app sends
// requests with ids to a real `ws` server that answers each after its own delay (one never). The panel pairs
// exactly the pairs the server made, each latency is at least what the server held the request, the
// "Unanswered" filter shows the one left, jumps go both ways, a shape in Stats filters the table, and two
// messages compare by JSON path.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from './chromium';
import { setUpExtensionBrowser } from './extension-browser';
import { eventually } from './seed';
import { startTestServer, type TestServer } from './servers';

const world = setUpExtensionBrowser();
let server: TestServer;
/** What the server saw per request id: when it got it and when it answered (ms). */
const held = new Map<number, { received: number; answered?: number }>();
/** The app's calls: id and how long the server waits before answering (null: never). */
const CALLS: [number, number | null][] = [
  [1, 300],
  [2, 20],
  [3, null],
  [4, 120],
  [5, 600],
];

beforeAll(async () => {
  server = await startTestServer();
  server.socketRoute('/api', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: number; method: string; delay: number | null };
      held.set(request.id, { received: Date.now() });
      if (request.delay === null) return;
      setTimeout(() => {
        held.get(request.id)!.answered = Date.now();
        socket.send(JSON.stringify({ id: request.id, result: { method: request.method, ok: true } }));
      }, request.delay);
    });
  });
});
afterAll(() => server?.close());

const rows = (page: Page) => page.locator('.message-rows [role=row]');
const selectedPreview = (page: Page) => page.locator('.message-rows [role=row][aria-selected=true] .col-preview').textContent();
/** "312 ms" or "1.25 s" back to milliseconds. */
const millis = (text: string) => (text.endsWith(' s') ? parseFloat(text) * 1000 : parseFloat(text));

async function appAndPanel(): Promise<Page> {
  const url = server.page(
    '/app.html',
    `<title>app</title><script>
      const socket = new WebSocket('${server.wsUrl}/api');
      socket.onopen = () => {
        for (const [id, delay] of ${JSON.stringify(CALLS)}) socket.send(JSON.stringify({ id, method: 'call' + id, delay }));
      };
    </script>`,
  );
  const app = await world.browser.context.newPage();
  await app.goto(url);
  const tabId = await tabIdOf(world.browser, app);
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await panel.setViewportSize({ width: 1400, height: 800 });
  return panel;
}

test('pairs and latencies match what the server saw; the unanswered filter, jumps both ways, a shape filter and a diff', async () => {
  const page = await appAndPanel();
  const answered = CALLS.filter(([, delay]) => delay !== null).length;
  await eventually(() => rows(page).count(), 15_000).toBe(CALLS.length + answered);

  // Every sent request's Latency cell, by its id.
  const latencyById = async () => {
    const cells = await rows(page).evaluateAll((elements) =>
      elements.map((row) => ({ data: row.querySelector('.col-preview')?.textContent ?? '', latency: row.querySelector('.col-latency')?.textContent ?? '' })),
    );
    return new Map(cells.filter((cell) => cell.data.includes('"delay"')).map((cell) => [(JSON.parse(cell.data) as { id: number }).id, cell.latency]));
  };
  await eventually(async () => [...(await latencyById()).values()].filter((text) => text !== 'no answer' && text !== '').length).toBe(answered);
  const latencies = await latencyById();
  const serverAnswered = [...held].filter(([, times]) => times.answered !== undefined).map(([id]) => id);
  expect(
    [...latencies]
      .filter(([, text]) => text !== 'no answer')
      .map(([id]) => id)
      .sort(),
  ).toEqual(serverAnswered.sort());
  expect([...latencies].filter(([, text]) => text === 'no answer').map(([id]) => id)).toEqual([3]);
  for (const id of serverAnswered) {
    const times = held.get(id)!;
    // The page cannot see the answer before the server sent it: a lower bound, not a timing threshold.
    expect(millis(latencies.get(id)!)).toBeGreaterThanOrEqual(times.answered! - times.received - 1);
  }

  // Requests without an answer: only call 3.
  await page.getByRole('checkbox', { name: 'Unanswered' }).check();
  await eventually(() => rows(page).locator('.col-preview').allTextContents()).toEqual(['{"id":3,"method":"call3","delay":null}']);
  await page.getByRole('checkbox', { name: 'Unanswered' }).uncheck();
  await eventually(() => rows(page).count()).toBe(CALLS.length + answered);

  // Jump to the answer from the detail pane, and back to the request from the row menu.
  await rows(page).filter({ hasText: '"id":4,"method"' }).click();
  await page.getByRole('button', { name: 'Jump to answer' }).click();
  await eventually(() => selectedPreview(page)).toBe('{"id":4,"result":{"method":"call4","ok":true}}');
  await rows(page).filter({ hasText: '"id":4,"result"' }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Jump to request' }).click();
  await eventually(() => selectedPreview(page)).toBe('{"id":4,"method":"call4","delay":120}');

  // Stats: the answers' shape filters the table to exactly the answers.
  await page.getByRole('button', { name: 'Stats' }).click();
  const answerShape = page.locator('.stats-shape').filter({ hasText: '{id, result}' });
  await eventually(() => answerShape.locator('.stats-shape-count').textContent()).toBe(String(answered));
  await answerShape.click();
  await eventually(() => rows(page).count()).toBe(answered);
  expect((await rows(page).locator('.col-preview').allTextContents()).every((text) => text.includes('"result"'))).toBe(true);
  await page.locator('.filter-pick').click();
  await eventually(() => rows(page).count()).toBe(CALLS.length + answered);

  // Compare two requests: Ctrl+click the second; the diff lists the changed paths with their exact values.
  await rows(page).filter({ hasText: '"id":1,"method"' }).click();
  await rows(page)
    .filter({ hasText: '"id":2,"method"' })
    .click({ modifiers: ['Control'] });
  const changes = page.locator('.json-diff tbody tr');
  await eventually(() => changes.count()).toBe(3);
  expect(await changes.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))).toEqual([
    ['$.id', 'changed', '1', '2'],
    ['$.method', 'changed', '"call1"', '"call2"'],
    ['$.delay', 'changed', '300', '20'],
  ]);
});
