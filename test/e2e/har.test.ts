// HAR export and import through the panel UI, in Chromium with the built extension: a captured
// session exported, imported back and compared; Chrome and mitmproxy files; bad files; a 100 MB file.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './db';
import type { ConnectionRecord, PayloadRecord, SessionRecord } from '../../src/shared/models';
import type { HarRoot } from '../../src/shared/har/types';
import {
  connectionTo,
  exportThroughDialog,
  latestSession,
  messagesOf,
  openInspectedPage,
  receivedOn,
  socketPage,
  type StoredMessage,
  setUpWorld,
} from '../fixtures/har/e2e-setup';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/har');
const SCRATCH = resolve(import.meta.dirname, '../../.tmp/har-e2e');

const world = setUpWorld();
beforeAll(() => mkdirSync(SCRATCH, { recursive: true }));

/** Imports through the dialog; resolves with the dialog's final status text. */
async function importInto(page: Page, path: string): Promise<string> {
  await page.getByRole('button', { name: '⇪ Import HAR' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import HAR' });
  await dialog.getByLabel('HAR file').setInputFiles(path);
  const outcome = dialog.locator('.wsi-ok, .wsi-error, [role=alert]').first();
  await outcome.waitFor({ timeout: 110_000 });
  const text = (await outcome.textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  return text;
}

/** Rows per store that an import writes: all must be unchanged after a failed or cancelled one. */
async function storedCounts(): Promise<number[]> {
  return Promise.all((['sessions', 'connections', 'handshakes', 'messages', 'payloads'] as const).map((store) => world.storage.count(store)));
}

async function importedSessions(): Promise<SessionRecord[]> {
  return (await world.storage.read<SessionRecord>('sessions', 'tabId', -1)).sort((a, b) => a.startedAt - b.startedAt);
}

async function recordsOf(sessionId: string): Promise<{ connections: ConnectionRecord[]; messages: (StoredMessage & { data: string })[] }> {
  const connections = await world.storage.read<ConnectionRecord>('connections', 'sessionId', sessionId);
  const messages = (await world.storage.read<StoredMessage>('messages', 'sessionId', sessionId)).sort((a, b) => a.id - b.id);
  const payloads = await world.storage.read<PayloadRecord>('payloads', 'sessionId', sessionId);
  const data = new Map(payloads.map((p) => [p.id, p.data]));
  return { connections, messages: messages.map((m) => ({ ...m, data: data.get(m.id)! })) };
}

test('export → import round trip: same messages, same HAR, Chrome format', async () => {
  const sends = `const ws = window.sockets['/har-rt']; ws.send('{"user":"ana","password":"hunter2"}'); ws.send(new Uint8Array([0, 1, 2, 254, 255])); ws.send('naïve ✓ 😀'); ws.send(new Uint8Array(4000).map((_, i) => i * 7)); ws.send(new Uint8Array(300000).map((_, i) => i * 13))`;
  const { tabId } = await openInspectedPage(world.browser, socketPage(world.server, '/har-rt.html', ['/har-rt'], sends));
  await waitFor(
    async () => receivedOn(world.server, '/har-rt'),
    (got) => got.length === 5,
  );
  const session = await latestSession(world.storage, tabId);
  const connection = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/har-rt`);
  await messagesOf(world.storage, connection.id, 10);
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await panel.locator('.message-rows [role=row]').nth(9).waitFor();

  const exported = await exportThroughDialog(SCRATCH, panel, /Everything in view/);
  expect(exported.name).toMatch(/^websockets_127\.0\.0\.1_\d+_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.har$/);
  const entry = exported.har.log.entries.find((e) => e.request.url === `${world.server.wsUrl}/har-rt`)!;
  expect(exported.har.log.version).toBe('1.2');
  expect(entry._resourceType).toBe('websocket');
  expect(entry.response.status).toBe(101);
  expect(entry.request.headers.some((h) => h.name.toLowerCase() === 'sec-websocket-version')).toBe(true);
  // Capture order interleaves sends and echoes as they happened; each direction keeps its own order.
  // The last two are stored apart from their chunk, as bytes (the largest after travelling as a Blob):
  // exported as base64 all the same.
  const big = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7) & 255)).toString('base64');
  const biggest = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 13) & 255)).toString('base64');
  const written = ['{"user":"ana","password":"hunter2"}', 'AAEC/v8=', 'naïve ✓ 😀', big, biggest].map((data, i) => [i % 2 === 1 || i === 4 ? 2 : 1, data]);
  for (const type of ['send', 'receive']) {
    expect(entry._webSocketMessages!.filter((m) => m.type === type).map((m) => [m.opcode, m.data])).toEqual(written);
  }
  for (const message of entry._webSocketMessages!) expect(Math.abs(message.time * 1000 - Date.now())).toBeLessThan(120_000);

  const history = await world.browser.openExtensionPage('src/panel/history.html');
  const before = (await importedSessions()).length;
  expect(await importInto(history, exported.path)).toMatch(/^Imported .*: 1 session, 1 connection, 10 messages/);
  const sessions = await importedSessions();
  expect(sessions).toHaveLength(before + 1);
  const imported = sessions.at(-1)!;
  expect(imported).toMatchObject({ tabId: -1, imported: true, pageUrl: session.pageUrl, startedAt: Math.floor(session.startedAt) });

  const original = await recordsOf(session.id);
  const copy = await recordsOf(imported.id);
  const comparable = (m: StoredMessage & { data: string }) => [
    m.seq,
    m.direction,
    m.origin,
    m.payload.kind,
    m.payload.size,
    m.payload.preview,
    m.data,
    Math.round(m.time * 1000),
  ];
  expect(copy.messages.map(comparable)).toEqual(original.messages.map(comparable));
  expect(copy.connections[0]).toMatchObject({
    url: connection.url,
    protocol: connection.protocol,
    extensions: connection.extensions,
    sentCount: 5,
    receivedCount: 5,
    tabId: -1,
  });

  // The imported session opens read-only in the history view and exports to the same HAR.
  await history.locator('.message-rows [role=row]').nth(9).waitFor();
  expect(await history.getByRole('button', { name: '↻ Resend' }).count()).toBe(0);
  const again = await exportThroughDialog(SCRATCH, history, /Everything in view/);
  const strip = (har: HarRoot) => ({ ...har.log, entries: har.log.entries.filter((e) => e.request.url === `${world.server.wsUrl}/har-rt`) });
  expect(strip(again.har)).toEqual(strip(exported.har));
});

test('redaction on export hides secret headers and named JSON fields', async () => {
  const sends = `window.sockets['/har-redact'].send('{"token":"t-123","nested":{"password":"pw"},"keep":1}')`;
  // A cookie for the socket's host: its handshake carries it in a Cookie header.
  await world.browser.context.addCookies([{ name: 'sid', value: 'cookie-secret-42', url: world.server.httpUrl }]);
  const { tabId } = await openInspectedPage(world.browser, socketPage(world.server, '/har-redact.html', ['/har-redact'], sends));
  await waitFor(
    async () => receivedOn(world.server, '/har-redact'),
    (got) => got.length === 1,
  );
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await panel.locator('.message-rows [role=row]').nth(1).waitFor();
  await panel.locator('.message-rows [role=row]').first().click();
  const { har } = await exportThroughDialog(SCRATCH, panel, /This connection/, async (dialog) => {
    await dialog.getByLabel(/JSON fields/).fill('token, password');
    await dialog.getByLabel('Replace hidden values with').fill('***');
  });
  expect(har.log.entries).toHaveLength(1);
  expect(JSON.parse(har.log.entries[0]!._webSocketMessages![0]!.data)).toEqual({ token: '***', nested: { password: '***' }, keep: 1 });
  expect(JSON.stringify(har)).not.toContain('t-123');
  const cookieHeaders = (root: HarRoot) => root.log.entries[0]!.request.headers.filter((h) => h.name.toLowerCase() === 'cookie').map((h) => h.value);
  expect(cookieHeaders(har)).toEqual(['***']);
  expect(JSON.stringify(har)).not.toContain('cookie-secret-42');

  // Without header redaction the same export holds the cookie: it was captured, and only redaction hid it.
  const plain = await exportThroughDialog(SCRATCH, panel, /This connection/, async (dialog) => {
    await dialog.getByLabel(/Hide Cookie, Authorization and Set-Cookie/).uncheck();
  });
  expect(cookieHeaders(plain.har)).toEqual(['sid=cookie-secret-42']);
  await world.browser.context.clearCookies();
});

test('exports only the messages the filter shows', async () => {
  const sends = `const ws = window.sockets['/har-filter']; ws.send('apple 1'); ws.send('banana'); ws.send('apple 2')`;
  const { tabId } = await openInspectedPage(world.browser, socketPage(world.server, '/har-filter.html', ['/har-filter'], sends));
  await waitFor(
    async () => receivedOn(world.server, '/har-filter'),
    (got) => got.length === 3,
  );
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await panel.locator('.message-rows [role=row]').nth(5).waitFor();
  await panel.getByLabel('Filter messages').fill('apple');
  await panel.getByLabel('Direction').selectOption('send');
  await expect.poll(() => panel.locator('.message-rows [role=row]').count()).toBe(2);
  const { har } = await exportThroughDialog(SCRATCH, panel, /The messages the filter shows \(2\)/);
  expect(har.log.entries).toHaveLength(1);
  expect(har.log.entries[0]!._webSocketMessages!.map((m) => [m.type, m.data])).toEqual([
    ['send', 'apple 1'],
    ['send', 'apple 2'],
  ]);
});

test('imports a hand-written Chrome DevTools HAR and a mitmproxy HAR as read-only sessions', async () => {
  const history = await world.browser.openExtensionPage('src/panel/history.html');
  expect(await importInto(history, resolve(FIXTURES, 'chrome-websocket.har'))).toMatch(
    /1 session, 1 connection, 5 messages \(1 non-WebSocket entries left out\)/,
  );
  const chrome = (await importedSessions()).find((s) => s.title === 'https://chat.example.test/room/7')!;
  const { connections, messages } = await recordsOf(chrome.id);
  expect(connections[0]).toMatchObject({ url: 'wss://chat.example.test/socket?room=7', protocol: 'chat.v2', errors: ['net::ERR_CONNECTION_RESET'] });
  expect(messages.map((m) => [m.direction, m.payload.kind, m.data])).toEqual([
    ['send', 'text', '{"op":"hello","token":"t-9f8e"}'],
    ['receive', 'text', '{"op":"welcome","users":["ana","bo"]}'],
    ['send', 'binary', 'AAECA/8='],
    ['receive', 'binary', '3q2+7w=='],
    ['receive', 'text', 'naïve ✓ 😀'],
  ]);
  const previews = history.locator('.message-rows [role=row] .col-preview');
  await expect.poll(() => previews.count()).toBe(5);
  expect(await previews.first().textContent()).toBe('{"op":"hello","token":"t-9f8e"}');

  expect(await importInto(history, resolve(FIXTURES, 'mitmproxy-websocket.har'))).toMatch(/1 session, 1 connection, 3 messages/);
  const mitm = (await importedSessions()).find((s) => s.title === 'mitmproxy-websocket.har')!;
  expect((await recordsOf(mitm.id)).messages.map((m) => m.data)).toEqual(['SUBSCRIBE ticks', '{"tick":1}', 'aGVsbG8=']);
});

test('bad files say where they are wrong and leave nothing behind', async () => {
  const history = await world.browser.openExtensionPage('src/panel/history.html');
  const countsBefore = await storedCounts();
  const wrongType = JSON.parse(readFileSync(resolve(FIXTURES, 'chrome-websocket.har'), 'utf8'));
  wrongType.log.entries[1]._webSocketMessages[3].opcode = '2';
  const files: [string, string, RegExp][] = [
    ['not-json.har', '<html>not a har</html>', /The file is not JSON/],
    ['not-har.har', '{"hello":"world"}', /Not a HAR file: log: expected an object, got nothing \(missing\)/],
    ['wrong-type.har', JSON.stringify(wrongType), /log\.entries\[1\]\._webSocketMessages\[3\]\.opcode: expected a number, got string/],
  ];
  for (const [name, content, expected] of files) {
    const path = resolve(SCRATCH, name);
    writeFileSync(path, content);
    expect(await importInto(history, path)).toMatch(expected);
  }
  const countsAfter = await storedCounts();
  expect(countsAfter).toEqual(countsBefore);
});

test('a cancelled import leaves nothing behind', async () => {
  const path = resolve(SCRATCH, 'cancel.har');
  // Large enough that storing takes seconds (about 200,000 messages at tens of thousands a second), so Cancel lands mid-import.
  const messages = Array.from({ length: 200_000 }, (_, i) => ({ type: 'send', time: 1_700_000_000 + i, opcode: 1, data: `message ${i} ${'y'.repeat(300)}` }));
  writeFileSync(
    path,
    JSON.stringify({
      log: {
        entries: [
          {
            _resourceType: 'websocket',
            startedDateTime: '2026-01-01T00:00:00Z',
            time: 0,
            request: { url: 'wss://cancel.example.test/' },
            _webSocketMessages: messages,
          },
        ],
      },
    }),
  );
  const history = await world.browser.openExtensionPage('src/panel/history.html');
  const countsBefore = await storedCounts();
  await history.getByRole('button', { name: '⇪ Import HAR' }).click();
  const dialog = history.getByRole('dialog', { name: 'Import HAR' });
  await dialog.getByLabel('HAR file').setInputFiles(path);
  await dialog.getByText(/Storing messages cancel\.har — [1-9]\d* of 200000 messages/).waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByText('Import cancelled, nothing was kept.').waitFor();
  const countsAfter = await storedCounts();
  expect(countsAfter).toEqual(countsBefore);
});

test('a 100 MB HAR imports in a worker with progress while the page stays responsive', async () => {
  const path = resolve(SCRATCH, 'big.har');
  // 100 MB as 25,000 messages of 4 KB, each large enough for its own payload record (WSI_BIG_MESSAGES
  // overrides the count for local runs).
  const MESSAGES = Number(process.env.WSI_BIG_MESSAGES ?? 25_000);
  const filler = 'x'.repeat(4000);
  const start = Date.UTC(2026, 0, 1) / 1000;
  const parts: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    parts.push(JSON.stringify({ type: i % 2 ? 'receive' : 'send', time: start + i / 1000, opcode: 1, data: `{"n":${i},"pad":"${filler}"}` }));
  }
  const entry = {
    startedDateTime: new Date(start * 1000).toISOString(),
    time: 1,
    request: {
      method: 'GET',
      url: 'wss://big.example.test/ws',
      httpVersion: 'HTTP/1.1',
      headers: [],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _resourceType: 'websocket',
  };
  const head = JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, pages: [], entries: [{ ...entry, _webSocketMessages: [] }] } });
  writeFileSync(path, head.replace('"_webSocketMessages":[]', `"_webSocketMessages":[${parts.join(',')}]`));
  expect(readFileSync(path).length).toBeGreaterThan(MESSAGES * 4000);

  const history = await world.browser.openExtensionPage('src/panel/history.html');
  // The page keeps rendering while the worker parses and writes: record each distinct progress text.
  await history.evaluate(() => {
    const w = window as unknown as { progressTexts: Set<string> };
    w.progressTexts = new Set();
    new MutationObserver(() => {
      const text = document.querySelector('[role=dialog]')?.textContent ?? '';
      const progress = /Storing messages big\.har — \d+ of \d+ messages/.exec(text);
      if (progress) w.progressTexts.add(progress[0]);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await history.getByRole('button', { name: '⇪ Import HAR' }).click();
  const dialog = history.getByRole('dialog', { name: 'Import HAR' });
  await dialog.getByLabel('HAR file').setInputFiles(path);
  await dialog.getByText(new RegExp(`Storing messages big\\.har — \\d+ of ${MESSAGES} messages`)).waitFor({ timeout: 60_000 });
  const began = Date.now();
  await dialog.locator('.wsi-ok').waitFor({ timeout: 110_000 });
  console.info(`imported ${MESSAGES} messages (${Math.round(readFileSync(path).length / 1e6)} MB) in ${Date.now() - began} ms`);
  expect(await dialog.locator('.wsi-ok').textContent()).toContain(`1 session, 1 connection, ${MESSAGES} messages`);
  const progressTexts = await history.evaluate(() => [...(window as unknown as { progressTexts: Set<string> }).progressTexts]);
  expect(progressTexts.length).toBeGreaterThanOrEqual(3);
  const big = (await importedSessions()).find((s) => s.title === 'big.har')!;
  expect(await world.storage.count('messages', 'sessionId', big.id)).toBe(MESSAGES);
});
