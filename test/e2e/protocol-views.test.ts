// Protocol views against a real library: socket.io-client in the page, the real socket.io server. The
// connection names its protocol, rows show the protocol's own summary, the detail pane shows the decoded
// tree beside the raw payload, filters take protocol fields, and a choice of "decode as" sticks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSocketIoServer, type RunningSocketIoServer } from '../protocols/servers/socket.io';
import { tabIdOf } from './chromium';
import { setUpExtensionBrowser } from './extension-browser';
import { eventually } from './seed';
import { startTestServer, type TestServer } from './servers';

const world = setUpExtensionBrowser();
let pages: TestServer;
let socketIo: RunningSocketIoServer;
const clientScript = readFileSync(join(import.meta.dirname, '../../node_modules/socket.io-client/dist/socket.io.min.js'), 'utf8');

beforeAll(async () => {
  pages = await startTestServer();
  socketIo = await startSocketIoServer();
  pages.route('/socket.io.min.js', (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(clientScript));
});
afterAll(async () => {
  await socketIo?.close();
  await pages?.close();
});

test('a Socket.IO app reads as Socket.IO: summaries, decoded tree, protocol-field filters, decode-as', async () => {
  const url = pages.page(
    '/chat.html',
    `<!doctype html><script src="/socket.io.min.js"></script><script>
      const socket = io(${JSON.stringify(socketIo.httpUrl)}, { transports: ['websocket'] });
      socket.on('connect', () => {
        socket.emit('chat message', 'hello there');
        socket.emit('add', 2, 3, (sum) => { document.title = 'sum ' + sum; });
      });
    </script>`,
  );
  const page = await world.browser.context.newPage();
  await page.goto(url);
  await eventually(() => page.title()).toBe('sum 5');
  const tabId = await tabIdOf(world.browser, page);
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);

  const connection = panel.locator('.connection-item[data-connection-id]');
  await eventually(() => connection.locator('.connection-decoder').textContent(), 20_000).toBe('Socket.IO');
  const summaries = panel.locator('.message-rows [role=row] .col-summary');
  await eventually(() => summaries.allTextContents()).toEqual([
    'open',
    'CONNECT /',
    'CONNECT /',
    'EVENT chat message',
    'EVENT add',
    'EVENT chat message',
    'ACK 0',
  ]);

  // The decoded tree next to the raw payload.
  await panel.locator('.message-rows [role=row]', { hasText: 'EVENT add' }).click();
  const decoded = panel.locator('.decoded-view');
  await eventually(() => decoded.locator('.decoded-type').first().textContent()).toBe('EVENT');
  expect(await decoded.locator('.decoded-key').first().textContent()).toBe('add');
  expect(await decoded.locator('.decoded-raw .raw-text').textContent()).toBe('420["add",2,3]');

  // Filters on protocol fields.
  const filter = panel.getByPlaceholder(/filter/i);
  await filter.fill('event:chat');
  await eventually(() => summaries.allTextContents()).toEqual(['EVENT chat message', 'EVENT chat message']);
  await filter.fill('type:ack');
  await eventually(() => summaries.allTextContents()).toEqual(['ACK 0']);
  await filter.fill('');

  // Decode as raw: remembered for the socket's origin, and undone by "Detect automatically".
  await connection.locator('.connection-decoder').click();
  await connection.getByRole('combobox').selectOption('raw');
  await eventually(() => connection.locator('.connection-decoder').textContent()).toBe('raw ✎');
  await eventually(() => panel.locator('.message-rows [role=row] .col-summary').count()).toBe(0);
  const reopened = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const reopenedConnection = reopened.locator('.connection-item[data-connection-id]');
  await eventually(() => reopenedConnection.locator('.connection-decoder').textContent(), 20_000).toBe('raw ✎');
  await reopenedConnection.locator('.connection-decoder').click();
  await reopenedConnection.getByRole('combobox').selectOption('auto');
  await eventually(() => reopenedConnection.locator('.connection-decoder').textContent()).toBe('Socket.IO');
});
