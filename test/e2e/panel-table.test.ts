// The message table as users expect it, in real Chromium on seeded IndexedDB: the Data column takes
// the width left, columns are hidden, shown and resized (mouse and keyboard) and stay so when the
// panel is opened again, the status bar sums what the filter shows, and a row's menu copies the
// whole stored payload in each format (read back from the real clipboard by pasting).
import { afterEach, describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { setUpExtensionBrowser } from './extension-browser';
import { binaryMessage, connection, eventually, seed, session, textMessage, type SeedMessage } from './seed';

const world = setUpExtensionBrowser();
let nextTabId = 7000;
let lastPage: Page | undefined;

afterEach(async () => {
  // The layout is kept per user: the next test starts from the defaults.
  await lastPage?.evaluate(() => chrome.storage.local.remove('tableLayout'));
});

async function openPanel(tabId: number): Promise<Page> {
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await page.setViewportSize({ width: 1280, height: 720 });
  lastPage = page;
  return page;
}

/** A panel on a fresh tab whose session has a chat and a feed connection and these messages. */
async function seededPanel(messages: (sessionId: string) => SeedMessage[]): Promise<{ page: Page; tabId: number; sessionId: string }> {
  const tabId = nextTabId++;
  const sessionId = `t-${tabId}`;
  const page = await openPanel(tabId);
  await seed(page, {
    sessions: [session(sessionId, tabId)],
    connections: [
      connection(`${sessionId}-chat`, sessionId, tabId, { url: 'wss://chat.example.test/socket?room=7' }),
      connection(`${sessionId}-feed`, sessionId, tabId, { url: 'wss://feed.example.test/live' }),
    ],
    messages: messages(sessionId),
  });
  return { page, tabId, sessionId };
}

const headerNames = (page: Page) => page.getByRole('columnheader').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title')));
/** The resize handle on a column's right edge. */
const edgeOf = (page: Page, className: string) => header(page, className).getByRole('separator', { name: 'Resize column' });
const widthOf = async (locator: Locator) => (await locator.boundingBox())!.width;
const header = (page: Page, className: string) => page.locator(`.message-header > .${className}`);
const rows = (page: Page) => page.locator('.message-rows [role=row]');
/** The label of the menu entry that has the focus. */
const focusedItem = (page: Page) => page.evaluate(() => document.activeElement?.querySelector('.context-menu-label')?.textContent);

/** What the clipboard holds, pasted into a text area as a user would (Chromium keeps its own clipboard when headless). */
async function pasted(page: Page): Promise<string> {
  await page.evaluate(() => {
    const area = document.createElement('textarea');
    area.id = 'paste-target';
    document.body.append(area);
    area.focus();
  });
  await page.keyboard.press('Control+V');
  const text = await page.locator('#paste-target').inputValue();
  await page.evaluate(() => document.getElementById('paste-target')?.remove());
  return text;
}

describe('columns', () => {
  test('at 1280 px the Data column takes the width left; an empty Marks column takes none, a used one only what its marks need', async () => {
    const long = `{"event":"quote","text":"${'0123456789'.repeat(30)}"}`;
    const { page, sessionId } = await seededPanel((s) => [
      textMessage(s, `${s}-chat`, 1, long, { direction: 'send' }),
      binaryMessage(s, `${s}-feed`, 1, new Uint8Array([1, 2, 3])),
    ]);
    await eventually(() => rows(page).count()).toBe(2);
    expect(await headerNames(page)).toEqual(['Direction', 'Time', 'Type', 'Size', 'Data']);

    const headerRow = await widthOf(page.locator('.message-header'));
    const others = await Promise.all(['col-direction', 'col-time', 'col-type', 'col-size'].map((name) => widthOf(header(page, name))));
    const data = await widthOf(header(page, 'col-preview'));
    expect(Math.abs(data - (headerRow - others.reduce((a, b) => a + b)))).toBeLessThanOrEqual(1);
    // The cell shows at least 40 characters of the message (it showed about 20 before).
    const shownCharacters = await rows(page)
      .first()
      .locator('.col-preview')
      .evaluate((cell) => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(cell).font;
        probe.textContent = '0'.repeat(100);
        document.body.append(probe);
        const perCharacter = probe.getBoundingClientRect().width / 100;
        probe.remove();
        const style = getComputedStyle(cell);
        return (cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / perCharacter;
      });
    expect(shownCharacters).toBeGreaterThanOrEqual(40);

    // A replayed message brings the Marks column, as wide as its mark needs: nothing cut, little to spare.
    await seed(page, { messages: [textMessage(sessionId, `${sessionId}-chat`, 2, 'again', { direction: 'send', origin: 'replayed' })] });
    await eventually(() => headerNames(page)).toEqual(['Direction', 'Time', 'Type', 'Size', 'Marks', 'Data']);
    const replayedCell = rows(page).nth(2).locator('.col-marks');
    const fit = await replayedCell.evaluate((cell) => ({
      content: cell.scrollWidth,
      width: cell.clientWidth,
      mark: cell.querySelector('.mark')!.getBoundingClientRect().width,
    }));
    expect(fit.content).toBeLessThanOrEqual(fit.width);
    expect(fit.width).toBeLessThanOrEqual(fit.mark + 3 + 8 + 2); // the mark, its margin, the cell's padding, rounding
    await page.screenshot({ path: '.tmp/screenshots/panel-table-1280.png' });
  });

  test('columns are hidden, shown and resized by mouse and keyboard, and stay so when the panel opens again', async () => {
    const { page, tabId } = await seededPanel((s) => [
      textMessage(s, `${s}-chat`, 1, '{"op":"hello"}', { direction: 'send' }),
      binaryMessage(s, `${s}-feed`, 1, new Uint8Array([9, 9])),
    ]);
    await eventually(() => rows(page).count()).toBe(2);

    // Right-click on the header: the Columns menu, its checkboxes say what is shown.
    await header(page, 'col-time').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Columns' });
    const item = (name: string) => menu.getByRole('menuitemcheckbox', { name, exact: true });
    expect(await item('Type').getAttribute('aria-checked')).toBe('true');
    expect(await item('Connection').getAttribute('aria-checked')).toBe('false');
    await item('Type').click();
    await item('Connection').click();
    await item('OpCode').click();
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    expect(await headerNames(page)).toEqual(['Direction', 'Time', 'Connection', 'OpCode', 'Size', 'Data']);
    expect(await rows(page).first().locator('.col-type').count()).toBe(0);
    expect(await rows(page).first().locator('.col-connection').textContent()).toBe('chat.example.test/socket?room=7');
    expect(await rows(page).evaluateAll((all) => all.map((row) => row.querySelector('.col-opcode')?.textContent))).toEqual(['1', '2']);

    // The keyboard way: the Columns button, arrows, Space toggles, Escape closes and gives focus back.
    const columnsButton = page.getByRole('button', { name: 'Columns' });
    await columnsButton.focus();
    await page.keyboard.press('Enter');
    await eventually(() => focusedItem(page)).toBe('Direction');
    await page.keyboard.press('End'); // Reset columns
    await page.keyboard.press('ArrowUp'); // Time: since the previous message
    await page.keyboard.press('ArrowUp'); // Time: since the first message
    expect(await focusedItem(page)).toBe('Time: since the first message');
    await page.keyboard.press('Space');
    expect(await menu.getByRole('menuitemradio', { name: 'Time: since the first message' }).getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Escape');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Columns');
    expect(await header(page, 'col-time').locator('.column-label').textContent()).toBe('Time (+)');
    expect(await page.getByRole('columnheader', { name: 'Time since the first message' }).count()).toBe(1);
    expect(await rows(page).first().locator('.col-time').textContent()).toBe('+0.000 s');

    // Drag the Time column's right edge 40 px wider.
    const timeEdge = edgeOf(page, 'col-time');
    const edge = (await timeEdge.boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 + 20, edge.y + edge.height / 2);
    await page.mouse.move(edge.x + edge.width / 2 + 40, edge.y + edge.height / 2);
    await page.mouse.up();
    expect(await widthOf(header(page, 'col-time'))).toBe(136);
    expect(await widthOf(rows(page).first().locator('.col-time'))).toBe(136);
    // Size, from the keyboard: two steps of 10 px.
    await edgeOf(page, 'col-size').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await widthOf(header(page, 'col-size'))).toBe(84);
    expect(await edgeOf(page, 'col-size').getAttribute('aria-valuetext')).toBe('Size: 84 pixels');

    // Kept in the extension's storage, and a panel opened afresh lays the table out the same.
    await eventually(() => page.evaluate(async () => (await chrome.storage.local.get('tableLayout')).tableLayout)).toMatchObject({
      hidden: expect.arrayContaining(['type']),
      widths: { time: 136, size: 84 },
      timeFormat: 'relative',
    });
    await page.close();
    const again = await openPanel(tabId);
    await eventually(() => rows(again).count()).toBe(2);
    await eventually(() => headerNames(again)).toEqual(['Direction', 'Time', 'Connection', 'OpCode', 'Size', 'Data']);
    expect(await widthOf(header(again, 'col-time'))).toBe(136);
    expect(await widthOf(header(again, 'col-size'))).toBe(84);
    expect(await rows(again).nth(1).locator('.col-time').textContent()).toMatch(/^\+\d+\.\d{3} s$/);

    // Double-click on an edge fits the column to its widest cell: Connection becomes as wide as its longest URL.
    await edgeOf(again, 'col-connection').dblclick();
    const needed = await rows(again).evaluateAll((all) =>
      Math.max(
        ...all.map((row) => {
          const cell = row.querySelector('.col-connection')!;
          const range = document.createRange();
          range.selectNodeContents(cell);
          const style = getComputedStyle(cell);
          return range.getBoundingClientRect().width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        }),
      ),
    );
    const fitted = await widthOf(header(again, 'col-connection'));
    expect(fitted).toBeGreaterThanOrEqual(needed);
    expect(fitted).toBeLessThanOrEqual(needed + 3);

    // Reset columns: back to the defaults.
    await header(again, 'col-time').click({ button: 'right' });
    await again.getByRole('menuitem', { name: 'Reset columns' }).click();
    expect(await headerNames(again)).toEqual(['Direction', 'Time', 'Type', 'Size', 'Data']);
    expect(await widthOf(header(again, 'col-time'))).toBe(96);
  });
});

describe('status bar', () => {
  test('count, sent and received counts and bytes and the time span of what the filter shows, live', async () => {
    const start = Date.UTC(2026, 2, 3, 10, 0, 0);
    const { page, sessionId } = await seededPanel((s) => [
      textMessage(s, `${s}-chat`, 1, 'aaaa', { direction: 'send', time: start }),
      binaryMessage(s, `${s}-feed`, 1, new Uint8Array(16), { time: start + 500 }),
      textMessage(s, `${s}-chat`, 2, 'bbbbbbbb', { time: start + 1000 }),
      textMessage(s, `${s}-chat`, 3, 'cc', { direction: 'send', time: start + 2500 }),
      textMessage(s, `${s}-feed`, 2, 'x'.repeat(100), { time: start + 4000 }),
    ]);
    const status = page.getByRole('group', { name: 'Messages shown' });
    const figures = () => status.locator('[data-figure]').allTextContents();
    await eventually(figures).toEqual(['5 messages', '↑ 2 sent, 6 B', '↓ 3 received, 124 B', 'over 4.0 s']);

    await page.getByLabel('Filter by connection').selectOption(`${sessionId}-chat`);
    await eventually(figures).toEqual(['3 of 5 messages', '↑ 2 sent, 6 B', '↓ 1 received, 8 B', 'over 2.5 s']);
    await page.getByLabel('Direction').selectOption('receive');
    await eventually(figures).toEqual(['1 of 5 messages', '↑ 0 sent, 0 B', '↓ 1 received, 8 B', 'over 0 ms']);
    await page.getByLabel('Direction').selectOption('all');

    // Live: a new message of the connection shown adds to the figures; one of another connection only to the total.
    await seed(page, {
      messages: [
        textMessage(sessionId, `${sessionId}-chat`, 4, 'dddddd', { time: start + 3000 }),
        textMessage(sessionId, `${sessionId}-feed`, 3, 'elsewhere', { direction: 'send', time: start + 9000 }),
      ],
    });
    await eventually(figures).toEqual(['4 of 7 messages', '↑ 2 sent, 6 B', '↓ 2 received, 14 B', 'over 3.0 s']);
    await page.getByLabel('Filter messages').fill('b');
    await eventually(figures).toEqual(['1 of 7 messages', '↑ 0 sent, 0 B', '↓ 1 received, 8 B', 'over 0 ms']);
    await page.getByLabel('Filter messages').fill('');
    await page.getByLabel('Filter by connection').selectOption('');
    await eventually(figures).toEqual(['7 messages', '↑ 3 sent, 15 B', '↓ 4 received, 130 B', 'over 9.0 s']);
  });
});

describe('row menu', () => {
  test('copies the whole stored payload as text, exact JSON, base64, hex and a HAR entry; keyboard and screen-reader usable', async () => {
    // Each longer than the table's preview (200 characters, 150 bytes): the copies must come from the database.
    const text = `plain text ${'lorem ipsum '.repeat(30)}<b>not markup</b> end`;
    const json = `{"pad":"${'p'.repeat(220)}","id":123456789012345678901234567890,"price":1.10,"list":[1,{"deep":true}]}`;
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
    const { page, sessionId } = await seededPanel((s) => [
      textMessage(s, `${s}-chat`, 1, text, { direction: 'send' }),
      textMessage(s, `${s}-chat`, 2, json),
      binaryMessage(s, `${s}-feed`, 1, bytes),
    ]);
    await eventually(() => rows(page).count()).toBe(3);
    const menu = page.getByRole('menu', { name: /^Message / });
    const copyAs = async (row: number, format: string) => {
      await rows(page).nth(row).click({ button: 'right' });
      await menu.getByRole('menuitem', { name: `Copy as ${format}` }).click();
      await eventually(() => page.locator('.status-outcome').textContent()).toBe(`Copied as ${format}`);
      expect(await menu.count()).toBe(0);
      return pasted(page);
    };

    expect(await copyAs(0, 'text')).toBe(text);
    expect(await copyAs(0, 'base64')).toBe(Buffer.from(text).toString('base64'));
    expect(await copyAs(0, 'hex')).toBe(Buffer.from(text).toString('hex').match(/../g)!.join(' '));

    expect(await copyAs(1, 'text')).toBe(json);
    // Pretty, with the integer beyond 2^53 and 1.10 as sent (JSON.parse would give 123456789012345680000000000000 and 1.1).
    expect(await copyAs(1, 'JSON')).toBe(
      `{\n  "pad": "${'p'.repeat(220)}",\n  "id": 123456789012345678901234567890,\n  "price": 1.10,\n  "list": [\n    1,\n    {\n      "deep": true\n    }\n  ]\n}`,
    );

    expect(await copyAs(2, 'base64')).toBe(Buffer.from(bytes).toString('base64'));
    expect(await copyAs(2, 'hex')).toBe(Buffer.from(bytes).toString('hex').match(/../g)!.join(' '));
    const har = JSON.parse(await copyAs(2, 'HAR entry'));
    expect(har.request.url).toBe('wss://feed.example.test/live');
    expect(har._webSocketMessages).toEqual([{ type: 'receive', time: expect.any(Number), opcode: 2, data: Buffer.from(bytes).toString('base64') }]);

    // What does not apply is greyed out, with the reason.
    await rows(page).nth(2).click({ button: 'right' });
    const asText = menu.getByRole('menuitem', { name: /^Copy as text/ });
    await eventually(() => asText.getAttribute('aria-disabled')).toBe('true');
    expect(await asText.textContent()).toContain('Binary, and not UTF-8 text');
    await page.keyboard.press('Escape');
    await rows(page).nth(0).click({ button: 'right' });
    await eventually(() => menu.getByRole('menuitem', { name: /^Copy as JSON/ }).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');

    // From the keyboard: Shift+F10 on the grid opens the selected row's menu, focus in it; Escape gives it back.
    await rows(page).nth(1).click();
    await page.keyboard.press('Shift+F10');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    expect(await menu.getAttribute('aria-label')).toMatch(/^Message \d+$/);
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    await page.keyboard.press('ContextMenu');
    await page.keyboard.press('ArrowDown'); // Copy as JSON
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.status-outcome').textContent()).toBe('Copied as JSON');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');

    // Copy the connection's URL; show only its messages.
    await rows(page).nth(2).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Copy connection URL' }).click();
    await eventually(() => page.locator('.status-outcome').textContent()).toBe('Copied the connection URL');
    expect(await pasted(page)).toBe('wss://feed.example.test/live');
    await rows(page).nth(2).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Filter by this connection' }).click();
    await eventually(() => rows(page).count()).toBe(1);
    expect(await page.getByLabel('Filter by connection').inputValue()).toBe(`${sessionId}-feed`);
  });
});
