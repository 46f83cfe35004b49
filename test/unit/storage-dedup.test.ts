// Re-delivered batches: each connection's `lastSeq` makes a second delivery store nothing and count nothing.
import { beforeEach, describe, expect, test } from 'vitest';
import { conn, created, frameOf, opened, testDatabase, text, texts, type TestDatabase } from './storage-fixture';
import { writeBatch } from '../../src/background/batch-writer';
import { messagesOfSessions } from '../../src/db/message-store';
import { messageCount } from '../../src/db/queries';
import type { StorableEvent } from '../../src/background/storable-events';

const SESSION = 'session-1';
const A = conn('1');
const B = conn('2');
let db: TestDatabase;

const write = (events: StorableEvent[]) => writeBatch(db, frameOf(SESSION), events, { discardMessages: false });
const stored = async () => (await messagesOfSessions(db, [SESSION])).map((message) => `${message.connectionId === A ? 'A' : 'B'}${message.seq}`);
const counters = async (id: string) => {
  const { sentCount, receivedCount, sentBytes, receivedBytes, lastSeq } = (await db.connections.get(id))!;
  return { sentCount, receivedCount, sentBytes, receivedBytes, lastSeq };
};

beforeEach(() => {
  db = testDatabase();
});

describe('lastSeq dedup', () => {
  test('a re-delivered batch stores nothing twice and counts once', async () => {
    const batch = [created(A, 1000), opened(A, 1001), ...texts(A, 1, 5)];
    expect(await write(batch)).toEqual({ storedMessages: 5, storedBytes: 45, duplicates: 0 });
    const once = await counters(A);
    expect(once).toEqual({ sentCount: 5, receivedCount: 0, sentBytes: 45, receivedBytes: 0, lastSeq: 5 });

    expect(await write(batch)).toEqual({ storedMessages: 0, storedBytes: 0, duplicates: 5 });
    expect(await counters(A)).toEqual(once);
    expect(await stored()).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(await messageCount(db, SESSION)).toBe(5);
    expect((await db.connections.get(A))!.state).toBe('open'); // Lifecycle re-applied leaves it as it was.
  });

  test('several connections in one batch are deduplicated each by its own seq', async () => {
    await write([created(A, 1000), created(B, 1000), text(A, 1), text(B, 1), text(A, 2), text(B, 2), text(A, 3)]);
    expect(await counters(A)).toMatchObject({ sentCount: 3, lastSeq: 3 });
    expect(await counters(B)).toMatchObject({ sentCount: 2, lastSeq: 2 });

    // The resend of the batch, and new messages after it: B is behind A, so a rule on the batch's highest
    // seq (or the last connection's) would drop B3 or keep A3 twice.
    const outcome = await write([text(A, 2), text(B, 2), text(A, 3), text(B, 3), text(A, 4), text(B, 4)]);
    expect(outcome).toMatchObject({ storedMessages: 3, duplicates: 3 });
    expect(await stored()).toEqual(['A1', 'B1', 'A2', 'B2', 'A3', 'B3', 'A4', 'B4']);
    expect(await counters(A)).toMatchObject({ sentCount: 4, lastSeq: 4 });
    expect(await counters(B)).toMatchObject({ sentCount: 4, lastSeq: 4 });
  });

  test('a batch whose earlier half was stored stores only its later half', async () => {
    await write([created(A, 1000), ...texts(A, 1, 4)]);
    // The relay resends what was not acknowledged, merged with what came after, as one batch.
    const outcome = await write(texts(A, 1, 8));
    expect(outcome).toEqual({ storedMessages: 4, storedBytes: 36, duplicates: 4 });
    expect(await stored()).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8']);
    expect(await counters(A)).toEqual({ sentCount: 8, receivedCount: 0, sentBytes: 72, receivedBytes: 0, lastSeq: 8 });
    const ids = (await messagesOfSessions(db, [SESSION])).map((message) => message.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b)); // Still in arrival order.
  });
});
