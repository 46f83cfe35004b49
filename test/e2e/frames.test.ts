// The Frames tab and the Decode bytes tool in the real panel page, on data seeded into IndexedDB.
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { setUpExtensionBrowser } from './extension-browser';
import { binaryMessage, connection, eventually, seed, session, textMessage } from './seed';

const world = setUpExtensionBrowser();
let nextTabId = 3000;

const RFC_MASKED_HELLO = '81 85 37 fa 21 3d 7f 9f 4d 51 58';
const REPEATED = 'All work and no play makes Jack a dull boy. '.repeat(20);
const HOSTILE = '<img src=x onerror="window.__framesPwned=1">';

/** A panel page on a fresh tab id with a plain and a permessage-deflate connection. */
async function seededPanel(): Promise<{ page: Page; rows: Locator }> {
  const tabId = nextTabId++;
  const s = `f-${tabId}`;
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await seed(page, {
    sessions: [session(s, tabId)],
    connections: [
      connection(`${s}-plain`, s, tabId, { url: 'wss://plain.example.test/', extensions: '' }),
      connection(`${s}-deflate`, s, tabId, { url: 'wss://deflate.example.test/', extensions: 'permessage-deflate; client_max_window_bits' }),
    ],
    messages: [
      textMessage(s, `${s}-plain`, 1, 'Hello', { direction: 'send' }),
      textMessage(s, `${s}-deflate`, 1, REPEATED),
      binaryMessage(
        s,
        `${s}-plain`,
        2,
        Uint8Array.from({ length: 300 }, (_, i) => i & 0xff),
      ),
      textMessage(s, `${s}-plain`, 3, HOSTILE),
      textMessage(s, `${s}-plain`, 4, 'cut', { payload: { kind: 'text', source: 'string', size: 5_000_000, truncated: true, preview: 'cut' } }),
      binaryMessage(s, `${s}-plain`, 5, new Uint8Array(100_000)),
    ],
  });
  const rows = page.locator('.message-rows [role=row]');
  await eventually(() => rows.count()).toBe(6);
  return { page, rows };
}

async function openFrames(page: Page, row: Locator): Promise<Locator> {
  await row.click();
  await page.getByRole('tab', { name: 'Frames' }).click();
  const view = page.getByTestId('frames-view');
  await eventually(() => view.getByTestId('frame-card').count()).toBeGreaterThan(0);
  return view;
}

/** The Value column of a header field row in a frame card. */
const field = (card: Locator, name: string) => card.locator(`tr[data-field="${name}"] .frame-field-value`).textContent();

describe('Frames tab', () => {
  test('a sent text message: one masked frame with the example key, exact header bytes', async () => {
    const { page, rows } = await seededPanel();
    const view = await openFrames(page, rows.nth(0));
    const cards = view.getByTestId('frame-card');
    expect(await cards.count()).toBe(1);
    const card = cards.first();
    expect(await field(card, 'FIN')).toBe('1');
    expect(await field(card, 'RSV1')).toBe('0');
    expect(await field(card, 'opcode')).toBe('1 (0001)');
    expect(await card.locator('tr[data-field="opcode"]').textContent()).toContain('text frame');
    expect(await field(card, 'MASK')).toBe('1');
    expect(await field(card, 'payload length')).toBe('5 bytes');
    expect(await field(card, 'masking key')).toBe('37 fa 21 3d');
    expect(await card.getByTestId('frame-header-hex').textContent()).toBe('81 85 37 fa 21 3d');
    // The dump is the RFC 6455 section 5.7 example, coloured by region.
    expect(await card.locator('.hex-line').first().getAttribute('data-line')).toMatch(/^00000000 {2}81 85 37 fa 21 3d 7f 9f {2}4d 51 58 /);
    expect(await card.locator('.dump-lines .dump-header').first().textContent()).toBe('81 85');
    expect(await card.locator('.dump-lines .dump-mask').first().textContent()).toBe('37 fa 21 3d');
    expect(await card.locator('.dump-lines .dump-payload').first().textContent()).toBe('7f 9f  4d 51 58'); // the dump's gap after 8 bytes
    expect(await view.textContent()).toContain('example key 37 fa 21 3d');
    await page.screenshot({ path: '.tmp/screenshots/frames-sent.png', fullPage: true });

    // Fragment size 2: text frame, then continuations, only the last with FIN.
    await view.getByLabel('Fragment size in bytes').fill('2');
    await eventually(() => cards.count()).toBe(3);
    expect(await Promise.all([0, 1, 2].map((i) => field(cards.nth(i), 'opcode')))).toEqual(['1 (0001)', '0 (0000)', '0 (0000)']);
    expect(await Promise.all([0, 1, 2].map((i) => field(cards.nth(i), 'FIN')))).toEqual(['0', '0', '1']);
    expect(await cards.nth(1).locator('tr[data-field="opcode"]').textContent()).toContain('continuation frame');
    expect(await cards.nth(2).getByTestId('frame-header-hex').textContent()).toBe('80 81 37 fa 21 3d');
    await view.getByLabel('Fragment size in bytes').fill('0');
    await eventually(() => view.locator('.wsi-error').textContent()).toContain('at least 1');
  });

  test('a received message on a permessage-deflate connection: RSV1, unmasked, compressed vs. inflated', async () => {
    const { page, rows } = await seededPanel();
    const view = await openFrames(page, rows.nth(1));
    const card = view.getByTestId('frame-card').first();
    expect(await field(card, 'RSV1')).toBe('1');
    expect(await field(card, 'MASK')).toBe('0');
    expect(await field(card, 'masking key')).toBe('none');
    const note = await view.getByTestId('deflate-note').textContent();
    expect(note).toMatch(new RegExp(`compressed \\d+ bytes vs\\. inflated ${REPEATED.length} bytes`));
    expect(note).toContain('compressed as if first message / no context'.replace('compressed', 'Compressed'));
    const compressed = Number(/compressed (\d+) bytes/.exec(note!)![1]);
    expect(compressed).toBeLessThan(REPEATED.length / 4);
    expect(await field(card, 'payload length')).toBe(`${compressed} bytes`);
    await page.screenshot({ path: '.tmp/screenshots/frames-deflate.png', fullPage: true });
  });

  test('a 300-byte binary message uses the 16-bit length form', async () => {
    const { page, rows } = await seededPanel();
    const view = await openFrames(page, rows.nth(2));
    const card = view.getByTestId('frame-card').first();
    expect(await card.getByTestId('frame-header-hex').textContent()).toBe('82 7e 01 2c');
    expect(await card.locator('tr[data-field="payload length"]').textContent()).toContain('16-bit: 7-bit field 126 + 2 bytes (01 2c)');
    expect(await card.locator('.dump-lines .dump-length').first().textContent()).toBe('01 2c');
  });

  test('hostile text stays text; truncated captures say so; large frames dump 4 KB at a time', async () => {
    const { page, rows } = await seededPanel();
    let view = await openFrames(page, rows.nth(3));
    expect(await view.locator('.dump-lines').textContent()).toContain('|.,<img src=x one|');
    expect(await page.locator('img').count()).toBe(0);

    view = await openFrames(page, rows.nth(4));
    expect(await view.textContent()).toContain('Only 3 of 5000000 bytes were captured: these are the frames of the stored (truncated) payload.');

    view = await openFrames(page, rows.nth(5));
    const lines = view.locator('.dump-lines .hex-line');
    expect(await lines.count()).toBe(4096 / 16);
    expect(await view.locator('tr[data-field="payload length"]').textContent()).toContain('64-bit: 7-bit field 127 + 8 bytes (00 00 00 00 00 01 86 a0)');
    await view.getByRole('button', { name: 'Show more' }).click();
    await eventually(() => lines.count()).toBe((4096 * 5) / 16);
    expect(await view.textContent()).toContain('Showing 20480 of 100010 bytes.');
  });
});

describe('Decode bytes', () => {
  async function openTool(page: Page): Promise<Locator> {
    await page.getByRole('button', { name: 'Decode bytes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Decode bytes' });
    await dialog.waitFor();
    return dialog;
  }

  async function decode(dialog: Locator, text: string, role: 'client' | 'server') {
    await dialog.getByTestId('decode-input').fill(text);
    await dialog.getByLabel('Role').selectOption(role);
    await dialog.getByRole('button', { name: 'Decode', exact: true }).click();
  }

  test('the RFC masked Hello: as client the message Hello; as server the masking error at byte 1', async () => {
    const { page } = await seededPanel();
    const dialog = await openTool(page);
    await decode(dialog, RFC_MASKED_HELLO, 'client');
    await eventually(() => dialog.getByTestId('decoded-text').textContent()).toBe('Hello');
    expect(await dialog.getByTestId('decoded-message').textContent()).toContain('Message 1 · text · 5 bytes');
    expect(await dialog.getByTestId('frame-card').first().getByTestId('frame-header-hex').textContent()).toBe('81 85 37 fa 21 3d');
    await page.screenshot({ path: '.tmp/screenshots/decode-client.png', fullPage: true });

    await decode(dialog, RFC_MASKED_HELLO, 'server');
    const error = dialog.getByTestId('decode-error');
    await eventually(() => error.textContent()).toContain('WS_ERR_UNEXPECTED_MASK');
    expect(await error.textContent()).toContain('close code 1002');
    expect(await error.textContent()).toContain('at byte 1');
    expect(await dialog.getByTestId('decoded-message').count()).toBe(0);
    expect(await dialog.locator('.dump-lines .dump-error').first().textContent()).toBe('85');
    await page.screenshot({ path: '.tmp/screenshots/decode-server-error.png', fullPage: true });
  });

  test('bad hex and bad extension parameters give specific messages', async () => {
    const { page } = await seededPanel();
    const dialog = await openTool(page);
    await decode(dialog, '81 85 zz', 'client');
    await eventually(() => dialog.getByTestId('decode-input-error').textContent()).toBe('Bad hex at line 1, column 7: unexpected character "z" in hex input');
    await dialog.getByLabel('Extensions').selectOption('deflate');
    await dialog.getByLabel('Sec-WebSocket-Extensions value').fill('permessage-deflate; server_max_window_bits=99');
    await decode(dialog, '81 05 48 65 6c 6c 6f', 'server');
    await eventually(() => dialog.getByTestId('decode-input-error').textContent()).toContain('server_max_window_bits must be 8..15');
  });

  test('a file of raw bytes: ping and close with code and reason', async () => {
    const { page } = await seededPanel();
    const dialog = await openTool(page);
    const close = Buffer.concat([Buffer.of(0x88, 0x05, 0x03, 0xe8), Buffer.from('bye')]);
    await dialog
      .getByTestId('decode-file')
      .setInputFiles({ name: 'capture.bin', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.of(0x89, 0x00), close]) });
    await eventually(() => dialog.textContent()).toContain('capture.bin: 9 bytes');
    await dialog.getByLabel('Role').selectOption('server');
    await dialog.getByRole('button', { name: 'Decode', exact: true }).click();
    const messages = dialog.getByTestId('decoded-message');
    await eventually(() => messages.count()).toBe(2);
    expect(await messages.nth(0).textContent()).toContain('ping');
    expect(await messages.nth(1).textContent()).toContain('Close code 1000, reason “bye”');
    expect(await dialog.getByTestId('decode-results').textContent()).toContain('9 bytes read as raw');
  });

  test('the history tab has the tool too', async () => {
    const page = await world.browser.openExtensionPage('src/panel/history.html');
    const dialog = await openTool(page);
    await decode(dialog, 'gQVIZWxsbw==', 'server');
    await eventually(() => dialog.getByTestId('decoded-text').textContent()).toBe('Hello');
    expect(await dialog.getByTestId('decode-results').textContent()).toContain('7 bytes read as base64');
  });

  test('a hostile text payload is shown as text, never as markup', async () => {
    const { page } = await seededPanel();
    const dialog = await openTool(page);
    const payload = Buffer.from(HOSTILE);
    const hex = Buffer.concat([Buffer.of(0x81, payload.length), payload]).toString('hex');
    await decode(dialog, hex, 'server');
    await eventually(() => dialog.getByTestId('decoded-text').textContent()).toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __framesPwned?: number }).__framesPwned)).toBeUndefined();
  });
});
