// The panel page opened as an extension page with ?tabId=, reading data seeded into the real IndexedDB.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { setUpExtensionBrowser } from './extension-browser';
import { binaryMessage, connection, seed, session, textMessage, eventually } from './seed';

const world = setUpExtensionBrowser();
let nextTabId = 1000;

/** A fresh tab id with one session and two connections, and a panel page watching it. */
async function seededPanel(
  messages: (sessionId: string) => Parameters<typeof seed>[1]['messages'],
  query = '',
): Promise<{ page: Page; sessionId: string; ids: number[] }> {
  const tabId = nextTabId++;
  const sessionId = `s-${tabId}`;
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}${query}`);
  const ids = await seed(page, {
    sessions: [session(sessionId, tabId)],
    connections: [
      connection(`${sessionId}-chat`, sessionId, tabId, { url: 'wss://chat.example.test/socket', protocol: 'chat.v2', sentCount: 2, receivedCount: 3 }),
      connection(`${sessionId}-feed`, sessionId, tabId, {
        url: 'wss://feed.example.test/live',
        state: 'closed',
        closedAt: Date.now(),
        close: { code: 4001, reason: 'going away', wasClean: true, initiator: 'server' },
        errors: ['Connection reset'],
      }),
    ],
    messages: messages(sessionId),
  });
  return { page, sessionId, ids };
}

const rowTexts = (page: Page) => page.locator('.message-rows [role=row] .col-preview').allTextContents();

describe('panel', () => {
  test('shows seeded connections and messages', async () => {
    const { page, sessionId } = await seededPanel((s) => [
      textMessage(s, `${s}-chat`, 1, '{"hello":"world"}', { direction: 'send' }),
      textMessage(s, `${s}-chat`, 2, 'plain text reply'),
      binaryMessage(s, `${s}-feed`, 1, new Uint8Array([1, 2, 3, 255])),
      textMessage(s, `${s}-chat`, 3, 'again', { direction: 'send', origin: 'replayed' }),
      textMessage(s, `${s}-chat`, 4, 'fake', {
        origin: 'injected',
        payload: { kind: 'text', source: 'string', size: 5_000_000, truncated: true, preview: 'fake' },
      }),
      // A Blob the background could not read (its page's renderer was gone): only the size is known.
      binaryMessage(s, `${s}-feed`, 2, new Uint8Array(0), {
        payload: { kind: 'binary', source: 'Blob', size: 1_048_576, truncated: true, lost: true, preview: '' },
      }),
    ]);
    await eventually(() => rowTexts(page)).toEqual(['{"hello":"world"}', 'plain text reply', '01 02 03 ff', 'again', 'fake', '']);
    const marks = await page.locator('.message-rows [role=row] .col-marks').allTextContents();
    expect(marks).toEqual(['', '', '', 'replayed', 'injectedtruncated', 'bytes lost']);
    const lost = page.locator('.message-rows [role=row]').nth(5);
    expect(await lost.locator('.mark-truncated').getAttribute('title')).toBe('None of its 1048576 bytes could be read at capture: only the size is known');
    await lost.click();
    await eventually(() => page.locator('.payload-modes .mark-truncated').textContent()).toBe('bytes lost at capture');
    expect(await page.locator('.message-rows [role=row]').nth(2).locator('.col-type').textContent()).toBe('binary · ArrayBuffer');
    expect(await page.locator('.message-rows [role=row]').nth(4).locator('.col-size').textContent()).toBe('4.8 MB');
    const connections = page.locator('.connection-item[data-connection-id]');
    await eventually(() => connections.count()).toBe(2);
    const chat = page.locator(`[data-connection-id="${sessionId}-chat"]`);
    expect(await chat.textContent()).toContain('wss://chat.example.test/socket');
    expect(await chat.textContent()).toContain('chat.v2');
    expect(await chat.textContent()).toContain('↑2 ↓3');
    const feed = page.locator(`[data-connection-id="${sessionId}-feed"]`);
    expect(await feed.textContent()).toContain('Closed 4001 “going away” by server');
    expect(await feed.textContent()).toContain('Connection reset');
    const first = page.locator('.message-rows [role=row]').first();
    expect(await first.locator('.col-direction').textContent()).toBe('↑');
    expect(await first.locator('.col-type').textContent()).toBe('text · string');
    expect(await first.locator('.col-time').textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    await page.screenshot({ path: '.tmp/screenshots/panel-light.png' });
  });

  test('filters: full-payload text, regex, invalid regex, direction, type, connection, combined', async () => {
    const longText = `{"type":"bulk","data":"${'x'.repeat(300)}","tail":"Hidden NEEDLE here"}`;
    const { page, sessionId } = await seededPanel((s) => [
      textMessage(s, `${s}-chat`, 1, '{"type":"ping"}', { direction: 'send' }),
      textMessage(s, `${s}-chat`, 2, '{"type":"pong"}'),
      textMessage(s, `${s}-feed`, 1, longText),
      binaryMessage(s, `${s}-feed`, 2, new Uint8Array([9, 9, 9])),
      textMessage(s, `${s}-feed`, 3, 'Ping from feed', { direction: 'send' }),
    ]);
    const rows = page.locator('.message-rows [role=row]');
    await eventually(() => rows.count()).toBe(5);
    const filter = page.getByLabel('Filter messages');

    // The match lies beyond the 200-character preview: only the full-text index finds it.
    await filter.fill('needle');
    await eventually(() => rowTexts(page)).toEqual([longText.slice(0, 200)]);

    await filter.fill('PING');
    await eventually(() => rows.count()).toBe(2);

    await page.getByLabel('Regex').check();
    await filter.fill('^\\{"type":"p[io]ng"\\}$');
    await eventually(() => rowTexts(page)).toEqual(['{"type":"ping"}', '{"type":"pong"}']);

    // An invalid regex names the problem and leaves the last good rows in place.
    await filter.fill('("type');
    await eventually(() => page.locator('#filter-error').textContent()).toBe('Invalid regex: Unterminated group');
    expect(await rowTexts(page)).toEqual(['{"type":"ping"}', '{"type":"pong"}']);
    await filter.fill('');
    await eventually(() => page.locator('#filter-error').count()).toBe(0);
    await eventually(() => rows.count()).toBe(5);

    await page.getByLabel('Direction').selectOption('send');
    await eventually(() => rowTexts(page)).toEqual(['{"type":"ping"}', 'Ping from feed']);
    await page.getByLabel('Direction').selectOption('all');

    await page.getByLabel('Type').selectOption('binary');
    await eventually(() => rowTexts(page)).toEqual(['09 09 09']);
    await page.getByLabel('Type').selectOption('all');

    await page.locator(`[data-connection-id="${sessionId}-feed"]`).click();
    await eventually(() => rows.count()).toBe(3);
    expect(await page.getByLabel('Filter by connection').inputValue()).toBe(`${sessionId}-feed`);

    // Combined: connection feed + sent + text "ping" (case-insensitive, regex off).
    await page.getByLabel('Regex').uncheck();
    await page.getByLabel('Direction').selectOption('send');
    await filter.fill('ping');
    await eventually(() => rowTexts(page)).toEqual(['Ping from feed']);
    await page.getByLabel('Filter by connection').selectOption('');
    await eventually(() => rowTexts(page)).toEqual(['{"type":"ping"}', 'Ping from feed']);
  });

  test('detail pane: JSON tree, raw and pretty, hex dump, base64, handshake, frames slot', async () => {
    const tabId = nextTabId++;
    const sessionId = `s-${tabId}`;
    const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    const json = '{"user":{"name":"Ada","tags":["a","b"]},"n":1}';
    const bytes = new Uint8Array([...new TextEncoder().encode('Hello, WebSocket!'), 0, 1, 255]);
    await seed(page, {
      sessions: [session(sessionId, tabId)],
      connections: [connection(`${sessionId}-c`, sessionId, tabId, { handshakeId: 'req-1', protocol: 'chat', extensions: 'permessage-deflate' })],
      handshakes: [
        {
          requestId: 'req-1',
          tabId,
          frameId: 0,
          url: 'wss://example.test/c',
          startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 600),
          completedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 642),
          requestHeaders: [{ name: 'Sec-WebSocket-Protocol', value: 'chat' }],
          statusCode: 101,
          statusLine: 'HTTP/1.1 101 Switching Protocols',
          responseHeaders: [{ name: 'Upgrade', value: 'websocket' }],
          connectionId: `${sessionId}-c`,
        },
      ],
      messages: [textMessage(sessionId, `${sessionId}-c`, 1, json), binaryMessage(sessionId, `${sessionId}-c`, 2, bytes)],
    });
    const rows = page.locator('.message-rows [role=row]');
    await eventually(() => rows.count()).toBe(2);

    await rows.nth(0).click();
    const tree = page.locator('.json-tree');
    await tree.waitFor();
    expect(await tree.locator('[data-path="$.user.name"]').textContent()).toContain('"name": "Ada"');
    const tags = tree.locator('[data-path="$.user.tags"]');
    expect(await tags.getAttribute('aria-expanded')).toBe('false');
    await tags.locator('.json-toggle').first().click();
    expect(await tags.getAttribute('aria-expanded')).toBe('true');
    expect(await tree.locator('[data-path="$.user.tags[1]"]').textContent()).toContain('1: "b"');
    const user = tree.locator('[data-path="$.user"]');
    await user.locator('.json-toggle').first().click();
    expect(await tree.locator('[data-path="$.user.name"]').count()).toBe(0);

    // Copy a node's path and value, and the whole document. (Chromium refuses clipboard permissions to
    // extension origins in tests, so record what the panel hands to the clipboard API.)
    await page.evaluate(() => {
      navigator.clipboard.writeText = async (text: string) => {
        (window as { copied?: string }).copied = text;
      };
    });
    const clipboard = () => page.evaluate(() => (window as { copied?: string }).copied);
    const userLine = user.locator('.json-line').first();
    await userLine.hover();
    await userLine.getByRole('button', { name: 'path', exact: true }).click();
    await eventually(clipboard).toBe('$.user');
    await userLine.getByRole('button', { name: 'value', exact: true }).click();
    await eventually(clipboard).toBe(JSON.stringify({ name: 'Ada', tags: ['a', 'b'] }, null, 2));
    await page.getByRole('button', { name: 'Copy JSON' }).click();
    await eventually(clipboard).toBe(JSON.stringify(JSON.parse(json), null, 2));

    await page.getByRole('radio', { name: 'Raw' }).click();
    expect(await page.locator('.raw-text').textContent()).toBe(JSON.stringify(JSON.parse(json), null, 2));
    await page.getByLabel('Pretty JSON').uncheck();
    expect(await page.locator('.raw-text').textContent()).toBe(json);

    await rows.nth(1).click();
    await page.getByRole('radio', { name: 'Hex' }).click();
    await eventually(() => page.locator('.hex-line').allTextContents()).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74  |Hello, WebSocket|',
      '00000010  21 00 01 ff                                       |!...|',
    ]);
    await page.getByRole('radio', { name: 'Base64' }).click();
    expect(await page.locator('.base64-text').textContent()).toBe(Buffer.from(bytes).toString('base64'));

    await page.getByRole('tab', { name: 'Handshake' }).click();
    const handshake = page.locator('.handshake');
    expect(await handshake.textContent()).toContain('HTTP/1.1 101 Switching Protocols');
    expect(await handshake.textContent()).toContain('permessage-deflate');
    // Timing from webRequest: start to the 101 response.
    expect(await handshake.locator('.facts').textContent()).toMatch(/Started2026-01-0\d \d\d:\d\d:05\.600Completed\d\d:\d\d:05\.642, after 42 ms/);
    expect(await handshake.locator('.headers').first().textContent()).toContain('Sec-WebSocket-Protocol');
    expect(await handshake.locator('.headers').nth(1).textContent()).toContain('Upgrade');

    await page.getByRole('tab', { name: 'Frames' }).click();
    expect(await page.getByTestId('frames-view').textContent()).toContain('20 payload bytes');
    await page.getByRole('tab', { name: 'Payload' }).click();
    await page.screenshot({ path: '.tmp/screenshots/panel-detail-light.png' });
    // The same views in the dark palette, for a visual check.
    await page.evaluate(() => document.documentElement.classList.replace('theme-light', 'theme-dark'));
    await page.getByRole('radio', { name: 'Hex' }).click();
    await page.screenshot({ path: '.tmp/screenshots/panel-hex-dark.png' });
    await page.getByRole('tab', { name: 'Handshake' }).click();
    await page.screenshot({ path: '.tmp/screenshots/panel-handshake-dark.png' });
  });

  test('payload markup renders as text in the table, JSON tree and raw view', async () => {
    const hostile = '{"html":"<img src=x onerror=\\"window.__pwned=1\\">","script":"<script>window.__pwned=2</script>"}';
    const { page, sessionId } = await seededPanel((s) => [textMessage(s, `${s}-chat`, 1, hostile)]);
    // A page-controlled URL is text, never a link.
    const tabId = Number(sessionId.slice(2));
    await seed(page, { connections: [connection(`${sessionId}-js`, sessionId, tabId, { url: 'javascript:window.__pwned=3' })] });
    const jsConnection = page.locator(`[data-connection-id="${sessionId}-js"]`);
    await eventually(() => jsConnection.count()).toBe(1);
    await jsConnection.locator('.connection-url').click();
    expect(await page.locator('a').count()).toBe(0);
    await page.locator('.all-connections').click();
    const row = page.locator('.message-rows [role=row]').first();
    await eventually(() => row.locator('.col-preview').textContent()).toBe(hostile);
    await row.click();
    await page.locator('.json-tree').waitFor();
    expect(await page.locator('[data-path="$.html"]').textContent()).toContain('<img src=x onerror=\\"window.__pwned=1\\">');
    await page.getByRole('radio', { name: 'Raw' }).click();
    await page.getByLabel('Pretty JSON').uncheck();
    expect(await page.locator('.raw-text').textContent()).toBe(hostile);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#app script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  test('keyboard navigation moves the selection and Enter focuses the detail pane', async () => {
    const { page } = await seededPanel((s) => Array.from({ length: 200 }, (_, i) => textMessage(s, `${s}-chat`, i, `message ${i}`)));
    const grid = page.getByRole('grid', { name: 'Messages' });
    await eventually(() => grid.getAttribute('aria-rowcount')).toBe('201');
    const selected = () => page.locator('[role=row][aria-selected=true] .col-preview').textContent();
    await grid.focus();
    await page.keyboard.press('Home');
    await eventually(selected).toBe('message 0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await eventually(selected).toBe('message 2');
    await page.keyboard.press('ArrowUp');
    await eventually(selected).toBe('message 1');
    await page.keyboard.press('End');
    await eventually(selected).toBe('message 199');
    await page.keyboard.press('PageUp');
    const afterPageUp = Number((await selected())!.split(' ')[1]);
    expect(afterPageUp).toBeLessThan(199);
    expect(afterPageUp).toBeGreaterThan(150);
    await page.keyboard.press('PageDown');
    await eventually(selected).toBe('message 199');
    await page.keyboard.press('Enter');
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('wsi-detail');
    await page.keyboard.press('Escape');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    await page.keyboard.press('ArrowUp');
    await eventually(selected).toBe('message 198');
  });

  test('dark theme when forced, light by default', async () => {
    const { page } = await seededPanel(
      (s) => [textMessage(s, `${s}-chat`, 1, '{"a":[1,2,{"b":null}]}'), textMessage(s, `${s}-chat`, 2, 'sent', { direction: 'send' })],
      '&theme=dark',
    );
    expect(await page.evaluate(() => document.documentElement.className)).toContain('theme-dark');
    await page.locator('.message-rows [role=row]').first().click();
    await page.locator('.json-tree').waitFor();
    await page.screenshot({ path: '.tmp/screenshots/panel-dark.png' });
    const light = await world.browser.openExtensionPage('src/panel/index.html?tabId=1');
    // The theme is applied when the panel's modules have loaded, after the page itself.
    await eventually(() => light.evaluate(() => document.documentElement.className)).toContain('theme-light');
  });

  test('a narrow panel (DevTools docked at the side) puts the details under the table', async () => {
    const { page } = await seededPanel((s) => [textMessage(s, `${s}-chat`, 1, '{"narrow":true}'), textMessage(s, `${s}-chat`, 2, 'reply')]);
    for (const width of [800, 560]) {
      await page.setViewportSize({ width, height: 640 });
      await page.locator('.message-rows [role=row]').first().click();
      const table = (await page.locator('.message-table').boundingBox())!;
      const detail = (await page.locator('#wsi-detail').boundingBox())!;
      expect(detail.y).toBeGreaterThanOrEqual(table.y + table.height - 1);
      expect(detail.x + detail.width).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `.tmp/screenshots/panel-narrow-${width}.png` });
    }
  });

  test('preserve log off follows the newest session of the tab; on keeps sessions since it was turned on', async () => {
    const tabId = nextTabId++;
    const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    const navigate = async (id: string, startedAt: number) => {
      await seed(page, {
        sessions: [session(id, tabId, { startedAt })],
        connections: [connection(`${id}-c`, id, tabId)],
        messages: [textMessage(id, `${id}-c`, 1, `from ${id}`)],
      });
    };
    const now = Date.now();
    await navigate('p1', now);
    await eventually(() => rowTexts(page)).toEqual(['from p1']);
    await navigate('p2', now + 1);
    await eventually(() => rowTexts(page)).toEqual(['from p2']);

    await page.getByLabel('Preserve log').check();
    await navigate('p3', now + 2);
    await eventually(() => rowTexts(page)).toEqual(['from p2', 'from p3']);
    expect(await page.locator('.connection-item[data-connection-id]').count()).toBe(2);

    await page.getByLabel('Preserve log').uncheck();
    await eventually(() => rowTexts(page)).toEqual(['from p3']);
  });

  test('pause round-trips through the background; clear empties the view for good', async () => {
    const { page } = await seededPanel((s) => [textMessage(s, `${s}-chat`, 1, 'to be cleared')]);
    await eventually(() => rowTexts(page)).toEqual(['to be cleared']);
    await page.getByRole('button', { name: 'Pause recording' }).click();
    await eventually(() => page.locator('.paused-badge').count()).toBe(1);
    // A new panel learns the paused state from the background when it starts watching.
    await page.reload();
    await eventually(() => page.getByRole('button', { name: 'Resume recording' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Resume recording' }).click();
    await eventually(() => page.locator('.paused-badge').count()).toBe(0);

    await eventually(() => rowTexts(page)).toEqual(['to be cleared']);
    await page.getByRole('button', { name: 'Clear' }).click();
    await eventually(() => rowTexts(page)).toEqual([]);
    await page.reload();
    await page.locator('.empty-table').first().waitFor();
    await page.waitForTimeout(1500);
    expect(await rowTexts(page)).toEqual([]);
  });

  test('follows new rows while scrolled to the bottom, and stays put when scrolled up', async () => {
    const { page, sessionId } = await seededPanel((s) => Array.from({ length: 300 }, (_, i) => textMessage(s, `${s}-chat`, i, `row ${i}`)));
    const grid = page.getByRole('grid', { name: 'Messages' });
    const viewport = page.locator('.message-rows');
    const atBottom = () => viewport.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
    const more = (from: number, count: number) =>
      seed(page, { messages: Array.from({ length: count }, (_, i) => textMessage(sessionId, `${sessionId}-chat`, from + i, `row ${from + i}`)) });
    await eventually(() => grid.getAttribute('aria-rowcount')).toBe('301');
    expect(await atBottom()).toBe(true);

    await more(300, 20);
    await eventually(() => grid.getAttribute('aria-rowcount')).toBe('321');
    await eventually(atBottom).toBe(true);
    expect(await page.locator('[data-message-id]').last().locator('.col-preview').textContent()).toBe('row 319');

    await viewport.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    await more(320, 10);
    await eventually(() => grid.getAttribute('aria-rowcount')).toBe('331');
    expect(await viewport.evaluate((el) => el.scrollTop)).toBe(0);
    expect(await page.locator('[data-message-id]').first().locator('.col-preview').textContent()).toBe('row 0');
  });

  test('notices the background kept before the panel opened are shown and can be dismissed', async () => {
    const writer = await world.browser.openExtensionPage('src/panel/history.html');
    await writer.evaluate(async () => {
      await chrome.storage.local.set({
        notices: [
          { time: Date.now() - 3 * 24 * 3600_000, level: 'info', text: 'An old notice' },
          { time: Date.now() - 1000, level: 'warning', text: 'Storage budget reached: 3 old sessions deleted' },
        ],
      });
    });
    const { page } = await seededPanel(() => []);
    const notice = page.locator('.notice-warning', { hasText: 'Storage budget reached' });
    await eventually(() => notice.count()).toBe(1);
    expect(await page.getByText('An old notice').count()).toBe(0);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    expect(await notice.count()).toBe(0);
    await writer.evaluate(() => chrome.storage.local.remove('notices'));
  });

  test('"Open history" opens the history tab', async () => {
    const { page } = await seededPanel(() => []);
    const [history] = await Promise.all([world.browser.context.waitForEvent('page'), page.getByRole('button', { name: 'Open history' }).click()]);
    await history.waitForLoadState();
    expect(history.url()).toBe(`chrome-extension://${world.browser.extensionId}/src/panel/history.html`);
    await history.getByRole('listbox', { name: 'Stored sessions' }).waitFor();
  });

  test('live update: rows written after the panel opened appear', async () => {
    const { page, sessionId } = await seededPanel((s) => [textMessage(s, `${s}-chat`, 1, 'first')]);
    await eventually(() => rowTexts(page)).toEqual(['first']);
    await seed(page, { messages: [textMessage(sessionId, `${sessionId}-chat`, 2, 'second'), textMessage(sessionId, `${sessionId}-chat`, 3, 'third')] });
    await eventually(() => rowTexts(page)).toEqual(['first', 'second', 'third']);
  });
});
