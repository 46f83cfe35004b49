// Payload editing helpers of the replay dialogs (src/panel/replay/payload-edit.ts).
import { expect, test } from 'vitest';
import { bytesToHex, checkJsonText, formatJson, parseHex } from '../../src/panel/replay/payload-edit';

test('JSON is checked only when the text looks like JSON, with line and column', () => {
  expect(checkJsonText('hello')).toEqual({ ok: true, isJson: false });
  expect(checkJsonText(' {"a":1}')).toEqual({ ok: true, isJson: true });
  expect(checkJsonText('{\n  "a": 1,\n  "b": }')).toEqual({ ok: false, error: "Invalid JSON: Unexpected token '}'" });
  const located = checkJsonText('{\n"a" 1}');
  expect(!located.ok && located.error).toMatch(/^Invalid JSON at line 2, column 5: /);
});

test('formats JSON, refuses non-JSON', () => {
  expect(formatJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  expect(formatJson('{oops')).toBeNull();
  // Exact: JSON.parse would print 9007199254740992 and 1.1.
  expect(formatJson('{"id":9007199254740993,"p":1.10}')).toBe('{\n  "id": 9007199254740993,\n  "p": 1.10\n}');
});

test('hex round trip, separators and 0x prefixes ignored, errors explained', () => {
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
  const hex = bytesToHex(bytes);
  expect(hex.split('\n')).toHaveLength(2);
  expect(parseHex(hex)).toEqual({ ok: true, bytes });
  expect(parseHex('0xde, 0xad\nBE ef')).toEqual({ ok: true, bytes: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]) });
  expect(parseHex('00 1')).toEqual({ ok: false, error: 'Odd number of hex digits (3): each byte needs two' });
  expect(parseHex('00\nzz')).toEqual({ ok: false, error: '"z" on line 2 is not a hex digit (0-9, a-f)' });
});
