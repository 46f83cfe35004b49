import { describe, expect, it } from 'vitest';
import { jsonLinesDecoder as lines } from '../../src/protocols/json-lines.ts';
import { plainJsonDecoder as json } from '../../src/protocols/json-plain.ts';
import { context, decodeOne, fuzzDecoder, receive, receiveBytes, send } from './decoder-checks.ts';

describe('plain JSON', () => {
  it('the summary is the naming member when there is one, most telling first', () => {
    const summaries = [
      '{"type":"chat","event":"x","text":"hi"}',
      '{"text":"hi","event":"message"}',
      '{"op":2,"d":{"token":"t"}}',
      '{"action":"buy","qty":1}',
      '{"method":"getBalance"}',
      '{"ok":true,"type":{"nested":1}}',
    ].map((text) => decodeOne(json, receive(text)).summary);
    expect(summaries).toEqual(['chat', 'message', 'op 2', 'buy', 'getBalance', '{ok, type}']);
    expect(decodeOne(json, receive('{"type":"chat","event":"x"}')).items[0]!.fields).toEqual({ type: 'chat', event: 'x' });
  });

  it('without one, the top-level keys; arrays by their length; scalars as they are, cut when long', () => {
    const summaries = [
      '{"a":1,"b":2}',
      '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}',
      '{}',
      '[1,2,3]',
      '[{}]',
      '"hello"',
      '12.50',
      'null',
      JSON.stringify('x'.repeat(200)),
    ].map((text) => decodeOne(json, receive(text)).summary);
    expect(summaries.slice(0, 8)).toEqual(['{a, b}', '{a, b, c, d, e, …}', '{}', '[3 items]', '[1 item]', '"hello"', '12.50', 'null']);
    expect(summaries[8]).toHaveLength(81);
    expect(summaries[8]!.endsWith('…')).toBe(true);
  });

  it('the tree is exact: big numbers keep their digits, repeated keys are all kept', () => {
    const item = decodeOne(json, receive('{"id":9007199254740993,"price":1.10,"id":2}')).items[0]!;
    expect(item.tree).toEqual([
      { label: 'id', type: 'number', value: '9007199254740993' },
      { label: 'price', type: 'number', value: '1.10' },
      { label: 'id', type: 'number', value: '2' },
    ]);
  });

  it('binary JSON is read as UTF-8; anything else is refused with the reason', () => {
    expect(decodeOne(json, receiveBytes(new TextEncoder().encode('{"type":"bin"}'))).summary).toBe('bin');
    expect(decodeOne(json, receive('{"a":}')).error).toBe("not JSON: unexpected '}' at offset 5");
    expect(decodeOne(json, receiveBytes(new Uint8Array([0x80]))).error).toBe('binary message of 1 byte is not UTF-8 text');
  });

  it('detects JSON objects and arrays, low; never plain text or bare scalars', () => {
    expect(json.detect(context(), [send('{"a":1}'), receive('[1]')])).toBe(0.52);
    expect(json.detect(context(), [send('{"a":1}'), receive('hello')])).toBe(0);
    expect(json.detect(context(), [send('42')])).toBe(0);
    expect(json.detect(context(), [])).toBe(0);
  });
});

describe('JSON Lines', () => {
  it('one item per non-blank line, CRLF or LF, each read like plain JSON', () => {
    const decoded = decodeOne(lines, receive('{"type":"a"}\r\n\n{"event":"b","n":18446744073709551617}\n[1]\n'));
    expect(decoded.summary).toBe('a +2');
    expect(decoded.items.map((item) => item.type)).toEqual(['a', 'b', '[1 item]']);
    expect(decoded.items[1]!.tree[1]).toEqual({ label: 'n', type: 'number', value: '18446744073709551617' });
  });

  it('a line that is not JSON is an item saying which line and why; the others still decode', () => {
    const decoded = decodeOne(lines, receive('{"type":"a"}\n{oops\n{"type":"c"}'));
    expect(decoded.items.map((item) => [item.type, item.error])).toEqual([
      ['a', undefined],
      ['invalid', 'line 2: not JSON: expected a property name in double quotes at offset 1'],
      ['c', undefined],
    ]);
    expect(decoded.items[1]!.tree).toEqual([{ label: 'line 2', type: 'string', value: '{oops' }]);
    expect(decodeOne(lines, receive(' \n\n')).error).toBe('no JSON value: the message is empty or blank');
  });

  it('detected only when a message holds several JSON values, each on its line; a pretty-printed value is plain JSON', () => {
    const pretty = send('{\n  "a": 1\n}');
    expect(lines.detect(context(), [send('{"a":1}\n{"b":2}'), receive('{"c":3}')])).toBe(0.55);
    expect(lines.detect(context(), [pretty])).toBe(0);
    expect(json.detect(context(), [pretty])).toBe(0.52);
    expect(lines.detect(context(), [send('{"a":1}')])).toBe(0);
    expect(lines.detect(context(), [send('{"a":1}\nhello')])).toBe(0);
  });
});

describe('JSON fuzz', () => {
  const samples = [receive('{"type":"chat","id":9007199254740993}'), receive('{"a":1}\n{"b":[1,2]}\n'), receive('[1,{"x":null}]')];
  it('plain JSON: decode never throws and always returns a DecodedMessage', () => fuzzDecoder(json, samples));
  it('JSON Lines: decode never throws and always returns a DecodedMessage', () => fuzzDecoder(lines, samples));
});
