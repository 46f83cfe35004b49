// The history search over a real Dexie database in fake-indexeddb: every session, URLs, headers and full payloads.
import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { appendMessages, type NewMessage } from '../../src/db/message-store';
import { CHUNK_CAPACITY, INLINE_DATA_CHARS } from '../../src/db/message-chunks';
import { InspectorDatabase } from '../../src/db/schema';
import { deleteSessions } from '../../src/db/session-data';
import { compileSearch, type SearchQuery } from '../../src/panel/search/search-match';
import type { SearchHit } from '../../src/panel/search/search-protocol';
import { scanHistory } from '../../src/panel/search/search-scan';
import { requiredTrigrams } from '../../src/panel/search/search-literals';
import type { ConnectionRecord } from '../../src/shared/models';

let databases = 0;

function connection(id: string, sessionId: string, url: string, count: number): ConnectionRecord {
  return {
    id,
    sessionId,
    tabId: 1,
    frameId: 0,
    frameUrl: 'http://127.0.0.1/',
    url,
    requestedProtocols: [],
    protocol: '',
    extensions: '',
    state: 'closed',
    createdAt: 1000,
    errors: [],
    sentCount: count,
    receivedCount: 0,
    sentBytes: 0,
    receivedBytes: 0,
    handshakeId: `hs-${id}`,
    origin: 'page',
  };
}

function text(connectionId: string, data: string, time: number): NewMessage {
  const payload = { kind: 'text' as const, source: 'string' as const, size: data.length, truncated: false, preview: data.slice(0, 100) };
  return { message: { connectionId, seq: time, direction: 'send', time, payload, origin: 'page' }, data };
}

async function seededDatabase() {
  const db = new InspectorDatabase(`wsi-search-${++databases}`);
  await db.sessions.bulkPut([
    { id: 'old', tabId: 1, pageUrl: 'http://a/', title: 'old', startedAt: 1, imported: false },
    { id: 'new', tabId: 1, pageUrl: 'http://a/', title: 'new', startedAt: 2, imported: false },
    { id: 'gone', tabId: 1, pageUrl: 'http://a/', title: 'gone', startedAt: 3, imported: false },
  ]);
  await db.connections.bulkPut([
    connection('c-old', 'old', 'ws://feed.example/prices', 3),
    connection('c-new', 'new', 'ws://chat.example/', 1),
    connection('c-gone', 'gone', 'ws://x/', 1),
  ]);
  await db.handshakes.put({
    requestId: 'hs-c-new',
    tabId: 1,
    frameId: 0,
    url: 'ws://chat.example/',
    startedAt: 1,
    requestHeaders: [{ name: 'Cookie', value: 'session=needle-in-header' }],
    connectionId: 'c-new',
  });
  // A long payload lives in the payloads store, and its match lies past the preview.
  const long = `${'x'.repeat(INLINE_DATA_CHARS + 10)} needle far in`;
  await appendMessages(db, 'old', [text('c-old', 'hello', 10), text('c-old', long, 11), text('c-old', 'NEEDLE upper', 12)]);
  await appendMessages(db, 'new', [text('c-new', 'no match here', 20)]);
  await appendMessages(db, 'gone', [text('c-gone', 'needle deleted', 30)]);
  await deleteSessions(db, ['gone']);
  return db;
}

async function search(db: InspectorDatabase, query: Partial<SearchQuery>) {
  const compiled = compileSearch({ text: '', regex: false, caseSensitive: false, ...query });
  if (!compiled.ok) throw new Error(compiled.error);
  const hits: SearchHit[] = [];
  const result = await scanHistory(db, compiled.find, requiredTrigrams({ text: '', regex: false, caseSensitive: false, ...query }), {
    hit: (hit) => void hits.push(hit),
    progress: () => true,
  });
  return { hits, result };
}

test('finds headers and payloads of old sessions, past the preview, newest session and newest message first; nothing of a deleted session', async () => {
  const db = await seededDatabase();
  const { hits, result } = await search(db, { text: 'needle' });
  expect(hits.map((hit) => [hit.sessionId, hit.where, hit.snippet.match])).toEqual([
    ['new', 'header', 'needle'],
    ['old', 'payload', 'NEEDLE'],
    ['old', 'payload', 'needle'],
  ]);
  expect(hits[2]!.snippet.before.startsWith('…')).toBe(true);
  expect(result).toMatchObject({ scannedMessages: 4, hits: 3, cancelled: false });
});

test('regular expressions, case sensitivity and URLs', async () => {
  const db = await seededDatabase();
  expect((await search(db, { text: 'NEEDLE', caseSensitive: true })).hits.map((hit) => hit.snippet.match)).toEqual(['NEEDLE']);
  expect((await search(db, { text: 'feed\\.\\w+/pri', regex: true })).hits.map((hit) => [hit.where, hit.snippet.match])).toEqual([['url', 'feed.example/pri']]);
});

test('an invalid regular expression gets a specific message', () => {
  expect(compileSearch({ text: '(a', regex: true, caseSensitive: false })).toEqual({
    ok: false,
    error: expect.stringMatching(/^Invalid regular expression: .*(unterminated|missing \))/i),
  });
});

test('cancelling stops the scan', async () => {
  const db = await seededDatabase();
  const compiled = compileSearch({ text: 'zzz', regex: false, caseSensitive: false });
  if (!compiled.ok) throw new Error(compiled.error);
  const result = await scanHistory(db, compiled.find, [], {
    hit: () => {},
    progress: () => false,
  });
  expect(result.cancelled).toBe(true);
  expect(result.scannedMessages).toBeLessThan(4);
});

test('a session longer than one read of chunks is searched newest message first, every match found once', async () => {
  const db = await seededDatabase();
  // Ten chunks: more than one read (eight chunks), so the paging backwards is crossed.
  const count = CHUNK_CAPACITY * 10;
  await appendMessages(
    db,
    'new',
    Array.from({ length: count }, (_, i) => text('c-new', i % 1000 === 7 ? `tick ${i} needle` : `tick ${i}`, 100 + i)),
  );
  const { hits } = await search(db, { text: 'needle' });
  const payloadHits = hits.filter((hit) => hit.sessionId === 'new' && hit.where === 'payload');
  const ticks = payloadHits.map((hit) => Number(/tick (\d+)/.exec(hit.snippet.before + hit.snippet.match + hit.snippet.after)![1]));
  const expected = Array.from({ length: count }, (_, i) => i)
    .filter((i) => i % 1000 === 7)
    .reverse();
  expect(ticks).toEqual(expected);
  expect(payloadHits.map((hit) => hit.messageId!)).toEqual([...payloadHits.map((hit) => hit.messageId!)].sort((a, b) => b - a));
});
