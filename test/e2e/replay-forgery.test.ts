// Replay and inject are reachable only from our panel: a page that forges our tags, guesses channel
// names or posts command-shaped messages achieves nothing, and it cannot reach the captured data.
import { expect, test } from 'vitest';
import { waitFor } from './db';
import { PAIR_HELLO_EVENT, PAIR_OFFER_EVENT, CHANNEL_PREFIX, DATABASE_NAME } from '../../src/shared/tags';
import { connectionTo, latestSession, messagesOf, openInspectedPage, receivedOn, socketPage, setUpWorld } from '../fixtures/har/e2e-setup';

const world = setUpWorld();

test('forged pairing, guessed channel names and posted commands are ignored; the page cannot reach captured data', async () => {
  const { page, tabId } = await openInspectedPage(
    world.browser,
    socketPage(world.server, '/forgery.html', ['/forge'], `window.sockets['/forge'].send('legit')`),
  );
  await waitFor(
    async () => receivedOn(world.server, '/forge'),
    (got) => got.length === 1,
  );
  const session = await latestSession(world.storage, tabId);
  const connection = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/forge`);
  // The stored id is "<document>/<hook id>"; a page may guess either part.
  const hookId = connection.id.split('/').pop()!;

  const report = await page.evaluate(
    async ({ hello, offer, prefix, hookId, fullId, wsUrl, dbName }) => {
      const commands = (conn: string) => [
        { t: 'send', id: 'f1', conn, payload: { kind: 'text', data: 'FORGED-SEND' } },
        { t: 'inject', id: 'f2', conn, payload: { kind: 'text', data: 'FORGED-INJECT' } },
        { t: 'connect', id: 'f3', url: `${wsUrl}/forged`, protocols: [] },
      ];
      // 1. Ask for the pairing secret again (an answer would come synchronously), and offer a forged one.
      let offersSeen = 0;
      const countOffer = () => offersSeen++;
      addEventListener(offer, countOffer);
      dispatchEvent(new CustomEvent(hello, { detail: 'hello' }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      removeEventListener(offer, countOffer);
      dispatchEvent(new CustomEvent(offer, { detail: 'a'.repeat(32) }));
      dispatchEvent(new CustomEvent(offer, { detail: crypto.randomUUID() }));
      // 2. Commands on guessed channel names, as strings and as objects, for both id forms.
      const names = [`${prefix}down`, `${prefix}command`, `${prefix}cmd`, `${prefix}${'a'.repeat(32)}:down`, hello, offer];
      for (const name of names) {
        for (const conn of [hookId, fullId]) {
          for (const command of commands(conn)) {
            dispatchEvent(new CustomEvent(name, { detail: JSON.stringify(command) }));
            dispatchEvent(new CustomEvent(name, { detail: command }));
            document.dispatchEvent(new CustomEvent(name, { detail: JSON.stringify(command) }));
          }
        }
      }
      // 3. Command-shaped window messages, with and without the extension's wrapping.
      for (const conn of [hookId, fullId]) {
        for (const command of commands(conn)) {
          postMessage(command, '*');
          postMessage(JSON.stringify(command), '*');
          postMessage({ t: 'command', tabId: 0, frameId: 0, command }, '*');
        }
      }
      // 4. Extension APIs and storage are out of reach of a web page.
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      const databases = (await indexedDB.databases()).map((db) => db.name);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return { offersSeen, hasRuntimeSendMessage: typeof runtime?.sendMessage === 'function', databases, dbName };
    },
    {
      hello: PAIR_HELLO_EVENT,
      offer: PAIR_OFFER_EVENT,
      prefix: CHANNEL_PREFIX,
      hookId,
      fullId: connection.id,
      wsUrl: world.server.wsUrl,
      dbName: DATABASE_NAME,
    },
  );

  expect(report.offersSeen).toBe(0); // the hello got no answer: the secret stays secret
  expect(report.hasRuntimeSendMessage).toBe(false);
  expect(report.databases).not.toContain(report.dbName);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(receivedOn(world.server, '/forge')).toEqual(['legit']);
  expect(world.server.sockets.get('/forged')).toBeUndefined();
  const heard = await page.evaluate(() => (window as unknown as { heard: Record<string, string[]> }).heard);
  expect(heard).toEqual({ onmessage: ['legit'], listenerA: ['legit'], listenerB: ['legit'] });
  const stored = await messagesOf(world.storage, connection.id, 2);
  expect(stored.map((m) => [m.direction, m.origin, m.payload.preview])).toEqual([
    ['send', 'page', 'legit'],
    ['receive', 'page', 'legit'],
  ]);
  const connections = await world.storage.read('connections', 'sessionId', session.id);
  expect(connections).toHaveLength(1);
});
