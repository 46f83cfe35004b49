// Chunk summaries in Chromium with the built extension: a page's captured traffic is summarised by the
// background once capture pauses, and the history search then finds a lone message among it.
import { expect, test } from 'vitest';
import { waitFor } from './db';
import { openInspectedPage, setUpWorld } from '../fixtures/har/e2e-setup';
import type { SessionRecord } from '../../src/shared/models';

const world = setUpWorld();
const BATCHES = 30;

test('captured chunks get summaries once capture pauses; the search finds a lone message among them', async () => {
  // Batches sent a little apart, so that capture writes many chunks; the server echoes each message.
  const url = world.server.page(
    '/summaries',
    `<!doctype html><title>summaries</title><script>
      const ws = new WebSocket(${JSON.stringify(world.server.wsUrl)} + '/echo');
      ws.onopen = async () => {
        for (let batch = 0; batch < ${BATCHES}; batch++) {
          for (let i = 0; i < 20; i++) ws.send(batch === 3 && i === 7 ? '{"note":"lone-needle-4711"}' : JSON.stringify({ batch, i, kind: 'tick' }));
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
      };
    </script>`,
  );
  const { tabId } = await openInspectedPage(world.browser, url);
  const session = (await waitFor(
    async () => (await world.storage.read<SessionRecord>('sessions', 'tabId', tabId))[0],
    (found) => found !== undefined,
    30_000,
  ))!;
  await waitFor(
    () => world.storage.count('messages', 'sessionId', session.id),
    (count) => count === BATCHES * 20 * 2,
    30_000,
  );
  const chunks = (await world.storage.read<{ id: number; sessionId: string }>('chunks')).filter((chunk) => chunk.sessionId === session.id);
  expect(chunks.length).toBeGreaterThan(1);
  // No search has run: the background summarised them.
  const summaries = await waitFor(
    () => world.storage.read<{ chunkId: number; sessionId: string }>('summaries', 'sessionId', session.id),
    (found) => found.length === chunks.length,
    30_000,
  );
  expect(summaries.map((summary) => summary.chunkId).sort((a, b) => a - b)).toEqual(chunks.map((chunk) => chunk.id).sort((a, b) => a - b));

  const history = await world.browser.openExtensionPage('src/panel/history.html');
  await history.getByLabel('Search all history').fill('LONE-needle-4711');
  await history.getByRole('button', { name: 'Search', exact: true }).click();
  await waitFor(
    () => history.locator('.search-status').textContent(),
    (text) => /messages searched/.test(text ?? ''),
    20_000,
  );
  // The page's copy and the server's echo.
  expect(await history.locator('.search-hit').count()).toBe(2);
  expect(await history.locator('.search-hit mark').first().textContent()).toBe('lone-needle-4711');
});
