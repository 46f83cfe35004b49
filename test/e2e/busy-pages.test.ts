// Ordinary busy pages, end to end in Chromium with the built extension: pages that retitle themselves
// per message, close right after a burst, lose the extension's service worker mid-burst, run in a dozen
// tabs at once, reconnect hundreds of times, stream both ways with text and binary interleaved, or hold
// many framed sockets. Each test checks that every message the page had is stored exactly once and in
// order (per connection: seq 1..n by id), within generous waits after the page had it, and that other
// tabs are not held up. The waits are limits for a hung pipeline, not timing assertions; how long storing
// took is only logged.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from './chromium';
import { waitFor } from './db';
import { setUpWorld, type StoredMessage } from '../fixtures/har/e2e-setup';
import { burstNumbers, byConnection, exactly, expectFlappedRounds, expectWholeBurst, flapPageScript, flapServer, misnumbered, seqReport } from './busy-traffic';
import type { ConnectionRecord, HandshakeRecord, PayloadRecord, SessionRecord } from '../../src/shared/models';
import { headerNamed } from '../../src/shared/headers';

const world = setUpWorld();

/** The longest a page's traffic may take to be stored before a test calls the pipeline stuck. */
const STORED_WITHIN_MS = 60_000;

async function openPage(path: string, html: string): Promise<{ page: Page; tabId: number }> {
  const url = world.server.page(path, `<!doctype html><meta charset="utf-8"><title>${path}</title><body>${html}</body>`);
  const page = await world.browser.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(world.browser, page) };
}

/** Waits until the page script sets `window.done`; returns when (ms since the epoch) the test saw it. */
async function pageDone(page: Page, quiet = false): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, undefined, { timeout: STORED_WITHIN_MS, polling: 50 });
  const since = await page.evaluate(() => performance.now());
  if (!quiet) console.log(`[busy-pages] ${new URL(page.url()).pathname} had all its traffic ${(since / 1000).toFixed(1)} s after it started loading`);
  return Date.now();
}

async function sessionOf(tabId: number): Promise<SessionRecord> {
  const session = await waitFor(
    async () => (await world.storage.read<SessionRecord>('sessions', 'tabId', tabId)).sort((a, b) => a.startedAt - b.startedAt).at(-1),
    (latest) => latest !== undefined,
    STORED_WITHIN_MS,
  );
  return session!;
}

/** A tab whose latest session should hold `count` messages, which its page had all of at `since` (ms since the epoch). */
interface Expected {
  tabId: number;
  count: number;
  since: number;
  label: string;
}

async function latestSession(tabId: number): Promise<SessionRecord | undefined> {
  return (await world.storage.read<SessionRecord>('sessions', 'tabId', tabId)).sort((a, b) => a.startedAt - b.startedAt).at(-1);
}

/**
 * Waits until each tab's session holds its count of messages (polling them all in turn, so that none
 * is waited for behind another), then a little longer (a duplicate could land late), and returns each
 * session with its messages, in the same order; logs how long after its page had them each was stored.
 */
async function storedMessagesOf(expected: Expected[]): Promise<{ session: SessionRecord; messages: StoredMessage[] }[]> {
  const sessions = new Map<Expected, SessionRecord>();
  const progress = new Map<Expected, string>(expected.map((target) => [target, 'no session']));
  const deadline = Date.now() + STORED_WITHIN_MS;
  while (progress.size > 0) {
    for (const target of [...progress.keys()]) {
      const session = sessions.get(target) ?? (await latestSession(target.tabId));
      if (!session) continue;
      sessions.set(target, session);
      const stored = await world.storage.count('messages', 'sessionId', session.id);
      progress.set(target, `${stored} of ${target.count} messages`);
      if (stored < target.count) continue;
      progress.delete(target);
      console.log(`[busy-pages] ${target.label}: ${target.count} messages stored ${((Date.now() - target.since) / 1000).toFixed(1)} s after the page had them`);
    }
    if (progress.size === 0) break;
    if (Date.now() > deadline) {
      const late = [...progress].map(([target, state]) => `${target.label}: ${state}`);
      throw new Error(`not stored within ${STORED_WITHIN_MS / 1000} s: ${late.join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  return Promise.all(
    expected.map(async (target) => {
      const session = sessions.get(target)!;
      return { session, messages: await world.storage.read<StoredMessage>('messages', 'sessionId', session.id) };
    }),
  );
}

async function storedMessages(tabId: number, count: number, since: number, label: string): Promise<{ session: SessionRecord; messages: StoredMessage[] }> {
  const [stored] = await storedMessagesOf([{ tabId, count, since, label }]);
  return stored!;
}

async function connectionsOf(sessionId: string): Promise<ConnectionRecord[]> {
  return world.storage.read<ConnectionRecord>('connections', 'sessionId', sessionId);
}

/** A page with a socket in the top document and one in an iframe, each sending 5 messages to /echo: 20 stored. */
async function openNeighbourTab(name: string): Promise<{ page: Page; tabId: number; openedAt: number }> {
  const script = (who: string) =>
    `<script>const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/echo`)}); let echoes = 0;
      ws.onopen = () => { for (let i = 0; i < 5; i++) ws.send('${who} ' + i); };
      ws.onmessage = () => { if (++echoes === 5) window.done = true; };</script>`;
  world.server.page(`/${name}-frame.html`, `<!doctype html><body>${script('frame')}</body>`);
  const openedAt = Date.now();
  const opened = await openPage(`/${name}.html`, `<iframe src="/${name}-frame.html"></iframe>${script('top')}`);
  return { ...opened, openedAt };
}

/** The neighbour tab's 20 messages, each connection's 10 stored once. */
async function expectNeighbourStored(neighbour: { tabId: number }, messages: StoredMessage[]): Promise<void> {
  const session = await sessionOf(neighbour.tabId);
  expect(messages).toHaveLength(20);
  const connections = await connectionsOf(session.id);
  expect(connections).toHaveLength(2);
  expect(new Set(connections.map((connection) => connection.frameId)).size).toBe(2);
  for (const connection of connections) {
    expect(
      seqReport(
        messages.filter((message) => message.connectionId === connection.id),
        10,
      ),
    ).toEqual(exactly(10));
  }
}

describe('busy pages in Chromium', () => {
  test('a page retitling itself on each of 20,000 messages: all stored once, then the close, and a tab opened next is not held up', async () => {
    const count = 20_000;
    const { page, tabId } = await openPage(
      '/retitle.html',
      `<script>
        let n = 0;
        const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/burst?n=${count}&size=100&close=4001`)});
        ws.onmessage = () => { document.title = 'n=' + ++n; };
        ws.onclose = (event) => { window.done = n === ${count} && event.code === 4001; };
      </script>`,
    );
    const hadAll = await pageDone(page);
    expect(await page.title()).toBe(`n=${count}`);
    // Opened while the retitling tab's traffic is still being stored: it must not wait behind it.
    const neighbour = await openNeighbourTab('after-retitle');

    const [retitled, opened] = await storedMessagesOf([
      { tabId, count, since: hadAll, label: 'retitling tab' },
      { tabId: neighbour.tabId, count: 20, since: neighbour.openedAt, label: 'tab opened after the retitling burst' },
    ]);
    const { session, messages } = retitled!;
    expectWholeBurst(messages, count);
    const [connection] = await waitFor(
      () => connectionsOf(session.id),
      (connections) => connections.length === 1 && connections[0]!.state === 'closed',
      STORED_WITHIN_MS,
    );
    expect(connection).toMatchObject({ receivedCount: count, sentCount: 0, close: { code: 4001, wasClean: true, initiator: 'server' } });
    // The title follows the page, to its last value.
    await waitFor(
      async () => (await sessionOf(tabId)).title,
      (title) => title === `n=${count}`,
      STORED_WITHIN_MS,
    );

    await expectNeighbourStored(neighbour, opened!.messages);
    await neighbour.page.close();
    await page.close();
  }, 240_000);

  test('a tab closed 100 ms after it received a 20,000-message burst has all 20,000 stored', async () => {
    const count = 20_000;
    world.server.page(
      '/closed-after-burst.html',
      `<!doctype html><title>closed after burst</title><script>
        let n = 0;
        const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/burst?n=${count}&size=100`)});
        ws.onmessage = () => { if (++n === ${count}) console.log('have all ${count}'); };
      </script>`,
    );
    const page = await world.browser.context.newPage();
    const haveAll = page.waitForEvent('console', { predicate: (message) => message.text() === `have all ${count}`, timeout: STORED_WITHIN_MS });
    await page.goto(`${world.server.httpUrl}/closed-after-burst.html`);
    const tabId = await tabIdOf(world.browser, page);
    await haveAll;
    const hadAll = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await page.close();

    const { session, messages } = await storedMessages(tabId, count, hadAll, 'closed tab');
    expectWholeBurst(messages, count);
    // The socket the closed tab left open is recorded closed, with every message counted.
    const [connection] = await waitFor(
      () => connectionsOf(session.id),
      (connections) => connections.length === 1 && connections[0]!.state === 'closed',
      STORED_WITHIN_MS,
    );
    expect(connection).toMatchObject({ receivedCount: count, lastSeq: count });
  }, 240_000);

  test('the service worker stopped mid-burst (ServiceWorker.stopAllWorkers) restarts, and every message is stored once', async () => {
    const half = 6_000;
    world.server.socketRoute('/held-burst', (socket) => {
      for (let i = 0; i < half; i++) socket.send(JSON.stringify({ i, pad: 'q'.repeat(84) }));
    });
    // A value only the running worker's memory holds: a restarted worker has lost it.
    const worker = await world.browser.serviceWorker();
    await worker.evaluate(() => ((globalThis as unknown as { wsiBusyPagesMarker: string }).wsiBusyPagesMarker = 'set before the stop'));
    const cdp = await world.browser.context.newCDPSession(world.storage.page);
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions) {
        if (version.scriptURL.startsWith(`chrome-extension://${world.browser.extensionId}/`)) statuses.push(version.runningStatus);
      }
    });
    await cdp.send('ServiceWorker.enable');

    const { page, tabId } = await openPage(
      '/stopped-worker.html',
      `<script>
        window.got = 0;
        const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/held-burst`)});
        ws.onmessage = () => { if (++window.got === ${2 * half}) window.done = true; };
      </script>`,
    );
    const session = await sessionOf(tabId);
    // Capture of the first half is under way: stop the worker, and send the second half meanwhile.
    const storedAtStop = await waitFor(
      () => world.storage.count('messages', 'sessionId', session.id),
      (stored) => stored >= 500,
      STORED_WITHIN_MS,
    );
    statuses.length = 0;
    await cdp.send('ServiceWorker.stopAllWorkers');
    const [socket] = world.server.sockets.get('/held-burst')!;
    for (let i = half; i < 2 * half; i++) socket!.send(JSON.stringify({ i, pad: 'q'.repeat(84) }));
    const hadAll = await pageDone(page);

    const { messages } = await storedMessages(tabId, 2 * half, hadAll, 'burst across a worker stop');
    expect(storedAtStop).toBeLessThan(2 * half);
    // The worker really stopped and started again (the relays' reconnects woke it), without its old memory.
    await waitFor(
      async () => statuses,
      (seen) => seen.includes('stopped') && seen.lastIndexOf('running') > seen.indexOf('stopped'),
      STORED_WITHIN_MS,
    );
    const marker = worker.evaluate(() => (globalThis as unknown as { wsiBusyPagesMarker?: string }).wsiBusyPagesMarker ?? 'gone');
    expect(await Promise.race([marker, new Promise((resolve) => setTimeout(() => resolve('evaluation did not settle'), 10_000))])).toBe('gone');

    expect(messages).toHaveLength(2 * half);
    expect(seqReport(messages, 2 * half)).toEqual(exactly(2 * half));
    expect(misnumbered(burstNumbers(messages), 2 * half)).toBe(0);
    expect(await world.storage.read<SessionRecord>('sessions', 'tabId', tabId)).toHaveLength(1);
    const [connection] = await connectionsOf(session.id);
    expect(connection).toMatchObject({ receivedCount: 2 * half, lastSeq: 2 * half });
    await cdp.detach();
    await page.close();
  }, 240_000);

  test('a dozen tabs with three busy sockets each, all at once: every message stored once, in its own tab', async () => {
    const tabs = 12;
    const [bursts, sends, ticks] = [300, 60, 100];
    world.server.socketRoute('/ticker', (socket, url) => {
      let sent = 0;
      const timer = setInterval(() => {
        for (let k = 0; k < 10 && sent < ticks; k++) socket.send(`tick ${url.searchParams.get('tab')} ${sent++}`);
        if (sent === ticks) {
          clearInterval(timer);
          socket.close(4003, 'ticks done');
        }
      }, 10);
    });
    // Per tab: a burst received, messages sent and echoed, ticks received over time, then closed by the server.
    const expectedByPath: Record<string, number> = { '/burst': bursts, '/echo': 2 * sends, '/ticker': ticks };
    const perTab = bursts + 2 * sends + ticks;
    const pageHtml = (tab: number): string => `<script>
      const base = ${JSON.stringify(world.server.wsUrl)};
      const left = { burst: ${bursts}, echo: ${sends}, ticker: 1 };
      const finish = (which) => { if (--left[which] === 0 && Object.values(left).every((n) => n === 0)) window.done = true; };
      const burst = new WebSocket(base + '/burst?n=${bursts}&size=100&tab=${tab}');
      burst.onmessage = () => finish('burst');
      const echo = new WebSocket(base + '/echo?tab=${tab}');
      echo.onopen = () => { for (let i = 0; i < ${sends}; i++) echo.send('tab ${tab} says ' + i); };
      echo.onmessage = () => finish('echo');
      const ticker = new WebSocket(base + '/ticker?tab=${tab}');
      ticker.onclose = () => finish('ticker');
    </script>`;
    const opened = await Promise.all(Array.from({ length: tabs }, (_, tab) => openPage(`/busy-tab-${tab}.html`, pageHtml(tab))));
    const hadAll = Math.max(...(await Promise.all(opened.map(({ page }) => pageDone(page, true)))));

    const stored = await storedMessagesOf(opened.map(({ tabId }, tab) => ({ tabId, count: perTab, since: hadAll, label: `tab ${tab + 1} of ${tabs}` })));
    expect(new Set(stored.map(({ session }) => session.id)).size).toBe(tabs);
    for (const [tab, { session, messages }] of stored.entries()) {
      expect(messages).toHaveLength(perTab);
      const connections = await connectionsOf(session.id);
      expect(connections.map((connection) => new URL(connection.url).pathname).sort()).toEqual(['/burst', '/echo', '/ticker']);
      const groups = byConnection(messages);
      for (const connection of connections) {
        // Each connection of this tab's session belongs to this tab's page.
        expect(new URL(connection.url).searchParams.get('tab')).toBe(String(tab));
        const expected = expectedByPath[new URL(connection.url).pathname]!;
        expect(seqReport(groups.get(connection.id) ?? [], expected)).toEqual(exactly(expected));
      }
      // Nothing another tab did closed this tab's sockets that are still open.
      expect(connections.filter((connection) => !connection.url.includes('/ticker')).map((connection) => connection.state)).toEqual(['open', 'open']);
      const ticker = connections.find((connection) => connection.url.includes('/ticker'))!;
      await waitFor(
        async () => (await world.storage.read<ConnectionRecord>('connections', undefined, ticker.id))[0]?.close?.code,
        (code) => code === 4003,
      );
      const sent = messages.filter((message) => message.direction === 'send').sort((a, b) => a.id - b.id);
      expect(sent.map((message) => message.payload.preview)).toEqual(Array.from({ length: sends }, (_, i) => `tab ${tab} says ${i}`));
    }
    await Promise.all(opened.map(({ page }) => page.close()));
  }, 240_000);

  test('a page reconnecting 300 times in a row: every connection, message and close stored', async () => {
    const rounds = 300;
    world.server.socketRoute('/flap', flapServer);
    const { page, tabId } = await openPage('/flapping.html', `<script>${flapPageScript(world.server.wsUrl, rounds)}</script>`);
    const hadAll = await pageDone(page);
    const { session, messages } = await storedMessages(tabId, rounds * 5, hadAll, 'reconnecting page');
    expect(messages).toHaveLength(rounds * 5);
    const connections = await waitFor(
      () => connectionsOf(session.id),
      (found) => found.length === rounds && found.every((connection) => connection.state === 'closed'),
      STORED_WITHIN_MS,
    );
    expectFlappedRounds(connections, messages, rounds);
    await page.close();
  }, 240_000);

  test('a page reconnecting 200 times to one URL: each connection is matched with its own handshake', async () => {
    const rounds = 200;
    // No sub-protocols (they would tell the handshakes apart by themselves): the server numbers its
    // answers, and the page opens its sockets one after another, so the k-th opened has answer k.
    world.server.socketRoute('/same-url', (socket) => socket.close(1000, 'again'), { numberUpgrades: true });
    const { page, tabId } = await openPage(
      '/same-url.html',
      `<script>
        window.done = false;
        let round = 0;
        const next = () => {
          if (round++ === ${rounds}) { window.done = true; return; }
          const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/same-url`)});
          ws.onclose = () => next();
        };
        next();
      </script>`,
    );
    await pageDone(page);
    const session = await sessionOf(tabId);
    const connections = await waitFor(
      () => connectionsOf(session.id),
      (found) => found.length === rounds && found.every((connection) => connection.handshakeId !== ''),
      STORED_WITHIN_MS,
    );
    const handshakes = new Map((await world.storage.read<HandshakeRecord>('handshakes')).map((handshake) => [handshake.requestId, handshake]));
    const numberOf = (handshake: HandshakeRecord | undefined) => headerNamed(handshake?.responseHeaders ?? [], 'X-Upgrade-Number');
    const inOpeningOrder = [...connections].sort((a, b) => a.createdAt - b.createdAt);
    expect(inOpeningOrder.map((connection) => numberOf(handshakes.get(connection.handshakeId)))).toEqual(inOpeningOrder.map((_, round) => String(round)));
    await page.close();
  }, 240_000);

  test('a socket sending in a tight loop while receiving, text and binary interleaved both ways: all stored once, in order, exact', async () => {
    const each = 2000;
    world.server.socketRoute('/duplex', (socket) => {
      let sent = 0;
      const push = (): void => {
        for (let k = 0; k < 100 && sent < each; k++, sent++) {
          if (sent % 2 === 0) socket.send(`down ${sent}`);
          else socket.send(Buffer.from([sent & 255, sent >> 8, 0xd0]), { binary: true });
        }
        if (sent < each) setImmediate(push);
      };
      push();
    });
    const { page, tabId } = await openPage(
      '/duplex.html',
      `<script>
        const ws = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/duplex`)});
        ws.binaryType = 'arraybuffer';
        let got = 0, sent = 0;
        ws.onmessage = () => { if (++got === ${each} && sent === ${each}) window.done = true; };
        ws.onopen = () => {
          const burst = () => {
            for (let k = 0; k < 150 && sent < ${each}; k++, sent++) {
              if (sent % 2 === 0) ws.send('up ' + sent);
              else ws.send(new Uint8Array([sent & 255, sent >> 8, 0x0f]));
            }
            if (sent < ${each}) setTimeout(burst, 0); else if (got === ${each}) window.done = true;
          };
          burst();
        };
      </script>`,
    );
    const hadAll = await pageDone(page);
    const { session, messages } = await storedMessages(tabId, 2 * each, hadAll, 'duplex socket');
    expect(messages).toHaveLength(2 * each);
    expect(seqReport(messages, 2 * each)).toEqual(exactly(2 * each));
    // Payloads as the page had them, per direction in order: text and binary alternate.
    const payloads = new Map((await world.storage.read<PayloadRecord>('payloads', 'sessionId', session.id)).map((payload) => [payload.id, payload.data]));
    const shown = (direction: 'send' | 'receive') =>
      messages
        .filter((message) => message.direction === direction)
        .sort((a, b) => a.id - b.id)
        .map((message) =>
          message.payload.kind === 'text' ? payloads.get(message.id) : `bytes:${[...Buffer.from(payloads.get(message.id) ?? '', 'base64')].join(',')}`,
        );
    const expected = (text: string, marker: number) =>
      Array.from({ length: each }, (_, i) => (i % 2 === 0 ? `${text} ${i}` : `bytes:${i & 255},${i >> 8},${marker}`));
    expect(shown('send')).toEqual(expected('up', 0x0f));
    expect(shown('receive')).toEqual(expected('down', 0xd0));
    await page.close();
  }, 240_000);

  test('eight iframes each with a busy socket: every frame connection stored once in the tab session', async () => {
    const frames = 8;
    world.server.page(
      '/busy-frame.html',
      `<!doctype html><script>
        const k = new URLSearchParams(location.search).get('k');
        const ws = new WebSocket(${JSON.stringify(world.server.wsUrl)} + '/burst?n=300&size=100&frame=' + k);
        let got = 0;
        ws.onmessage = () => { if (++got === 340) parent.postMessage('frame done', '*'); };
        ws.onopen = () => { for (let i = 0; i < 40; i++) ws.send('frame ' + k + ' says ' + i); };
      </script>`,
    );
    const { page, tabId } = await openPage(
      '/many-frames.html',
      `<script>
        let left = ${frames};
        addEventListener('message', (event) => { if (event.data === 'frame done' && --left === 0) window.done = true; });
        for (let k = 0; k < ${frames}; k++) {
          const frame = document.createElement('iframe');
          frame.src = '/busy-frame.html?k=' + k;
          document.body.append(frame);
        }
      </script>`,
    );
    const hadAll = await pageDone(page);
    const session = await sessionOf(tabId);
    const connections = await waitFor(
      () => connectionsOf(session.id),
      (found) => found.length === frames,
      STORED_WITHIN_MS,
    );
    expect(new Set(connections.map((connection) => connection.frameId)).size).toBe(frames);
    // Per frame: a burst of 300 received, 40 sent and echoed back (/burst echoes too).
    const perConnection = 300 + 40 + 40;
    const { messages } = await storedMessages(tabId, frames * perConnection, hadAll, 'framed sockets');
    expect(messages).toHaveLength(frames * perConnection);
    const groups = byConnection(messages);
    for (const connection of connections) {
      const frame = new URL(connection.url).searchParams.get('frame');
      expect(connection.frameUrl).toBe(`${world.server.httpUrl}/busy-frame.html?k=${frame}`);
      expect(seqReport(groups.get(connection.id) ?? [], perConnection), `frame ${frame}`).toEqual(exactly(perConnection));
      const sent = (groups.get(connection.id) ?? []).filter((message) => message.direction === 'send');
      expect(sent.map((message) => message.payload.preview)).toEqual(Array.from({ length: 40 }, (_, i) => `frame ${frame} says ${i}`));
    }
    await page.close();
  }, 240_000);
});
