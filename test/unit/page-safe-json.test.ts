import { afterEach, expect, test } from 'vitest';
import { safeStringify } from '../../src/page/safe-json';
import { isChannelSecret } from '../../src/worlds/channel-wire';

const sample = {
  t: 'message',
  n: 1.5,
  ok: true,
  list: ['a', 'b'],
  nested: { text: 'quote " backslash \\ newline \n tab \t \u0001 😀 \uD800', missing: undefined },
};

afterEach(() => {
  delete (String.prototype as { toJSON?: unknown }).toJSON;
  delete (Object.prototype as { toJSON?: unknown }).toJSON;
});

test('matches JSON.stringify on our shapes', () => {
  expect(safeStringify(sample)).toBe(JSON.stringify(sample));
});

test('a poisoned toJSON cannot change the output: the own serializer takes over and round-trips', () => {
  const expected = JSON.stringify(sample);
  Object.defineProperty(String.prototype, 'toJSON', { value: () => 'spoofed', configurable: true });
  expect(safeStringify(sample)).not.toContain('spoofed');
  expect(JSON.parse(safeStringify(sample))).toEqual(JSON.parse(expected));
  Object.defineProperty(Object.prototype, 'toJSON', { value: () => ({}), configurable: true });
  expect(JSON.parse(safeStringify(sample))).toEqual(JSON.parse(expected));
});

test('channel secrets are lowercase UUIDs only', () => {
  expect(isChannelSecret(crypto.randomUUID())).toBe(true);
  for (const value of ['', 'x'.repeat(36), crypto.randomUUID().toUpperCase(), `${crypto.randomUUID()} `, 5, null]) {
    expect(isChannelSecret(value)).toBe(false);
  }
});
