// Messages in chunks: paging a session in order, ids from chunk and position, large and binary payloads.
import { beforeEach, describe, expect, test } from 'vitest';
import { binary, conn, created, frameOf, testDatabase, text, texts, type TestDatabase } from './storage-fixture';
import { writeBatch } from '../../src/background/batch-writer';
import { messagesAfter, messagesByIds, messagesOfConnection, payloadsOf, textsOfChunk } from '../../src/db/message-store';
import {
  CHUNK_CAPACITY,
  INLINE_DATA_CHARS,
  messageCountOf,
  messageIdOf,
  type RowChunk,
  type StoredMessage,
  type StoredPayload,
} from '../../src/db/message-chunks';
import { readQueries } from '../../src/db/queries';
import { bytesToBase64 } from '../../src/shared/base64';
import type { StorableEvent } from '../../src/background/storable-events';

const A = conn('1');
const B = conn('2');
let db: TestDatabase;

const write = (sessionId: string, events: StorableEvent[]) => writeBatch(db, frameOf(sessionId), events, { discardMessages: false });

/** Every message of a session, read page by page as the panel does. */
async function readAll(sessionId: string, pageSize: number): Promise<StoredMessage[]> {
  const rows: StoredMessage[] = [];
  for (;;) {
    const page = await messagesAfter(db, sessionId, rows.at(-1)?.id ?? 0, pageSize);
    rows.push(...page);
    if (page.length < pageSize) return rows;
  }
}

beforeEach(() => {
  db = testDatabase();
});

describe('chunk paging', () => {
  test('a session reads back in arrival order across many chunks, beside another session', async () => {
    await write('s1', [created(A, 1000), created(B, 1000)]);
    await write('s2', [created(conn('9', 'doc-2'), 1000)]);
    // One batch over two chunks' capacity, then many small ones, with another session's chunks between.
    await write('s1', texts(A, 1, 2 * CHUNK_CAPACITY + 100));
    for (let seq = 1; seq <= 30; seq++) {
      await write('s1', [text(B, seq)]);
      await write('s2', [text(conn('9', 'doc-2'), seq)]);
    }
    await write('s1', texts(A, 2 * CHUNK_CAPACITY + 101, 2 * CHUNK_CAPACITY + 200));
    const expected = [
      ...Array.from({ length: 2 * CHUNK_CAPACITY + 100 }, (_, index) => `${A}#${index + 1}`),
      ...Array.from({ length: 30 }, (_, index) => `${B}#${index + 1}`),
      ...Array.from({ length: 100 }, (_, index) => `${A}#${2 * CHUNK_CAPACITY + 101 + index}`),
    ];

    for (const pageSize of [333, CHUNK_CAPACITY, 5000]) {
      const rows = await readAll('s1', pageSize);
      expect(rows.map((row) => `${row.connectionId}#${row.seq}`)).toEqual(expected);
      expect(rows.every((row) => row.sessionId === 's1')).toBe(true);
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    }
    expect((await messagesOfConnection(db, B)).map((row) => row.seq)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(await readQueries(db).messageCount('s1')).toBe(expected.length);
  });

  test('message id = chunk id × 1024 + position', async () => {
    await write('s1', [created(A, 1000), ...texts(A, 1, CHUNK_CAPACITY + 3)]);
    await write('s1', texts(A, CHUNK_CAPACITY + 4, CHUNK_CAPACITY + 5));
    const chunks = await db.chunks.orderBy('id').toArray();
    expect(chunks.map(messageCountOf)).toEqual([CHUNK_CAPACITY, 3, 2]);
    const expectedIds = chunks.flatMap((chunk) => Array.from({ length: messageCountOf(chunk) }, (_, position) => chunk.id! * CHUNK_CAPACITY + position));
    const rows = await readAll('s1', 300);
    expect(rows.map((row) => row.id)).toEqual(expectedIds);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: CHUNK_CAPACITY + 5 }, (_, index) => index + 1));
  });
});

describe('payloads', () => {
  test('data over the inline limit is stored apart, under the message id, and reads back whole', async () => {
    const atLimit = 'a'.repeat(INLINE_DATA_CHARS);
    const overLimit = 'b'.repeat(INLINE_DATA_CHARS + 1);
    const multiByte = 'é€😀'.repeat(1000);
    await write('s1', [created(A, 1000), text(A, 1, atLimit), text(A, 2, overLimit), text(A, 3, multiByte), text(A, 4, 'short')]);
    const rows = await readAll('s1', 10);
    expect(rows.map((row) => row.payload.size)).toEqual([INLINE_DATA_CHARS, INLINE_DATA_CHARS + 1, 9000, 5]);
    expect(rows[2]!.payload.preview).toBe(multiByte.slice(0, 200));

    const apart = await db.payloads.toArray();
    expect(apart.map((record) => record.id).sort()).toEqual([rows[1]!.id, rows[2]!.id].sort());
    expect(
      (
        await payloadsOf(
          db,
          rows.map((row) => row.id),
        )
      ).map((record) => record?.data),
    ).toEqual([atLimit, overLimit, multiByte, 'short']);
    // Asked out of order, and with an id never stored.
    const reversed = await payloadsOf(db, [rows[3]!.id, 999_999_999, rows[1]!.id]);
    expect(reversed.map((record) => record?.data)).toEqual(['short', undefined, overLimit]);
  });

  test('binary bytes are kept: small ones inline as base64, large ones as bytes, both read as base64', async () => {
    const inlineMax = (INLINE_DATA_CHARS / 4) * 3; // base64 of this many bytes is exactly the inline limit
    const small = Uint8Array.from({ length: inlineMax }, (_, index) => (index * 7) & 0xff);
    const large = Uint8Array.from({ length: inlineMax + 1 }, (_, index) => 255 - (index & 0xff));
    const empty = new Uint8Array(0);
    await write('s1', [created(A, 1000), binary(A, 1, small), binary(A, 2, large), binary(A, 3, empty)]);
    const rows = await readAll('s1', 10);
    expect(rows.map((row) => [row.payload.kind, row.payload.size, row.direction])).toEqual([
      ['binary', inlineMax, 'receive'],
      ['binary', inlineMax + 1, 'receive'],
      ['binary', 0, 'receive'],
    ]);
    expect(rows[1]!.payload.preview).toBe(bytesToBase64(large.subarray(0, 150)));

    const apart = await db.payloads.toArray();
    expect(apart).toHaveLength(1);
    expect(apart[0]).toMatchObject({ id: rows[1]!.id, sessionId: 's1' });
    expect(new Uint8Array((apart[0] as { bytes: ArrayBuffer }).bytes)).toEqual(large);
    const data = (
      await payloadsOf(
        db,
        rows.map((row) => row.id),
      )
    ).map((record) => record?.data);
    expect(data).toEqual([bytesToBase64(small), bytesToBase64(large), '']);
    expect(await db.connections.get(A)).toMatchObject({ receivedCount: 3, receivedBytes: 2 * inlineMax + 1 });
  });
});

describe('chunks of the first layout', () => {
  test('a chunk with an object per message, as stored before columns, reads back beside new chunks', async () => {
    await write('s1', [created(A, 1000)]);
    const long = 'L'.repeat(INLINE_DATA_CHARS + 1);
    const old: RowChunk = {
      sessionId: 's1',
      connectionIds: [A],
      messages: [
        {
          connectionId: A,
          seq: 1,
          direction: 'send',
          time: 1001,
          payload: { kind: 'text', source: 'string', size: 3, truncated: false, preview: 'old' },
          origin: 'page',
          data: 'old',
        },
        {
          connectionId: A,
          seq: 2,
          direction: 'receive',
          time: 1002,
          payload: { kind: 'text', source: 'string', size: long.length, truncated: false, preview: long.slice(0, 200) },
          origin: 'injected',
          mark: { steps: [{ action: 'held', by: 'Breakpoint' }] },
        },
      ],
    };
    const oldId = (await db.chunks.add(old))!;
    const apart: StoredPayload = { id: messageIdOf(oldId, 1), sessionId: 's1', data: long };
    await db.payloads.put(apart);
    await write('s1', [text(A, 3, 'new')]);

    const rows = await readAll('s1', 10);
    expect(rows.map((row) => [row.seq, row.direction, row.origin, row.payload.preview.length])).toEqual([
      [1, 'send', 'page', 3],
      [2, 'receive', 'injected', 200],
      [3, 'send', 'page', 3],
    ]);
    expect(rows[1]!.mark).toEqual({ steps: [{ action: 'held', by: 'Breakpoint' }] });
    expect(
      (
        await payloadsOf(
          db,
          rows.map((row) => row.id),
        )
      ).map((payload) => payload?.data),
    ).toEqual(['old', long, 'new']);
    expect(await messagesByIds(db, [rows[2]!.id, rows[0]!.id])).toEqual([rows[2], rows[0]]);
    expect((await messagesOfConnection(db, A)).map((row) => row.seq)).toEqual([1, 2, 3]);
    expect(await textsOfChunk(db, (await db.chunks.get(oldId))!)).toEqual(['old', long]);
  });
});
