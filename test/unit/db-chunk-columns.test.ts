// Chunks stored as columns read back as the messages written, field by field, after the structured
// clone IndexedDB puts them through; chunks of the first layout (an object per message) still read.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { columnsOf, type ColumnMessage } from '../../src/db/chunk-columns';
import { inlineDataAt, messageCountOf, messageIdOf, messagesOfChunk, storedMessageAt, type MessageChunk, type RowChunk } from '../../src/db/message-chunks';
import { INTERCEPT_STEP_ACTIONS, type InterceptMark } from '../../src/shared/intercept';
import type { PayloadSource } from '../../src/shared/models';

const SOURCES: PayloadSource[] = ['string', 'ArrayBuffer', 'Blob', 'DataView', 'Uint8Array', 'Float64Array', 'BigUint64Array'];

const markArbitrary: fc.Arbitrary<InterceptMark> = fc.record(
  {
    steps: fc.array(fc.record({ action: fc.constantFrom(...INTERCEPT_STEP_ACTIONS), by: fc.string() }), { minLength: 1, maxLength: 3 }),
    original: fc.record({
      kind: fc.constantFrom('text' as const, 'binary' as const),
      source: fc.constantFrom(...SOURCES),
      size: fc.nat(),
      data: fc.string(),
      truncated: fc.boolean(),
    }),
  },
  { requiredKeys: ['steps'] },
);

/** A message as the write path hands it over, and its inline data: none (kept in `payloads`), its preview, or other text. */
const messageArbitrary: fc.Arbitrary<{ message: ColumnMessage; data: string | undefined }> = fc
  .record({
    connectionId: fc.constantFrom('doc-1:1', 'doc-1:2', 'doc-2:1', ''),
    seq: fc.nat(),
    direction: fc.constantFrom('send' as const, 'receive' as const),
    time: fc.double({ min: 0, max: 2e12, noNaN: true }),
    kind: fc.constantFrom('text' as const, 'binary' as const),
    source: fc.constantFrom(...SOURCES),
    size: fc.nat(),
    truncated: fc.boolean(),
    lost: fc.boolean(),
    preview: fc.string({ unit: 'binary' }),
    origin: fc.constantFrom('page' as const, 'replayed' as const, 'injected' as const),
    mark: fc.option(markArbitrary, { nil: undefined }),
    data: fc.oneof(fc.constant(undefined), fc.constant('same as preview'), fc.string({ unit: 'binary' })),
  })
  .map(({ connectionId, seq, direction, time, kind, source, size, truncated, lost, preview, origin, mark, data }) => ({
    message: {
      connectionId,
      seq,
      direction,
      time,
      payload: { kind, source, size, truncated, ...(lost ? { lost: true as const } : {}), preview },
      origin,
      ...(mark ? { mark } : {}),
    },
    data: data === 'same as preview' ? preview : data,
  }));

/** A chunk of `written` in columns, as IndexedDB gives it back: through structured clone, with its key set. */
function storedColumnChunk(id: number, written: readonly { message: ColumnMessage; data: string | undefined }[]): MessageChunk {
  const record = {
    sessionId: 's1',
    ...columnsOf(
      written.map(({ message }) => message),
      written.map(({ data }) => data),
    ),
  };
  return { ...structuredClone(record), id };
}

describe('chunks in columns', () => {
  test('every field of every message reads back as written: text and binary, inline data or none, origins and marks', () => {
    fc.assert(
      fc.property(fc.array(messageArbitrary, { minLength: 1, maxLength: 40 }), fc.nat(1_000_000), (written, chunkId) => {
        const chunk = storedColumnChunk(chunkId, written);
        expect(messageCountOf(chunk)).toBe(written.length);
        expect(messagesOfChunk(chunk)).toEqual(written.map(({ message }, position) => ({ ...message, id: messageIdOf(chunkId, position), sessionId: 's1' })));
        expect(written.map((_, position) => inlineDataAt(chunk, position))).toEqual(written.map(({ data }) => data));
        // Chunks are found by connection: each connection with a message here is listed once.
        expect([...chunk.connectionIds].sort()).toEqual([...new Set(written.map(({ message }) => message.connectionId))].sort());
      }),
    );
  });

  test('a position past the end reads as no message and no data', () => {
    const chunk = storedColumnChunk(3, [
      {
        message: {
          connectionId: 'c',
          seq: 1,
          direction: 'send',
          time: 1,
          payload: { kind: 'text', source: 'string', size: 1, truncated: false, preview: 'x' },
          origin: 'page',
        },
        data: 'x',
      },
    ]);
    expect(storedMessageAt(chunk, 1)).toBeUndefined();
    expect(storedMessageAt(chunk, -1)).toBeUndefined();
    expect(inlineDataAt(chunk, 1)).toBeUndefined();
  });

  test('a chunk is a handful of arrays, not an object per message', () => {
    const written = Array.from({ length: 1024 }, (_, seq) => ({
      message: {
        connectionId: `c${seq % 3}`,
        seq,
        direction: 'receive',
        time: seq,
        payload: { kind: 'text', source: 'string', size: 3, truncated: false, preview: 'abc' },
        origin: 'page',
      } satisfies ColumnMessage,
      data: 'abc',
    }));
    const chunk = storedColumnChunk(1, written) as unknown as { columns: Record<string, unknown> };
    expect(
      Object.values(chunk.columns).every((column) => typeof column === 'string' || ArrayBuffer.isView(column) || (Array.isArray(column) && column.length <= 1)),
    ).toBe(true);
  });
});

describe("chunks of the first layout, already in users' databases", () => {
  test('read back with the same readers: records, inline data and count', () => {
    const messages: RowChunk['messages'] = [
      {
        connectionId: 'c1',
        seq: 1,
        direction: 'send',
        time: 1000.5,
        payload: { kind: 'text', source: 'string', size: 2, truncated: false, preview: 'hi' },
        origin: 'page',
        data: 'hi',
      },
      {
        connectionId: 'c2',
        seq: 7,
        direction: 'receive',
        time: 1001,
        payload: { kind: 'binary', source: 'Blob', size: 5000, truncated: false, preview: 'AAEC' },
        origin: 'replayed',
        mark: { steps: [{ action: 'edited', by: 'Breakpoint' }] },
      },
    ];
    const chunk: MessageChunk = structuredClone({ id: 9, sessionId: 's1', connectionIds: ['c1', 'c2'], messages });
    expect(messageCountOf(chunk)).toBe(2);
    expect(messagesOfChunk(chunk)).toEqual([
      { ...messages[0], data: undefined, id: messageIdOf(9, 0), sessionId: 's1' },
      { ...messages[1], id: messageIdOf(9, 1), sessionId: 's1' },
    ]);
    expect(messagesOfChunk(chunk).some((row) => 'data' in row)).toBe(false);
    expect([inlineDataAt(chunk, 0), inlineDataAt(chunk, 1), inlineDataAt(chunk, 2)]).toEqual(['hi', undefined, undefined]);
  });
});
