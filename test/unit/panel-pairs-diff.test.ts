import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { diffJson } from '../../src/panel/diff/json-diff';
import { diffText } from '../../src/panel/diff/text-diff';
import { chooseCorrelationField, jsonCorrelation } from '../../src/panel/pairs/json-correlation';
import { latencyHistogram, latencyStats } from '../../src/panel/pairs/latency-stats';
import { PairIndex } from '../../src/panel/pairs/pairing';
import { parseJson, type JsonValue } from '../../src/protocols/json';

const json = (text: string): JsonValue => {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('pairs', () => {
  test('a response links to the latest request of the same connection, scope and id; streamed answers join it', () => {
    const pairs = new PairIndex();
    pairs.add({ id: 1, connectionId: 'a', time: 1000, correlation: { role: 'request', scope: 'rpc', id: '7' } });
    pairs.add({ id: 2, connectionId: 'b', time: 1001, correlation: { role: 'response', scope: 'rpc', id: '7' } });
    pairs.add({ id: 3, connectionId: 'a', time: 1012.5, correlation: { role: 'response', scope: 'rpc', id: '7' } });
    pairs.add({ id: 4, connectionId: 'a', time: 1020, correlation: { role: 'response', scope: 'rpc', id: '7' } });
    pairs.add({ id: 5, connectionId: 'a', time: 1030, correlation: { role: 'request', scope: 'rpc', id: '8' } });
    pairs.add({ id: 6, connectionId: 'a', time: 1031, correlation: { role: 'response', scope: 'other', id: '8' } });
    expect(pairs.answersOf(1)).toEqual([3, 4]);
    expect(pairs.requestOf(4)).toBe(1);
    expect(pairs.requestOf(2)).toBeUndefined();
    expect(pairs.latencyOf(1)).toBe(12.5);
    expect(pairs.unanswered()).toEqual([5]);
    expect(pairs.latencySamples('a')).toEqual([12.5]);
    expect(pairs.isRequest(5)).toBe(true);
    expect(pairs.isRequest(3)).toBe(false);
  });

  test('the JSON field that pairs is the one whose sent values come back', () => {
    const samples = [
      { direction: 'send' as const, text: '{"seq":1,"requestId":"a1","op":"get"}' },
      { direction: 'send' as const, text: '{"seq":2,"requestId":"a2","op":"get"}' },
      { direction: 'receive' as const, text: '{"seq":1,"requestId":"a2","ok":true}' },
      { direction: 'receive' as const, text: '{"seq":2,"requestId":"a1","ok":true}' },
      { direction: 'receive' as const, text: '{"seq":3,"requestId":"a3"}' },
    ];
    // Both fields echo twice: the more common name (listed first) wins.
    expect(chooseCorrelationField(samples)).toBe('requestId');
    expect(chooseCorrelationField(samples.slice(0, 3))).toBeUndefined();
    expect(jsonCorrelation({ direction: 'send', text: '{"meta":{"id":9007199254740993}}' }, 'meta.id')).toEqual({
      role: 'request',
      scope: 'json:meta.id',
      id: '9007199254740993',
    });
  });

  test('latency percentiles by nearest rank, and a power-of-two histogram', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyStats(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(latencyStats([])).toBeUndefined();
    expect(latencyHistogram([0.5, 1, 3, 3.9, 4])).toEqual([
      { from: 0, to: 1, count: 1 },
      { from: 1, to: 2, count: 1 },
      { from: 2, to: 4, count: 2 },
      { from: 4, to: 8, count: 1 },
    ]);
  });
});

describe('diff', () => {
  test('JSON: added, removed and changed paths, values exact', () => {
    expect(
      diffJson(json('{"a":1,"b":[1,2,3],"c":{"d":9007199254740993},"x y":1}'), json('{"a":1.0,"b":[1,5],"c":{"d":9007199254740992,"e":null},"x y":1}')),
    ).toEqual([
      { path: '$.a', kind: 'changed', before: '1', after: '1.0' },
      { path: '$.b[1]', kind: 'changed', before: '2', after: '5' },
      { path: '$.b[2]', kind: 'removed', before: '3' },
      { path: '$.c.d', kind: 'changed', before: '9007199254740993', after: '9007199254740992' },
      { path: '$.c.e', kind: 'added', after: 'null' },
    ]);
  });

  test('text: words of a one-line message; the runs rebuild both sides', () => {
    expect(diffText('{"op":"buy","qty":10}', '{"op":"sell","qty":10}')).toEqual([
      { kind: 'equal', text: '{"op":"' },
      { kind: 'delete', text: 'buy' },
      { kind: 'insert', text: 'sell' },
      { kind: 'equal', text: '","qty":10}' },
    ]);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const runs = diffText(a, b);
        expect(
          runs
            .filter((r) => r.kind !== 'insert')
            .map((r) => r.text)
            .join(''),
        ).toBe(a);
        expect(
          runs
            .filter((r) => r.kind !== 'delete')
            .map((r) => r.text)
            .join(''),
        ).toBe(b);
      }),
    );
    const lines = diffText('a\nb\nc\n', 'a\nc\nd\n');
    expect(lines).toEqual([
      { kind: 'equal', text: 'a\n' },
      { kind: 'delete', text: 'b\n' },
      { kind: 'equal', text: 'c\n' },
      { kind: 'insert', text: 'd\n' },
    ]);
  });
});
