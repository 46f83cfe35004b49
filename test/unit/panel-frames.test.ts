// Pure helpers behind the Frames tab and the Decode bytes tool.
import { describe, expect, test } from 'vitest';
import { hexDumpLineText, hexDumpLines } from '../../src/panel/format';
import { annotatedLines, markLookup } from '../../src/panel/frames/annotatedDump';
import { decodeCaptured } from '../../src/panel/frames/decodeInput';
import { frameRegions, hexText, lengthFormText, opcodeName } from '../../src/panel/frames/frameAnatomy';
import { parseFragmentSize, wireFramesOf } from '../../src/panel/frames/wireFrames';

const RFC_MASKED_HELLO = '81 85 37 fa 21 3d 7f 9f 4d 51 58';
const hello = new TextEncoder().encode('Hello');

describe('wireFramesOf', () => {
  test('a sent text message is one masked frame with the RFC 6455 section 5.7 example key', () => {
    const result = wireFramesOf({ kind: 'text', payload: hello, direction: 'send', extensions: '' });
    if (!result.ok) throw new Error(result.error);
    expect(result.frames).toHaveLength(1);
    expect(hexText(result.frames[0]!.bytes)).toBe(RFC_MASKED_HELLO);
    expect(result.role).toBe('client');
  });

  test('a received message is unmasked; deflate sets RSV1 on the first frame only', () => {
    const payload = new TextEncoder().encode('abc'.repeat(200));
    const result = wireFramesOf({ kind: 'text', payload, direction: 'receive', extensions: 'permessage-deflate', fragmentSize: 4 });
    if (!result.ok) throw new Error(result.error);
    expect(result.frames.every((frame) => !frame.masked)).toBe(true);
    expect(result.frames.map((frame) => frame.rsv1)).toEqual(result.frames.map((_, index) => index === 0));
    expect(result.frames.slice(1).every((frame) => frame.opcode === 0)).toBe(true);
    expect(result.wireLength).toBeLessThan(payload.length);
  });

  test('unreadable extensions are an error, not a throw', () => {
    const result = wireFramesOf({ kind: 'binary', payload: hello, direction: 'send', extensions: 'permessage-deflate; client_max_window_bits=99' });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('client_max_window_bits must be 8..15') });
  });

  test('fragment size field', () => {
    expect(parseFragmentSize('')).toEqual({ ok: true, size: undefined });
    expect(parseFragmentSize(' 16 ')).toEqual({ ok: true, size: 16 });
    expect(parseFragmentSize('0').ok).toBe(false);
    expect(parseFragmentSize('1.5').ok).toBe(false);
  });
});

describe('frame anatomy', () => {
  test('regions of a masked frame with a 16-bit length', () => {
    const result = wireFramesOf({ kind: 'binary', payload: new Uint8Array(300), direction: 'send', extensions: '' });
    if (!result.ok) throw new Error(result.error);
    const frame = result.frames[0]!;
    expect(frameRegions(frame, 10)).toEqual([
      { kind: 'header', start: 10, end: 12 },
      { kind: 'length', start: 12, end: 14 },
      { kind: 'mask', start: 14, end: 18 },
      { kind: 'payload', start: 18, end: 318 },
    ]);
    expect(lengthFormText(frame)).toBe('16-bit: 7-bit field 126 + 2 bytes (01 2c)');
  });

  test('an empty unmasked frame is header only', () => {
    const result = wireFramesOf({ kind: 'text', payload: new Uint8Array(0), direction: 'receive', extensions: '' });
    if (!result.ok) throw new Error(result.error);
    expect(frameRegions(result.frames[0]!)).toEqual([{ kind: 'header', start: 0, end: 2 }]);
  });

  test('opcode names follow the RFC', () => {
    expect(opcodeName(1)).toBe('text frame');
    expect(opcodeName(0xa)).toBe('pong');
    expect(opcodeName(3)).toBe('reserved non-control frame');
    expect(opcodeName(0xb)).toBe('reserved control frame');
  });
});

describe('annotated dump lines', () => {
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => 0x41 + i);
  const regions = [
    { kind: 'header' as const, start: 0, end: 2 },
    { kind: 'payload' as const, start: 2, end: 18 },
  ];

  test('segments join back to exactly the shared hex dump line', () => {
    const lines = annotatedLines(bytes, markLookup(regions, 9));
    const expected = hexDumpLines(bytes).map(hexDumpLineText);
    expect(lines.map((line) => `${line.offset}  ${line.hex.map((s) => s.text).join('')}  |${line.ascii.map((s) => s.text).join('')}|`)).toEqual(expected);
    expect(lines.map((line) => line.text)).toEqual(expected);
  });

  test('marks: runs of one region, the error byte, unparsed rest', () => {
    const [first, second] = annotatedLines(bytes, markLookup(regions, 9));
    expect(first!.hex.filter((s) => s.mark).map((s) => [s.mark, s.text])).toEqual([
      ['header', '41 42'],
      ['payload', '43 44 45 46 47 48  49'],
      ['error', '4a'],
      ['payload', '4b 4c 4d 4e 4f 50'],
    ]);
    expect(first!.ascii.filter((s) => s.mark).map((s) => s.text)).toEqual(['AB', 'CDEFGHI', 'J', 'KLMNOP']);
    expect(second!.hex.filter((s) => s.mark).map((s) => [s.mark, s.text])).toEqual([
      ['payload', '51 52'],
      ['unparsed', '53 54'],
    ]);
  });
});

describe('decodeCaptured', () => {
  const paste = (text: string, role: 'client' | 'server', extensions: string | null = null, format: 'auto' | 'hex' | 'base64' = 'auto') =>
    decodeCaptured({ input: { kind: 'text', text }, format, role, extensions });

  test('the RFC masked Hello as client is the message Hello', () => {
    const outcome = paste(RFC_MASKED_HELLO, 'client');
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.events.map((event) => event.kind)).toEqual(['frame', 'message']);
    expect(outcome.events[1]).toMatchObject({ type: 'text', text: 'Hello' });
  });

  test('the same bytes as server fail with WS_ERR_UNEXPECTED_MASK and 1002 at byte 1', () => {
    const outcome = paste(RFC_MASKED_HELLO, 'server');
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.events).toEqual([expect.objectContaining({ kind: 'error', code: 'WS_ERR_UNEXPECTED_MASK', closeCode: 1002, offset: 1 })]);
  });

  test('auto reads base64 blobs; bad input gets a specific message', () => {
    const base64 = paste('gQVIZWxsbw==', 'server');
    expect(base64).toMatchObject({ ok: true, format: 'base64' });
    expect(paste('81 85 zz', 'client')).toEqual({ ok: false, error: 'Bad hex at line 1, column 7: unexpected character "z" in hex input' });
    expect(paste('gQVIZ!', 'client', null, 'base64')).toMatchObject({ ok: false, error: expect.stringMatching(/^Bad base64: /) });
    expect(paste('   ', 'client')).toMatchObject({ ok: false, error: expect.stringContaining('Nothing to decode') });
    expect(paste('81 05', 'client', 'permessage-deflate; server_max_window_bits=3')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Bad Sec-WebSocket-Extensions value'),
    });
    expect(paste('81 05', 'client', 'x-webkit-deflate-frame')).toMatchObject({ ok: false, error: expect.stringContaining('does not name permessage-deflate') });
  });

  test('a file in auto mode: binary bytes are read raw', () => {
    const outcome = decodeCaptured({
      input: { kind: 'file', name: 'f.bin', bytes: Uint8Array.of(0x82, 0x02, 0x00, 0xff) },
      format: 'auto',
      role: 'server',
      extensions: null,
    });
    expect(outcome).toMatchObject({ ok: true, format: 'raw' });
  });

  test('permessage-deflate: compressed and inflated sizes', () => {
    const frames = wireFramesOf({
      kind: 'text',
      payload: new TextEncoder().encode('Hello Hello Hello Hello'),
      direction: 'receive',
      extensions: 'permessage-deflate',
    });
    if (!frames.ok) throw new Error(frames.error);
    const outcome = paste(hexText(frames.frames[0]!.bytes), 'server', 'permessage-deflate');
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.events[1]).toMatchObject({ kind: 'message', text: 'Hello Hello Hello Hello', compressed: { inflatedLength: 23 } });
  });
});
