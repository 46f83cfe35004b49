import { expect, test } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import type { PayloadRecord } from '../../src/shared/models';
import { MessageLog } from '../../src/panel/messageLog';

function message(id: number, text: string, previewLength = 10): StoredMessage {
  return {
    id,
    sessionId: 's',
    connectionId: 'c',
    seq: id,
    direction: 'receive',
    time: id,
    origin: 'page',
    payload: { kind: 'text', source: 'string', size: text.length, truncated: false, preview: text.slice(0, previewLength) },
  };
}

test('long texts are indexed from payloads; short ones use the preview', async () => {
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
  log.add([message(1, 'tiny'), message(2, full.get(2)!)]);
  expect(log.searchTexts).toEqual(['tiny', 'short then']);
  await done;
  expect(loaded).toEqual([[2]]);
  expect(log.searchTexts[1]).toBe('short then a needle far past the preview');
});

test('rows arriving out of order are merged by id', () => {
  const log = new MessageLog(
    async () => [],
    () => {},
  );
  expect(log.add([message(5, 'e'), message(6, 'f')])).toBe(0);
  expect(log.add([message(7, 'g')])).toBe(2);
  expect(log.add([message(1, 'a')])).toBe(0);
  expect(log.rows.map((row) => row.id)).toEqual([1, 5, 6, 7]);
  expect(log.searchTexts).toEqual(['a', 'e', 'f', 'g']);
  expect(log.indexOfId(6)).toBe(2);
  expect(log.indexOfId(4)).toBe(-1);
});
