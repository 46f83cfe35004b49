import { expect, test } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import type { InterceptMark } from '../../src/shared/intercept';
import type { PayloadRecord } from '../../src/shared/models';
import { BINARY_PREVIEW_CHARS, MessageLog } from '../../src/panel/messageLog';
import { utf8ByteLength } from '../../src/shared/har/bytes';

function message(id: number, text: string, previewLength = 10): StoredMessage {
  return {
    id,
    sessionId: 's',
    connectionId: 'c',
    seq: id,
    direction: 'receive',
    time: id,
    origin: 'page',
    payload: { kind: 'text', source: 'string', size: utf8ByteLength(text), truncated: false, preview: text.slice(0, previewLength) },
  };
}

const texts = (log: MessageLog) => Array.from({ length: log.length }, (_, index) => log.searchTextAt(index));
const noPayloads = () =>
  new MessageLog(
    async () => [],
    () => {},
  );

test('long texts are indexed from payloads; short ones, ASCII or not, use the preview', async () => {
  const full = new Map<number, string>([[2, 'Short then A NEEDLE far past the preview']]);
  const loaded: number[][] = [];
  let indexed!: () => void;
  const done = new Promise<void>((resolve) => (indexed = resolve));
  const log = new MessageLog(
    async (ids) => {
      loaded.push([...ids]);
      return ids.map((id): PayloadRecord | undefined => (full.has(id) ? { id, sessionId: 's', data: full.get(id)! } : undefined));
    },
    () => indexed(),
  );
  log.add([message(1, 'tiny'), message(2, full.get(2)!), message(3, 'Grüße, 世界')]);
  expect(texts(log)).toEqual(['tiny', 'Short then', 'Grüße, 世界']);
  await done;
  expect(loaded).toEqual([[2]]);
  expect(log.searchTextAt(1)).toBe('Short then A NEEDLE far past the preview');
  // The row itself keeps its stored preview.
  expect(log.messageAt(1).payload.preview).toBe('Short then');
});

test('an intercept mark stays with its row, through a merge and until Clear; the log keeps the sets of marks its rows hold', () => {
  const log = noPayloads();
  const mark: InterceptMark = {
    steps: [{ action: 'edited', by: 'rename' }],
    original: { kind: 'text', source: 'string', size: 6, truncated: false, data: 'before' },
  };
  log.add([message(5, 'e'), { ...message(6, 'f'), mark }]);
  log.add([message(1, 'a')]);
  expect(log.messageAt(2)).toEqual({ ...message(6, 'f'), mark });
  expect(log.messageAt(1).mark).toBeUndefined();
  log.add([{ ...message(7, 'g'), origin: 'replayed' }]);
  expect([...log.markSets.all]).toEqual(['edited', 'replayed']);
  log.clear();
  log.add([message(6, 'f')]);
  expect(log.messageAt(0).mark).toBeUndefined();
  expect([...log.markSets.all]).toEqual([]);
});

test('rows arriving out of order are merged by id, every field staying with its row', () => {
  const log = noPayloads();
  expect(log.add([message(5, 'e'), message(6, 'f')])).toBe(0);
  expect(log.add([message(7, 'g')])).toBe(2);
  expect(log.add([{ ...message(1, 'a'), direction: 'send', connectionId: 'other', time: 100, origin: 'injected' }])).toBe(0);
  expect(Array.from({ length: log.length }, (_, index) => log.idAt(index))).toEqual([1, 5, 6, 7]);
  expect(texts(log)).toEqual(['a', 'e', 'f', 'g']);
  expect(log.messageAt(0)).toEqual({ ...message(1, 'a'), direction: 'send', connectionId: 'other', time: 100, origin: 'injected' });
  expect(log.messageAt(2)).toEqual(message(6, 'f'));
  expect(log.indexOfId(6)).toBe(2);
  expect(log.indexOfId(4)).toBe(-1);
});

test('a row comes back as it went in, binary previews cut to what a row shows', () => {
  const log = noPayloads();
  const binary: StoredMessage = {
    id: 9,
    sessionId: 's2',
    connectionId: 'c2',
    seq: 3,
    direction: 'send',
    time: 1_700_000_000_123.25,
    origin: 'replayed',
    payload: { kind: 'binary', source: 'Uint16Array', size: 5_000_000_000, truncated: true, lost: true, preview: 'A'.repeat(200) },
  };
  log.add([message(8, 'eight'), binary]);
  expect(log.messageAt(0)).toEqual(message(8, 'eight'));
  expect(log.messageAt(1)).toEqual({ ...binary, payload: { ...binary.payload, preview: 'A'.repeat(BINARY_PREVIEW_CHARS) } });
  expect(log.searchTextAt(1)).toBe('');
  expect([log.isSent(1), log.isBinary(1), log.connectionIdAt(1), log.sizeAt(1), log.timeAt(1)]).toEqual([
    true,
    true,
    'c2',
    5_000_000_000,
    1_700_000_000_123.25,
  ]);
});

test('many rows grow the columns; clear empties them', () => {
  const log = noPayloads();
  const rows = Array.from({ length: 5000 }, (_, i) => message(i + 1, `row ${i + 1}`));
  for (let start = 0; start < rows.length; start += 700) log.add(rows.slice(start, start + 700));
  expect(log.length).toBe(5000);
  expect(log.messageAt(4999)).toEqual(rows[4999]);
  expect(log.indexOfId(2500)).toBe(2499);
  log.clear();
  expect([log.length, log.lastId, log.indexOfId(1)]).toEqual([0, 0, -1]);
});

test('utf8ByteLength counts bytes as TextEncoder does', () => {
  for (const text of ['', 'abc', 'Grüße', '世界', '😀 x', '\ud800 lone', 'end \udc00'])
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
});
