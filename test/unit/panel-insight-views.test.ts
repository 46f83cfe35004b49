// The pure parts of the pairs, stats and diff views: the Latency cell's text, the column showing once a
// request is paired, traffic statistics and message shapes, and what comparing two payloads gives.
import { expect, test } from 'vitest';
import { comparePayloads } from '../../src/panel/diff/compare-payloads';
import { formatLatency, pairNote } from '../../src/panel/pairs/pair-text';
import { PairIndex } from '../../src/panel/pairs/pairing';
import { shapeOf } from '../../src/panel/stats/shapes';
import { trafficStats } from '../../src/panel/stats/traffic-stats';
import { DEFAULT_LAYOUT, placeColumns, withColumnShown } from '../../src/panel/table/columns';
import { textRow } from './panel-rows';

const row = (direction: 'send' | 'receive', text: string, time: number, connectionId = 'c') => textRow(connectionId, direction, text, time);

test('the Latency cell: a request with its latency or none yet, an answer pointing back', () => {
  const pairs = new PairIndex();
  pairs.add({ id: 1, connectionId: 'c', time: 0, correlation: { role: 'request', scope: 'rpc', id: 'a' } });
  pairs.add({ id: 2, connectionId: 'c', time: 10, correlation: { role: 'request', scope: 'rpc', id: 'b' } });
  pairs.add({ id: 3, connectionId: 'c', time: 1500, correlation: { role: 'response', scope: 'rpc', id: 'a' } });
  pairs.add({ id: 4, connectionId: 'c', time: 1600, correlation: { role: 'response', scope: 'rpc', id: 'a' } });
  expect(pairNote(pairs, 1)).toEqual({ text: '1.50 s', title: 'Answered in 1.50 s; 2 answers' });
  expect(pairNote(pairs, 2)?.text).toBe('no answer');
  expect(pairNote(pairs, 3)).toEqual({ text: '↩ 1.50 s', title: 'Answers request #1' });
  expect(pairNote(pairs, 4)).toEqual({ text: '↩', title: 'Answers request #1 (a later answer)' });
  expect(pairNote(pairs, 99)).toBeUndefined();
  expect([0.42, 12.4, 999, 12_345].map(formatLatency)).toEqual(['0.4 ms', '12 ms', '999 ms', '12.3 s']);
});

test('the Latency column shows once a request is paired, unless the user hid it', () => {
  const ids = (hasPairs: boolean, layout = DEFAULT_LAYOUT) => placeColumns(layout, 0, { hasPairs }).map((column) => column.spec.id);
  expect(ids(false)).not.toContain('latency');
  expect(ids(true)).toEqual(['direction', 'time', 'type', 'size', 'latency', 'data']);
  expect(ids(true, withColumnShown(DEFAULT_LAYOUT, 'latency', false))).not.toContain('latency');
});

test('shapes: a protocol type and key when decoded, else the set of top-level JSON keys, else text or binary', () => {
  const decoded = { protocol: 'socket.io' as const, summary: '', items: [{ type: 'EVENT', key: 'chat', fields: {}, tree: [] }] };
  expect(shapeOf(row('send', '42["chat",1]', 0), decoded)).toBe('socket.io EVENT chat');
  expect(shapeOf(row('send', '{"b":1,"a":{"z":2},"b":3}', 0), undefined)).toBe('{a, b}');
  expect(shapeOf(row('send', '[1,2]', 0), undefined)).toBe('JSON array');
  expect(shapeOf(row('send', 'hello', 0), undefined)).toBe('text');
});

test('traffic statistics: counts and bytes per direction, rates over the span, the busiest second, sizes, top shapes', () => {
  const rows = [
    row('send', '{"id":1}', 10_000),
    row('receive', '{"id":1,"ok":true}', 10_100),
    row('send', '{"id":2}', 10_200),
    row('receive', '{"id":2,"ok":true}', 12_000),
    row('receive', 'x', 14_000, 'other'),
  ];
  const stats = trafficStats(rows, 'c', (message) => shapeOf(message, undefined));
  expect(stats.sent).toEqual({ count: 2, bytes: 16 });
  expect(stats.received).toEqual({ count: 2, bytes: 36 });
  expect(stats.spanMs).toBe(2000);
  expect(stats.messagesPerSecond).toBe(2);
  expect(stats.bytesPerSecond).toBe(26);
  expect(stats.peakPerSecond).toBe(3);
  expect(stats.shapes).toEqual([
    { shape: '{id, ok}', count: 2 },
    { shape: '{id}', count: 2 },
  ]);
  expect(stats.sizes.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(4);
  expect(trafficStats(rows, null, () => 's').sent.count + trafficStats(rows, null, () => 's').received.count).toBe(5);
  expect(trafficStats([], null, () => 's').peakPerSecond).toBe(0);
});

test('comparing payloads: JSON by path with exact values, anything else as text', () => {
  expect(comparePayloads('{"price":1.10,"n":[1]}', '{"price":1.1,"n":[1,2],"new":9007199254740993}')).toEqual({
    kind: 'json',
    changes: [
      { path: '$.price', kind: 'changed', before: '1.10', after: '1.1' },
      { path: '$.n[1]', kind: 'added', after: '2' },
      { path: '$.new', kind: 'added', after: '9007199254740993' },
    ],
  });
  expect(comparePayloads('hello big world', 'hello small world')).toEqual({
    kind: 'text',
    runs: [
      { kind: 'equal', text: 'hello ' },
      { kind: 'delete', text: 'big' },
      { kind: 'insert', text: 'small' },
      { kind: 'equal', text: ' world' },
    ],
  });
});
