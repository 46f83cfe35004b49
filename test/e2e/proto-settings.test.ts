// Protocol Buffers with the user's .proto files: added in Settings (a broken file's problem shown in place
// with line and column), each direction's message type chosen in the connection's protocol menu, the rows read
// again with it, a oneof filter, and the choice remembered for the socket's URL by a panel opened later.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startProtobufChatServer } from '../protocols/servers/protobuf';
import type { RunningServer } from '../protocols/servers/listen';
import { encodeAs, fixtureRoot } from '../unit/proto-fixtures';
import { tabIdOf } from './chromium';
import { setUpExtensionBrowser } from './extension-browser';
import { eventually } from './seed';
import { startTestServer, type TestServer } from './servers';

const world = setUpExtensionBrowser();
let pages: TestServer;
let chat: RunningServer;
const root = fixtureRoot();

beforeAll(async () => {
  pages = await startTestServer();
  chat = await startProtobufChatServer(root);
});
afterAll(async () => {
  await chat?.close();
  await pages?.close();
});

const summariesShown = (panel: Page) => panel.locator('.message-rows [role=row] .col-summary').allTextContents();
const protoFile = (name: string) => ({ name, mimeType: 'text/plain', buffer: readFileSync(join(import.meta.dirname, '../fixtures/proto', name)) });

test('.proto files added in Settings: problems with line and column, a message type per direction, remembered', async () => {
  const envelope = encodeAs(root, 'chat.v1.Envelope', { chat: { text: 'hello', author: { name: 'ada' } } });
  const url = pages.page(
    '/protobuf.html',
    `<!doctype html><title>running</title><script>
      const socket = new WebSocket(${JSON.stringify(chat.url)}, ['chat.proto.v1']);
      socket.binaryType = 'arraybuffer';
      let received = 0;
      socket.onopen = () => socket.send(new Uint8Array(${JSON.stringify([...envelope])}));
      socket.onmessage = () => { if (++received === 3) document.title = 'done'; };
    </script>`,
  );
  const page = await world.browser.context.newPage();
  await page.goto(url);
  await eventually(() => page.title()).toBe('done');
  const tabId = await tabIdOf(world.browser, page);
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const connection = panel.locator('.connection-item[data-connection-id]');
  await eventually(() => connection.locator('.connection-decoder').textContent(), 20_000).toBe('Protocol Buffers');
  // Without a schema: field numbers (the page's chat first: it sends from its open handler, before the welcome is dispatched).
  await eventually(() => summariesShown(panel)).toEqual(['message #1', 'message #3', 'message #1', 'message #2']);

  // Settings: the fixture's files, then a broken one shown in place, then removed.
  await panel.getByRole('button', { name: 'Settings' }).click();
  const dialog = panel.getByRole('dialog', { name: 'Settings' });
  await dialog.locator('input[type=file]').setInputFiles([protoFile('chat.proto'), protoFile('common.proto')]);
  await eventually(() => dialog.locator('.proto-ok').textContent()).toMatch(/^\d+ message types\.$/);
  const broken = 'syntax = "proto3";\npackage extra;\nmessage Extra { int32 count = ; }\n';
  await dialog.locator('input[type=file]').setInputFiles([{ name: 'extra.proto', mimeType: 'text/plain', buffer: Buffer.from(broken) }]);
  const problems = dialog.getByRole('alert');
  await eventually(() => problems.locator('li').allInnerTexts()).toEqual([
    "extra.proto:3:31 illegal id ';' (line 3, column 31)\nmessage Extra { int32 count = ; }\n                              ^",
  ]);
  await dialog.getByRole('button', { name: 'Remove extra.proto' }).click();
  await eventually(() => problems.count()).toBe(0);
  expect(await dialog.locator('.proto-file-name').allTextContents()).toEqual(['chat.proto', 'common.proto']);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The connection's menu: each direction's message type; the rows are read again with it.
  await connection.locator('.connection-decoder').click();
  await connection.getByLabel('Sent messages as').selectOption('chat.v1.Envelope');
  await connection.getByLabel('Received messages as').selectOption('chat.v1.Envelope');
  const named = ['Envelope chat', 'Envelope notice', 'Envelope chat', 'Envelope ping'];
  await eventually(() => summariesShown(panel)).toEqual(named);
  await panel.locator('.message-rows [role=row]', { hasText: 'Envelope chat' }).first().click();
  const decoded = panel.locator('.decoded-view');
  await eventually(() => decoded.locator('.decoded-type').first().textContent()).toBe('Envelope');
  expect(await decoded.locator('.decoded-key').first().textContent()).toBe('chat');
  expect(await decoded.locator('[role=tree]').innerText()).toContain('text: "hello"');
  await panel.getByPlaceholder(/filter/i).fill('oneof:ping');
  await eventually(() => summariesShown(panel)).toEqual(['Envelope ping']);

  // Remembered for the socket's URL: a panel opened later reads the same.
  const reopened = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await eventually(() => summariesShown(reopened), 20_000).toEqual(named);
  await reopened.close();
  await panel.close();
  await page.close();
});
