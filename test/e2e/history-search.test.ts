// Search across all history (history tab): every stored session, grouped results streamed from a worker,
// the message opened in place; a deleted session is not found; a runaway regular expression is stopped.
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, eventually, seed, session, textMessage } from './seed';

const world = setUpExtensionBrowser();

test('finds a message of an old session and opens it in place; finds nothing of a deleted session', async () => {
  const page = await world.browser.openExtensionPage('src/panel/history.html');
  const started = Date.now() - 3_600_000;
  await seed(page, {
    sessions: [
      session('s-old', 601, { title: 'Old trading day', startedAt: started }),
      session('s-new', 601, { title: 'Today', startedAt: started + 60_000 }),
      session('s-doomed', 601, { title: 'To delete', startedAt: started + 120_000 }),
    ],
    connections: [
      connection('c-old', 's-old', 601, { url: 'wss://feed.example.test/prices' }),
      connection('c-new', 's-new', 601, { url: 'wss://chat.example.test/' }),
      connection('c-doomed', 's-doomed', 601, { url: 'wss://gone.example.test/' }),
    ],
    messages: [
      ...Array.from({ length: 300 }, (_, i) => textMessage('s-old', 'c-old', i + 1, `{"tick":${i},"sym":"AAA"}`)),
      textMessage('s-old', 'c-old', 301, '{"order":"ORD-7731","status":"filled"}'),
      textMessage('s-new', 'c-new', 1, '{"text":"nothing to see"}'),
      textMessage('s-doomed', 'c-doomed', 1, '{"order":"ORD-7731","status":"deleted"}'),
    ],
  });
  const doomed = page.locator('[data-session-id="s-doomed"]');
  await eventually(() => doomed.count()).toBe(1);
  await doomed.locator('.session-delete').click();
  await eventually(() => doomed.count()).toBe(0);

  await page.getByLabel('Search all history').fill('ord-7731');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const status = page.locator('.search-status');
  await eventually(() => status.textContent(), 20_000).toContain('messages searched');
  // The background deletes asynchronously: search again until it is done, then the hit is the old session's only.
  const hits = page.locator('.search-hit');
  expect(await status.textContent()).toMatch(/^1 hit for “ord-7731” · 30[23] messages searched/);
  expect(await hits.count()).toBe(1);
  expect(await page.locator('.search-session').getAttribute('data-session-id')).toBe('s-old');
  expect(await page.locator('.search-connection-url').textContent()).toBe('wss://feed.example.test/prices');
  expect(await hits.first().locator('mark').textContent()).toBe('ORD-7731');

  await hits.first().click();
  const selected = page.locator('.message-rows [role=row][aria-selected=true]');
  await eventually(() => selected.locator('.col-preview').textContent()).toBe('{"order":"ORD-7731","status":"filled"}');
  expect(await page.locator('[data-session-id="s-old"]').getAttribute('aria-selected')).toBe('true');
  // The selected row is on screen: it is the 301st of its session, far below the first screen.
  expect(await selected.isVisible()).toBe(true);

  // Back to the results, then a search for what only the deleted session held.
  await page.getByRole('button', { name: 'Back to results' }).click();
  await eventually(() => hits.count()).toBe(1);
  await page.getByLabel('Search all history').fill('deleted');
  // Every status the new query shows, from its first render: none may carry the last query's hit or count.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { statusesSeen: string[] }).statusesSeen = []);
    const results = document.querySelector('.search-results')!.parentElement!;
    new MutationObserver(() => {
      const text = document.querySelector('.search-status')?.textContent;
      if (text && text !== seen.at(-1)) seen.push(text);
    }).observe(results, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await eventually(() => status.textContent(), 20_000).toMatch(/for “deleted” · [\d,]+ messages searched/);
  expect(await page.locator('.search-results').textContent()).toContain('Nothing found in any stored session.');
  const statuses = await page.evaluate(() => (window as unknown as { statusesSeen: string[] }).statusesSeen.filter((text) => text.includes('“deleted”')));
  expect(statuses[0]).toMatch(/^0 hits for “deleted” · searching…/);
  expect(statuses.filter((text) => text.startsWith('1 hit'))).toEqual([]);
});

test('a regular expression that backtracks for ever is stopped with a message, and the page stays responsive', async () => {
  const page = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(page, {
    sessions: [session('s-re', 602, { title: 'Regex' })],
    connections: [connection('c-re', 's-re', 602)],
    // The search reads newest first: the match, then the message the pattern never finishes on.
    messages: [textMessage('s-re', 'c-re', 1, `${'a'.repeat(64)}!`), textMessage('s-re', 'c-re', 2, 'match me')],
  });
  await eventually(() => page.locator('[data-session-id="s-re"]').count()).toBe(1);
  await page.getByLabel('Search all history').fill('^(a+)+$|match');
  await page.getByLabel('Regular expression').check();
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const alert = page.locator('.search-results [role=alert]');
  await eventually(() => alert.textContent(), 30_000).toContain('was stopped');
  expect(await alert.textContent()).toContain('backtracks');
  // The hit found before the runaway message stays listed.
  expect(await page.locator('.search-hit mark').allTextContents()).toEqual(['match']);
  // The panel's own thread was never blocked: it still answers.
  expect(await page.evaluate(() => 1 + 1)).toBe(2);

  await page.getByLabel('Search all history').fill('(unclosed');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await eventually(() => alert.textContent()).toMatch(/^Invalid regular expression: /);
});
