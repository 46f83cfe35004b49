// Our HAR export read by Chrome DevTools' own HAR importer: the code the Network panel's "Import HAR
// file" runs (front_end/models/har: HARRoot parses, Importer.requestsFromHARLog builds the requests),
// loaded inside the real DevTools frontend of this Chromium and driven over raw CDP.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import type { CDPSession } from 'playwright-core';
import { exportHar } from '../../src/shared/har/export';
import { sampleSource } from '../fixtures/har/sample';
import { exportThroughDialog, openInspectedPage, receivedOn, setUpWorld, socketPage } from '../fixtures/har/e2e-setup';
import { waitFor } from './db';

const world = setUpWorld({ devtools: true });
/** Runs `expression` in the DevTools frontend (devtools://devtools/…) of the open tab. */
async function evaluateInDevtools<T>(cdp: CDPSession, expression: string): Promise<T> {
  let target: { targetId: string; url: string } | undefined;
  for (let tries = 0; !target && tries < 80; tries++) {
    const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as { targetInfos: { targetId: string; url: string }[] };
    target = targetInfos.find((info) => info.url.startsWith('devtools://devtools/bundled/'));
    if (!target) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!target) throw new Error('no DevTools frontend target');
  const { sessionId } = (await cdp.send('Target.attachToTarget' as never, { targetId: target.targetId, flatten: false } as never)) as { sessionId: string };
  const reply = new Promise<{ result: { result: { value?: T }; exceptionDetails?: unknown } }>((resolve) => {
    cdp.on('Target.receivedMessageFromTarget' as never, (event: { sessionId: string; message: string }) => {
      const message = JSON.parse(event.message);
      if (event.sessionId === sessionId && message.id === 1) resolve(message);
    });
  });
  const message = { id: 1, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } };
  await cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify(message) } as never);
  const { result } = await reply;
  if (result.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(result.exceptionDetails)}`);
  return result.result.value as T;
}

interface ImportedRequest {
  url: string;
  resourceType: string;
  status: number;
  frames: { type: string; opCode: number; text: string; time: number }[];
}

/** What DevTools' importer makes of a HAR (throws where the Network panel would refuse the file). */
async function importWithDevtools(har: unknown): Promise<ImportedRequest[]> {
  const page = await world.browser.context.newPage();
  const cdp = await world.browser.context.newCDPSession(page);
  return evaluateInDevtools<ImportedRequest[]>(
    cdp,
    `(async () => {
      const HAR = await import(new URL('./models/har/har.js', location.href).href);
      const root = new HAR.HARFormat.HARRoot(${JSON.stringify(har)});
      return HAR.Importer.Importer.requestsFromHARLog(root.log).map((request) => ({
        url: request.url(),
        resourceType: request.resourceType().name(),
        status: request.statusCode,
        frames: request.frames().map((frame) => ({ type: frame.type, opCode: frame.opCode, text: frame.text, time: frame.time })),
      }));
    })()`,
  );
}

test("Chrome DevTools' HAR importer reads our export with every WebSocket message", async () => {
  const har = exportHar(sampleSource(), { creatorVersion: '0.1.0' });
  const requests = await importWithDevtools(har);
  expect(requests.map((r) => [r.url, r.resourceType, r.status])).toEqual([
    ['wss://app.example.test/ws?token=abc&room=1', 'websocket', 101],
    ['ws://app.example.test/quiet', 'websocket', 0],
  ]);
  const ours = har.log.entries[0]!._webSocketMessages!;
  expect(requests[0]!.frames).toEqual(ours.map((m) => ({ type: m.type, opCode: m.opcode, text: m.data, time: m.time })));
});

test('the hand-written Chrome-format fixture is read by DevTools the same way', async () => {
  const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/har/chrome-websocket.har'), 'utf8'));
  const requests = await importWithDevtools(fixture);
  const socket = requests.find((r) => r.resourceType === 'websocket')!;
  expect(socket.url).toBe('wss://chat.example.test/socket?room=7');
  // DevTools skips the "pong" row of unknown type, as our importer does.
  expect(socket.frames.map((f) => [f.type, f.opCode])).toEqual([
    ['send', 1],
    ['receive', 1],
    ['send', 2],
    ['receive', 2],
    ['receive', 1],
    ['error', -1],
  ]);
});

test('a live capture exported through the panel is read by DevTools with all its messages', async () => {
  const sends = `const ws = window.sockets['/har-live']; ws.send('{"live":true}'); ws.send(new Uint8Array([9, 8, 7]))`;
  const { tabId } = await openInspectedPage(world.browser, socketPage(world.server, '/har-live.html', ['/har-live'], sends));
  await waitFor(
    async () => receivedOn(world.server, '/har-live'),
    (got) => got.length === 2,
  );
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await panel.locator('.message-rows [role=row]').nth(3).waitFor();
  const scratch = resolve(import.meta.dirname, '../../.tmp/har-devtools');
  mkdirSync(scratch, { recursive: true });
  const { har } = await exportThroughDialog(scratch, panel, /Everything in view/);

  const requests = await importWithDevtools(har);
  const socket = requests.find((request) => request.url === `${world.server.wsUrl}/har-live`)!;
  expect([socket.resourceType, socket.status]).toEqual(['websocket', 101]);
  const sent = [
    [1, '{"live":true}'],
    [2, 'CQgH'],
  ];
  expect(socket.frames.filter((f) => f.type === 'send').map((f) => [f.opCode, f.text])).toEqual(sent);
  expect(socket.frames.filter((f) => f.type === 'receive').map((f) => [f.opCode, f.text])).toEqual(sent);
});
