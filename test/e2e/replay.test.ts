// Resend, edit-and-send, inject, new connection and sequence replay from the panel, against real `ws`
// servers: what the server received and what the page's listeners heard, and how it was stored.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './db';
import { connectionTo, latestSession, messagesOf, openInspectedPage, receivedOn, selectRow, setUpWorld, socketPage } from '../fixtures/har/e2e-setup';

const world = setUpWorld();

/** The inspected page (sockets on `paths`, `onOpen` run once open) and the panel watching its tab. */
async function inspect(name: string, paths: string[], onOpen: string): Promise<{ page: Page; panel: Page; tabId: number }> {
  const { page, tabId } = await openInspectedPage(world.browser, socketPage(world.server, `/${name}.html`, paths, onOpen));
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  return { page, panel, tabId };
}

type Heard = { onmessage: string[]; listenerA: string[]; listenerB: string[] };
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: Heard }).heard);
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));
/** A send's result comes back when the page called send(); the server gets it a moment later. */
const serverGets = (path: string, expected: string[]) =>
  waitFor(
    async () => receivedOn(world.server, path),
    (got) => got.length >= expected.length,
  ).then((got) => expect(got).toEqual(expected));

describe('replay from the panel', () => {
  test('a resent message reaches the server exactly once and is stored as replayed', async () => {
    const { panel, tabId } = await inspect('resend', ['/resend'], `window.sockets['/resend'].send('order #1')`);
    await waitFor(
      async () => receivedOn(world.server, '/resend'),
      (got) => got.length === 1,
    );
    await selectRow(panel, 'order #1');
    await panel.getByRole('button', { name: '↻ Resend' }).click();
    await panel.getByText('Resent.').waitFor();
    await serverGets('/resend', ['order #1', 'order #1']);
    await settle(); // and no second copy after a while
    expect(receivedOn(world.server, '/resend')).toEqual(['order #1', 'order #1']);

    const session = await latestSession(world.storage, tabId);
    const connection = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/resend`);
    const sent = (await messagesOf(world.storage, connection.id, 4)).filter((m) => m.direction === 'send');
    expect(sent.map((m) => [m.payload.preview, m.origin])).toEqual([
      ['order #1', 'page'],
      ['order #1', 'replayed'],
    ]);
    await panel.locator('.message-row .mark-replayed').first().waitFor();
  });

  test('an edited message arrives edited: JSON checked and formatted, binary as hex', async () => {
    const { panel } = await inspect('edit', ['/edit'], `window.sockets['/edit'].send('{"op":"buy","qty":1}')`);
    await waitFor(
      async () => receivedOn(world.server, '/edit'),
      (got) => got.length === 1,
    );
    await selectRow(panel, '{"op":"buy","qty":1}');
    await panel.getByRole('button', { name: '✎ Edit and send' }).click();
    const dialog = panel.getByRole('dialog', { name: 'Edit and send' });
    const text = dialog.getByRole('textbox', { name: 'Message text' });
    await text.fill('{"op":"buy","qty":');
    await dialog.locator('.payload-check.wsi-error').waitFor();
    expect(await dialog.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await text.fill('{"op":"buy","qty":5}');
    await dialog.getByRole('button', { name: 'Format JSON' }).click();
    expect(await text.inputValue()).toBe('{\n  "op": "buy",\n  "qty": 5\n}');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('Sent through the page’s socket.').waitFor();

    await dialog.getByLabel('Binary (hex)').check();
    const hex = dialog.getByRole('textbox', { name: 'Message bytes in hex' });
    await hex.fill('de ad zz');
    await dialog.getByText('"z" on line 1 is not a hex digit (0-9, a-f)').waitFor();
    await hex.fill('de ad be ef 00');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await serverGets('/edit', ['{"op":"buy","qty":1}', '{\n  "op": "buy",\n  "qty": 5\n}', 'bytes:222,173,190,239,0']);
  });

  test('an injected message reaches onmessage and every listener, never the server', async () => {
    const { page, panel, tabId } = await inspect('inject', ['/inject'], `window.sockets['/inject'].send('ping')`);
    await waitFor(
      () => heard(page),
      (h) => h.onmessage.length === 1,
    );
    await selectRow(panel, 'ping', 1); // the echo: a received message
    await panel.getByRole('button', { name: '⇣ Inject' }).click();
    const dialog = panel.getByRole('dialog', { name: 'Inject a server message' });
    await dialog.getByRole('textbox', { name: 'Message text' }).fill('{"from":"nobody"}');
    await dialog.getByRole('button', { name: 'Inject' }).click();
    await dialog.getByText('Delivered to the page as a server message.').waitFor();
    await dialog.getByLabel('Binary (hex)').check();
    await dialog.getByRole('textbox', { name: 'Message bytes in hex' }).fill('01 02 03');
    await dialog.getByRole('button', { name: 'Inject' }).click();
    await waitFor(
      () => heard(page),
      (h) => h.listenerB.length === 3,
    );
    const expected = ['ping', '{"from":"nobody"}', 'bytes:1,2,3'];
    expect(await heard(page)).toEqual({ onmessage: expected, listenerA: expected, listenerB: expected });
    await settle();
    expect(receivedOn(world.server, '/inject')).toEqual(['ping']);

    const session = await latestSession(world.storage, tabId);
    const connection = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/inject`);
    const injected = (await messagesOf(world.storage, connection.id, 4)).filter((m) => m.origin === 'injected');
    expect(injected.map((m) => [m.direction, m.payload.kind])).toEqual([
      ['receive', 'text'],
      ['receive', 'binary'],
    ]);
  });

  test("binary injection follows the socket's binaryType: a Blob for 'blob'", async () => {
    const { page, panel } = await inspect(
      'inject-blob',
      ['/inject-blob'],
      `const ws = window.sockets['/inject-blob']; ws.binaryType = 'blob'; window.kinds = [];
       ws.addEventListener('message', async (event) => window.kinds.push(event.data instanceof Blob ? 'Blob:' + new Uint8Array(await event.data.arrayBuffer()).join(',') : typeof event.data));
       ws.send('hi')`,
    );
    await selectRow(panel, 'hi', 1);
    await panel.getByRole('button', { name: '⇣ Inject' }).click();
    const dialog = panel.getByRole('dialog', { name: 'Inject a server message' });
    await dialog.getByLabel('Binary (hex)').check();
    await dialog.getByRole('textbox', { name: 'Message bytes in hex' }).fill('07 08');
    await dialog.getByRole('button', { name: 'Inject' }).click();
    const kinds = () => page.evaluate(() => (window as unknown as { kinds: string[] }).kinds);
    await waitFor(kinds, (list) => list.length === 2);
    expect(await kinds()).toEqual(['string', 'Blob:7,8']);
  });

  test('a closed socket says so and offers a new connection', async () => {
    const { page, panel } = await inspect('closed', ['/gone'], `window.sockets['/gone'].send('last words')`);
    await waitFor(
      async () => receivedOn(world.server, '/gone'),
      (got) => got.length === 1,
    );
    await page.evaluate(() => (window as unknown as { sockets: Record<string, WebSocket> }).sockets['/gone']!.close(1000, 'done'));
    await selectRow(panel, 'last words');
    await panel.getByRole('button', { name: '↻ Resend' }).click();
    await panel.locator('.replay-actions [role=alert]', { hasText: /Resend failed: .*clos/i }).waitFor();
    await panel.getByRole('button', { name: 'Open a new connection…' }).click();
    const dialog = panel.getByRole('dialog', { name: 'New connection from the page' });
    expect(await dialog.getByLabel('WebSocket URL').inputValue()).toBe(`${world.server.wsUrl}/gone`);
    await dialog.getByRole('button', { name: 'Connect and replay 1' }).click();
    await dialog.getByText('1 of 1 sent — done').waitFor();
    await serverGets('/gone', ['last words', 'last words']);
  });
});

describe('new connection and sequence replay', () => {
  const chosenSends = `const ws = window.sockets['/seq-source']; for (const m of ['one', 'two', 'three', 'four']) ws.send(m)`;

  test('opens a socket from the page (its origin and cookies) with protocols and replays chosen messages in order, fast', async () => {
    const { panel, tabId } = await inspect('sequence', ['/seq-source'], `document.cookie = 'replay-check=page-cookie'; ${chosenSends}`);
    await waitFor(
      async () => receivedOn(world.server, '/seq-source'),
      (got) => got.length === 4,
    );
    const session = await latestSession(world.storage, tabId);
    const source = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/seq-source`);
    await messagesOf(world.storage, source.id, 8);
    await panel.locator(`[data-connection-id="${source.id}"]`).click();
    await panel.getByRole('button', { name: '⊕ New connection' }).click();
    const dialog = panel.getByRole('dialog', { name: 'New connection from the page' });
    await dialog.getByLabel('WebSocket URL').fill(`${world.server.wsUrl}/seq-fast?x=1`);
    await dialog.getByLabel('Protocols').fill('replay.v1, other');
    await dialog.getByRole('button', { name: 'None' }).click();
    const picks = dialog.getByRole('group', { name: 'Messages to replay' }).getByRole('checkbox');
    expect(await picks.count()).toBe(4);
    await picks.nth(2).check(); // three
    await picks.nth(0).check(); // one
    await picks.nth(3).check(); // four
    await dialog.getByLabel('As fast as possible').check();
    await dialog.getByRole('button', { name: 'Connect and replay 3' }).click();
    await dialog.getByText('3 of 3 sent — done').waitFor();
    await serverGets('/seq-fast', ['one', 'three', 'four']);
    await dialog.getByText('Connected (protocol replay.v1)', { exact: false }).waitFor();

    const replayed = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/seq-fast?x=1`);
    expect(replayed.requestedProtocols).toEqual(['replay.v1', 'other']);
    expect(replayed.protocol).toBe('replay.v1');
    expect(replayed.id).not.toBe(source.id);
    await panel.locator(`[data-connection-id="${replayed.id}"]`).waitFor();
    // Opened by the page itself: the handshake carries the page's origin and its cookie, not the extension's.
    const [handshake] = world.server.handshakeHeaders.get('/seq-fast')!;
    expect(handshake?.origin).toBe(world.server.httpUrl);
    expect(handshake?.cookie).toContain('replay-check=page-cookie');
  });

  test('step by step waits for Next; original timing keeps the gaps', async () => {
    const timedSends = `const ws = window.sockets['/seq-timed-src']; ws.send('t1'); setTimeout(() => ws.send('t2'), 600); setTimeout(() => ws.send('t3'), 1200)`;
    const { panel, tabId } = await inspect('timed', ['/seq-timed-src'], timedSends);
    await waitFor(
      async () => receivedOn(world.server, '/seq-timed-src'),
      (got) => got.length === 3,
    );
    const session = await latestSession(world.storage, tabId);
    const source = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/seq-timed-src`);
    await messagesOf(world.storage, source.id, 6);
    await panel.locator(`[data-connection-id="${source.id}"]`).click();

    await panel.getByRole('button', { name: '⊕ New connection' }).click();
    let dialog = panel.getByRole('dialog', { name: 'New connection from the page' });
    await dialog.getByLabel('WebSocket URL').fill(`${world.server.wsUrl}/seq-step`);
    await dialog.getByRole('button', { name: 'All' }).click();
    await dialog.getByLabel('Step by step').check();
    await dialog.getByRole('button', { name: 'Connect and replay 3' }).click();
    await dialog.getByText('0 of 3 sent').waitFor();
    await settle();
    expect(receivedOn(world.server, '/seq-step')).toEqual([]);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('1 of 3 sent').waitFor();
    await serverGets('/seq-step', ['t1']);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('2 of 3 sent').waitFor();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('3 of 3 sent — done').waitFor();
    await serverGets('/seq-step', ['t1', 't2', 't3']);
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    await panel.getByRole('button', { name: '⊕ New connection' }).click();
    dialog = panel.getByRole('dialog', { name: 'New connection from the page' });
    await dialog.getByLabel('WebSocket URL').fill(`${world.server.wsUrl}/seq-timed`);
    await dialog.getByRole('button', { name: 'All' }).click();
    await dialog.getByLabel('Original timing').check();
    await dialog.getByRole('button', { name: 'Connect and replay 3' }).click();
    await dialog.getByText('3 of 3 sent — done').waitFor();
    await serverGets('/seq-timed', ['t1', 't2', 't3']);
    const arrivals = world.server.received.get('/seq-timed')!.map((message) => message.at);
    const gaps = [arrivals[1]! - arrivals[0]!, arrivals[2]! - arrivals[1]!];
    // The page sent 600 ms apart and timers never fire early: replayed gaps stay near that floor, where
    // "as fast as possible" would have none (150 ms left for delivery jitter).
    for (const gap of gaps) expect(gap).toBeGreaterThan(450);
  });
});
