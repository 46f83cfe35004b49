// Handshake matching: webRequest handshakes paired with page connections (same tab and URL, in order of time, within 60 s).
import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { conn, created, fakeBrowser, frameOf } from './storage-fixture';
// After the fixture, which installs the in-memory IndexedDB that Dexie looks for when it loads.
import Dexie from 'dexie';
import { registerHandshakeListeners } from '../../src/background/handshakes';
import { writeBatch } from '../../src/background/batch-writer';
import { enqueue } from '../../src/background/ingest-queue';
import { database, InspectorDatabase } from '../../src/db/schema';
import { matchConnection } from '../../src/background/handshake-matching';
import { handshakeOf } from '../../src/db/queries';
import type { StorableEvent } from '../../src/background/storable-events';

vi.mock('../../src/platform/browser', async () => (await import('./storage-fixture')).browserModule);

const URL_AS_PAGE_SPELLS_IT = 'wss://Socket.test:443/feed?room=1';
const URL = 'wss://socket.test/feed?room=1';
const T = 1_700_000_000_000;
const db = database();

/** The browser reports a handshake's request headers (as webRequest.onSendHeaders does). */
const handshakeStarts = (requestId: string, timeStamp: number, tabId = 1, requestHeaders = [{ name: 'Sec-WebSocket-Key', value: requestId }]) =>
  fakeBrowser.webRequest.onSendHeaders.fire({ requestId, tabId, frameId: 0, url: URL, timeStamp, requestHeaders });
const handshakeAnswered = (requestId: string, timeStamp: number) =>
  fakeBrowser.webRequest.onHeadersReceived.fire({
    requestId,
    tabId: 1,
    frameId: 0,
    url: URL,
    timeStamp,
    statusCode: 101,
    statusLine: 'HTTP/1.1 101 Switching Protocols',
    responseHeaders: [],
  });
/** The page reports connections, written as the background writes a batch. */
const pageCreates = (events: StorableEvent[]) => enqueue(() => writeBatch(db, frameOf('session-1'), events, { discardMessages: false }));
/** Waits for the handshake writes queued so far. */
const settled = () => enqueue(async () => undefined);

/** connection id → its handshake's request id ('' if none), checked from both sides. */
async function pairs(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const connection of await db.connections.toArray()) {
    result[connection.id] = connection.handshakeId;
    if (connection.handshakeId) expect((await db.handshakes.get(connection.handshakeId))!.connectionId).toBe(connection.id);
  }
  for (const handshake of await db.handshakes.toArray()) if (!handshake.connectionId) result[handshake.requestId] = 'unmatched';
  return result;
}

const [C1, C2] = [conn('1'), conn('2')];

beforeAll(() => registerHandshakeListeners());
beforeEach(async () => {
  await settled();
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe('handshake matching', () => {
  test('connection first, then its handshake', async () => {
    await pageCreates([created(C1, T, URL_AS_PAGE_SPELLS_IT)]);
    handshakeStarts('r1', T + 3);
    handshakeAnswered('r1', T + 20);
    await settled();
    expect(await pairs()).toEqual({ [C1]: 'r1' });
    const handshake = await handshakeOf(db, (await db.connections.get(C1))!);
    expect(handshake).toMatchObject({ statusCode: 101, startedAt: T + 3, requestHeaders: [{ name: 'Sec-WebSocket-Key', value: 'r1' }] });
  });

  test('handshake first, then its connection', async () => {
    handshakeStarts('r1', T - 3);
    await settled();
    expect(await pairs()).toEqual({ r1: 'unmatched' });
    await pageCreates([created(C1, T, URL_AS_PAGE_SPELLS_IT)]);
    handshakeAnswered('r1', T + 20); // a later event of the same request keeps the match
    await settled();
    expect(await pairs()).toEqual({ [C1]: 'r1' });
    expect(await db.handshakes.get('r1')).toMatchObject({ statusCode: 101, startedAt: T - 3 });
  });

  test('the nearest in time is matched, from either side', async () => {
    handshakeStarts('far', T - 20_000);
    handshakeStarts('near', T + 150);
    await settled();
    await pageCreates([created(C1, T, URL)]);
    expect(await pairs()).toEqual({ [C1]: 'near', far: 'unmatched' });

    await db.handshakes.clear();
    await db.connections.clear();
    await pageCreates([created(C1, T - 30_000, URL), created(C2, T + 500, URL)]);
    handshakeStarts('r1', T);
    await settled();
    expect(await pairs()).toEqual({ [C1]: '', [C2]: 'r1' });
  });

  test('nothing further apart than 60 s is matched, nor another tab', async () => {
    handshakeStarts('too-early', T - 60_001);
    handshakeStarts('other-tab', T, 2);
    await settled();
    await pageCreates([created(C1, T, URL)]);
    expect(await pairs()).toEqual({ [C1]: '', 'too-early': 'unmatched', 'other-tab': 'unmatched' });
    handshakeStarts('just-in-time', T + 59_000);
    await settled();
    expect(await pairs()).toEqual({ [C1]: 'just-in-time', 'too-early': 'unmatched', 'other-tab': 'unmatched' });
  });

  test('two connections to the same URL each get their own handshake', async () => {
    // Connections first, both handshakes in one write; r2 is nearer C1, which r1 has taken already.
    await pageCreates([created(C1, T, URL), created(C2, T + 10, URL)]);
    handshakeStarts('r1', T + 3);
    handshakeStarts('r2', T + 2);
    await settled();
    expect(await pairs()).toEqual({ [C1]: 'r1', [C2]: 'r2' });

    // Handshakes first, both connections in one batch; C2 is nearer r1, which C1 has taken already.
    await Promise.all([db.handshakes.clear(), db.connections.clear()]);
    handshakeStarts('r1', T + 5);
    handshakeStarts('r2', T + 40);
    await settled();
    await pageCreates([created(C1, T, URL), created(C2, T + 10, URL)]);
    expect(await pairs()).toEqual({ [C1]: 'r1', [C2]: 'r2' });
  });

  // A page reconnecting in a loop, with webRequest's clock 15 ms behind the page's (as under load): each
  // handshake is nearer in time to the connection before its own. Nearest-in-time paired every
  // connection with the next one's handshake and the last with the first's.
  const GAP = 20;
  const LAG = -15;
  const loop = [1, 2, 3, 4, 5, 6].map((round) => ({ connection: conn(`loop-${round}`), requestId: `h${round}`, time: T + round * GAP }));
  const inOrder = Object.fromEntries(loop.map(({ connection, requestId }) => [connection, requestId]));

  test('a reconnecting page whose handshakes run ahead: each connection gets its own, handshakes stored first', async () => {
    for (const { requestId, time } of loop) handshakeStarts(requestId, time + LAG);
    await settled();
    await pageCreates(loop.map(({ connection, time }) => created(connection, time, URL)));
    expect(await pairs()).toEqual(inOrder);
  });

  test('a reconnecting page whose handshakes run ahead: each connection gets its own, one batch per connection', async () => {
    for (const { requestId, time } of loop) handshakeStarts(requestId, time + LAG);
    await settled();
    for (const { connection, time } of loop) await pageCreates([created(connection, time, URL)]);
    expect(await pairs()).toEqual(inOrder);
  });

  test('a reconnecting page whose handshakes run behind: each connection gets its own, connections stored first', async () => {
    await pageCreates(loop.map(({ connection, time }) => created(connection, time, URL)));
    for (const { requestId, time } of loop) handshakeStarts(requestId, time - LAG);
    await settled();
    expect(await pairs()).toEqual(inOrder);
  });

  test('order gives way to time: a handshake 400 ms older than the socket (a page before its reload) is left alone', async () => {
    handshakeStarts('before-reload', T - 400);
    handshakeStarts('r1', T + 2);
    await settled();
    await pageCreates([created(C1, T, URL)]);
    expect(await pairs()).toEqual({ [C1]: 'r1', 'before-reload': 'unmatched' });
  });

  test("a handshake that asked for other sub-protocols is never the connection's, however near", async () => {
    const asking = (connection: string, time: number, protocols: string[]): StorableEvent =>
      ({ ...created(connection, time, URL), protocols }) as StorableEvent;
    handshakeStarts('v1', T, 1, [{ name: 'Sec-WebSocket-Protocol', value: 'chat.v1' }]);
    handshakeStarts('v2', T + 30, 1, [{ name: 'Sec-WebSocket-Protocol', value: 'chat.v2, chat.v1' }]);
    await settled();
    await pageCreates([asking(C1, T, ['chat.v2', 'chat.v1'])]);
    expect(await pairs()).toEqual({ [C1]: 'v2', v1: 'unmatched' });

    // Chromium's webRequest shows no Sec-WebSocket-Protocol: such a handshake may be any connection's.
    await Promise.all([db.handshakes.clear(), db.connections.clear()]);
    handshakeStarts('hidden', T + 5);
    await settled();
    await pageCreates([asking(C2, T, ['chat.v2'])]);
    expect(await pairs()).toEqual({ [C2]: 'hidden' });
  });
});

test('a database from before the time indexes opens with its records, and a waiting handshake is still matched', async () => {
  const name = 'wsi-before-time-indexes';
  const before = new Dexie(name);
  before.version(2).stores({
    sessions: 'id, tabId, startedAt',
    connections: 'id, sessionId, tabId, [tabId+url], handshakeId',
    chunks: '++id, [sessionId+id], *connectionIds',
    payloads: 'id, sessionId',
    handshakes: 'requestId, [tabId+url], connectionId',
  });
  await before.table('handshakes').bulkPut([
    { requestId: 'waiting', tabId: 1, frameId: 0, url: URL, startedAt: T + 2, requestHeaders: [], connectionId: '' },
    { requestId: 'taken', tabId: 1, frameId: 0, url: URL, startedAt: T + 1, requestHeaders: [], connectionId: 'earlier' },
  ]);
  before.close();

  const after = new InspectorDatabase(name);
  expect(await after.handshakes.count()).toBe(2);
  const connection = { ...(await connectionRecordAt(T)), id: 'new' };
  const matched = await after.transaction('rw', [after.handshakes, after.connections], () => matchConnection(after, connection));
  expect(matched.handshakeId).toBe('waiting');
  expect((await after.handshakes.get('waiting'))!.connectionId).toBe('new');
  after.close();
  await Dexie.delete(name);
});

/** A connection record as the batch writer stores it, made by writing one through the real path. */
async function connectionRecordAt(time: number) {
  await pageCreates([created(C1, time, URL)]);
  const stored = (await db.connections.get(C1))!;
  await db.connections.clear();
  return { ...stored, handshakeId: '' };
}
