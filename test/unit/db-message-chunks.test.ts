import { describe, expect, test } from 'vitest';
import { CHUNK_CAPACITY, chunkIdOf, messageIdOf, messagesOfChunk, positionOf, storedMessageAt, type MessageChunk } from '../../src/db/message-chunks';

const chunk = (id: number, count: number): MessageChunk => ({
  id,
  sessionId: 's1',
  connectionIds: ['c1'],
  messages: Array.from({ length: count }, (_, seq) => ({
    connectionId: 'c1',
    seq: seq + 1,
    direction: 'send',
    time: 1000 + seq,
    origin: 'page',
    payload: { kind: 'text', source: 'string', size: 1, truncated: false, preview: 'x' },
    ...(seq === 0 ? { data: 'x' } : {}),
  })),
});

describe('message chunks', () => {
  test('message ids map back to their chunk and position, and grow in arrival order across chunks', () => {
    for (const [chunkId, position] of [
      [1, 0],
      [1, CHUNK_CAPACITY - 1],
      [2, 0],
      [987_654, 513],
    ] as const) {
      const id = messageIdOf(chunkId, position);
      expect([chunkIdOf(id), positionOf(id)]).toEqual([chunkId, position]);
    }
    expect(messageIdOf(1, CHUNK_CAPACITY - 1)).toBeLessThan(messageIdOf(2, 0));
  });

  test('records carry id and session but never the inline data', () => {
    const rows = messagesOfChunk(chunk(3, 3));
    expect(rows.map((row) => [row.id, row.seq, row.sessionId])).toEqual([
      [3 * CHUNK_CAPACITY, 1, 's1'],
      [3 * CHUNK_CAPACITY + 1, 2, 's1'],
      [3 * CHUNK_CAPACITY + 2, 3, 's1'],
    ]);
    expect(rows.some((row) => 'data' in row)).toBe(false);
    expect(storedMessageAt(chunk(3, 3), 3)).toBeUndefined();
  });
});
