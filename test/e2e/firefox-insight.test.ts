// Understanding the traffic in Firefox, on real traffic: pairs (an app page's requests to a real `ws` server
// that answers each after its own delay, one never: paired exactly as the server answered, the Unanswered
// filter, "Jump to answer"); the timeline's range and click; history search before and after a session is
// deleted; protocol views with socket.io-client and @stomp/stompjs against their servers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { clickButton, openTab, socketPage, waitForStored } from './firefox-traffic';
import { setUpFirefoxWorld } from './firefox-world';
import { startSocketIoServer, type RunningSocketIoServer } from '../protocols/servers/socket.io';
import { startStompServer, type RunningStompServer } from '../protocols/servers/stomp';
import { dragRightHalf } from './timeline-drag';

const world = setUpFirefoxWorld();
let socketIo: RunningSocketIoServer;
let stomp: RunningStompServer;
beforeAll(async () => {
  socketIo = await startSocketIoServer();
  stomp = await startStompServer();
});
afterAll(async () => {
  await socketIo?.close();
  await stomp?.close();
});
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

test('a range dragged on the timeline filters the table to the later burst; a click selects the nearest message; history search finds a message until its session is deleted', async () => {
  const { server, firefox, db } = world;
  // Two bursts from a real server, two seconds apart: 30 messages, then 10.
  server.socketRoute('/ff-bursts', (socket) => {
    for (let i = 0; i < 30; i++) socket.send(JSON.stringify({ burst: 1, i }));
    setTimeout(() => {
      for (let i = 0; i < 10; i++) socket.send(JSON.stringify({ burst: 2, i, note: i === 0 ? 'ff-timeline-needle' : '' }));
    }, 2000);
  });
  const url = socketPage(server, 'ff-bursts', '/ff-bursts');
  const { page, tabId } = await openTab(firefox, db, url);
  const { sessions } = await waitForStored(db, tabId, (stored) => stored.messages.length === 40);
  await page.close();
  // Once capture paused, the background summarised every chunk it wrote, for the history search.
  const chunkIds = (await db.all('chunks')).filter((chunk) => chunk.sessionId === sessions.at(-1)!.id).map((chunk) => chunk.id);
  expect(chunkIds.length).toBeGreaterThan(0);
  await vi.waitFor(async () => expect((await db.all('summaries', 'sessionId', sessions.at(-1)!.id)).map((summary) => summary.chunkId)).toEqual(chunkIds), WAIT);
  const panel = await firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const rowCount = () => panel.evaluate(() => document.querySelector('[role=grid]')?.getAttribute('aria-rowcount'));
  await vi.waitFor(async () => expect(await rowCount()).toBe('41'), WAIT);

  await clickButton(panel, 'Timeline', '.toolbar');
  const plot = (await panel.waitForSelector('.timeline .u-over', { timeout: 15_000 }))!;
  const box = (await plot.boundingBox())!;
  // From the middle of the quiet gap to past the right edge: the second burst only.
  await dragRightHalf(panel.mouse, box);
  await vi.waitFor(async () => expect(await rowCount()).toBe('11'), WAIT);
  const shown = (await cells(panel)).map((cell) => cell.data);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((text) => text.startsWith('{"burst":2,'))).toBe(true);
  await clickButton(panel, '✕', '.timeline');
  await vi.waitFor(async () => expect(await rowCount()).toBe('41'), WAIT);
  // Late in the quiet gap: the nearest message is the second burst's first.
  await panel.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
  await vi.waitFor(
    async () =>
      expect(await panel.evaluate(() => document.querySelector('.message-rows [role=row][aria-selected=true] .col-preview')?.textContent)).toBe(
        '{"burst":2,"i":0,"note":"ff-timeline-needle"}',
      ),
    WAIT,
  );
  await panel.close();

  const history = await firefox.openExtensionPage('src/panel/history.html');
  await history.waitForSelector('input[aria-label="Search all history"]', { timeout: 15_000 });
  const search = async (text: string) => {
    await history.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Search all history"]')!;
      input.value = '';
    });
    await (await history.waitForSelector('input[aria-label="Search all history"]'))!.type(text);
    await clickButton(history, 'Search', 'form.history-search');
    await history.waitForFunction(
      (text) => new RegExp(`for “${text}” · [\\d,]+ messages searched`).test(document.querySelector('.search-status')?.textContent ?? ''),
      { timeout: 15_000 },
      text,
    );
    return history.evaluate(() => [...document.querySelectorAll('.search-hit')].map((hit) => hit.textContent ?? ''));
  };
  const hits = await search('ff-timeline-needle');
  expect(hits).toHaveLength(1);
  expect(hits[0]).toContain('ff-timeline-needle');
  // Opened in place: the history view selects the message in its session.
  await (await history.waitForSelector('.search-hit'))!.click();
  await vi.waitFor(
    async () =>
      expect(await history.evaluate(() => document.querySelector('.message-rows [role=row][aria-selected=true] .col-preview')?.textContent)).toBe(
        '{"burst":2,"i":0,"note":"ff-timeline-needle"}',
      ),
    WAIT,
  );
  const sessionId = sessions.at(-1)!.id;
  await (await history.waitForSelector(`[data-session-id="${sessionId}"] .session-delete`))!.click();
  await history.waitForFunction((id) => !document.querySelector(`[data-session-id="${id}"]`), { timeout: 15_000 }, sessionId);
  await vi.waitFor(async () => expect(await db.all('sessions', 'tabId', tabId)).toEqual([]), WAIT);
  expect(await db.all('summaries', 'sessionId', sessionId)).toEqual([]);
  expect(await search('ff-timeline-needle')).toEqual([]);
  expect(await history.evaluate(() => document.querySelector('.search-results')?.textContent)).toContain('Nothing found in any stored session.');
});

test('protocol views in Firefox: socket.io-client and @stomp/stompjs in pages read as Socket.IO and STOMP, with summaries, the decoded tree and field filters', async () => {
  const { server, firefox, db } = world;
  for (const [name, path] of [
    ['socket.io', 'socket.io-client/dist/socket.io.min.js'],
    ['stomp', '@stomp/stompjs/bundles/stomp.umd.min.js'],
  ]) {
    const script = readFileSync(join(import.meta.dirname, '../../node_modules', path!), 'utf8');
    server.route(`/lib/${name}.js`, (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(script));
  }
  const apps = [
    {
      name: 'ff-socketio',
      script: `<script src="/lib/socket.io.js"></script><script>
        const socket = io(${JSON.stringify(socketIo.httpUrl)}, { transports: ['websocket'] });
        socket.on('connect', () => socket.emit('add', 2, 3, (sum) => { document.title = 'sum ' + sum; }));
      </script>`,
      done: 'sum 5',
      decoder: 'Socket.IO',
      open: { summary: 'EVENT add', type: 'EVENT', key: 'add' },
      filter: { text: 'type:ack', kept: ['ACK 0'] },
    },
    {
      name: 'ff-stomp',
      script: `<script src="/lib/stomp.js"></script><script>
        const client = new StompJs.Client({ brokerURL: ${JSON.stringify(stomp.wsUrl + '/ws')}, reconnectDelay: 0, heartbeatIncoming: 0, heartbeatOutgoing: 0 });
        client.onConnect = () => {
          client.subscribe('/topic/prices', () => { document.title = 'priced'; });
          client.publish({ destination: '/topic/prices', body: '{"symbol":"ACME"}' });
        };
        client.activate();
      </script>`,
      done: 'priced',
      decoder: 'STOMP',
      open: { summary: 'SEND /topic/prices', type: 'SEND', key: '/topic/prices' },
      filter: { text: 'destination:/topic/prices', kept: ['SUBSCRIBE /topic/prices', 'SEND /topic/prices', 'MESSAGE /topic/prices'] },
    },
  ];
  for (const app of apps) {
    const url = server.page(`/${app.name}.html`, `<!doctype html><title>running</title>${app.script}`);
    const { page, tabId } = await openTab(firefox, db, url);
    await vi.waitFor(async () => expect(await page.title()).toBe(app.done), WAIT);
    const panel = await firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    await vi.waitFor(
      async () =>
        expect(await panel.evaluate(() => document.querySelector('.connection-item[data-connection-id] .connection-decoder')?.textContent)).toBe(app.decoder),
      WAIT,
    );
    const summaries = () => panel.evaluate(() => [...document.querySelectorAll('.message-rows [role=row] .col-summary')].map((cell) => cell.textContent ?? ''));
    await vi.waitFor(async () => expect(await summaries()).toContain(app.open.summary), WAIT);
    const row = await panel.waitForFunction(
      (summary) => [...document.querySelectorAll('.message-rows [role=row]')].find((row) => row.querySelector('.col-summary')?.textContent === summary),
      { timeout: 15_000 },
      app.open.summary,
    );
    await (row as ElementHandle<Element>).click();
    await vi.waitFor(
      async () =>
        expect(
          await panel.evaluate(() => [
            document.querySelector('.decoded-view .decoded-type')?.textContent,
            document.querySelector('.decoded-view .decoded-key')?.textContent,
          ]),
        ).toEqual([app.open.type, app.open.key]),
      WAIT,
    );
    await (await panel.waitForSelector('input[placeholder*="ilter"]'))!.type(app.filter.text);
    await vi.waitFor(async () => expect(await summaries()).toEqual(app.filter.kept), WAIT);
    await panel.close();
    await page.close();
  }
});
