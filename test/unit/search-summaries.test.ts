// The history search with chunk summaries, over a real Dexie database in fake-indexeddb: chunks ruled
// out by their summary are not read, and no match is ever missed, whatever the case rules, whether
// the summaries are built, partly built or absent, and wherever the match lies.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { expect, test, vi } from 'vitest';
import { appendMessages, type NewMessage } from '../../src/db/message-store';
import { INLINE_DATA_CHARS } from '../../src/db/message-chunks';
import { InspectorDatabase } from '../../src/db/schema';
import { deleteSessions, emptyLiveSession } from '../../src/db/session-data';
import { lastSummarisedChunkId, summariseChunksAfter } from '../../src/db/summary-store';
import { compileSearch, type SearchQuery } from '../../src/panel/search/search-match';
import { regexLiteralRuns, requiredTrigrams } from '../../src/panel/search/search-literals';
import { scanHistory } from '../../src/panel/search/search-scan';
import type { ConnectionRecord } from '../../src/shared/models';

let databases = 0;
const CHUNKS = 30;
const PER_CHUNK = 50;

function connection(id: string, sessionId: string, count: number): ConnectionRecord {
  return {
    ...{ id, sessionId, tabId: 1, frameId: 0, frameUrl: 'http://127.0.0.1/', url: `ws://127.0.0.1/${id}`, requestedProtocols: [], protocol: '' },
    ...{ extensions: '', state: 'open', createdAt: 1000, errors: [], sentCount: count, receivedCount: 0, sentBytes: 0, receivedBytes: 0 },
    ...{ handshakeId: '', origin: 'page' },
  };
}

function text(data: string, seq: number): NewMessage {
  const payload = { kind: 'text' as const, source: 'string' as const, size: data.length, truncated: false, preview: data.slice(0, 100) };
  return { message: { connectionId: 'c1', seq, direction: 'receive', time: seq, payload, origin: 'page' }, data };
}

/** One session of CHUNKS chunks (one per written batch, as capture writes them); `special` replaces some messages' text. */
async function sessionDatabase(special: Record<number, string> = {}) {
  const db = new InspectorDatabase(`wsi-summaries-${++databases}`);
  await db.sessions.put({ id: 's1', tabId: 1, pageUrl: 'http://a/', title: 's1', startedAt: 1, imported: false });
  await db.connections.put(connection('c1', 's1', CHUNKS * PER_CHUNK));
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const batch = Array.from({ length: PER_CHUNK }, (_, i) => chunk * PER_CHUNK + i).map((seq) => text(special[seq] ?? `{"seq":${seq},"event":"tick"}`, seq));
    await db.transaction('rw', [db.chunks, db.payloads], () => appendMessages(db, 's1', batch));
  }
  return db;
}

/** Hits of a search, and the chunks it read. */
async function search(db: InspectorDatabase, query: Partial<SearchQuery>) {
  const full: SearchQuery = { text: '', regex: false, caseSensitive: false, ...query };
  const compiled = compileSearch(full);
  if (!compiled.ok) throw new Error(compiled.error);
  const read = vi.spyOn(db.chunks, 'bulkGet');
  const hits: number[] = [];
  const result = await scanHistory(db, compiled.find, requiredTrigrams(full), {
    hit: (hit) => void (hit.where === 'payload' && hits.push(hit.messageId!)),
    progress: () => true,
  });
  const chunksRead = read.mock.calls.reduce((sum, [keys]) => sum + keys.length, 0);
  read.mockRestore();
  return { hits, chunksRead, scanned: result.scannedMessages };
}

const summariseAll = async (db: InspectorDatabase) => {
  for (let after: number | undefined = 0; after !== undefined;) after = await summariseChunksAfter(db, after, 4);
};

test.each([
  ['the oldest', 0],
  ['the middle', (CHUNKS * PER_CHUNK) / 2],
  ['the newest', CHUNKS * PER_CHUNK - 1],
])('a lone match in %s chunk is found, reading only the chunks its summary allows', async (_, seq) => {
  const db = await sessionDatabase();
  await summariseAll(db);
  const { hits, chunksRead, scanned } = await search(db, { text: `"SEQ":${seq},` });
  expect(hits).toHaveLength(1);
  expect(chunksRead).toBeLessThan(CHUNKS / 4);
  expect(scanned).toBe(CHUNKS * PER_CHUNK);
});

test('with summaries partly built, a match in a chunk without one is found, and the search summarises what it read', async () => {
  const db = await sessionDatabase({ 5: 'needle in the first chunk', 1400: 'needle in a late chunk' });
  await summariseChunksAfter(db, 0, 10); // Chunks 1 to 10: the later ones have none.
  expect(await db.summaries.count()).toBe(10);
  const first = await search(db, { text: 'needle' });
  expect(first.hits).toHaveLength(2);
  expect(await db.summaries.count()).toBe(CHUNKS);
  const second = await search(db, { text: 'needle' });
  expect(second.hits).toEqual(first.hits);
  expect(second.chunksRead).toBeLessThan(CHUNKS / 4);
});

test('a match past the preview, in a payload stored apart, is summarised and found', async () => {
  const db = await sessionDatabase({ 700: `${'x'.repeat(INLINE_DATA_CHARS + 10)} far needle` });
  await summariseAll(db);
  expect((await search(db, { text: 'far needle' })).hits).toHaveLength(1);
});

// Texts whose case rules are the hard ones: lowercasing that changes length or depends on context, and
// characters a case-insensitive regular expression takes for ASCII letters.
const TRICKY = ['İstanbul İZMİR', 'ΟΔΟΣ ΟΔΟΣ.', 'όδος', '273 K (Kelvin sign)', 'ſtop the preſs', 'Straße STRASSE ẞ', 'MiXeD CaSe ascii', 'emoji 😀 here'];
const QUERIES: Partial<SearchQuery>[] = [
  ...[
    'istanbul',
    'i̇stanbul',
    'İZMİR',
    'οδος',
    'ΟΔΟΣ',
    'οδοσ',
    'οδος.',
    '273 k',
    'k (kel',
    'stop',
    'ſtop',
    'preſs',
    'straße',
    'strasse',
    'mixed case',
    'e 😀 h',
  ].map((text) => ({ text })),
  ...['İstanbul', 'ΟΔΟΣ ΟΔ', 'MiXeD', 'mixed', 'e 😀 h'].map((text) => ({ text, caseSensitive: true })),
  ...['stop', 'k \\(kel', 'press', 'pre[sſ]s', 'straße|strasse', 'mi.ed case', '(?:st)op the', 'mixed\\x20case'].map((text) => ({ text, regex: true })),
  ...['MiXeD CaSe', 'mixed CaSe', 'stop'].map((text) => ({ text, regex: true, caseSensitive: true })),
];

test('summaries never hide a match, whatever the case rules: every query finds what a full read finds', async () => {
  const special = Object.fromEntries(TRICKY.map((tricky, index) => [index * 97 + 3, tricky]));
  const db = await sessionDatabase(special);
  const unsummarised = await sessionDatabase(special);
  await summariseAll(db);
  for (const query of QUERIES) {
    const withSummaries = await search(db, query);
    const fullRead = await search(unsummarised, { ...query, text: query.text });
    await unsummarised.summaries.clear();
    expect({ query, hits: withSummaries.hits }).toEqual({ query, hits: fullRead.hits });
  }
  // The queries do match: the comparisons are not between empty lists. A case-insensitive regex takes ſ for s.
  expect((await search(db, { text: 'stop', regex: true })).hits).toHaveLength(1);
  expect((await search(db, { text: '273 k' })).hits).toHaveLength(1);
  expect((await search(db, { text: 'İZMİR' })).hits).toHaveLength(1);
});

test('regular expressions: only literal runs every match contains are required', () => {
  expect(regexLiteralRuns('ab(c|d)efg').filter(Boolean)).toEqual(['ab', 'efg']);
  expect(regexLiteralRuns('abc|xyz')).toEqual([]);
  expect(regexLiteralRuns('abcd?e*f+gh').filter(Boolean)).toEqual(['abc', 'gh']);
  expect(regexLiteralRuns('\\x41bc\\u0041de\\u{41}fg\\cJhi\\p{L}jk').filter(Boolean)).toEqual(['bc', 'de', 'fg', 'hi', 'jk']);
  expect(regexLiteralRuns('(?<n>ab)\\k<n>cd[xyz]{2,3}ef\\.g').filter(Boolean)).toEqual(['cd', 'ef.g']);
  expect(requiredTrigrams({ text: '\\d+.*', regex: true, caseSensitive: false })).toEqual([]);
});

test('deleting a session, or emptying a live one, deletes its summaries', async () => {
  const db = await sessionDatabase();
  await summariseAll(db);
  expect(await db.summaries.count()).toBe(CHUNKS);
  await emptyLiveSession(db, 's1');
  expect(await db.summaries.count()).toBe(0);
  const other = await sessionDatabase();
  await summariseAll(other);
  await deleteSessions(other, ['s1']);
  expect(await other.summaries.count()).toBe(0);
  // Nothing of the session is left to summarise.
  expect(await summariseChunksAfter(other, 0, 4)).toBeUndefined();
  expect(await lastSummarisedChunkId(other)).toBe(0);
});

test('a database of the previous version opens with its data, and its chunks become searchable and summarised', async () => {
  const name = `wsi-summaries-upgrade-${++databases}`;
  const old = new Dexie(name);
  old.version(1).stores({ sessions: 'id', connections: 'id', messages: '++id', payloads: 'id', handshakes: 'requestId' });
  old.version(2).stores({
    sessions: 'id, tabId, startedAt',
    connections: 'id, sessionId, tabId, [tabId+url], handshakeId',
    messages: null,
    chunks: '++id, [sessionId+id], *connectionIds',
    payloads: 'id, sessionId',
    handshakes: 'requestId, [tabId+url], connectionId',
  });
  await old.table('sessions').put({ id: 's1', tabId: 1, pageUrl: 'http://a/', title: 's1', startedAt: 1, imported: false });
  await old.table('connections').put(connection('c1', 's1', 2));
  await old.table('chunks').add({ sessionId: 's1', connectionIds: ['c1'], messages: [{ ...text('old needle', 1).message, data: 'old needle' }] });
  old.close();

  const db = new InspectorDatabase(name);
  expect(await db.chunks.count()).toBe(1);
  expect(await db.summaries.count()).toBe(0);
  expect((await search(db, { text: 'needle' })).hits).toHaveLength(1);
  expect(await db.summaries.count()).toBe(1);
  expect((await search(db, { text: 'needle' })).hits).toHaveLength(1);
});
