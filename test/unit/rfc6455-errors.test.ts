import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFLATE_PARAMS, FrameParser, type ErrorCode, type ParserOptions } from '../../src/rfc6455/index.ts';
import { concat, errorsOf, hex, messagesOf, parseEverySplit } from '../fixtures/rfc6455/split.ts';

const server: ParserOptions = { role: 'server' };
const client: ParserOptions = { role: 'client' };
const deflate: ParserOptions = { role: 'server', deflate: DEFAULT_DEFLATE_PARAMS };

// [rule, stream, options, error code, close code, offset of the offending byte]
const cases: [string, string, ParserOptions, ErrorCode, number, number][] = [
  ['RSV2 set', 'a100', server, 'WS_ERR_UNEXPECTED_RSV_2_3', 1002, 0],
  ['RSV3 set', '9100', server, 'WS_ERR_UNEXPECTED_RSV_2_3', 1002, 0],
  ['reserved data opcode 0x3', '8300', server, 'WS_ERR_INVALID_OPCODE', 1002, 0],
  ['reserved control opcode 0xB', '8b00', server, 'WS_ERR_INVALID_OPCODE', 1002, 0],
  ['RSV1 without permessage-deflate', 'c10548656c6c6f', server, 'WS_ERR_UNEXPECTED_RSV_1', 1002, 0],
  ['RSV1 on a control frame', 'c900', deflate, 'WS_ERR_UNEXPECTED_RSV_1', 1002, 0],
  ['RSV1 on a continuation frame', '4100c000', deflate, 'WS_ERR_UNEXPECTED_RSV_1', 1002, 2],
  ['continuation with no message to continue', '8000', server, 'WS_ERR_INVALID_OPCODE', 1002, 0],
  ['new data message inside a fragmented one', '0101618100', server, 'WS_ERR_INVALID_OPCODE', 1002, 3],
  ['fragmented control frame', '0900', server, 'WS_ERR_EXPECTED_FIN', 1002, 0],
  ['control frame over 125 bytes', '897e007e', server, 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', 1002, 1],
  ['close frame with a 1-byte payload', '880103', server, 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', 1002, 1],
  ['unmasked client frame', '8100', client, 'WS_ERR_EXPECTED_MASK', 1002, 1],
  ['masked server frame', '818000000000', server, 'WS_ERR_UNEXPECTED_MASK', 1002, 1],
  ['64-bit length with the top bit set', '827f8000000000000000', server, 'WS_ERR_INVALID_PAYLOAD_LENGTH', 1002, 2],
  ['64-bit length beyond 2^53 - 1', '827f0020000000000000', server, 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH', 1009, 2],
  ['frame larger than the maximum message', '820b' + '00'.repeat(11), { role: 'server', maxMessageSize: 10 }, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009, 1],
  [
    'fragments adding up past the maximum',
    '0206' + '00'.repeat(6) + '8006' + '00'.repeat(6),
    { role: 'server', maxMessageSize: 10 },
    'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    1009,
    9,
  ],
  ['invalid UTF-8 in a text frame', '8103c328aa', server, 'WS_ERR_INVALID_UTF8', 1007, 3],
  ['overlong encoding', '8102c0af', server, 'WS_ERR_INVALID_UTF8', 1007, 2],
  ['UTF-16 surrogate', '8103eda080', server, 'WS_ERR_INVALID_UTF8', 1007, 3],
  ['text message ending inside a codepoint', '0101e2800182', server, 'WS_ERR_INVALID_UTF8', 1007, 6],
  ['invalid UTF-8 in a later fragment', '0101618001ff', server, 'WS_ERR_INVALID_UTF8', 1007, 5],
  ['reserved close code 1005', '880203ed', server, 'WS_ERR_INVALID_CLOSE_CODE', 1002, 2],
  ['reserved close code 1006', '880203ee', server, 'WS_ERR_INVALID_CLOSE_CODE', 1002, 2],
  ['unassigned close code 1016', '880203f8', server, 'WS_ERR_INVALID_CLOSE_CODE', 1002, 2],
  ['close code 999', '880203e7', server, 'WS_ERR_INVALID_CLOSE_CODE', 1002, 2],
  ['close code 5000', '88021388', server, 'WS_ERR_INVALID_CLOSE_CODE', 1002, 2],
  ['invalid UTF-8 in a close reason', '880403e861ff', server, 'WS_ERR_INVALID_UTF8', 1007, 5],
  ['frame after a close frame', '88008100', server, 'WS_ERR_FRAME_AFTER_CLOSE', 1002, 2],
  ['invalid compressed data (reserved block type)', 'c101ff', deflate, 'WS_ERR_INVALID_COMPRESSED_DATA', 1007, 0],
  ['stream ending inside a frame', '81054865', server, 'WS_ERR_INCOMPLETE_FRAME', 1006, 4],
  ['stream ending inside a header', '817e00', server, 'WS_ERR_INCOMPLETE_FRAME', 1006, 3],
  ['stream ending inside a fragmented message', '010161', server, 'WS_ERR_INCOMPLETE_FRAME', 1006, 3],
];

describe('each rule gives its WS_ERR code, close code and offset', () => {
  it.each(cases)('%s', (_rule, stream, options, code, closeCode, offset) => {
    const events = parseEverySplit(hex(stream), options);
    expect(errorsOf(events)).toEqual([expect.objectContaining({ kind: 'error', code, closeCode, offset })]);
    expect(events.at(-1)!.kind).toBe('error');
  });
});

describe('what is accepted', () => {
  it('a codepoint split across fragments', () => {
    const events = parseEverySplit(hex('0101e2 0001 82 8001 ac'), server);
    expect(errorsOf(events)).toEqual([]);
    expect(messagesOf(events)).toMatchObject([{ type: 'text', text: '€', frameCount: 3 }]);
  });

  it('control frames between the fragments of a message', () => {
    const events = parseEverySplit(hex('010148 8900 0001 65 8a0161 80026c6f'), server);
    expect(messagesOf(events).map((message) => message.type)).toEqual(['ping', 'pong', 'text']);
    expect(messagesOf(events)[2]!.text).toBe('Helo');
  });

  it.each([1000, 1003, 1007, 1014, 3000, 4999])('close code %i with its reason', (code) => {
    const payload = concat(Uint8Array.of(code >> 8, code & 0xff), new TextEncoder().encode('done ✓'));
    const events = parseEverySplit(concat(Uint8Array.of(0x88, payload.length), payload), server);
    expect(messagesOf(events)).toMatchObject([{ type: 'close', closeCode: code, closeReason: 'done ✓' }]);
  });

  it('an empty close frame reports 1005 (no status received)', () => {
    expect(messagesOf(parseEverySplit(hex('8800'), server))).toMatchObject([{ type: 'close', closeCode: 1005, closeReason: '' }]);
  });

  it('non-minimal lengths are a warning on the frame, not an error', () => {
    const events = parseEverySplit(hex('817e000548656c6c6f 827f0000000000000001ff 817e007d' + '61'.repeat(125)), server);
    expect(errorsOf(events)).toEqual([]);
    const frames = events.filter((event) => event.kind === 'frame');
    expect(frames.map((frame) => frame.warnings)).toEqual([['non-minimal-length'], ['non-minimal-length'], ['non-minimal-length']]);
    expect(messagesOf(events)[0]!.text).toBe('Hello');
  });
});

describe('after a fatal error', () => {
  it('reports it once, then every push and finish returns nothing', () => {
    const parser = new FrameParser(server);
    const events = parser.push(hex('8300'));
    expect(events).toEqual([expect.objectContaining({ code: 'WS_ERR_INVALID_OPCODE' })]);
    expect(parser.push(hex('810548656c6c6f'))).toEqual([]);
    expect(parser.finish()).toEqual([]);
    expect(parser.error).toBe(events[0]);
  });

  it('does not hold on to a huge announced payload', () => {
    const parser = new FrameParser({ role: 'server', maxMessageSize: 1024 });
    expect(parser.push(hex('827f000000ffffffffff'))).toEqual([expect.objectContaining({ closeCode: 1009 })]);
  });
});
