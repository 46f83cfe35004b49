// Captured payloads are data, never markup: a real page whose socket URL, title and JSON messages carry
// HTML and script is captured through the whole extension, and every view of the panel shows it as text.
import { expect, test } from 'vitest';
import { waitFor } from './db';
import { openInspectedPage, receivedOn, setUpWorld, socketPage } from '../fixtures/har/e2e-setup';

const world = setUpWorld();
const HOSTILE = '{"html":"<img src=x onerror=\\"window.__pwned=1\\">","svg":"<svg onload=\\"window.__pwned=2\\"></svg>"}';
const HOSTILE_PATH = '/<img src=x onerror=window.__pwned=3>';

test('a page sending markup in its JSON, socket URL and title gets it shown as text in every view', async () => {
  const path = '/hostile.html';
  const socketPath = encodeURI(HOSTILE_PATH);
  const url = socketPage(
    world.server,
    path,
    [socketPath],
    `document.title = '<b onmouseover=window.__pwned=4>title</b>'; window.sockets[${JSON.stringify(socketPath)}].send(${JSON.stringify(HOSTILE)})`,
  );
  const { tabId } = await openInspectedPage(world.browser, url);
  await waitFor(
    async () => receivedOn(world.server, socketPath),
    (got) => got.length === 1,
  );

  for (const view of [`src/panel/index.html?tabId=${tabId}`, 'src/panel/history.html']) {
    const panel = await world.browser.openExtensionPage(view);
    if (view.includes('history')) await panel.locator('.session-item').filter({ hasText: '<b onmouseover' }).first().click();
    const rows = panel.locator('.message-rows [role=row]');
    await rows.nth(1).waitFor();
    expect(await rows.first().locator('.col-preview').textContent()).toBe(HOSTILE);
    expect(await panel.locator('.connection-list').textContent()).toContain(`${world.server.wsUrl}${socketPath}`);
    await rows.first().click();
    await panel.locator('.json-tree').waitFor();
    expect(await panel.locator('[data-path="$.html"]').textContent()).toContain('<img src=x onerror=\\"window.__pwned=1\\">');
    await panel.getByRole('radio', { name: 'Raw' }).click();
    await panel.getByLabel('Pretty JSON').uncheck();
    expect(await panel.locator('.raw-text').textContent()).toBe(HOSTILE);
    await panel.getByRole('tab', { name: 'Frames' }).click();
    await panel.locator('.frame-card').first().waitFor();
    await panel.getByRole('tab', { name: 'Handshake' }).click();
    await panel.locator('.handshake .headers').first().waitFor();

    expect(await panel.locator('#app img, #app svg:has(svg[onload]), #app b, #app a').count()).toBe(0);
    expect(await panel.locator('[onerror], [onload], [onmouseover]').count()).toBe(0);
    expect(await panel.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  }
});
