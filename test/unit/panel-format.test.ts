import { describe, expect, test } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  formatBytes,
  formatClock,
  formatDuration,
  hexDumpLines,
  hexDumpLineText,
  jsonPath,
  parseJsonContainer,
  shortfallOf,
} from '../../src/panel/format';

describe('format', () => {
  test('clock is HH:MM:SS.mmm local time', () => {
    const time = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    expect(formatClock(time)).toBe('03:04:05.067');
  });
  test('bytes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
  test('hex dump follows hexdump -C', () => {
    const bytes = new TextEncoder().encode('Hello, WebSocket!\x00\x01\xff');
    const lines = hexDumpLines(new Uint8Array([...bytes.slice(0, 17), 0, 1, 255])).map(hexDumpLineText);
    expect(lines).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74  |Hello, WebSocket|',
      '00000010  21 00 01 ff                                       |!...|',
    ]);
  });
  test('base64 round trip', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 255]);
    expect(bytesToBase64(bytes)).toBe('AAEC+vv/');
    expect([...base64ToBytes('AAEC+vv/')]).toEqual([...bytes]);
  });
  test('only JSON objects and arrays are trees', () => {
    expect(parseJsonContainer(' {"a":1}')).toEqual({ value: { kind: 'object', entries: [['a', { kind: 'number', raw: '1' }]] } });
    expect(parseJsonContainer('42')).toBeUndefined();
    expect(parseJsonContainer('{broken')).toBeUndefined();
  });
  test('a payload cut at capture, or with none of its bytes kept, says which', () => {
    const payload = { kind: 'binary', source: 'Blob', size: 2048, truncated: false, preview: '' } as const;
    expect(shortfallOf(payload)).toBeNull();
    expect(shortfallOf({ ...payload, truncated: true })).toEqual({ label: 'truncated', title: 'Stored cut to the capture cap; 2048 bytes on the wire' });
    expect(shortfallOf({ ...payload, truncated: true, lost: true })?.label).toBe('bytes lost');
  });
  test('json paths', () => {
    expect(jsonPath(jsonPath(jsonPath('$', 'a'), 0), 'odd key')).toBe('$.a[0]["odd key"]');
  });
});
