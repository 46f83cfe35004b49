// Busy pages in Firefox (event-page background), as busy-pages.test.ts does in Chromium where the
// behaviour applies: a page retitling itself per message of a 20,000-message burst (every tabs.onUpdated
// title change reaches the background), and a page reconnecting hundreds of times. Every message the page
// had must be stored exactly once, in order, within generous waits (limits for a stuck pipeline, not
// timing assertions), and a tab opened meanwhile must not be held up.
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { ConnectionRecord, MessageRecord, SessionRecord } from '../../src/shared/models';
import { DATABASE_NAME } from '../../src/shared/tags';
import { CHUNK_LAYOUT, readStoredRecords, type ReadArguments } from './stored-records';
import { setUpFirefoxWorld } from './firefox-world';
import { openTab } from './firefox-traffic';
import { byConnection, exactly, expectFlappedRounds, expectWholeBurst, flapPageScript, flapServer, seqReport } from './busy-traffic';

const world = setUpFirefoxWorld();

const STORED_WITHIN_MS = 60_000;

type Stored = MessageRecord & { id: number };

/** Polls `probe` until `done` accepts its value; throws with the last value after `timeoutMs`. */
async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = STORED_WITHIN_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)?.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function countMessages(sessionId: string): Promise<number> {
  const args: ReadArguments = { name: DATABASE_NAME, store: 'messages', index: 'sessionId', value: sessionId, count: true, layout: CHUNK_LAYOUT };
  return (await world.db.page.evaluate(readStoredRecords, args)) as number;
}

async function sessionOf(tabId: number): Promise<SessionRecord> {
  const session = await waitFor(
    async () => (await world.db.all('sessions', 'tabId', tabId)).sort((a, b) => a.startedAt - b.startedAt).at(-1),
    (latest) => latest !== undefined,
  );
  return session!;
}

const connectionsOf = (sessionId: string): Promise<ConnectionRecord[]> => world.db.all('connections', 'sessionId', sessionId);

/** Waits until the session holds `count` messages, then a little longer (a late duplicate would show), and returns them. */
async function storedMessages(sessionId: string, count: number, since: number, label: string): Promise<Stored[]> {
  await waitFor(
    () => countMessages(sessionId),
    (stored) => stored >= count,
  );
  console.log(`[busy-pages-firefox] ${label}: ${count} messages stored ${((Date.now() - since) / 1000).toFixed(1)} s after the page had them`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return (await world.db.all('messages', 'sessionId', sessionId)) as Stored[];
}

/** Waits until the page script sets `window.done`; returns when (ms since the epoch) the test saw it. */
async function pageDone(page: Page): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, { timeout: STORED_WITHIN_MS, polling: 50 });
  return Date.now();
}

const html = (title: string, body: string): string => `<!doctype html><meta charset="utf-8"><title>${title}</title><body>${body}</body>`;

test('a page retitling itself on each of 20,000 messages: all stored once, then the close, and a tab opened next is not held up', async () => {
  const count = 20_000;
  const url = world.server.page(
    '/retitle.html',
    html(
      'retitle',
      `<script>
        let n = 0;
        const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/burst?n=${count}&size=100&close=4001`)});
        ws.onmessage = () => { document.title = 'n=' + ++n; };
        ws.onclose = (event) => { window.done = n === ${count}; };
      </script>`,
    ),
  );
  const { page, tabId } = await openTab(world.firefox, world.db, url);
  const hadAll = await pageDone(page);
  expect(await page.title()).toBe(`n=${count}`);

  // A tab opened while the retitling tab's traffic is still being stored: a socket in the page and one in an iframe.
  const socketScript = (who: string): string =>
    `<script>const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/echo`)});
      ws.onopen = () => { for (let i = 0; i < 5; i++) ws.send('${who} ' + i); };</script>`;
  world.server.page('/neighbour-frame.html', html('frame', socketScript('frame')));
  const neighbourOpenedAt = Date.now();
  const neighbour = await openTab(
    world.firefox,
    world.db,
    world.server.page('/neighbour.html', html('neighbour', `<iframe src="/neighbour-frame.html"></iframe>${socketScript('top')}`)),
  );

  const session = await sessionOf(tabId);
  const neighbourSession = await sessionOf(neighbour.tabId);
  const [messages, neighbourMessages] = await Promise.all([
    storedMessages(session.id, count, hadAll, 'retitling tab'),
    storedMessages(neighbourSession.id, 20, neighbourOpenedAt, 'tab opened after the retitling burst'),
  ]);
  expectWholeBurst(messages, count);
  const [connection] = await waitFor(
    () => connectionsOf(session.id),
    (connections) => connections.length === 1 && connections[0]!.state === 'closed',
  );
  expect(connection).toMatchObject({ receivedCount: count, sentCount: 0, close: { code: 4001, wasClean: true, initiator: 'server' } });
  await waitFor(
    async () => (await sessionOf(tabId)).title,
    (title) => title === `n=${count}`,
  );

  expect(neighbourMessages).toHaveLength(20);
  const neighbourConnections = await connectionsOf(neighbourSession.id);
  expect(neighbourConnections).toHaveLength(2);
  expect(new Set(neighbourConnections.map((c) => c.frameId)).size).toBe(2);
  const groups = byConnection(neighbourMessages);
  for (const c of neighbourConnections) expect(seqReport(groups.get(c.id) ?? [], 10)).toEqual(exactly(10));
  await neighbour.page.close();
  await page.close();
}, 240_000);

test('a page reconnecting 300 times in a row: every connection, message and close stored', async () => {
  const rounds = 300;
  world.server.socketRoute('/flap', flapServer);
  const url = world.server.page('/flapping.html', html('flapping', `<script>${flapPageScript(world.server.wsUrl, rounds)}</script>`));
  const { page, tabId } = await openTab(world.firefox, world.db, url);
  const hadAll = await pageDone(page);
  const session = await sessionOf(tabId);
  const messages = await storedMessages(session.id, rounds * 5, hadAll, 'reconnecting page');
  expect(messages).toHaveLength(rounds * 5);
  const connections = await waitFor(
    () => connectionsOf(session.id),
    (found) => found.length === rounds && found.every((connection) => connection.state === 'closed'),
  );
  expectFlappedRounds(connections, messages, rounds);
  await page.close();
}, 240_000);
