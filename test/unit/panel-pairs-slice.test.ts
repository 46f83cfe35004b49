// The pairs slice over a real LogSlice: JSON traffic paired by the field found per connection or chosen by the
// user, a decoded protocol's correlation preferred, pairing held back until decoding got there, and the
// "requests without an answer" pick following answers as they arrive.
import { signal } from '@preact/signals';
import { afterEach, expect, test } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import { compileFilter, NO_FILTER } from '../../src/panel/filters';
import { PairsSlice, type DecodedSource } from '../../src/panel/pairs/pairs-slice';
import { LogSlice } from '../../src/panel/state/log-slice';
import { textRow } from './panel-rows';
import type { Correlation } from '../../src/protocols/types';

const slices: PairsSlice[] = [];
afterEach(() => {
  for (const slice of slices.splice(0)) slice.dispose();
});

const row = textRow;

class FakeDecoding implements DecodedSource {
  readonly version = signal(0);
  decodedCount = Number.MAX_SAFE_INTEGER;
  restarts = 0;
  readonly decoders = new Set<string>();
  readonly correlations = new Map<number, Correlation>();
  pairsByProtocol(connectionId: string) {
    return this.decoders.has(connectionId);
  }
  decodedOf(messageId: number) {
    const correlation = this.correlations.get(messageId);
    return { items: correlation ? [{ correlation }] : [] };
  }
}

/** Full payloads of rows whose stored preview was cut (see `long`). */
const fullPayloads = new Map<number, string>();

/** A text row whose stored preview is its first 20 characters, as the store keeps long messages. */
function long(connectionId: string, direction: 'send' | 'receive', text: string, time: number): StoredMessage {
  const stored = row(connectionId, direction, text, time);
  stored.payload = { ...stored.payload, preview: text.slice(0, 20) };
  fullPayloads.set(stored.id, text);
  return stored;
}

function setUp() {
  const log = new LogSlice(
    async () => [],
    () => {},
  );
  const decoding = new FakeDecoding();
  const slice = new PairsSlice(log, decoding, async (ids) =>
    ids.map((id) => (fullPayloads.has(id) ? { id, sessionId: 's', data: fullPayloads.get(id)! } : undefined)),
  );
  slices.push(slice);
  const filter = compileFilter(NO_FILTER);
  if (!filter.ok) throw new Error('no filter');
  return { log, decoding, slice, append: (rows: StoredMessage[]) => log.append(rows, filter) };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 5));

test('JSON traffic is paired by the field whose sent values come back, with latency to the first answer', async () => {
  const { slice, append } = setUp();
  const rows = [
    row('c', 'send', '{"id":1,"method":"a"}', 1000),
    row('c', 'send', '{"id":2,"method":"b"}', 1010),
    row('c', 'receive', '{"id":2,"result":true}', 1060),
    row('c', 'receive', '{"id":1,"result":true}', 1250),
    row('c', 'send', '{"id":3,"method":"c"}', 1300),
  ];
  append(rows);
  await settled();
  const pairs = slice.pairs;
  expect(slice.fields.value.get('c')).toEqual({ field: 'id', chosen: false });
  expect(pairs.answersOf(rows[0]!.id)).toEqual([rows[3]!.id]);
  expect(pairs.requestOf(rows[2]!.id)).toBe(rows[1]!.id);
  expect(pairs.latencyOf(rows[0]!.id)).toBe(250);
  expect(pairs.latencyOf(rows[1]!.id)).toBe(50);
  expect(pairs.unanswered()).toEqual([rows[4]!.id]);
  expect(pairs.latencySamples('c').sort((a, b) => a - b)).toEqual([50, 250]);
});

test('a field chosen by the user pairs a connection where no usual name does', async () => {
  const { slice, append } = setUp();
  const rows = [row('c', 'send', '{"ticket":"x","q":1}', 0), row('c', 'receive', '{"ticket":"x","a":1}', 30)];
  append(rows);
  await settled();
  expect(slice.pairs.requestOf(rows[1]!.id)).toBeUndefined();
  slice.chooseField('c', 'ticket');
  await settled();
  expect(slice.pairs.requestOf(rows[1]!.id)).toBe(rows[0]!.id);
  expect(slice.fields.value.get('c')).toEqual({ field: 'ticket', chosen: true });
});

test("a decoded protocol's correlation is used, and rows wait until the decoding reached them", async () => {
  const { slice, append, decoding } = setUp();
  decoding.decoders.add('p');
  decoding.decodedCount = 0;
  const rows = [row('p', 'send', '42["ask"]', 0), row('p', 'receive', '43["ok"]', 70)];
  decoding.correlations.set(rows[0]!.id, { role: 'request', scope: 'ack:/', id: '2' });
  decoding.correlations.set(rows[1]!.id, { role: 'response', scope: 'ack:/', id: '2' });
  append(rows);
  await settled();
  expect(slice.pairs.isRequest(rows[0]!.id)).toBe(false);
  decoding.decodedCount = 2;
  decoding.version.value++;
  await settled();
  expect(slice.pairs.latencyOf(rows[0]!.id)).toBe(70);
});

test('the unanswered pick drops a request once its answer arrives', async () => {
  const { slice, append } = setUp();
  const first = [
    row('c', 'send', '{"requestId":"a"}', 0),
    row('c', 'receive', '{"requestId":"a"}', 5),
    row('c', 'send', '{"requestId":"b"}', 6),
    row('c', 'receive', '{"requestId":"b"}', 9),
    row('c', 'send', '{"requestId":"c"}', 10),
  ];
  append(first);
  await settled();
  const pick = slice.unansweredPick();
  expect(first.filter((message) => pick.matches(message.id)).map((message) => message.id)).toEqual([first[4]!.id]);
  append([row('c', 'receive', '{"requestId":"c"}', 20)]);
  await settled();
  expect(first.some((message) => pick.matches(message.id))).toBe(false);
});

test('a long message is paired by its whole payload when its correlation id lies past the stored preview', async () => {
  const { slice, append } = setUp();
  const padding = 'x'.repeat(40);
  const rows = [
    long('c', 'send', `{"pad":"${padding}","id":1,"method":"a"}`, 1000),
    long('c', 'send', `{"pad":"${padding}","id":2,"method":"b"}`, 1010),
    long('c', 'receive', `{"pad":"${padding}","id":2,"result":true}`, 1060),
    row('c', 'receive', '{"id":1,"result":true}', 1250),
  ];
  append(rows);
  await settled();
  expect(slice.fields.value.get('c')).toEqual({ field: 'id', chosen: false });
  expect(slice.pairs.answersOf(rows[0]!.id)).toEqual([rows[3]!.id]);
  expect(slice.pairs.requestOf(rows[2]!.id)).toBe(rows[1]!.id);
  // Rows arriving after the field was found: also read whole.
  const later = [long('c', 'send', `{"pad":"${padding}","id":7}`, 2000), long('c', 'receive', `{"pad":"${padding}","id":7,"ok":1}`, 2040)];
  append(later);
  await settled();
  expect(slice.pairs.latencyOf(later[0]!.id)).toBe(40);
});
